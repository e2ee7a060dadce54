#include "lap/pact/followup.h"

#include <algorithm>

#include "lap/pact/int128.h"
#include "lap/pact/settlement.h"

namespace lap::pact {

std::string_view result_source_name(ResultSource s) {
  return s == ResultSource::kMeasurementEngine ? "measurement_engine" : "vdab_table";
}

std::string_view projection_method_name(ProjectionMethod m) {
  return m == ProjectionMethod::kLast12Months ? "last_12_months" : "period_run_rate";
}

Result<ResultsTable> choose_results(std::optional<ResultsTable> imported,
                                    std::optional<ResultsTable> engine) {
  if (imported) {
    imported->source = ResultSource::kImportedVdabTable;
    return *std::move(imported);
  }
  if (engine) {
    engine->source = ResultSource::kMeasurementEngine;
    return *std::move(engine);
  }
  return make_error(ErrorCode::kNotFound,
                    "results: neither an imported VDAB table nor engine results are available");
}

Month last_result_month(const ResultsTable& table, Month first) {
  Month last = first;
  for (const auto& [nis, months] : table.by_nis)
    if (!months.empty()) last = std::max(last, months.rbegin()->first);
  return last;
}

OutflowHistory outflow_history(const ResultsTable& table) {
  OutflowHistory out;
  for (const auto& [nis, months] : table.by_nis)
    for (const auto& [m, res] : months)
      out[nis][m] = res.confirmed + res.pending;
  return out;
}

MonthResult cumulative_result(const SettlementUnit& unit, const ResultsTable& results,
                              MonthRange period, Month through) {
  MonthResult sum;
  Month last = std::min(through, period.last());
  for (Nis code : unit.result_codes) {
    auto it = results.by_nis.find(code);
    if (it == results.by_nis.end()) continue;
    for (auto m = it->second.lower_bound(period.first()); m != it->second.end() && m->first <= last;
         ++m) {
      sum.confirmed += m->second.confirmed;
      sum.pending += m->second.pending;
    }
  }
  return sum;
}

namespace {

// Σ history over the 12 months ending at m; nullopt when none of the unit's
// codes has a history.
std::optional<int64_t> last_12(const SettlementUnit& unit, const OutflowHistory* history, Month m) {
  if (!history) return std::nullopt;
  bool any = false;
  int64_t sum = 0;
  for (Nis code : unit.result_codes) {
    auto it = history->find(code);
    if (it == history->end()) continue;
    any = true;
    for (auto h = it->second.lower_bound(m - 11); h != it->second.end() && h->first <= m; ++h)
      sum += h->second;
  }
  return any ? std::optional<int64_t>(sum) : std::nullopt;
}

}  // namespace

FollowUp follow_up(const std::vector<SettlementUnit>& units, const CallParameters& p,
                   const VersionRef& version, const ResultsTable& results,
                   const OutflowHistory* history, Month through) {
  FollowUp out;
  out.version = version;
  out.source = results.source;
  out.rule = p.settlement_rule;
  const MonthRange period = p.period_months();
  const Money amount = p.amount_per_outflow;
  for (const auto& unit : units) {
    // What the call's rule grants on `r`: the amounts of a payment statement (settle()).
    const Money advance = advance_amount(p.advance, unit.e, amount);
    auto subsidy = [&](int64_t r, Money earned) {
      return entitled_amount(p.settlement_rule, r, unit.b, advance, earned);
    };
    for (Month m : MonthRange(period.first(), through)) {
      FollowUpRow row;
      row.unit_id = unit.id;
      row.month = m;
      row.b = unit.b;
      row.e = unit.e;
      row.t = unit.t;
      MonthResult c = cumulative_result(unit, results, period, m);
      row.confirmed = c.confirmed;
      row.pending = c.pending;
      row.r = c.confirmed + c.pending;
      row.achieved_pct = achieved_rate(row.r, unit.b, unit.e);
      row.earned_pct = earned_rate(row.r, unit.b, unit.e);
      row.earned = earned_amount(row.r, unit.b, unit.e, amount, unit.m);
      row.subsidy = subsidy(row.r, row.earned);
      row.subsidy_pct = entitled_rate(row.subsidy, unit.e, amount);
      int left = std::max(0, period.last() - m);
      int elapsed = std::min(m, period.last()) - period.first() + 1;
      auto h = last_12(unit, history, m);
      if (h) {
        row.projection = ProjectionMethod::kLast12Months;
        row.projected_r =
            row.r + static_cast<int64_t>(detail::div_half_up(detail::Int128(*h) * left, 12));
      } else {
        row.projection = ProjectionMethod::kPeriodRunRate;
        row.projected_r = row.r + static_cast<int64_t>(
                                      detail::div_half_up(detail::Int128(row.r) * left, elapsed));
      }
      row.projected_achieved_pct = achieved_rate(row.projected_r, unit.b, unit.e);
      row.projected_earned = earned_amount(row.projected_r, unit.b, unit.e, amount, unit.m);
      row.projected_subsidy = subsidy(row.projected_r, row.projected_earned);
      row.projected_subsidy_pct = entitled_rate(row.projected_subsidy, unit.e, amount);
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace lap::pact
