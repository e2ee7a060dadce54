// Inner cells: the joint classification behind the figures (docs/indicators.md,
// "Kleine aantallen").
//
// The figures of one *family* are computed over one population of units
// (leefloner-months, cohort members, trajectories, LAP outflows) of one OCMW
// and one *block* period, and every unit has a role in each figure of its
// family: numerator, pending, in the denominator, or none. The role vector of
// a unit is its *signature*; an inner cell counts the units of one OCMW, block
// and signature. Every figure is a sum of inner cells, which makes explicit
// how figures that share units are linked: `reach` LL + ELL = all, the
// denominator of reach equals that of outflow_rate, the LAP result through a
// month contains the result through the month before, and so on. Disclosure
// control (lap/publish) works on these cells.
//
// Families and their signatures (fixed codes):
//  - kMonthly, block = a month, 8 figures: reach all/LL/ELL, reach_indicative,
//    outflow_rate all/vdab, twe_active, ukrainian_reach. Signatures 0..17 are
//    leefloners: kind (LL, ELL, ELL with the ukrainian flag) x registered
//    (no, yes) x outflow (none, confirmed, pending), code (kind*2 + reg)*3 +
//    outflow; 18 = a person active in TWE-OCMW at the OCMW; 19 = a person with
//    a category-05 registration attributed to the OCMW.
//  - kHalfYear, block = a half year, 6 figures: reach all/LL/ELL,
//    reach_indicative, twe_active, ukrainian_reach over the half year. A unit
//    is a distinct person: a leefloner of the half year, attributed to the OCMW
//    and kind of their last leefloner month in it, registered when registered
//    in at least one of their leefloner months of it (signatures 0..5: kind*2 +
//    reg); 6 = a person active in TWE-OCMW at the OCMW in some month of it;
//    7 = a person with a category-05 registration attributed to the OCMW in
//    some month of it. It shares persons with the months' blocks but no inner
//    cells: no half-year figure is a sum of monthly ones.
//  - The four quarterly families below have a half year as their block, so
//    that a half year's figure and its two quarters' figures are sums of the
//    same inner cells: figures 0..F-1 are the first quarter's, F..2F-1 the
//    second's and 2F..3F-1 the half year's (F = the family's figures per
//    period). When only one of the half year's quarters lies wholly inside the
//    run, the block is that quarter and has only its F figures. A trajectory's
//    signature is pos*S + its code below, pos the quarter it ends in (0 or 1),
//    S the family's codes; it counts in its quarter and in the half year.
//  - kCat05Outflow, 1 figure; a person whose category-05 registration starts
//    in the half year, with an outcome (0 rest, 1 numerator, 2 pending) a in
//    the first quarter and b in the second (-1: no start there), each at the
//    earliest start of the quarter: code nh*16 + (a+1)*4 + (b+1). In the half
//    year the person counts once, at the earliest start (a, else b), unless
//    nh = 1: a person whose two quarters' earliest registrations belong to two
//    OCMWs is two units, (a, -1) at the first and (-1, b) with nh = 1 at the
//    second, which counts in the second quarter only.
//  - kTweExit, 5 figures (work_end3, work_any12, durable, employee_end3,
//    self_end3); a trajectory's code is its outcome: at_end3 (none, employee,
//    self) x end3_open x any12 x end12_open x durable x durable_open, code
//    at_end3*32 + end3_open*16 + any12*8 + end12_open*4 + durable*2 +
//    durable_open.
//  - kWijkWerken, 2 figures (work_any3, learning): code any3*4 + open*2 +
//    learning.
//  - kSeThroughput, 2 figures (lde, collectief_maatwerk): code measure*3 +
//    outcome (rest, numerator, pending).
//  - kLapResult, block = a call period first..last, one figure per month m of
//    it (the result through m, period first..m): code 2*i + pending, i = the
//    offset of the person's earliest qualifying start month.
//  - The case figures (lap/cases/case_figures.h), block = a month, 1 figure
//    each, computed from the shared cases rather than the timelines:
//    kCaseHandovers (handover_lead_time; a handover decided in the month:
//    0 declined, 1 accepted), kCaseTransmissions (transmissions_in_time; a
//    transmission due in the month: 0 late or unanswered past its deadline,
//    1 answered in time, 2 pending: unanswered, its deadline not passed — in
//    no denominator) and kCaseActions (leefloners_with_action; a leefloner of
//    the month: 0 without, 1 with an agreed action).
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/figure.h"

namespace lap::measure {

enum class Family : uint8_t {
  kMonthly,
  kCat05Outflow,
  kTweExit,
  kWijkWerken,
  kSeThroughput,
  kLapResult,
  kCaseHandovers,
  kCaseTransmissions,
  kCaseActions,
  kHalfYear,
};
std::string_view to_id(Family f);  // monthly, half_year, cat05_outflow, twe_exit, ...

// A unit's role in one figure, as bits.
inline constexpr uint8_t kRoleNumerator = 1;
inline constexpr uint8_t kRolePending = 2;
inline constexpr uint8_t kRoleDenominator = 4;

// The inner cells of one family and block, for every OCMW with a unit.
struct InnerBlock {
  Family family = Family::kMonthly;
  Period block;
  std::vector<Nis> ocmws;       // ascending
  std::vector<int64_t> counts;  // ocmws.size() rows of signatures(): units per signature
  // The same shape: the sum of the units' record keys modulo 2^32 (a record
  // key is a 32-bit value derived from the person's pseudonym; the cell-key
  // method of lap/publish/cell_key.h perturbs a count by the sum of its keys).
  std::vector<uint32_t> keys;

  int signatures() const;
  int figures() const;
  Indicator indicator(int figure) const;
  std::string_view variant(int figure) const;  // static storage
  Period period(int figure) const;
  // kRole* bits of `signature` in `figure`.
  uint8_t role(int signature, int figure) const;

  std::span<const int64_t> row(size_t ocmw) const {
    const auto n = static_cast<size_t>(signatures());
    return {counts.data() + ocmw * n, n};
  }
  std::span<const uint32_t> key_row(size_t ocmw) const {
    const auto n = static_cast<size_t>(signatures());
    return {keys.data() + ocmw * n, n};
  }
};

// The figures of a block (numerator, pending and denominator summed over the
// inner cells), appended to `out` for every OCMW and figure with a non-zero
// number.
void append_figures(const InnerBlock& b, std::vector<Figure>& out);

}  // namespace lap::measure
