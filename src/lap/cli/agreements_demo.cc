// The demo's registry of cooperation agreements (lap/pact/agreement.h), added by
// `lap pact demo-cycle` when the registry is empty: the agreement of stad Mechelen
// with VDAB as the council approved it on 1 March 2021 (seed 003: parties, term,
// steering group and the fifteen actions of its part III) with a follow-up in
// negotiation, and for every other municipality and regiegebied a status drawn
// from its code, so the coverage per province looks like that of seed 004 (about
// three in four concluded). The generated agreements are marked as such in
// their note.
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lap/cli/pact_session.h"
#include "lap/geo/registry.h"
#include "lap/pact/agreement.h"

namespace lap::cli {
namespace {

Date day_of(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

// Part III of the agreement: the fifteen actions in three themes and five action domains.
std::vector<pact::AgreementAction> mechelen_actions() {
  const std::string more = "Meer mensen aan de slag";
  const std::string firms = "Veerkrachtige ondernemingen in een toekomstbestendige arbeidsmarkt";
  const std::string careers = "Sterkere loopbanen binnen een stimulerend leerklimaat";
  const std::string d1 = "Actiedomein 1 – Het vermijden van jeugdwerkloosheid";
  const std::string d2 =
      "Actiedomein 2 – Het lokaal bestuur en VDAB werken samen aan het activeren van burgers "
      "richting arbeidsmarkt";
  const std::string d3 =
      "Actiedomein 3 – Het lokaal bestuur en VDAB ondersteunen en creëren kansen voor de "
      "inclusieve economie";
  const std::string d4 = "Actiedomein 4 – Dienstverlening aan bedrijven";
  const std::string d5 = "Actiedomein 5 – Levenslang leren";
  using S = pact::ActionStatus;
  const std::vector<std::string> both = {"VDAB"};
  return {
      {more,
       d1,
       "1.1",
       "Aanpak ongekwalificeerde schooluitval",
       "stad Mechelen",
       both,
       S::kRunning,
       {}},
      {more, d1, "1.2", "Aanpak jeugdwerkloosheid", "VDAB", {"stad Mechelen"}, S::kRunning, {}},
      {more,
       d2,
       "2.1",
       "Werken aan reële drempels naar de arbeidsmarkt: e-inclusie, kinderopvang, "
       "taal en mobiliteit",
       "stad Mechelen",
       both,
       S::kRunning,
       {"Bereik"}},
      {more,
       d2,
       "2.2",
       "Toegankelijkheid van VDAB in het Sociaal Huis",
       "VDAB",
       {"Sociaal Huis Mechelen"},
       S::kRunning,
       {"Bereik", "Warme overdrachten en hun doorlooptijd"}},
      {more,
       d2,
       "2.3",
       "Wederzijdse openstelling aanbod",
       "stad Mechelen",
       both,
       S::kRunning,
       {"Bereik"}},
      {more,
       d2,
       "2.4",
       "Tijdelijke werkervaring",
       "Sociaal Huis Mechelen",
       both,
       S::kRunning,
       {"TWE-OCMW (actief)", "TWE-OCMW (uitstroom)"}},
      {more, d2, "2.5", "Transitiehuis", "stad Mechelen", both, S::kRunning, {}},
      {more, d2, "2.6", "Kinderarmoedeplan", "stad Mechelen", both, S::kRunning, {}},
      {more,
       d3,
       "3.1",
       "Sociale economie",
       "stad Mechelen",
       both,
       S::kRunning,
       {"Doorstroom sociale economie"}},
      {more, d3, "3.2", "Wijk-werken", "stad Mechelen", both, S::kRunning, {"Wijk-werken"}},
      {firms,
       d4,
       "4.1",
       "Samenwerking werkgevers",
       "VDAB",
       {"stad Mechelen (dienst economie)"},
       S::kRunning,
       {}},
      {firms,
       d4,
       "4.2",
       "Integreren van ondernemerschap",
       "stad Mechelen (dienst economie)",
       both,
       S::kPlanned,
       {}},
      {careers,
       d5,
       "5.1",
       "Combinatie opleiding – werkervaring",
       "VDAB",
       {"stad Mechelen"},
       S::kRunning,
       {"Duurzame uitstroom naar werk"}},
      {careers,
       d5,
       "5.2",
       "Loopbaanontwikkeling van werknemers",
       "VDAB",
       {"stad Mechelen"},
       S::kPlanned,
       {}},
      {careers,
       d5,
       "5.3",
       "Lokaal werkplekleren (voor kwetsbare doelgroepen)",
       "VDAB",
       {"stad Mechelen"},
       S::kRunning,
       {}},
  };
}

pact::CooperationAgreement mechelen() {
  pact::CooperationAgreement a;
  a.scope = pact::AgreementScope::kMunicipality;
  a.area = "12025";
  a.title = "Samen sterk voor lokaal werk in 2020-2025";
  a.status = pact::AgreementStatus::kConcluded;
  a.concluded_on = day_of(2021, 3, 1);
  a.starts_on = day_of(2021, 3, 1);
  a.ends_on = day_of(2025, 12, 31);
  a.parties = {"VDAB", "stad Mechelen", "Sociaal Huis Mechelen"};
  a.steering_group =
      "Stuurgroep activering met de bevoegde schepenen; VDAB wordt er minstens één keer per jaar "
      "op uitgenodigd";
  a.note = "Gemeenteraad van 1 maart 2021, agendapunt 24";
  a.actions = mechelen_actions();
  return a;
}

// A number 0..99 from a text, the same on every run.
int draw(std::string_view key) {
  uint32_t h = 2166136261U;
  for (unsigned char ch : key) {
    h = (h ^ ch) * 16777619U;
  }
  return static_cast<int>(h % 100);
}

// The follow-up of an agreement that ends with 2025: in negotiation, expected in the first half
// of 2026, for the six years after.
pact::CooperationAgreement follow_up(pact::AgreementScope scope, std::string area,
                                     std::string_view name, int n) {
  pact::CooperationAgreement a;
  a.scope = scope;
  a.area = std::move(area);
  a.note = "gegenereerd voor de demo";
  a.status = pact::AgreementStatus::kNegotiating;
  a.expected_on = day_of(2026, 1 + n % 6, 15);
  a.starts_on = day_of(2026, 1, 1);
  a.ends_on = day_of(2031, 12, 31);
  a.title = fmt::format("Samenwerkingsovereenkomst VDAB – {} 2026-2031 (in voorbereiding)", name);
  a.parties = {"VDAB", std::string(name)};
  return a;
}

// The generated agreements of an area: about 78 in 100 concluded (in 2021 or 2022, running to
// the end of 2025, nine in ten of them with a follow-up in negotiation; or concluded in 2025 for
// six years), 12 in negotiation (expected in the first half of 2026), the rest to start (none).
std::vector<pact::CooperationAgreement> generated(pact::AgreementScope scope, std::string area,
                                                  std::string_view name) {
  const int n = draw(area);
  pact::CooperationAgreement a;
  a.scope = scope;
  a.area = area;
  a.note = "gegenereerd voor de demo";
  a.parties = {"VDAB", std::string(name)};
  if (n < 78) {
    a.status = pact::AgreementStatus::kConcluded;
    if (n < 8) {
      a.concluded_on = day_of(2025, 1 + n, 15);
      a.ends_on = day_of(2031, 12, 31);
      a.title = fmt::format("Samenwerkingsovereenkomst VDAB – {} 2025-2031", name);
    } else {
      a.concluded_on = day_of(2021 + n % 2, 1 + n % 12, 1 + n % 28);
      a.ends_on = day_of(2025, 12, 31);
      a.title = fmt::format("Samenwerkingsovereenkomst VDAB – {} 2020-2025", name);
    }
    a.starts_on = a.concluded_on;
    std::vector<pact::CooperationAgreement> out = {a};
    if (n >= 8 && n % 10 != 0) out.push_back(follow_up(scope, std::move(area), name, n));
    return out;
  }
  if (n < 90) {
    a.status = pact::AgreementStatus::kNegotiating;
    a.expected_on = n % 2 == 0 ? day_of(2026, 3, 31) : day_of(2026, 6, 30);
    a.title = fmt::format("Samenwerkingsovereenkomst VDAB – {} (in voorbereiding)", name);
    return {a};
  }
  return {};
}

}  // namespace

Result<int> add_demo_agreements(store::Store& store, const geo::Registry& registry, Date today) {
  auto existing = store.agreements();
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty()) return 0;
  std::vector<pact::CooperationAgreement> all = {mechelen()};
  std::set<std::string, std::less<>> regions;
  for (const auto* m : registry.valid_on(today)) {
    if (m->nis.code() == 12025) {
      all.push_back(follow_up(pact::AgreementScope::kMunicipality, "12025", "stad Mechelen", 2));
    } else {
      for (auto& a : generated(pact::AgreementScope::kMunicipality, m->nis.to_string(),
                               fmt::format("gemeente {}", m->name)))
        all.push_back(std::move(a));
    }
    if (!m->regiegebied.empty() && regions.insert(m->regiegebied).second) {
      for (auto& a : generated(pact::AgreementScope::kRegion, m->regiegebied,
                               fmt::format("regiegebied {}", m->regiegebied)))
        all.push_back(std::move(a));
    }
  }
  for (const auto& a : all) {
    if (auto st = pact::validate_agreement(a, registry, today); !st)
      return std::unexpected(st.error());
    if (auto st = store.add_agreement(a, "cli:demo-cycle"); !st) return std::unexpected(st.error());
  }
  return static_cast<int>(all.size());
}

}  // namespace lap::cli
