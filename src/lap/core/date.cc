#include "lap/core/date.h"

#include <chrono>

#include <fmt/format.h>

#include "lap/core/fixed_digits.h"
#include "lap/core/month.h"

namespace lap {
namespace {

namespace chr = std::chrono;

chr::year_month_day to_ymd(int32_t days) {
  return chr::year_month_day(chr::sys_days(chr::days(days)));
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s)
    v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Result<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1800 || year > 9999) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("year {} out of range 1800..9999", year));
  }
  if (month < 1 || month > 12) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("month {} out of range 1..12", month));
  }
  if (day < 1 || day > days_in_month(year, month)) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("day {} does not exist in {:04d}-{:02d}", day, year, month));
  }
  chr::year_month_day ymd{chr::year(year), chr::month(static_cast<unsigned>(month)),
                          chr::day(static_cast<unsigned>(day))};
  return Date(static_cast<int32_t>(chr::sys_days(ymd).time_since_epoch().count()));
}

Result<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("'{}' is not an ISO date YYYY-MM-DD", text));
  }
  return from_ymd(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)));
}

Date Date::max() {
  static const Date kMax = *from_ymd(9999, 12, 31);
  return kMax;
}

int Date::year() const {
  return static_cast<int>(to_ymd(days_).year());
}
int Date::month() const {
  return static_cast<int>(static_cast<unsigned>(to_ymd(days_).month()));
}
int Date::day() const {
  return static_cast<int>(static_cast<unsigned>(to_ymd(days_).day()));
}

int Date::iso_weekday() const {
  return static_cast<int>(chr::weekday(chr::sys_days(chr::days(days_))).iso_encoding());
}

std::string Date::to_string() const {
  auto ymd = to_ymd(days_);
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    return fmt::format("{:04d}-{:02d}-{:02d}", year, static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
  }
  // By hand: this runs for every date of every imported row.
  std::string out = "0000-00-00";
  put_fixed_digits(out.data(), static_cast<unsigned>(year), 4);
  put_fixed_digits(out.data() + 5, static_cast<unsigned>(ymd.month()), 2);
  put_fixed_digits(out.data() + 8, static_cast<unsigned>(ymd.day()), 2);
  return out;
}

std::string Date::to_string_nl() const {
  return fmt::format("{} {} {}", day(), dutch_month_name(month()), year());
}

bool Date::is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int Date::days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

}  // namespace lap
