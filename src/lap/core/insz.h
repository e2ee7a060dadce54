// INSZ: the Belgian social-security identification number (domain.md §2).
//
// Either a national number (rijksregisternummer) or a BIS number (for persons
// not in the national register). Layout `YYMMDDSSSCC`:
//   YYMMDD  birth date; parts may be 00 when unknown;
//           BIS numbers add 20 (sex unknown) or 40 (sex known) to the month;
//   SSS     sequence 001..998, odd for men and even for women;
//   CC      97 - (YYMMDDSSS mod 97); for births from 2000 on the check is
//           computed over the number `2YYMMDDSSS` instead.
// Presentation format: `YY.MM.DD-SSS.CC`.
//
// Validation is pure: the caller passes the current year (for the rule that a
// number can only be from the 2000s when that year has begun) and today's date
// (a birth date may not lie in the future).
#pragma once

#include <compare>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lap/core/date.h"

namespace lap {

enum class InszKind { kNational, kBis };
enum class Sex { kUnknown, kMale, kFemale };

// The rule an INSZ breaks, in the order they are checked.
enum class InszProblem {
  kCharacters,  // something other than digits and the separators ' ', '.', '-'
  kLength,      // not 11 digits
  kChecksum,    // check digits match neither the 19xx nor the 20xx rule
  kMonth,       // month part not in 00..12, 20..32 or 40..52
  kDay,         // day part not in 00..31, or not a day of that month
  kSequence,    // sequence 000 or 999
  kFutureBirth  // birth date after today
};

// Dutch-free, developer-facing description of the rule, e.g. "check digits do not match".
const char* insz_problem_text(InszProblem problem);

class Insz {
 public:
  constexpr Insz() = default;

  // Parses with or without separators. `today` decides the century rule and
  // the future-birth rule.
  static std::expected<Insz, InszProblem> parse(std::string_view text, Date today);

  // Builds a number from its parts, computing the check digits. `month` and
  // `day` may be 0 (unknown). For BIS numbers `bis_sex_known` selects the +40
  // offset (else +20). Fails with the problem the parts would cause.
  static std::expected<Insz, InszProblem> from_parts(InszKind kind, int birth_year, int month,
                                                     int day, int sequence, bool bis_sex_known,
                                                     Date today);

  // Strips the separators ' ', '.', '-' (and surrounding whitespace).
  static std::string compact(std::string_view text);

  // The check-digit test alone (no date or sequence rules): returns 1900 or
  // 2000 for the century whose rule matches, or 0 if neither does or the input
  // is not 11 digits. 20xx is only tried when 2000 + YY <= current_year.
  static int checksum_century(std::string_view digits11, int current_year);

  // 11 digits.
  std::string digits() const;
  // `YY.MM.DD-SSS.CC`.
  std::string format() const;
  // The 11-digit number as an integer (compact storage, hashing).
  constexpr uint64_t value() const { return value_; }

  InszKind kind() const;
  Sex sex() const;
  int birth_year() const;
  // 1..12, or nullopt when unknown.
  std::optional<int> birth_month() const;
  // 1..31, or nullopt when unknown.
  std::optional<int> birth_day() const;
  // The full birth date when month and day are known.
  std::optional<Date> birth_date() const;
  int sequence() const;

  constexpr bool empty() const { return value_ == 0; }
  constexpr auto operator<=>(const Insz& o) const { return value_ <=> o.value_; }
  constexpr bool operator==(const Insz& o) const { return value_ == o.value_; }

 private:
  constexpr Insz(uint64_t value, bool from_2000s) : value_(value), from_2000s_(from_2000s) {}
  int month_part() const;
  int day_part() const;

  uint64_t value_ = 0;
  bool from_2000s_ = false;
};

}  // namespace lap

template <>
struct std::hash<lap::Insz> {
  size_t operator()(const lap::Insz& i) const noexcept { return std::hash<uint64_t>()(i.value()); }
};
