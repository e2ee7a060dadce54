// What an attacker knows about how the published figures hang together
// (docs/indicators.md): the kinds of units behind the figures of one block —
// a month of the monthly indicators, a half year of their half-year figures, a
// half year of a quarterly one (its two quarters and the half year), a LAP call —
// and how each published number counts them.
//
// Written from the definitions, apart from the measurement engine's own
// bookkeeping (measure/inner.h) and the protector that relies on it
// (publish/protect.h), so that the audit checks them rather than repeats
// them. A unit kind the definitions allow is in the model even when no unit
// of that kind exists, because the attacker cannot know that; a kind the data
// end rules out (a pending outcome whose window lies before it) is not.
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "lap/core/month.h"
#include "lap/measure/figure.h"

namespace lap::audit {

// How one unit kind counts in one published figure.
struct Coefficients {
  int numerator = 0;
  int pending = 0;
  int denominator = 0;
};

enum class Group : uint8_t {
  kMonthly,
  kCat05Outflow,
  kTweExit,
  kWijkWerken,
  kSeThroughput,
  kLap,
  // The case figures of a month (handovers decided, transmissions due,
  // leefloners); for them the data end L is the month of the day they were
  // computed.
  kCaseHandovers,
  kCaseTransmissions,
  kCaseActions,
  // The monthly indicators over a half year: distinct persons.
  kHalfYear,
};

// A block: the figures that share units. `start` is the month (monthly), the
// first month of the half year (the half-year figures of the monthly
// indicators; a quarterly indicator's two quarters and their half year, which
// hold the same units), or the first month of the LAP call period.
struct BlockKey {
  Group group = Group::kMonthly;
  Month start;
  auto operator<=>(const BlockKey&) const = default;
};

// The block of a published figure; nullopt for an indicator the audit does not know.
std::optional<BlockKey> block_of(measure::Indicator indicator, const measure::Period& period);

class BlockModel {
 public:
  // `last` is the last month of a LAP block's figures (ignored otherwise);
  // `data_end` is the run's data end month L.
  BlockModel(BlockKey key, Month last, Month data_end);

  int kinds() const { return static_cast<int>(kinds_.size()); }
  // The coefficients of every unit kind in the figure, or nullopt when the
  // figure is not one of this block's.
  std::optional<std::vector<Coefficients>> figure(measure::Indicator indicator,
                                                  std::string_view variant,
                                                  const measure::Period& period) const;

 private:
  // The attributes of a unit kind; their meaning depends on the group.
  struct Kind {
    int a = 0;
    int b = 0;
    int c = 0;
    int d = 0;
    int e = 0;
    int f = 0;
    int g = 0;  // a quarterly indicator's unit: its quarter of the half year (0, 1)
  };
  // A unit's kinds and roles in one quarter of a quarterly indicator, starting in `m`.
  static std::vector<Kind> quarter_kinds(Group group, Month m, Month data_end);
  static std::optional<Coefficients> quarter_role(Group group, const Kind& u,
                                                  std::string_view variant);
  std::optional<Coefficients> role(const Kind& u, measure::Indicator indicator,
                                   std::string_view variant, const measure::Period& period) const;

  BlockKey key_;
  Month last_;
  std::vector<Kind> kinds_;
};

}  // namespace lap::audit
