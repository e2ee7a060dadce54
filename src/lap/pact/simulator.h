// What-if simulator (domain.md §4; the question WSE faced when it lowered the
// threshold of LAP 2023 from 22.5% to 20%).
//
// Starting from a call's parameters, the counts, the participants and the
// current outflow per municipality (the expected result R over the period,
// e.g. its outflow over the last 12 months), a scenario may change the
// threshold, the amount per outflow, the budget or the participants. The
// simulation rebuilds the werktabel, redistributes the non-participants'
// rights (participants take their maximum engagement), settles every
// participant individually on its expected R under the call's settlement rule,
// and reports the projected cost (Σ of what the rule grants, advances
// included) and the number of municipalities that would be paid (entitled > 0).
// A municipality without an outflow figure is taken to have R = 0.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/core/nis.h"
#include "lap/pact/call.h"
#include "lap/pact/followup.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/settlement.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {

struct Scenario {
  std::optional<Rate> threshold = std::nullopt;
  std::optional<Money> amount_per_outflow = std::nullopt;
  std::optional<Money> budget = std::nullopt;
  std::optional<std::vector<Nis>> participants = std::nullopt;
};

struct SimulationInput {
  CallParameters parameters;
  VersionRef version;
  Counts counts;
  std::vector<Nis> participants;
  std::map<Nis, int64_t> outflow;  // expected R per municipality over the period
};

struct SimulatedRow {
  Nis nis;
  int64_t n = 0, b = 0, e = 0, t = 0, r = 0;
  Money m;
  Money advance;
  Money earned;
  Money payment;  // what the settlement rule grants in total
};

struct Simulation {
  CallParameters parameters;  // after the scenario
  Werktabel werktabel;
  Redistribution redistribution;
  std::vector<SimulatedRow> rows;  // participants, ordered by NIS code
  Money projected_cost;
  int paid_municipalities = 0;
};

// The expected R of each municipality in `table` over a period of `months`
// months: its outflow (confirmed + pending) in the 12 months through `last`,
// × months / 12, rounded half up.
std::map<Nis, int64_t> expected_outflow(const ResultsTable& table, Month last, int64_t months);

// Errors: invalid parameters after the scenario (the first problem), and the
// errors of build_werktabel and redistribute.
Result<Simulation> simulate(const SimulationInput& in, const Scenario& scenario = {});

}  // namespace lap::pact
