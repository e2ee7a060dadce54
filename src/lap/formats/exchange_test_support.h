// What the tests of the exchange readers share: a registry of three municipalities, valid
// numbers, and validation of a text returning its problems as text.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/formats/exchange.h"

namespace lap::formats::exchange_testing {

// Three municipalities: Antwerpen, Borsbeek (merged into Antwerpen on
// 2025-01-01) and Gent.
inline constexpr std::string_view kRegistryCsv =
    "nis;name;arrondissement_nis;arrondissement;province_nis;province;centrumstad;regiegebied;"
    "regiegebied_quality;referentieregio;valid_from;valid_to;successor_nis;population_2022;"
    "postcode\n"
    "11002;Antwerpen;11000;Antwerpen;10000;Antwerpen;1;Antwerpen;stated;Regio Antwerpen;"
    "1970-01-01;;;530630;2000\n"
    "11007;Borsbeek;11000;Antwerpen;10000;Antwerpen;0;Zora Werkt!;stated;Regio Antwerpen;"
    "1970-01-01;2024-12-31;11002;11226;2150\n"
    "44021;Gent;44000;Gent;40000;Oost-Vlaanderen;1;Gent;stated;Regio Gent;1970-01-01;;;265086;"
    "9000\n";

// Valid numbers (check digits computed with the 19xx/20xx rule).
inline constexpr std::string_view kWoman = "76080814407";     // 1976-08-08, sequence 144
inline constexpr std::string_view kMan = "85031503362";       // 1985-03-15, sequence 033
inline constexpr std::string_view kBisNoSex = "90210101354";  // BIS +20: sex unknown
inline constexpr std::string_view kBisWoman = "90410101201";  // BIS +40, 1990-01-01, even sequence

inline const geo::Registry& registry() {
  static const geo::Registry kRegistry = *geo::Registry::parse(kRegistryCsv, "test");
  return kRegistry;
}

inline ValidationContext context() {
  return ValidationContext{&registry(), *Date::parse("2026-06-30")};
}

template <size_t N>
std::string header(const std::array<std::string_view, N>& columns) {
  return fmt::format("{}\n", fmt::join(columns, ";"));
}

// Validates `body` (after the schema's header) and returns the problems as text.
inline std::vector<std::string> problems_of(Source source, const std::string& text,
                                            size_t limit = 50) {
  Problems problems(limit);
  auto rows =
      validate(source, Input::memory(std::string(file_name(source)), text), context(), problems);
  EXPECT_TRUE(rows.has_value());
  std::vector<std::string> out;
  for (const auto& p : problems.list())
    out.push_back(p.to_string());
  return out;
}

using Messages = std::vector<std::string>;

}  // namespace lap::formats::exchange_testing
