// Calendar months (`YYYY-MM`), the unit of all measurement (domain.md §2).
//
// A `Month` is an integer index (year * 12 + month - 1), so month arithmetic is
// plain integer arithmetic. `MonthRange` is an inclusive range [first, last]
// that can be iterated with a range-for.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "lap/core/date.h"
#include "lap/core/error.h"

namespace lap {

class Month {
 public:
  constexpr Month() = default;
  static Result<Month> from_ym(int year, int month);
  // Parses `YYYY-MM` (exactly seven characters).
  static Result<Month> parse(std::string_view text);
  static constexpr Month from_index(int32_t index) { return Month(index); }
  // The month containing `date`.
  static Month of(Date date);

  constexpr int32_t index() const { return index_; }
  constexpr int year() const { return index_ / 12; }
  constexpr int month() const { return index_ % 12 + 1; }
  // 1..4.
  constexpr int quarter() const { return (month() - 1) / 3 + 1; }
  Date first_day() const;
  Date last_day() const;
  // `YYYY-MM`.
  std::string to_string() const;
  // In Dutch words, for people: `december 2025`.
  std::string to_string_nl() const;

  constexpr Month operator+(int months) const { return Month(index_ + months); }
  constexpr Month operator-(int months) const { return Month(index_ - months); }
  // Number of months from `other` to this month.
  constexpr int operator-(Month other) const { return index_ - other.index_; }
  constexpr Month& operator++() {
    ++index_;
    return *this;
  }
  constexpr auto operator<=>(const Month&) const = default;

 private:
  constexpr explicit Month(int32_t index) : index_(index) {}
  int32_t index_ = 1970 * 12;
};

// Inclusive range of months. Empty when last < first.
// The Dutch name of month 1..12: `januari` ... `december`.
std::string_view dutch_month_name(int month);

class MonthRange {
 public:
  constexpr MonthRange(Month first, Month last) : first_(first), last_(last) {}
  // Parses `YYYY-MM..YYYY-MM`.
  static Result<MonthRange> parse(std::string_view text);

  constexpr Month first() const { return first_; }
  constexpr Month last() const { return last_; }
  constexpr int size() const { return last_ < first_ ? 0 : (last_ - first_) + 1; }
  constexpr bool empty() const { return size() == 0; }
  constexpr bool contains(Month m) const { return first_ <= m && m <= last_; }

  class Iterator {
   public:
    using value_type = Month;
    using difference_type = int;
    constexpr Iterator() = default;
    constexpr explicit Iterator(Month m) : m_(m) {}
    constexpr Month operator*() const { return m_; }
    constexpr Iterator& operator++() {
      ++m_;
      return *this;
    }
    constexpr Iterator operator++(int) {
      Iterator t = *this;
      ++m_;
      return t;
    }
    constexpr bool operator==(const Iterator&) const = default;

   private:
    Month m_;
  };
  constexpr Iterator begin() const { return Iterator(first_); }
  constexpr Iterator end() const { return Iterator(empty() ? first_ : last_ + 1); }
  constexpr bool operator==(const MonthRange&) const = default;

 private:
  Month first_;
  Month last_;
};

}  // namespace lap

template <>
struct std::hash<lap::Month> {
  size_t operator()(lap::Month m) const noexcept { return std::hash<int32_t>()(m.index()); }
};
