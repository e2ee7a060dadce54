#include "lap/core/insz.h"

#include <fmt/format.h>

#include "lap/core/fixed_digits.h"

namespace lap {
namespace {

bool is_separator(char c) {
  return c == ' ' || c == '.' || c == '-';
}

uint64_t parse_digits(std::string_view s) {
  uint64_t v = 0;
  for (char c : s)
    v = v * 10 + static_cast<uint64_t>(c - '0');
  return v;
}

int check_for(uint64_t first9, bool from_2000s) {
  uint64_t n = from_2000s ? 2000000000ULL + first9 : first9;
  return static_cast<int>(97 - n % 97);
}

}  // namespace

const char* insz_problem_text(InszProblem problem) {
  switch (problem) {
    case InszProblem::kCharacters:
      return "only digits and the separators '.', '-' and space are allowed";
    case InszProblem::kLength:
      return "an INSZ has exactly 11 digits";
    case InszProblem::kChecksum:
      return "check digits do not match (mod 97, 19xx or 20xx rule)";
    case InszProblem::kMonth:
      return "month part must be 00-12 (national number), 20-32 or 40-52 (BIS number)";
    case InszProblem::kDay:
      return "day part is not a day of that month";
    case InszProblem::kSequence:
      return "sequence number must lie in 001-998";
    case InszProblem::kFutureBirth:
      return "birth date lies in the future";
  }
  return "invalid INSZ";
}

std::string Insz::compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (!is_separator(c) && c != '\t' && c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

int Insz::checksum_century(std::string_view d, int current_year) {
  if (d.size() != 11) return 0;
  for (char c : d) {
    if (c < '0' || c > '9') return 0;
  }
  uint64_t first9 = parse_digits(d.substr(0, 9));
  int check = static_cast<int>(parse_digits(d.substr(9, 2)));
  if (check_for(first9, false) == check) return 1900;
  int yy = static_cast<int>(parse_digits(d.substr(0, 2)));
  if (2000 + yy <= current_year && check_for(first9, true) == check) return 2000;
  return 0;
}

std::expected<Insz, InszProblem> Insz::parse(std::string_view text, Date today) {
  std::string d;
  d.reserve(11);
  // Trim surrounding whitespace, then drop separators.
  for (char c : text) {
    if (is_separator(c) || c == '\t' || c == '\r' || c == '\n') continue;
    if (c < '0' || c > '9') return std::unexpected(InszProblem::kCharacters);
    d.push_back(c);
  }
  if (d.size() != 11) return std::unexpected(InszProblem::kLength);
  int century = checksum_century(d, today.year());
  if (century == 0) return std::unexpected(InszProblem::kChecksum);
  Insz result(parse_digits(d), century == 2000);

  int mm = result.month_part();
  int month = mm;
  if (mm >= 40) {
    month = mm - 40;
  } else if (mm >= 20) {
    month = mm - 20;
  }
  if (month > 12 || (mm > 12 && mm < 20) || (mm > 32 && mm < 40) || mm > 52) {
    return std::unexpected(InszProblem::kMonth);
  }
  int day = result.day_part();
  int year = result.birth_year();
  if (day > 31 || (month != 0 && day != 0 && day > Date::days_in_month(year, month))) {
    return std::unexpected(InszProblem::kDay);
  }
  int seq = result.sequence();
  if (seq == 0 || seq == 999) return std::unexpected(InszProblem::kSequence);

  if (year > today.year()) return std::unexpected(InszProblem::kFutureBirth);
  if (year == today.year() && month != 0) {
    if (month > today.month()) return std::unexpected(InszProblem::kFutureBirth);
    if (month == today.month() && day > today.day())
      return std::unexpected(InszProblem::kFutureBirth);
  }
  return result;
}

std::expected<Insz, InszProblem> Insz::from_parts(InszKind kind, int birth_year, int month, int day,
                                                  int sequence, bool bis_sex_known, Date today) {
  if (birth_year < 1900 || birth_year > 2099) return std::unexpected(InszProblem::kFutureBirth);
  if (month < 0 || month > 12) return std::unexpected(InszProblem::kMonth);
  if (day < 0 || day > 31) return std::unexpected(InszProblem::kDay);
  if (sequence < 1 || sequence > 998) return std::unexpected(InszProblem::kSequence);
  int mm = month;
  if (kind == InszKind::kBis) mm += bis_sex_known ? 40 : 20;
  uint64_t first9 = static_cast<uint64_t>(birth_year % 100) * 10000000ULL +
                    static_cast<uint64_t>(mm) * 100000ULL + static_cast<uint64_t>(day) * 1000ULL +
                    static_cast<uint64_t>(sequence);
  int check = check_for(first9, birth_year >= 2000);
  std::string text = fmt::format("{:09d}{:02d}", first9, check);
  auto parsed = parse(text, today);
  if (parsed && parsed->birth_year() != birth_year) {
    // A 19xx number whose check collides with the 20xx rule cannot exist; the
    // parse above always picks the matching century, so this is a bug guard.
    return std::unexpected(InszProblem::kChecksum);
  }
  return parsed;
}

std::string Insz::digits() const {
  std::string out(11, '0');
  put_fixed_digits(out.data(), value_, 11);
  return out;
}

std::string Insz::format() const {
  std::string d = digits();
  return fmt::format("{}.{}.{}-{}.{}", d.substr(0, 2), d.substr(2, 2), d.substr(4, 2),
                     d.substr(6, 3), d.substr(9, 2));
}

int Insz::month_part() const {
  return static_cast<int>(value_ / 10000000ULL % 100);
}
int Insz::day_part() const {
  return static_cast<int>(value_ / 100000ULL % 100);
}
int Insz::sequence() const {
  return static_cast<int>(value_ / 100ULL % 1000);
}

InszKind Insz::kind() const {
  return month_part() >= 20 ? InszKind::kBis : InszKind::kNational;
}

Sex Insz::sex() const {
  int mm = month_part();
  if (mm >= 20 && mm < 40) return Sex::kUnknown;
  return sequence() % 2 == 1 ? Sex::kMale : Sex::kFemale;
}

int Insz::birth_year() const {
  return (from_2000s_ ? 2000 : 1900) + static_cast<int>(value_ / 1000000000ULL);
}

std::optional<int> Insz::birth_month() const {
  int m = month_part() % 20;
  if (month_part() >= 40) m = month_part() - 40;
  if (m == 0) return std::nullopt;
  return m;
}

std::optional<int> Insz::birth_day() const {
  int d = day_part();
  if (d == 0) return std::nullopt;
  return d;
}

std::optional<Date> Insz::birth_date() const {
  auto m = birth_month();
  auto d = birth_day();
  if (!m || !d) return std::nullopt;
  auto date = Date::from_ymd(birth_year(), *m, *d);
  if (!date) return std::nullopt;
  return *date;
}

}  // namespace lap
