// The vocabulary of measurement results: settings, indicator ids, periods and
// the uniform `Figure` every indicator is reported as (docs/indicators.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"

namespace lap::measure {

struct Settings {
  // Months at work with an OCMW_ART60 (TWE-OCMW) employer do not count as work.
  bool exclude_art60 = true;
  // L, the data end month. Default: the latest last month of any work fact
  // (the timeline's last month when there is none). The engine never looks past
  // the timeline's last month: an L beyond it is cut to it.
  std::optional<Month> data_end;
};

// Stable ids; `to_id` gives the snake_case name used in files, APIs and the UI.
enum class Indicator : uint8_t {
  kReach,
  kReachIndicative,
  kLapResult,
  kOutflowRate,
  kCat05Outflow,
  kTweActive,
  kTweExit,
  kWijkWerken,
  kSeThroughput,
  kUkrainianReach,
  // Case figures (docs/indicators.md "Dossiercijfers"): computed live from the
  // shared cases (lap/cases/case_figures.h), never part of a measurement run.
  kHandoverLeadTime,
  kTransmissionsInTime,
  kLeeflonersWithAction,
};
std::string_view to_id(Indicator i);
std::optional<Indicator> indicator_from_id(std::string_view id);

// A month, a calendar quarter, a half year (January-June or July-December) or
// an arbitrary month range (inclusive).
struct Period {
  enum class Kind : uint8_t { kMonth, kQuarter, kRange, kHalfYear };
  Kind kind = Kind::kMonth;
  Month first;
  Month last;

  static Period month(Month m) { return {Kind::kMonth, m, m}; }
  // The quarter that contains `m`.
  static Period quarter(Month m) {
    const Month q0 = Month::from_index(m.index() - m.index() % 3);
    return {Kind::kQuarter, q0, q0 + 2};
  }
  // The half year that contains `m`.
  static Period half_year(Month m) {
    const Month h0 = Month::from_index(m.index() - m.index() % 6);
    return {Kind::kHalfYear, h0, h0 + 5};
  }
  static Period range(Month first, Month last) { return {Kind::kRange, first, last}; }
  // `2024-03`, `2024-Q1`, `2024-H1` or `2024-01..2024-06`.
  std::string to_string() const;
  // The inverse of to_string(); nullopt for anything else (a range must not end
  // before it starts).
  static std::optional<Period> parse(std::string_view text);
  bool operator==(const Period&) const = default;
};

// One number of one indicator for one OCMW and period. `numerator` counts the
// confirmed units, `pending` the units not (yet) in the numerator whose
// outcome the data cannot decide yet (always 0 for indicators without an
// outcome window), `denominator` the units measured (0 when the indicator has
// none, as for lap_result).
struct Figure {
  Indicator indicator = Indicator::kReach;
  std::string_view variant;  // static storage: "all", "LL", "vdab", ...
  Period period;
  Nis ocmw;
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
};

// Outflow status of a person for a start month s (docs/indicators.md).
enum class OutflowStatus : uint8_t { kNone, kConfirmed, kPending, kFailed };
std::string_view to_string(OutflowStatus s);

// Socio-economic position in a month, for transitions.
enum class Position : uint8_t { kWorkEmp, kWorkSelf, kRmi, kActivation, kJobseeker, kOther };
inline constexpr int kPositionCount = 6;
std::string_view to_id(Position p);  // WORK_EMP, WORK_SELF, RMI, ACTIVATION, JOBSEEKER, OTHER

// counts[from * kPositionCount + to]; the OTHER row is always zero.
struct TransitionMatrix {
  Nis ocmw;  // Nis{} (code 0) for the Flemish total
  std::array<int64_t, static_cast<size_t>(kPositionCount) * kPositionCount> counts{};
  int64_t at(Position from, Position to) const {
    return counts[static_cast<size_t>(from) * kPositionCount + static_cast<size_t>(to)];
  }
};

struct Transitions {
  Month from;
  Month to;
  std::vector<TransitionMatrix> per_ocmw;  // ordered by NIS, only OCMWs with a row
  TransitionMatrix flanders;               // every person, attributed or not
};

}  // namespace lap::measure
