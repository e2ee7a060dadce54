// The primary rule of small-cell suppression (domain.md §5, docs/indicators.md
// "Kleine aantallen"): a cell is *primary* when a count it reveals lies in
// 1..k-1 — its numerator, its pending count, its denominator, or the rest of
// its denominator (denominator - numerator - pending), which would otherwise
// give away the few persons *not* counted. Zero is shown. k <= 1 turns
// suppression off.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace lap::publish {

struct Counts {
  int64_t numerator = 0;
  int64_t pending = 0;
  int64_t denominator = 0;
  int64_t rest() const { return denominator - numerator - pending; }
  bool empty() const { return numerator == 0 && pending == 0 && denominator == 0; }
  void add(const Counts& o) {
    numerator += o.numerator;
    pending += o.pending;
    denominator += o.denominator;
  }
  bool operator==(const Counts&) const = default;
};

// The counts a cell reveals, as bits of a mask.
enum class Quantity : uint8_t { kNumerator, kPending, kDenominator, kRest };
inline constexpr int kQuantities = 4;

inline std::string_view to_id(Quantity q) {
  switch (q) {
    case Quantity::kNumerator:
      return "numerator";
    case Quantity::kPending:
      return "pending";
    case Quantity::kDenominator:
      return "denominator";
    case Quantity::kRest:
      return "rest";
  }
  return "?";
}

inline int64_t value(const Counts& c, Quantity q) {
  switch (q) {
    case Quantity::kNumerator:
      return c.numerator;
    case Quantity::kPending:
      return c.pending;
    case Quantity::kDenominator:
      return c.denominator;
    case Quantity::kRest:
      return c.rest();
  }
  return 0;
}

// The quantities of `c` in 1..k-1 (bit i for Quantity i); the rest only when
// there is a denominator.
inline uint8_t sensitive(const Counts& c, int k) {
  uint8_t out = 0;
  auto small = [k](int64_t n) { return n >= 1 && n < k; };
  if (small(c.numerator)) out |= 1U << 0;
  if (small(c.pending)) out |= 1U << 1;
  if (small(c.denominator)) out |= 1U << 2;
  if (c.denominator > 0 && small(c.rest())) out |= 1U << 3;
  return out;
}

inline bool primary(const Counts& c, int k) {
  return sensitive(c, k) != 0;
}

}  // namespace lap::publish
