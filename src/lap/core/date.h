// Calendar dates (proleptic Gregorian), stored as days since 1970-01-01.
//
// `Date` is a small value type: cheap to copy, totally ordered, hashable.
// Parsing accepts ISO 8601 `YYYY-MM-DD` only; anything else is an error.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap {

class Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;

  // Returns an error when (year, month, day) is not a real calendar day or the
  // year lies outside 1800..9999.
  static Result<Date> from_ymd(int year, int month, int day);
  // Parses `YYYY-MM-DD` (exactly ten characters).
  static Result<Date> parse(std::string_view text);
  static constexpr Date from_days(int32_t days_since_epoch) { return Date(days_since_epoch); }
  // The largest date the system represents ("open end"): 9999-12-31.
  static Date max();

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // ISO weekday: 1 = Monday .. 7 = Sunday.
  int iso_weekday() const;
  constexpr int32_t days_since_epoch() const { return days_; }

  // `YYYY-MM-DD`.
  std::string to_string() const;
  // In Dutch words, for people: `1 juni 2024`.
  std::string to_string_nl() const;

  constexpr Date operator+(int days) const { return Date(days_ + days); }
  constexpr Date operator-(int days) const { return Date(days_ - days); }
  constexpr int32_t operator-(Date other) const { return days_ - other.days_; }
  constexpr auto operator<=>(const Date&) const = default;

  static bool is_leap_year(int year);
  static int days_in_month(int year, int month);

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

}  // namespace lap

template <>
struct std::hash<lap::Date> {
  size_t operator()(lap::Date d) const noexcept {
    return std::hash<int32_t>()(d.days_since_epoch());
  }
};
