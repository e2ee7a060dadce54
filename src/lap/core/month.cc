#include "lap/core/month.h"

#include <array>

#include <fmt/format.h>

#include "lap/core/fixed_digits.h"

namespace lap {

Result<Month> Month::from_ym(int year, int month) {
  if (year < 1800 || year > 9999) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("year {} out of range 1800..9999", year));
  }
  if (month < 1 || month > 12) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("month {} out of range 1..12", month));
  }
  return Month(year * 12 + month - 1);
}

Result<Month> Month::parse(std::string_view text) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (text.size() != 7 || text[4] != '-' || !digit(text[0]) || !digit(text[1]) || !digit(text[2]) ||
      !digit(text[3]) || !digit(text[5]) || !digit(text[6])) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("'{}' is not a month YYYY-MM", text));
  }
  int year =
      (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  return from_ym(year, month);
}

Month Month::of(Date date) {
  return Month(date.year() * 12 + date.month() - 1);
}

Date Month::first_day() const {
  return *Date::from_ymd(year(), month(), 1);
}

Date Month::last_day() const {
  return *Date::from_ymd(year(), month(), Date::days_in_month(year(), month()));
}

std::string Month::to_string() const {
  const int y = year();
  const int m = month();
  if (y < 0 || y > 9999) return fmt::format("{:04d}-{:02d}", y, m);
  // By hand: this runs for every month of every imported work row.
  std::string out = "0000-00";
  put_fixed_digits(out.data(), static_cast<unsigned>(y), 4);
  put_fixed_digits(out.data() + 5, static_cast<unsigned>(m), 2);
  return out;
}

std::string_view dutch_month_name(int month) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "januari", "februari", "maart",     "april",   "mei",      "juni",
      "juli",    "augustus", "september", "oktober", "november", "december"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : std::string_view("?");
}

std::string Month::to_string_nl() const {
  return fmt::format("{} {}", dutch_month_name(month()), year());
}

Result<MonthRange> MonthRange::parse(std::string_view text) {
  auto dots = text.find("..");
  if (dots == std::string_view::npos) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("'{}' is not a month range YYYY-MM..YYYY-MM", text));
  }
  auto first = Month::parse(text.substr(0, dots));
  if (!first) return std::unexpected(first.error());
  auto last = Month::parse(text.substr(dots + 2));
  if (!last) return std::unexpected(last.error());
  if (*last < *first) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("month range '{}' ends before it starts", text));
  }
  return MonthRange(*first, *last);
}

}  // namespace lap
