#include "lap/pact/application.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace lap::pact {
namespace {

struct StatusNames {
  ApplicationStatus status;
  std::string_view name;
  std::string_view dutch;
};

constexpr std::array<StatusNames, 6> kStatuses = {{
    {ApplicationStatus::kDraft, "draft", "ontwerp"},
    {ApplicationStatus::kSubmitted, "submitted", "ingediend"},
    {ApplicationStatus::kApproved, "approved", "goedgekeurd"},
    {ApplicationStatus::kRefused, "refused", "geweigerd"},
    {ApplicationStatus::kRunning, "running", "lopend"},
    {ApplicationStatus::kSettled, "settled", "afgerekend"},
}};

const StatusNames& names_of(ApplicationStatus s) {
  return kStatuses[static_cast<size_t>(s)];
}

struct ConsentNames {
  Consent consent;
  std::string_view name;
  std::string_view dutch;
};

constexpr std::array<ConsentNames, 3> kConsents = {{
    {Consent::kPending, "pending", "wacht op toestemming"},
    {Consent::kConsented, "consented", "toegestemd"},
    {Consent::kDeclined, "declined", "geweigerd"},
}};

}  // namespace

std::string_view consent_name(Consent c) {
  return kConsents[static_cast<size_t>(c)].name;
}

std::string_view consent_dutch(Consent c) {
  return kConsents[static_cast<size_t>(c)].dutch;
}

Result<Consent> parse_consent(std::string_view text) {
  for (const auto& c : kConsents)
    if (c.name == text) return c.consent;
  return make_error(ErrorCode::kInvalidArgument, "consent must be pending, consented or declined");
}

std::string_view application_status_name(ApplicationStatus s) {
  return names_of(s).name;
}

std::string_view application_status_dutch(ApplicationStatus s) {
  return names_of(s).dutch;
}

Result<ApplicationStatus> parse_application_status(std::string_view text) {
  for (const auto& s : kStatuses)
    if (s.name == text) return s.status;
  return make_error(ErrorCode::kInvalidArgument,
                    "status must be draft, submitted, approved, refused, running or settled");
}

bool transition_allowed(ApplicationStatus from, ApplicationStatus to) {
  using S = ApplicationStatus;
  switch (from) {
    case S::kDraft:
      return to == S::kSubmitted;
    case S::kSubmitted:
      return to == S::kApproved || to == S::kRefused;
    case S::kApproved:
      return to == S::kRunning;
    case S::kRunning:
      return to == S::kSettled;
    case S::kRefused:
    case S::kSettled:
      return false;
  }
  return false;
}

bool participates(ApplicationStatus s) {
  return s == ApplicationStatus::kApproved || s == ApplicationStatus::kRunning ||
         s == ApplicationStatus::kSettled;
}

Consortium Application::consortium() const {
  Consortium c;
  c.id = applicant;
  c.name = consortium_name.value_or("");
  for (const auto& m : members)
    c.members.push_back(m.nis);
  c.settlement = consortium_settlement;
  return c;
}

Problems validate_application(const Application& a, const CallParameters& p,
                              const Werktabel& werktabel, const geo::Registry& registry,
                              bool complete) {
  Problems out;
  if (a.members.empty()) out.push_back({"members", "must name at least one municipality"});
  std::set<Nis> seen;
  for (const auto& m : a.members) {
    const std::string code = m.nis.to_string();
    if (!seen.insert(m.nis).second) {
      out.push_back({"members", code + " is listed twice"});
      continue;
    }
    const WerktabelRow* row = werktabel.find(m.nis);
    if (row == nullptr) {
      out.push_back({"members", code + " is not a municipality of the werktabel"});
      continue;
    }
    if (m.engagement && (*m.engagement < 0 || *m.engagement > row->e)) {
      out.push_back({"engagement",
                     code + ": must be between 0 and its maximum E = " + std::to_string(row->e)});
    }
  }
  if (a.lead && !seen.contains(*a.lead)) {
    out.push_back({"lead", a.lead->to_string() + " is not one of the members"});
  }
  if (a.is_consortium()) {
    if (a.consortium_name->empty()) out.push_back({"consortium_name", "must not be empty"});
    if (a.applicant.empty() || Nis::parse(a.applicant)) {
      out.push_back({"applicant", "a consortium needs an id that is not a NIS code"});
    }
    for (auto& problem : validate_consortium(a.consortium(), p, registry))
      out.push_back(std::move(problem));
  } else {
    if (a.members.size() > 1) {
      out.push_back({"members",
                     "a single municipality applies for itself only; several "
                     "municipalities apply as a consortium"});
    } else if (a.members.size() == 1 && a.applicant != a.members.front().nis.to_string()) {
      out.push_back({"applicant", "must be the NIS code of the municipality"});
    }
  }
  if (complete) {
    if (a.plan.empty()) out.push_back({"plan", "a plan of approach is required"});
    if (a.actions.empty()) out.push_back({"actions", "at least one action is required"});
    if (std::ranges::any_of(a.actions, [](const std::string& s) { return s.empty(); })) {
      out.push_back({"actions", "an action must not be empty"});
    }
    if (a.agreement_ref.empty() && !a.agreement_id) {
      out.push_back({"agreement_ref", "the cooperation agreement with VDAB is required"});
    }
  }
  return out;
}

Status check_transition(const Application& a, ApplicationStatus to, const CallParameters& p,
                        Date today, std::string_view reason) {
  if (!transition_allowed(a.status, to)) {
    return make_error(ErrorCode::kFailedPrecondition,
                      std::string("an application that is ") +
                          std::string(application_status_name(a.status)) + " cannot become " +
                          std::string(application_status_name(to)));
  }
  if (to == ApplicationStatus::kSubmitted && today > p.application_deadline) {
    return make_error(
        ErrorCode::kFailedPrecondition,
        "the application deadline " + p.application_deadline.to_string() + " has passed");
  }
  if (to == ApplicationStatus::kRefused && reason.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "a refusal needs a reason");
  }
  return {};
}

std::vector<Participation> participations(const std::vector<Application>& applications) {
  std::map<Nis, Participation> out;
  for (const auto& a : applications) {
    if (!participates(a.status)) continue;
    for (const auto& m : a.members)
      out[m.nis] = {m.nis, m.engagement};
  }
  std::vector<Participation> list;
  list.reserve(out.size());
  for (auto& [nis, p] : out)
    list.push_back(p);
  return list;
}

std::vector<Consortium> consortia(const std::vector<Application>& applications) {
  std::vector<Consortium> out;
  for (const auto& a : applications)
    if (participates(a.status) && a.is_consortium()) out.push_back(a.consortium());
  std::ranges::sort(out, {}, &Consortium::id);
  return out;
}

}  // namespace lap::pact
