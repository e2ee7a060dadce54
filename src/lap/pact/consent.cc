#include "lap/pact/consent.h"

#include <algorithm>
#include <map>
#include <set>

namespace lap::pact {
namespace {

std::string nis_list(const std::vector<Nis>& list) {
  std::string out;
  for (Nis n : list)
    out += (out.empty() ? "" : ", ") + n.to_string();
  return out;
}

bool same_content(const Application& a, const Application& b) {
  auto terms = [](const Application& x) {
    std::vector<std::pair<Nis, std::optional<int64_t>>> out;
    out.reserve(x.members.size());
    for (const auto& m : x.members)
      out.emplace_back(m.nis, m.engagement);
    std::ranges::sort(out);
    return out;
  };
  return terms(a) == terms(b) && a.plan == b.plan && a.actions == b.actions &&
         a.agreement_ref == b.agreement_ref && a.agreement_id == b.agreement_id &&
         a.consortium_settlement == b.consortium_settlement;
}

}  // namespace

bool holds_place(ApplicationStatus s) {
  return s == ApplicationStatus::kSubmitted || participates(s);
}

Status start_consents(Application& a) {
  if (!a.lead && !a.is_consortium() && a.members.size() == 1) a.lead = a.members.front().nis;
  if (!a.lead) {
    return make_error(ErrorCode::kInvalidArgument,
                      "lead: een samenwerkingsverband heeft een trekker nodig, een van de leden");
  }
  for (auto& m : a.members) {
    m.consent = m.nis == *a.lead ? Consent::kConsented : Consent::kPending;
    m.consent_by.clear();
    m.consent_at.clear();
  }
  return {};
}

std::vector<Nis> missing_consents(const Application& a) {
  std::vector<Nis> out;
  for (const auto& m : a.members)
    if (m.consent != Consent::kConsented) out.push_back(m.nis);
  std::ranges::sort(out);
  return out;
}

Status set_consent(Application& a, Nis member, Consent consent) {
  if (a.status != ApplicationStatus::kDraft) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "aanvraag " + std::to_string(a.id) + " is " +
                          std::string(application_status_dutch(a.status)) +
                          "; toestemming geven of intrekken kan enkel bij een ontwerp");
  }
  auto it = std::ranges::find(a.members, member, &ApplicationMember::nis);
  if (it == a.members.end()) {
    return make_error(
        ErrorCode::kNotFound,
        "gemeente " + member.to_string() + " is geen lid van aanvraag " + std::to_string(a.id));
  }
  if (a.lead == member) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "gemeente " + member.to_string() + " is de trekker van aanvraag " +
                          std::to_string(a.id) + " en stemde toe door de aanvraag te maken");
  }
  it->consent = consent;
  return {};
}

void renew_consents(const Application& before, Application& after) {
  const bool same = same_content(before, after);
  for (auto& m : after.members) {
    auto old = std::ranges::find(before.members, m.nis, &ApplicationMember::nis);
    if (same && old != before.members.end()) {
      m.consent = old->consent;
    } else {
      m.consent = after.lead == m.nis ? Consent::kConsented : Consent::kPending;
    }
  }
}

Status check_consents(const Application& a) {
  auto missing = missing_consents(a);
  if (missing.empty()) return {};
  return make_error(ErrorCode::kFailedPrecondition,
                    "aanvraag " + std::to_string(a.id) +
                        " kan pas ingediend worden wanneer elke gemeente van het "
                        "samenwerkingsverband toestemde; nog geen toestemming van " +
                        nis_list(missing));
}

std::vector<Nis> members_elsewhere(const Application& a, const std::vector<Application>& all,
                                   bool participating_only) {
  std::set<Nis> out;
  for (const auto& other : all) {
    if (other.id == a.id || other.call_id != a.call_id) continue;
    if (participating_only ? !participates(other.status) : !holds_place(other.status)) continue;
    for (const auto& m : a.members)
      if (std::ranges::find(other.members, m.nis, &ApplicationMember::nis) != other.members.end())
        out.insert(m.nis);
  }
  return {out.begin(), out.end()};
}

Error taken_error(const std::vector<Nis>& members) {
  return {ErrorCode::kFailedPrecondition,
          "een gemeente neemt aan hoogstens één aanvraag per oproep deel; " + nis_list(members) +
              (members.size() == 1 ? " staat" : " staan") +
              " al in een andere ingediende of goedgekeurde aanvraag voor deze oproep"};
}

std::vector<HeldApplication> held_applications(const std::vector<Application>& applications) {
  std::map<Nis, std::vector<const Application*>> by_member;
  for (const auto& a : applications)
    if (participates(a.status))
      for (const auto& m : a.members)
        by_member[m.nis].push_back(&a);
  std::map<int64_t, HeldApplication> held;
  for (const auto& [nis, apps] : by_member) {
    if (apps.size() < 2) continue;
    for (const Application* a : apps) {
      auto [it, fresh] = held.try_emplace(a->id);
      HeldApplication& h = it->second;
      if (fresh) {
        h.id = a->id;
        h.applicant = a->applicant;
        for (const auto& m : a->members)
          h.members.push_back(m.nis);
      }
      h.shared.push_back(nis);
      for (const Application* other : apps)
        if (other != a && std::ranges::find(h.others, other->id) == h.others.end())
          h.others.push_back(other->id);
    }
  }
  std::vector<HeldApplication> out;
  for (auto& [id, h] : held) {
    std::ranges::sort(h.others);
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<Application> without_held(const std::vector<Application>& applications,
                                      const std::vector<HeldApplication>& held) {
  std::set<int64_t> held_ids;
  for (const auto& h : held)
    held_ids.insert(h.id);
  std::vector<Application> kept;
  for (const auto& a : applications)
    if (!held_ids.contains(a.id)) kept.push_back(a);
  return kept;
}

std::vector<SettlementUnit> without_held(std::vector<SettlementUnit> units,
                                         const std::vector<HeldApplication>& held) {
  std::set<Nis> held_members;
  for (const auto& h : held)
    held_members.insert(h.members.begin(), h.members.end());
  std::erase_if(units, [&](const SettlementUnit& u) {
    return std::ranges::any_of(u.members, [&](Nis n) { return held_members.contains(n); });
  });
  return units;
}

}  // namespace lap::pact
