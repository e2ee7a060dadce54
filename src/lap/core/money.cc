#include "lap/core/money.h"

#include <cstdlib>

#include <fmt/format.h>

#include "lap/core/number_format.h"

namespace lap {

Result<Money> Money::parse(std::string_view text) {
  auto fail = [&] {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("'{}' is not an amount in euro (e.g. 1234.56)", text));
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return fail();
  int64_t euros = 0;
  int64_t cents = 0;
  size_t i = 0;
  int int_digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (++int_digits > 15) return fail();
    euros = euros * 10 + (s[i] - '0');
  }
  if (int_digits == 0) return fail();
  if (i < s.size()) {
    if (s[i] != '.' && s[i] != ',') return fail();
    ++i;
    int decimals = 0;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9' || ++decimals > 2) return fail();
      cents = cents * 10 + (s[i] - '0');
    }
    if (decimals == 0) return fail();
    if (decimals == 1) cents *= 10;
  }
  int64_t total = euros * 100 + cents;
  return Money(negative ? -total : total);
}

std::string Money::to_string() const {
  uint64_t abs =
      cents_ < 0 ? static_cast<uint64_t>(-(cents_ + 1)) + 1 : static_cast<uint64_t>(cents_);
  return fmt::format("{}{}.{:02d}", cents_ < 0 ? "-" : "", abs / 100, abs % 100);
}

std::string Money::to_string_nl() const {
  uint64_t abs =
      cents_ < 0 ? static_cast<uint64_t>(-(cents_ + 1)) + 1 : static_cast<uint64_t>(cents_);
  return fmt::format("{}€ {},{:02d}", cents_ < 0 ? "-" : "",
                     grouped_nl(static_cast<int64_t>(abs / 100)), abs % 100);
}

}  // namespace lap
