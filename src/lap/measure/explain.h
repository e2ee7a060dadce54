// Why a person counts or not: a structured, per-indicator explanation of one
// person's timeline in one month (domain.md §3: "every person's timeline shows why
// they count or not"). `lap explain` prints `to_lines()`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/figure.h"
#include "lap/measure/timeline.h"

namespace lap::measure {

struct ExplainItem {
  enum class Role : uint8_t { kNotCounted, kDenominator, kNumerator, kPending };
  Indicator indicator = Indicator::kReach;
  std::string variant;
  Period period;
  std::optional<Nis> ocmw;  // the OCMW the unit is attributed to
  Role role = Role::kNotCounted;
  std::string reason;  // English, one sentence
};

struct Explanation {
  uint32_t person = 0;
  Month month;
  std::vector<std::string> facts;  // the person's state in the month
  std::vector<ExplainItem> items;  // per indicator (and trajectory)
};

enum class Language : uint8_t { kEnglish, kDutch };

// Explains month `m` of `person`. Monthly indicators are explained for `m`,
// quarterly ones for the quarter of `m`; lap_result for `lap_period` (default:
// the single month m, i.e. "does an outflow starting in m qualify").
// `language` chooses the texts of facts and reasons (the CLI's English or the
// web pages' Dutch); the roles and ids stay the same.
Explanation explain(const Timelines& t, uint32_t person, Month m, const Settings& s,
                    std::optional<MonthRange> lap_period = std::nullopt,
                    Language language = Language::kEnglish);

// Explains the half year `half` (a Period::half_year) of `person`: the
// half-year figures of reach, ukrainian reach, reach_indicative and
// twe_active (each unit once, docs/indicators.md "Halfjaren") and the
// quarterly indicators over the whole half year.
Explanation explain_half_year(const Timelines& t, uint32_t person, const Period& half,
                              const Settings& s, Language language = Language::kEnglish);

// The explanation behind a figure of `period`: explain_half_year for a half
// year, else explain() of the period's month (a quarter's first month, a
// range's last, with the range as the LAP call period).
Explanation explain_for(const Timelines& t, uint32_t person, const Period& period,
                        const Settings& s, Language language = Language::kEnglish);

std::string_view to_string(ExplainItem::Role r);
std::vector<std::string> to_lines(const Explanation& e);

}  // namespace lap::measure
