// Exact rates (percentages) for the Lokaal Activeringspact.
//
// A `Rate` is a rational number num/den kept in lowest terms with den > 0, so
// 22.5% is 9/40 and never a binary floating-point approximation. Thresholds and
// advance percentages are rates; so are the derived "achieved %" and "earned %",
// which may be negative or above 100%.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap::pact {

class Rate {
 public:
  // Zero.
  constexpr Rate() = default;
  // num/den; an error when den == 0. The sign is carried by the numerator.
  static Result<Rate> fraction(int64_t num, int64_t den);
  // 2250 basis points = 22.5%.
  static Rate basis_points(int64_t bp);
  // Parses a percentage: `22.5`, `22,5`, `22.5%`, `-3` (at most 6 decimals).
  static Result<Rate> parse_percent(std::string_view text);

  constexpr int64_t num() const { return num_; }
  constexpr int64_t den() const { return den_; }

  // round_half_up(this × n): the nearest integer, exact halves upwards.
  int64_t apply_half_up(int64_t n) const;
  // floor(this × n).
  int64_t apply_floor(int64_t n) const;

  // `22.5%` with exactly `decimals` decimals (halves rounded away from zero),
  // trailing zeros kept: to_percent_string(1) of 1/5 is `20.0%`.
  std::string to_percent_string(int decimals = 1) const;
  // `22.5%`: the shortest exact form when there is one with at most 6
  // decimals, else six decimals.
  std::string to_string() const;
  // `22.5`: to_string() without the percent sign (files and the API).
  std::string to_decimal_string() const;
  // The Belgian presentation of text for people (the CLI): a decimal comma,
  // `22,5%` (to_string_nl) and `13,8%` (to_percent_string_nl(1)).
  std::string to_string_nl() const;
  std::string to_percent_string_nl(int decimals = 1) const;

  friend bool operator==(const Rate& a, const Rate& b) {
    return a.num_ == b.num_ && a.den_ == b.den_;
  }
  friend std::strong_ordering operator<=>(const Rate& a, const Rate& b);

 private:
  constexpr Rate(int64_t num, int64_t den) : num_(num), den_(den) {}
  int64_t num_ = 0;
  int64_t den_ = 1;
};

}  // namespace lap::pact
