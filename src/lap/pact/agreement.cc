#include "lap/pact/agreement.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

namespace lap::pact {
namespace {

Status bad(std::string_view field, std::string_view rule) {
  return make_error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", field, rule));
}

bool printable(std::string_view s) {
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch == 0x7F) return false;
  }
  return true;
}

Status check_text(std::string_view field, std::string_view s, bool required) {
  if (required && s.empty()) return bad(field, "is verplicht");
  if (s.size() > kMaxAgreementText) {
    return bad(field, fmt::format("mag niet langer zijn dan {} tekens", kMaxAgreementText));
  }
  if (!printable(s)) return bad(field, "mag geen regeleinden of stuurtekens bevatten");
  return {};
}

Status check_list(std::string_view field, const std::vector<std::string>& items) {
  if (items.size() > kMaxAgreementList) {
    return bad(field, fmt::format("hoogstens {} namen", kMaxAgreementList));
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (auto st = check_text(fmt::format("{}[{}]", field, i + 1), items[i], true); !st) return st;
  }
  return {};
}

bool is_regiegebied(const geo::Registry& registry, std::string_view name) {
  if (name.empty()) return false;
  for (const auto& m : registry.all()) {
    if (m.regiegebied == name) return true;
  }
  return false;
}

// The municipality an agreement of scope municipality concerns on `date`
// (following mergers), or nullopt.
std::optional<Nis> municipality_of(const CooperationAgreement& a, const geo::Registry& registry,
                                   Date date) {
  if (a.scope != AgreementScope::kMunicipality) return std::nullopt;
  auto nis = Nis::parse(a.area);
  if (!nis) return std::nullopt;
  return registry.current_on(*nis, date);
}

bool in_term(const CooperationAgreement& a, Date date) {
  return !a.ends_on || date <= *a.ends_on;
}

}  // namespace

std::string_view to_id(AgreementScope s) {
  return s == AgreementScope::kMunicipality ? "municipality" : "region";
}
std::string_view to_dutch(AgreementScope s) {
  return s == AgreementScope::kMunicipality ? "gemeente" : "regiegebied";
}
std::optional<AgreementScope> agreement_scope_from_id(std::string_view id) {
  if (id == "municipality") return AgreementScope::kMunicipality;
  if (id == "region") return AgreementScope::kRegion;
  return std::nullopt;
}

std::string_view to_id(AgreementStatus s) {
  switch (s) {
    case AgreementStatus::kConcluded:
      return "concluded";
    case AgreementStatus::kNegotiating:
      return "negotiating";
    case AgreementStatus::kToStart:
      return "to_start";
  }
  return "?";
}
std::string_view to_dutch(AgreementStatus s) {
  switch (s) {
    case AgreementStatus::kConcluded:
      return "afgesloten";
    case AgreementStatus::kNegotiating:
      return "in onderhandeling";
    case AgreementStatus::kToStart:
      return "op te starten";
  }
  return "?";
}
std::optional<AgreementStatus> agreement_status_from_id(std::string_view id) {
  for (auto s :
       {AgreementStatus::kConcluded, AgreementStatus::kNegotiating, AgreementStatus::kToStart}) {
    if (to_id(s) == id) return s;
  }
  return std::nullopt;
}

std::string_view to_id(ActionStatus s) {
  switch (s) {
    case ActionStatus::kPlanned:
      return "planned";
    case ActionStatus::kRunning:
      return "running";
    case ActionStatus::kDone:
      return "done";
    case ActionStatus::kStopped:
      return "stopped";
  }
  return "?";
}
std::string_view to_dutch(ActionStatus s) {
  switch (s) {
    case ActionStatus::kPlanned:
      return "gepland";
    case ActionStatus::kRunning:
      return "lopend";
    case ActionStatus::kDone:
      return "afgerond";
    case ActionStatus::kStopped:
      return "stopgezet";
  }
  return "?";
}
std::optional<ActionStatus> action_status_from_id(std::string_view id) {
  for (auto s : {ActionStatus::kPlanned, ActionStatus::kRunning, ActionStatus::kDone,
                 ActionStatus::kStopped}) {
    if (to_id(s) == id) return s;
  }
  return std::nullopt;
}

Status validate_agreement(const CooperationAgreement& a, const geo::Registry& registry,
                          Date today) {
  if (a.scope == AgreementScope::kMunicipality) {
    auto nis = Nis::parse(a.area);
    if (!nis || registry.find(*nis) == nullptr) {
      return bad("gebied", "geen gemeente met deze NIS-code");
    }
  } else if (!is_regiegebied(registry, a.area)) {
    return bad("gebied", "geen regiegebied sociale economie en werk met deze naam");
  }
  if (auto st = check_text("titel", a.title, true); !st) return st;
  switch (a.status) {
    case AgreementStatus::kConcluded:
      if (!a.concluded_on) return bad("afgesloten_op", "is verplicht voor een afgesloten SO");
      if (today < *a.concluded_on) return bad("afgesloten_op", "mag niet in de toekomst liggen");
      if (a.expected_on) return bad("verwacht_op", "alleen voor een SO die nog niet is afgesloten");
      if (a.parties.size() < 2) {
        return bad("partijen", "een afgesloten SO heeft minstens twee partijen");
      }
      break;
    case AgreementStatus::kNegotiating:
    case AgreementStatus::kToStart:
      if (a.concluded_on) return bad("afgesloten_op", "alleen voor een afgesloten SO");
      break;
  }
  if (a.starts_on && a.ends_on && *a.ends_on < *a.starts_on) {
    return bad("einde", "ligt voor het begin van de looptijd");
  }
  if (auto st = check_list("partijen", a.parties); !st) return st;
  if (auto st = check_text("stuurgroep", a.steering_group, false); !st) return st;
  if (auto st = check_text("opmerking", a.note, false); !st) return st;
  if (a.actions.size() > kMaxAgreementActions) {
    return bad("acties", fmt::format("hoogstens {} acties", kMaxAgreementActions));
  }
  for (size_t i = 0; i < a.actions.size(); ++i) {
    const auto& act = a.actions[i];
    const auto at = fmt::format("acties[{}]", i + 1);
    if (auto st = check_text(at + ".thema", act.theme, false); !st) return st;
    if (auto st = check_text(at + ".actiedomein", act.domain, false); !st) return st;
    if (auto st = check_text(at + ".nummer", act.code, false); !st) return st;
    if (auto st = check_text(at + ".titel", act.title, true); !st) return st;
    if (auto st = check_text(at + ".trekker", act.lead, false); !st) return st;
    if (auto st = check_list(at + ".partners", act.partners); !st) return st;
    if (auto st = check_list(at + ".indicatoren", act.indicators); !st) return st;
  }
  return {};
}

bool agreement_covers(const CooperationAgreement& a, const geo::Registry& registry, Nis nis,
                      Date date) {
  if (a.scope == AgreementScope::kMunicipality) return municipality_of(a, registry, date) == nis;
  const auto* m = registry.find(nis);
  return m != nullptr && !m->regiegebied.empty() && m->regiegebied == a.area;
}

AgreementStatus status_on(std::span<const CooperationAgreement* const> of_area, Date date) {
  bool negotiating = false;
  for (const auto* a : of_area) {
    if (a->status == AgreementStatus::kConcluded && a->concluded_on) {
      if (*a->concluded_on <= date) {
        if (in_term(*a, date)) return AgreementStatus::kConcluded;
      } else {
        negotiating = true;
      }
    } else if (a->status == AgreementStatus::kNegotiating) {
      negotiating = true;
    }
  }
  return negotiating ? AgreementStatus::kNegotiating : AgreementStatus::kToStart;
}

bool concluded_by(std::span<const CooperationAgreement* const> of_area, Date date) {
  for (const auto* a : of_area) {
    if (!in_term(*a, date)) continue;
    if (a->status == AgreementStatus::kConcluded && a->concluded_on && *a->concluded_on <= date) {
      return true;
    }
    if (a->status == AgreementStatus::kNegotiating && a->expected_on && *a->expected_on <= date) {
      return true;
    }
  }
  return false;
}

namespace {

// The agreements of each municipality (on `on`, following mergers) and each regiegebied.
struct ByArea {
  std::map<Nis, std::vector<const CooperationAgreement*>> of_municipality;
  std::map<std::string, std::vector<const CooperationAgreement*>, std::less<>> of_region;
};

ByArea by_area(std::span<const CooperationAgreement> agreements, const geo::Registry& registry,
               Date on) {
  ByArea out;
  for (const auto& a : agreements) {
    if (a.scope == AgreementScope::kMunicipality) {
      if (auto nis = municipality_of(a, registry, on)) out.of_municipality[*nis].push_back(&a);
    } else {
      out.of_region[a.area].push_back(&a);
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<Nis, AgreementStatus>> municipality_statuses(
    std::span<const CooperationAgreement> agreements, const geo::Registry& registry, Date on) {
  const ByArea areas = by_area(agreements, registry, on);
  std::vector<std::pair<Nis, AgreementStatus>> out;
  for (const auto* m : registry.valid_on(on)) {
    auto found = areas.of_municipality.find(m->nis);
    out.emplace_back(m->nis, found == areas.of_municipality.end() ? AgreementStatus::kToStart
                                                                  : status_on(found->second, on));
  }
  return out;
}

std::vector<ProvinceCoverage> coverage(std::span<const CooperationAgreement> agreements,
                                       const geo::Registry& registry, Date on, Date prognosis_on) {
  const ByArea areas = by_area(agreements, registry, on);
  const auto& of_municipality = areas.of_municipality;
  const auto& of_region = areas.of_region;
  std::map<Nis, ProvinceCoverage> provinces;
  ProvinceCoverage flanders{Nis(), "Vlaanderen", {}, {}};
  auto count = [&](CoverageCount& c, std::span<const CooperationAgreement* const> list) {
    ++c.total;
    switch (status_on(list, on)) {
      case AgreementStatus::kConcluded:
        ++c.concluded;
        break;
      case AgreementStatus::kNegotiating:
        ++c.negotiating;
        break;
      case AgreementStatus::kToStart:
        ++c.to_start;
        break;
    }
    if (concluded_by(list, prognosis_on)) ++c.prognosis;
  };
  std::set<std::string, std::less<>> regions_seen;
  const std::vector<const CooperationAgreement*> none;
  for (const auto* m : registry.valid_on(on)) {
    auto& p = provinces[m->province];
    if (p.name.empty()) {
      p.province = m->province;
      p.name = m->province_name;
    }
    auto found = of_municipality.find(m->nis);
    const auto& list = found == of_municipality.end() ? none : found->second;
    count(p.municipalities, list);
    count(flanders.municipalities, list);
    if (!m->regiegebied.empty() && regions_seen.insert(m->regiegebied).second) {
      auto r = of_region.find(m->regiegebied);
      const auto& rlist = r == of_region.end() ? none : r->second;
      count(p.regions, rlist);
      count(flanders.regions, rlist);
    }
  }
  std::vector<ProvinceCoverage> out;
  out.reserve(provinces.size() + 1);
  for (auto& [nis, p] : provinces)
    out.push_back(std::move(p));
  out.push_back(std::move(flanders));
  return out;
}

}  // namespace lap::pact
