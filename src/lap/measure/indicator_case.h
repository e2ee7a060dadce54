// Data-driven indicator cases (docs/testing.md): a small text file gives the facts of a handful
// of persons, the settings and the figures expected of the engine, each derived by hand from
// domain.md §3 and docs/indicators.md. `parse_indicator_case` reads one file,
// `check_indicator_case` runs the engine on it and names every mismatch by file and line.
// Test support only: compiled into the test executables, not into lap_measure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/facts.h"
#include "lap/measure/figure.h"

namespace lap::measure::cases {

// One `expect` line: a figure (indicator, variant, period, OCMW → numerator, denominator,
// pending) or a cell of a transition matrix (ocmw nullopt: the Flemish total).
struct FigureExpectation {
  Indicator indicator = Indicator::kReach;
  std::string variant;
  Period period;
  Nis ocmw;
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
};
struct TransitionExpectation {
  Month from;
  Month to;
  std::optional<Nis> ocmw;
  Position before = Position::kOther;
  Position after = Position::kOther;
  int64_t count = 0;
};
struct Expectation {
  int line = 0;
  std::variant<FigureExpectation, TransitionExpectation> what;
};

// An `only` line: every non-zero figure of the indicator (or transition cell) that the case's
// computations produce must have an `expect` line.
struct OnlyRule {
  int line = 0;
  std::string indicator;  // an indicator id or "transitions"
  // `only INDICATOR half_years`: the rule covers the half years' figures only.
  bool half_years = false;
};

using CaseFact =
    std::variant<EntitlementFact, RegistrationFact, WorkFact, MeasureFact, IdentifierChangeFact>;

struct IndicatorCase {
  bool slow = false;  // `# tier: slow`
  MonthRange range{*Month::parse("2023-01"), *Month::parse("2024-12")};
  Settings settings;
  std::vector<CaseFact> facts;
  std::vector<Expectation> expectations;
  std::vector<OnlyRule> only;
};

// Parses a case; `file` prefixes the messages. Errors are "file:line: message"; a case with
// errors must not be checked.
struct ParsedCase {
  IndicatorCase value;
  std::vector<std::string> errors;
};
ParsedCase parse_indicator_case(std::string_view text, std::string_view file);

// A mismatch between the engine and the case, at the line that expected otherwise.
struct Mismatch {
  int line = 0;
  std::string message;
};
std::vector<Mismatch> check_indicator_case(const IndicatorCase& c);

}  // namespace lap::measure::cases
