// LAP structures for the pact_export tests: a small hand-made werktabel and
// the real thing computed from the presets and the built-in municipalities.
#pragma once

#include <vector>

#include "lap/geo/registry.h"
#include "lap/pact/consortium.h"
#include "lap/pact/followup.h"
#include "lap/pact/presets.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/settlement.h"
#include "lap/pact/simulator.h"
#include "lap/pact/test_util.h"
#include "lap/pact/werktabel.h"
#include "lap/report/pact_export.h"

namespace lap::report::testing {

using pact::testing::day;
using pact::testing::mon;
using pact::testing::nis;

inline ExportContext context() {
  ExportContext ctx;
  ctx.generated_on = day("2026-11-23");
  ctx.call_title = "Lokaal Activeringspact 2023";
  ctx.names = registry_names(geo::Registry::builtin());
  return ctx;
}

// Three municipalities, amounts with cents, the LAP 2023 v2 reference.
inline pact::Werktabel small_werktabel() {
  pact::Werktabel w;
  w.version = {"lap-2023", 2, day("2023-09-29")};
  w.count_source = pact::CountSource::kCountTable;
  w.budget = Money::from_cents(10'000'000'00);
  w.amount_per_outflow = Money::from_euros(1000);
  w.threshold = pact::Rate::basis_points(2000);
  w.total_n = 242'500;
  w.rows = {
      {nis(11002), "Antwerpen", 9770, Money::from_cents(402'886'59), 1954, 402, 2356},
      {nis(44021), "Gent", 5123, Money::from_cents(211'257'73), 1025, 211, 1236},
      {nis(73006), "Bilzen; \"test\"", 41, Money::from_cents(1'690'72), 8, 1, 9},
  };
  return w;
}

inline pact::Counts counts_on(Date d) {
  pact::Counts c;
  for (const auto* m : geo::Registry::builtin().valid_on(d))
    c.by_nis[m->nis] = m->population_2022 / 200;  // a stand-in for the POD MI count
  return c;
}

// LAP 2023 (v2) on the built-in municipalities, with 12 participants.
struct Lap2023 {
  pact::Call call = pact::lap_2023();
  pact::ParameterVersion version;
  pact::Werktabel werktabel;
  pact::Redistribution redistribution;
  std::vector<pact::SettlementUnit> units;
  pact::FollowUp follow_up;
  std::vector<pact::PaymentStatement> statements;
  pact::Simulation simulation;
};

inline std::vector<Nis> participants_2023() {
  return {nis(11002), nis(44021), nis(24062), nis(71016), nis(31005), nis(12025),
          nis(13040), nis(46021), nis(34022), nis(73006), nis(42006), nis(23088)};
}

inline Lap2023 lap_2023() {
  Lap2023 x;
  x.version = x.call.version_on(day("2023-10-31"));
  const auto& p = x.version.parameters;
  const auto& reg = geo::Registry::builtin();
  const auto ref = x.call.ref(x.version);
  x.werktabel = *pact::build_werktabel(p, ref, counts_on(p.counts_on), &reg);
  std::vector<pact::Participation> who;
  for (Nis n : participants_2023())
    who.push_back({n, n == nis(73006) ? std::optional<int64_t>(1) : std::nullopt});
  x.redistribution = *pact::redistribute(x.werktabel, who, p.redistribution_cap);
  x.units = *pact::build_units(x.redistribution, {}, p, reg);
  // Results: each unit gets (i + 1) × 7 confirmed and i pending outflows a month.
  pact::ResultsTable results;
  results.source = pact::ResultSource::kImportedVdabTable;
  pact::OutflowHistory history;
  for (size_t i = 0; i < x.units.size(); ++i) {
    const Nis code = x.units[i].result_codes.front();
    for (Month m = mon("2023-12"); m <= mon("2024-04"); ++m)
      results.by_nis[code][m] = {static_cast<int64_t>(i + 1) * 7, static_cast<int64_t>(i)};
    if (i % 2 == 0) {
      for (Month m = mon("2023-01"); m <= mon("2024-04"); ++m)
        history[code][m] = static_cast<int64_t>(i + 3) * 5;
    }
  }
  x.follow_up = pact::follow_up(x.units, p, ref, results, &history, mon("2024-04"));
  for (size_t i = 0; i < x.units.size(); ++i) {
    const auto& u = x.units[i];
    pact::SettlementInput in;
    in.result = u.b + static_cast<int64_t>(i % 4) * u.e / 3 - (i == 5 ? u.b / 2 : 0);
    if (i % 3 != 2) in.annual_report_approved = day("2025-03-14");
    x.statements.push_back(pact::settle(u, p, ref, in));
  }
  pact::SimulationInput sim;
  sim.parameters = p;
  sim.version = ref;
  sim.counts = counts_on(p.counts_on);
  sim.participants = participants_2023();
  for (size_t i = 0; i < sim.participants.size(); ++i)
    sim.outflow[sim.participants[i]] = static_cast<int64_t>(i) * 40;
  pact::Scenario scenario;
  scenario.threshold = pact::Rate::basis_points(2250);
  x.simulation = *pact::simulate(sim, scenario);
  return x;
}

}  // namespace lap::report::testing
