#include "lap/report/application_list.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace lap::report {
namespace {

using pact::ApplicationStatus;

constexpr ApplicationStatus kStatusOrder[] = {
    ApplicationStatus::kDraft,   ApplicationStatus::kSubmitted, ApplicationStatus::kApproved,
    ApplicationStatus::kRefused, ApplicationStatus::kRunning,   ApplicationStatus::kSettled};

std::string lower_text(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The provinces of the members, each once, in the order of the members.
std::vector<std::string> member_provinces(const pact::Application& a,
                                          const geo::Registry& registry) {
  std::vector<std::string> out;
  for (const auto& m : a.members) {
    const auto* found = registry.find(m.nis);
    if (found == nullptr || std::ranges::find(out, found->province_name) != out.end()) continue;
    out.push_back(found->province_name);
  }
  return out;
}

// `11001 Aartselaar` per member.
std::vector<std::string> member_labels(const pact::Application& a, const geo::Registry& registry) {
  std::vector<std::string> out;
  for (const auto& m : a.members) {
    const auto* found = registry.find(m.nis);
    out.push_back(found == nullptr ? m.nis.to_string() : m.nis.to_string() + " " + found->name);
  }
  return out;
}

// The consortium's name, or the single municipality's.
std::string applicant_label(const pact::Application& a, const geo::Registry& registry) {
  if (a.consortium_name) return *a.consortium_name;
  if (a.members.empty()) return a.applicant;
  const auto* found = registry.find(a.members[0].nis);
  return found == nullptr ? a.applicant : found->name;
}

Field list_field(std::string label, std::string key, CellType type, Cell value) {
  return Field{std::move(label), std::move(key), type, std::move(value)};
}

}  // namespace

bool matches(const pact::Application& a, const ApplicationFilter& filter,
             const geo::Registry& registry) {
  if (!filter.statuses.empty() &&
      std::ranges::find(filter.statuses, a.status) == filter.statuses.end()) {
    return false;
  }
  if (!filter.province.empty()) {
    const std::string wanted = lower_text(filter.province);
    auto provinces = member_provinces(a, registry);
    if (std::ranges::none_of(provinces,
                             [&](const std::string& p) { return lower_text(p) == wanted; })) {
      return false;
    }
  }
  if (!filter.text.empty()) {
    const std::string needle = lower_text(filter.text);
    auto holds = [&](std::string_view hay) {
      return lower_text(hay).find(needle) != std::string::npos;
    };
    const bool found = std::ranges::any_of(member_labels(a, registry), holds) ||
                       (a.consortium_name && holds(*a.consortium_name));
    if (!found) return false;
  }
  return true;
}

std::vector<std::pair<ApplicationStatus, int64_t>> count_by_status(
    std::span<const pact::Application> applications) {
  std::vector<std::pair<ApplicationStatus, int64_t>> out;
  for (ApplicationStatus s : kStatusOrder)
    out.emplace_back(s, std::ranges::count(applications, s, &pact::Application::status));
  return out;
}

Sheet application_list_sheet(std::span<const pact::Application> applications,
                             const std::map<int64_t, bool>& with_report,
                             const geo::Registry& registry, const ExportContext& ctx) {
  Sheet s;
  s.id = "applications";
  s.title = "Aanvragen";
  s.generated_on = ctx.generated_on;
  s.columns = {{"Aanvraag", "id", CellType::kInteger},
               {"Aanvrager", "applicant", CellType::kText},
               {"Leden", "members", CellType::kList},
               {"Provincie", "provinces", CellType::kList},
               {"Trekker", "lead", CellType::kText},
               {"Status", "status", CellType::kText},
               {"Reden", "status_reason", CellType::kText},
               {"Betaald voorschot (€)", "advance_paid", CellType::kMoney},
               {"Jaarverslag opgeladen", "annual_report_document", CellType::kYesNo},
               {"Jaarverslag goedgekeurd op", "annual_report_approved", CellType::kDate},
               {"Laatst gewijzigd", "updated_at", CellType::kText}};
  for (const auto& a : applications) {
    auto report = with_report.find(a.id);
    s.rows.push_back(
        {Cell(a.id), Cell(applicant_label(a, registry)), Cell(member_labels(a, registry)),
         Cell(member_provinces(a, registry)), a.lead ? Cell(a.lead->to_string()) : Cell(),
         Cell(Coded{std::string(pact::application_status_name(a.status)),
                    std::string(pact::application_status_dutch(a.status))}),
         a.status_reason.empty() ? Cell() : Cell(a.status_reason),
         a.advance_paid ? Cell(*a.advance_paid) : Cell(),
         Cell(report != with_report.end() && report->second),
         a.annual_report_approved ? Cell(*a.annual_report_approved) : Cell(), Cell(a.updated_at)});
  }
  if (!ctx.call_title.empty()) {
    s.info.push_back(list_field("Oproep", "call_title", CellType::kText, Cell(ctx.call_title)));
  }
  s.info.push_back(list_field("Aantal aanvragen", "applications", CellType::kInteger,
                              Cell(static_cast<int64_t>(applications.size()))));
  s.info.push_back(
      list_field("Aangemaakt op", "generated_on", CellType::kDate, Cell(ctx.generated_on)));
  return s;
}

}  // namespace lap::report
