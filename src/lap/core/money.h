// Amounts of money in euro cents. Never floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_cents(int64_t cents) { return Money(cents); }
  static constexpr Money from_euros(int64_t euros) { return Money(euros * 100); }
  // Parses `-1234.56`, `1234,5`, `1234` (a dot or a comma as decimal separator,
  // at most two decimals, no thousands separators).
  static Result<Money> parse(std::string_view text);

  constexpr int64_t cents() const { return cents_; }

  // `1234.56` (machine format: CSV, JSON).
  std::string to_string() const;
  // `€ 1.234,56` (Dutch presentation).
  std::string to_string_nl() const;

  constexpr Money operator+(Money o) const { return Money(cents_ + o.cents_); }
  constexpr Money operator-(Money o) const { return Money(cents_ - o.cents_); }
  constexpr Money operator*(int64_t k) const { return Money(cents_ * k); }
  constexpr Money& operator+=(Money o) {
    cents_ += o.cents_;
    return *this;
  }
  constexpr Money& operator-=(Money o) {
    cents_ -= o.cents_;
    return *this;
  }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t cents) : cents_(cents) {}
  int64_t cents_ = 0;
};

}  // namespace lap
