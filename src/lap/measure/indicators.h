// The indicators of domain.md §3 for all OCMWs at once (docs/indicators.md gives the
// exact definitions). Pure functions of the timelines and the settings; they
// allocate only the result tables, never per person. Thread-safe (no shared
// mutable state).
//
// Every unit (a person or a trajectory) is attributed to exactly one OCMW per
// figure, so figures of several OCMWs add up. A figure is returned only when
// at least one of its numbers is non-zero: a missing figure is all zeros.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "lap/core/month.h"
#include "lap/measure/figure.h"
#include "lap/measure/inner.h"
#include "lap/measure/timeline.h"

namespace lap::measure {

// Every monthly indicator (reach, reach_indicative, outflow_rate, twe_active,
// ukrainian_reach) for every month of `months` and every quarterly indicator
// (cat05_outflow, twe_exit, wijk_werken, se_throughput) for every calendar
// quarter wholly inside `months`; `months` is cut to the timeline's range.
// Sorted by indicator, variant, period and OCMW.
std::vector<Figure> compute(const Timelines& t, const Settings& s, MonthRange months);
// The inner cells behind compute() (inner.h): one kMonthly block per month and,
// per calendar quarter wholly inside `months`, one block of each quarterly
// family. compute() is the figures of these blocks (append_figures), sorted.
std::vector<InnerBlock> compute_inner(const Timelines& t, const Settings& s, MonthRange months);

// LAP result for the call period [p0, p1] through month `through`: one figure
// per OCMW, numerator = confirmed, pending = pending, period =
// Period::range(p0, min(p1, through)).
std::vector<Figure> lap_result(const Timelines& t, const Settings& s, MonthRange period,
                               Month through);
inline std::vector<Figure> lap_result(const Timelines& t, const Settings& s, MonthRange period) {
  return lap_result(t, s, period, period.last());
}
// lap_result(period, through = m) for every month m of the period, labelled
// Period::range(p0, m): the monthly progress of a call.
std::vector<Figure> lap_result_monthly(const Timelines& t, const Settings& s, MonthRange period);
// The inner cells behind lap_result_monthly: a kLapResult block over `period`.
InnerBlock lap_inner(const Timelines& t, const Settings& s, MonthRange period);

// A person's qualifying outflow for the LAP: the earliest start month s.
struct LapOutflow {
  Month start;
  Nis ocmw;
  OutflowStatus status = OutflowStatus::kNone;  // kConfirmed or kPending
};
std::optional<LapOutflow> lap_outflow(const Timelines& t, uint32_t person, const Settings& s,
                                      MonthRange period, Month through);

// The transition matrix from m0 to m1, per OCMW and for Flanders.
Transitions transitions(const Timelines& t, const Settings& s, Month m0, Month m1);

}  // namespace lap::measure
