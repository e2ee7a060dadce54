// NIS codes (REFNIS, Statbel): 5-digit codes of municipalities.
//
// The first digit is the province (1 Antwerpen, 2 Brabant, 3 West-Vlaanderen,
// 4 Oost-Vlaanderen, 7 Limburg, ...), the first two the arrondissement. This type
// checks only the syntax; whether a code is a known municipality is for
// `lap::geo::Registry`.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap {

class Nis {
 public:
  constexpr Nis() = default;
  // Exactly five digits, first digit 1..9.
  static Result<Nis> parse(std::string_view text);
  static Result<Nis> from_int(int code);

  constexpr int code() const { return code_; }
  // Arrondissement code, e.g. 11000 for 11002.
  constexpr int arrondissement_code() const { return code_ / 1000 * 1000; }
  // Zero-padded five digits.
  std::string to_string() const;
  constexpr bool valid() const { return code_ >= 10000 && code_ <= 99999; }

  constexpr auto operator<=>(const Nis&) const = default;

 private:
  constexpr explicit Nis(int code) : code_(code) {}
  int code_ = 0;
};

}  // namespace lap

template <>
struct std::hash<lap::Nis> {
  size_t operator()(lap::Nis n) const noexcept { return std::hash<int>()(n.code()); }
};
