// Monthly follow-up of the participants of a call (domain.md §4 rules 4-5).
//
// Results come from outside, per NIS code and month s: the number of
// sustainable outflows (indicator 2 of domain.md §3) STARTING in s, split into
// confirmed and pending as known on the data date. The source is either the
// measurement engine or an imported VDAB results table; the imported table
// wins (choose_results) and every row says which source it used.
//
// For a unit and month m: R(m) = Σ over the unit's result codes and the months
// s of the period up to m of (confirmed + pending). Rows run from the first
// month of the period to `through` (which may lie after the period; R stops
// growing at the period end).
//
// Projection to the period end (method `last_12_months`): the unit's average
// monthly outflow over the 12 months ending at m, taken from `history` (monthly
// outflow starts per NIS code, any months, missing months count as 0), times
// the months left after m, added to R(m):
//   projected = R(m) + round_half_up(Σ history[m−11..m] × months_left / 12).
// Without a history for any of the unit's codes the period's own run rate is
// used (method `period_run_rate`): R(m) + round_half_up(R(m) × left / elapsed).
// From the last month of the period on, projected = R(m).
//
// Besides the pro-rata earned amount and % (rule 6), every row carries the
// subsidy the call's settlement rule would grant if settled on R now (and on
// the projected R): settlement.h's entitled_amount with the unit's advance,
// and that amount / (E × amount) — the figures a payment statement would show.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/pact/call.h"
#include "lap/pact/unit.h"

namespace lap::pact {

enum class ResultSource {
  kMeasurementEngine,  // indicator 2 computed from the linked data
  kImportedVdabTable,  // VDAB's monthly delivery (NIS, month, confirmed, pending)
};
std::string_view result_source_name(ResultSource s);  // `measurement_engine` / `vdab_table`

struct MonthResult {
  int64_t confirmed = 0;
  int64_t pending = 0;
};

struct ResultsTable {
  ResultSource source = ResultSource::kMeasurementEngine;
  std::map<Nis, std::map<Month, MonthResult>> by_nis;  // outflows starting in the month
};

// The imported VDAB table wins over the engine; an error when neither exists.
Result<ResultsTable> choose_results(std::optional<ResultsTable> imported,
                                    std::optional<ResultsTable> engine);

// The last month with a result in `table`, `first` when there is none later.
Month last_result_month(const ResultsTable& table, Month first);

// Monthly sustainable-outflow starts per NIS code (for the projection).
using OutflowHistory = std::map<Nis, std::map<Month, int64_t>>;
// The history of `table`: confirmed + pending per NIS code and month.
OutflowHistory outflow_history(const ResultsTable& table);

enum class ProjectionMethod { kLast12Months, kPeriodRunRate };
std::string_view projection_method_name(ProjectionMethod m);  // last_12_months / period_run_rate

struct FollowUpRow {
  std::string unit_id;
  Month month;
  int64_t b = 0, e = 0, t = 0;
  int64_t confirmed = 0;  // cumulative through the month
  int64_t pending = 0;
  int64_t r = 0;                     // confirmed + pending
  std::optional<Rate> achieved_pct;  // (R − B) / E
  std::optional<Rate> earned_pct;
  Money earned;                     // if settled on R now (pro rata, rule 6)
  Money subsidy;                    // what the call's rule grants if settled on R now
  std::optional<Rate> subsidy_pct;  // subsidy / (E × amount)
  int64_t projected_r = 0;          // at the period end
  ProjectionMethod projection = ProjectionMethod::kPeriodRunRate;
  std::optional<Rate> projected_achieved_pct;
  Money projected_earned;
  Money projected_subsidy;  // what the call's rule grants on the projected R
  std::optional<Rate> projected_subsidy_pct;
};

struct FollowUp {
  VersionRef version;
  SettlementRule rule = SettlementRule::kProRata;  // the call's, for the subsidy columns
  ResultSource source = ResultSource::kMeasurementEngine;
  std::vector<FollowUpRow> rows;  // per unit (in the given order), then per month
};

// Cumulative R of a unit through month m (inclusive), period months only.
MonthResult cumulative_result(const SettlementUnit& unit, const ResultsTable& results,
                              MonthRange period, Month through);

FollowUp follow_up(const std::vector<SettlementUnit>& units, const CallParameters& p,
                   const VersionRef& version, const ResultsTable& results,
                   const OutflowHistory* history, Month through);

}  // namespace lap::pact
