#include "lap/pact/service.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "lap/formats/exchange.h"
#include "lap/ingest/import.h"
#include "lap/pact/agreement.h"
#include "lap/pact/annual_report.h"
#include "lap/pact/call_validation.h"
#include "lap/pact/presets.h"
#include "lap/pact/settling.h"

namespace lap::pact {
namespace {

Error invalid(std::string_view what, const Problems& problems) {
  std::string text(what);
  for (const auto& p : problems)
    text += "\n  " + p.to_string();
  return {ErrorCode::kInvalidArgument, text};
}

// Reads a call's table file: every row validated, problems collected.
template <typename Row, typename Reader, typename Keep>
Result<TableImport> read_table(const TableFile& file, const geo::Registry& registry, Date today,
                               Reader reader, Keep keep) {
  TableImport out;
  formats::Problems problems;
  auto rows = reader(
      formats::Input::memory(file.name, file.bytes), formats::ValidationContext{&registry, today},
      problems,
      [&](const Row& row, const formats::RowHash&, int64_t line) {
        if (auto rule = keep(row); !rule.empty()) {
          problems.add({file.name, line, 1, "", rule});
        }
      },
      formats::ReadOptions{});
  if (!rows) return std::unexpected(rows.error());
  out.rows = *rows;
  for (const auto& p : problems.list())
    out.problems.push_back(p.to_string());
  if (problems.count() > static_cast<int64_t>(problems.list().size())) {
    out.problems.push_back(
        fmt::format("... and {} more problems",
                    problems.count() - static_cast<int64_t>(problems.list().size())));
  }
  return out;
}

}  // namespace

std::string members_text(const SettlementUnit& unit) {
  std::string out;
  for (Nis n : unit.members)
    out += (out.empty() ? "" : "+") + n.to_string();
  return out;
}

Status PactService::ensure_presets() {
  for (const Call& c : preset_calls()) {
    auto known = store_.pact().call(c.id);
    if (!known) return std::unexpected(known.error());
    if (*known) continue;
    auto made = store_.pact().create_call(c, "preset");
    if (!made && made.error().code != ErrorCode::kAlreadyExists) return made;
  }
  return {};
}

Result<std::vector<Call>> PactService::calls() {
  return store_.pact().calls();
}

Result<Call> PactService::call(std::string_view id) {
  auto c = store_.pact().call(id);
  if (!c) return std::unexpected(c.error());
  if (!*c) return make_error(ErrorCode::kNotFound, fmt::format("there is no call '{}'", id));
  return std::move(**c);
}

Status PactService::create_call(const Call& c) {
  if (auto problems = validate_call(c); !problems.empty()) {
    return std::unexpected(invalid(fmt::format("call '{}' is not valid:", c.id), problems));
  }
  return store_.pact().create_call(c, actor_);
}

Status PactService::add_version(std::string_view id, Date valid_from, std::string note,
                                const CallParameters& parameters) {
  auto c = call(id);
  if (!c) return std::unexpected(c.error());
  Call next = *c;
  if (auto added = next.add_version(valid_from, std::move(note), parameters); !added) return added;
  if (auto problems = validate_call(next); !problems.empty()) {
    return std::unexpected(
        invalid(fmt::format("the new version of '{}' is not valid:", id), problems));
  }
  return store_.pact().add_call_version(id, next.latest());
}

Result<TableImport> PactService::import_counts(std::string_view call_id, const TableFile& file) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const Date counts_on = parameters(*c).counts_on;
  std::map<Nis, int64_t> counts;
  auto read = read_table<formats::PodmiCountRow>(
      file, registry_, today_, formats::read_podmi_counts,
      [&](const formats::PodmiCountRow& row) -> std::string {
        if (row.reference_date == counts_on) {
          counts[row.nis] = row.leefloon + row.equivalent_leefloon;
        }
        return {};
      });
  if (!read) return read;
  if (read->problems.empty() && counts.empty()) {
    read->problems.push_back(fmt::format("{}: no row has the call's reference date {}", file.name,
                                         counts_on.to_string()));
  }
  if (!read->problems.empty()) return read;
  auto sha = ingest::bytes_sha256(file.bytes);
  if (!sha) return std::unexpected(sha.error());
  store::PactImport info{0,
                         std::string(call_id),
                         store::PactTable::kCounts,
                         file.name,
                         *sha,
                         static_cast<int64_t>(counts.size()),
                         ""};
  auto changed = store_.pact().replace_pact_counts(info, counts);
  if (!changed) return std::unexpected(changed.error());
  read->changed = *changed;
  read->rows = static_cast<int64_t>(counts.size());
  return read;
}

Result<TableImport> PactService::import_results(std::string_view call_id, const TableFile& file) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  std::map<Nis, std::map<Month, MonthResult>> results;
  auto read = read_table<formats::LapResultRow>(
      file, registry_, today_, formats::read_lap_results,
      [&](const formats::LapResultRow& row) -> std::string {
        results[row.nis][row.month] = {row.confirmed, row.pending};
        return {};
      });
  if (!read || !read->problems.empty()) return read;
  auto sha = ingest::bytes_sha256(file.bytes);
  if (!sha) return std::unexpected(sha.error());
  store::PactImport info{
      0, std::string(call_id), store::PactTable::kResults, file.name, *sha, read->rows, ""};
  auto changed = store_.pact().replace_pact_results(info, results);
  if (!changed) return std::unexpected(changed.error());
  read->changed = *changed;
  return read;
}

Result<Werktabel> PactService::werktabel(std::string_view call_id, Date on) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const ParameterVersion& v = c->version_on(on);
  auto n = counts(*c, v);
  if (!n) return std::unexpected(n.error());
  return build_werktabel(v.parameters, c->ref(v), n->counts, &registry_);
}

Result<int64_t> PactService::apply(Application a) {
  auto c = call(a.call_id);
  if (!c) return std::unexpected(c.error());
  const CallParameters& p = parameters(*c);
  if (today_ > p.application_deadline) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("call '{}': the application deadline {} has passed", c->id,
                                  p.application_deadline.to_string()));
  }
  auto w = werktabel(a.call_id, today_);
  if (!w) return std::unexpected(w.error());
  if (auto problems = validate_application(a, p, *w, registry_, false); !problems.empty()) {
    return std::unexpected(invalid("the application is not valid:", problems));
  }
  if (auto linked = check_agreement(a); !linked) return std::unexpected(linked.error());
  if (auto started = start_consents(a); !started) return std::unexpected(started.error());
  a.status = ApplicationStatus::kDraft;
  a.advance_paid.reset();
  a.annual_report_approved.reset();
  return store_.pact().create_application(a, actor_);
}

Result<Application> PactService::application(int64_t id) {
  auto a = store_.pact().application(id);
  if (!a) return std::unexpected(a.error());
  if (!*a) return make_error(ErrorCode::kNotFound, fmt::format("there is no application {}", id));
  return std::move(**a);
}

Result<std::vector<Application>> PactService::applications(std::string_view call_id) {
  if (auto c = call(call_id); !c) return std::unexpected(c.error());
  return store_.pact().applications(call_id);
}

Status PactService::edit(const Application& changed) {
  auto a = application(changed.id);
  if (!a) return std::unexpected(a.error());
  if (a->status != ApplicationStatus::kDraft) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("application {} is {}; only a draft can be changed", a->id,
                                  application_status_name(a->status)));
  }
  if (!a->lead) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("aanvraag {} heeft geen gekende trekker en kan niet meer "
                                  "gewijzigd worden; elk lid kan wel toestemmen",
                                  a->id));
  }
  auto c = call(a->call_id);
  if (!c) return std::unexpected(c.error());
  auto w = werktabel(a->call_id, today_);
  if (!w) return std::unexpected(w.error());
  Application next = *a;
  next.row_version = changed.row_version;
  next.plan = changed.plan;
  next.actions = changed.actions;
  next.agreement_ref = changed.agreement_ref;
  next.agreement_id = changed.agreement_id;
  next.members = changed.members;
  next.consortium_settlement = changed.consortium_settlement;
  if (auto problems = validate_application(next, parameters(*c), *w, registry_, false);
      !problems.empty()) {
    return std::unexpected(invalid("the application is not valid:", problems));
  }
  if (auto linked = check_agreement(next); !linked) return std::unexpected(linked.error());
  renew_consents(*a, next);
  auto written = store_.pact().update_application(next, actor_, "");
  if (!written) return std::unexpected(written.error());
  return {};
}

Status PactService::consent(int64_t id, int64_t row_version, Nis member, Consent given) {
  auto a = application(id);
  if (!a) return std::unexpected(a.error());
  if (auto set = set_consent(*a, member, given); !set) return set;
  if (given == Consent::kConsented) {
    auto apps = store_.pact().applications(a->call_id);
    if (!apps) return std::unexpected(apps.error());
    auto taken = members_elsewhere(*a, *apps, false);
    if (std::ranges::find(taken, member) != taken.end()) {
      return std::unexpected(taken_error({member}));
    }
  }
  a->row_version = row_version;
  auto written = store_.pact().update_application(*a, actor_, "");
  if (!written) return std::unexpected(written.error());
  return {};
}

Status PactService::check_agreement(const Application& a) {
  if (!a.agreement_id) return {};
  auto found = store_.agreement(*a.agreement_id);
  if (!found) return std::unexpected(found.error());
  if (!*found) {
    return std::unexpected(invalid(
        "the application is not valid:",
        {{"agreement_id",
          fmt::format("there is no cooperation agreement {} in the registry", *a.agreement_id)}}));
  }
  for (const auto& m : a.members) {
    if (agreement_covers(**found, registry_, m.nis, today_)) return {};
  }
  return std::unexpected(invalid(
      "the application is not valid:",
      {{"agreement_id",
        fmt::format("cooperation agreement {} concerns none of the members", *a.agreement_id)}}));
}

// Submitting needs every member's consent and no member in another submitted
// or participating application; approving, no member in another participating one.
Status PactService::check_members(const Application& a, ApplicationStatus to) {
  if (to != ApplicationStatus::kSubmitted && to != ApplicationStatus::kApproved) return {};
  if (to == ApplicationStatus::kSubmitted) {
    if (auto ok = check_consents(a); !ok) return ok;
  }
  auto apps = store_.pact().applications(a.call_id);
  if (!apps) return std::unexpected(apps.error());
  auto taken = members_elsewhere(a, *apps, to == ApplicationStatus::kApproved);
  if (!taken.empty()) return std::unexpected(taken_error(taken));
  return {};
}

Status PactService::change_status(int64_t id, int64_t row_version, ApplicationStatus to,
                                  const std::string& reason, std::optional<Money> advance_paid) {
  auto a = application(id);
  if (!a) return std::unexpected(a.error());
  auto c = call(a->call_id);
  if (!c) return std::unexpected(c.error());
  const CallParameters& p = parameters(*c);
  if (auto ok = check_transition(*a, to, p, today_, reason); !ok) return ok;
  a->row_version = row_version;
  if (to == ApplicationStatus::kSubmitted) {
    auto w = werktabel(a->call_id, today_);
    if (!w) return std::unexpected(w.error());
    if (auto problems = validate_application(*a, p, *w, registry_, true); !problems.empty()) {
      return std::unexpected(invalid("the application cannot be submitted:", problems));
    }
  }
  if (auto ok = check_members(*a, to); !ok) return ok;
  if (to == ApplicationStatus::kApproved) {
    auto apps = store_.pact().applications(a->call_id);
    if (!apps) return std::unexpected(apps.error());
    auto w = werktabel(a->call_id, today_);
    if (!w) return std::unexpected(w.error());
    auto decisions = store_.pact().redistributions(c->id);
    if (!decisions) return std::unexpected(decisions.error());
    auto due = approval_advance(*a, std::move(*apps), *w, p, decision_in_force(*decisions, today_));
    if (!due) return std::unexpected(due.error());
    a->advance_paid = advance_paid.value_or(*due);
  }
  if (to == ApplicationStatus::kRefused) a->status_reason = reason;
  a->status = to;
  auto written = store_.pact().update_application(*a, actor_, reason);
  if (!written) return std::unexpected(written.error());
  return {};
}

Status PactService::record_annual_report(int64_t id, int64_t row_version, Date approved) {
  auto a = application(id);
  if (!a) return std::unexpected(a.error());
  if (auto ok = check_annual_report_status(a->status); !ok) return ok;
  a->row_version = row_version;
  a->annual_report_approved = approved;
  auto written = store_.pact().update_application(*a, actor_, "");
  if (!written) return std::unexpected(written.error());
  return {};
}

}  // namespace lap::pact
