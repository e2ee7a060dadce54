// INSZ parsing (lap/core/insz.h) on arbitrary text. The first byte picks
// today's date (it decides the century and future-birth rules); the rest is
// the text. A number that parses must survive the round trips: its 11 digits
// and its presentation format parse to the same number, `from_parts` rebuilds
// it from its parts, and its check digits match the century of its birth year.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lap/core/date.h"
#include "lap/core/insz.h"

namespace {

using namespace lap;

void require(bool condition) {
  if (!condition) std::abort();
}

Date today_for(uint8_t selector) {
  static const std::array<Date, 4> kDays = {*Date::parse("2026-06-30"), *Date::parse("2000-01-01"),
                                            *Date::parse("1999-12-31"), *Date::parse("2099-12-31")};
  return kDays[selector % kDays.size()];
}

}  // namespace

// The entry point libFuzzer calls, by its fixed name.
extern "C" int LLVMFuzzerTestOneInput(  // NOLINT(readability-identifier-naming)
    const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Date today = today_for(data[0]);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)Insz::compact(text);
  (void)Insz::checksum_century(text, today.year());
  auto parsed = Insz::parse(text, today);
  if (!parsed) {
    require(insz_problem_text(parsed.error()) != nullptr);
    return 0;
  }
  const Insz insz = *parsed;
  require(!insz.empty());
  const std::string digits = insz.digits();
  require(digits.size() == 11);
  require(insz.format().size() == 15);
  auto again = Insz::parse(digits, today);
  require(again && *again == insz);
  auto formatted = Insz::parse(insz.format(), today);
  require(formatted && *formatted == insz);

  const int century = Insz::checksum_century(digits, today.year());
  require(century == 1900 || century == 2000);
  require(insz.birth_year() >= century && insz.birth_year() < century + 100);
  require(insz.sequence() >= 1 && insz.sequence() <= 998);
  if (auto birth = insz.birth_date()) require(*birth <= today);

  const bool bis = insz.kind() == InszKind::kBis;
  auto rebuilt = Insz::from_parts(insz.kind(), insz.birth_year(), insz.birth_month().value_or(0),
                                  insz.birth_day().value_or(0), insz.sequence(),
                                  bis && insz.sex() != Sex::kUnknown, today);
  require(rebuilt && *rebuilt == insz);
  return 0;
}
