#include "lap/pact/rate.h"

#include <cstdlib>
#include <numeric>

#include "lap/pact/int128.h"

namespace lap::pact {

using detail::Int128;

Result<Rate> Rate::fraction(int64_t num, int64_t den) {
  if (den == 0) return make_error(ErrorCode::kInvalidArgument, "rate: denominator is zero");
  if (den < 0) {
    num = -num;
    den = -den;
  }
  int64_t g = std::gcd(num, den);
  if (g == 0) g = 1;
  return Rate(num / g, den / g);
}

Rate Rate::basis_points(int64_t bp) {
  return *fraction(bp, 10000);
}

Result<Rate> Rate::parse_percent(std::string_view text) {
  auto bad = [&] {
    return make_error(ErrorCode::kInvalidArgument, "not a percentage: '" + std::string(text) +
                                                       "' (expected e.g. 22.5 or 22,5%)");
  };
  std::string_view t = text;
  if (!t.empty() && t.back() == '%') t.remove_suffix(1);
  bool negative = false;
  if (!t.empty() && (t.front() == '-' || t.front() == '+')) {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  if (t.empty()) return bad();
  int64_t digits = 0;
  int64_t scale = 1;
  bool seen_sep = false;
  int int_digits = 0;
  int decimals = 0;
  for (char c : t) {
    if (c == '.' || c == ',') {
      if (seen_sep) return bad();
      seen_sep = true;
      continue;
    }
    if (c < '0' || c > '9') return bad();
    if (seen_sep) {
      if (++decimals > 6) return bad();
      scale *= 10;
    } else if (++int_digits > 9) {
      return bad();
    }
    digits = digits * 10 + (c - '0');
  }
  if (int_digits == 0 || (seen_sep && decimals == 0)) return bad();
  return fraction(negative ? -digits : digits, scale * 100);
}

int64_t Rate::apply_half_up(int64_t n) const {
  return static_cast<int64_t>(detail::div_half_up(Int128(num_) * n, den_));
}

int64_t Rate::apply_floor(int64_t n) const {
  return static_cast<int64_t>(detail::floor_div(Int128(num_) * n, den_));
}

namespace {

std::string format_scaled(Int128 value, int decimals) {
  bool negative = value < 0;
  if (negative) value = -value;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  while (static_cast<int>(digits.size()) <= decimals)
    digits.insert(digits.begin(), '0');
  if (decimals > 0) digits.insert(digits.end() - decimals, '.');
  if (negative) digits.insert(digits.begin(), '-');
  return digits;
}

}  // namespace

std::string Rate::to_percent_string(int decimals) const {
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  Int128 scale = 100;
  for (int i = 0; i < decimals; ++i)
    scale *= 10;
  Int128 a = Int128(num_) * scale;
  // Halves away from zero.
  Int128 mag = a < 0 ? -a : a;
  Int128 q = (2 * mag + den_) / (2 * Int128(den_));
  return format_scaled(a < 0 ? -q : q, decimals) + "%";
}

std::string Rate::to_string() const {
  for (int d = 0; d <= 6; ++d) {
    Int128 scale = 100;
    for (int i = 0; i < d; ++i)
      scale *= 10;
    if ((Int128(num_) * scale) % den_ == 0)
      return format_scaled(Int128(num_) * scale / den_, d) + "%";
  }
  return to_percent_string(6);
}

std::strong_ordering operator<=>(const Rate& a, const Rate& b) {
  Int128 l = Int128(a.num_) * b.den_;
  Int128 r = Int128(b.num_) * a.den_;
  if (l < r) return std::strong_ordering::less;
  if (l > r) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

std::string Rate::to_decimal_string() const {
  std::string s = to_string();
  if (!s.empty() && s.back() == '%') s.pop_back();
  return s;
}

namespace {

std::string with_decimal_comma(std::string s) {
  for (char& c : s)
    if (c == '.') c = ',';
  return s;
}

}  // namespace

std::string Rate::to_string_nl() const {
  return with_decimal_comma(to_string());
}

std::string Rate::to_percent_string_nl(int decimals) const {
  return with_decimal_comma(to_percent_string(decimals));
}

}  // namespace lap::pact
