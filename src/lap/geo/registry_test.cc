#include "lap/geo/registry.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lap::geo {
namespace {

Date d(const char* s) {
  return *Date::parse(s);
}

TEST(BuiltinRegistry, ThreeHundredMunicipalitiesUntil2024) {
  const auto& reg = Registry::builtin();
  auto list = reg.valid_on(d("2024-12-31"));
  EXPECT_EQ(list.size(), 300u);
  std::map<std::string, int> per_province;
  for (const auto* m : list)
    per_province[m->province_name]++;
  EXPECT_EQ(per_province["Antwerpen"], 69);
  EXPECT_EQ(per_province["Vlaams-Brabant"], 65);
  EXPECT_EQ(per_province["West-Vlaanderen"], 64);
  EXPECT_EQ(per_province["Oost-Vlaanderen"], 60);
  EXPECT_EQ(per_province["Limburg"], 42);
  EXPECT_EQ(reg.valid_on(d("2019-01-01")).size(), 300u);
}

TEST(BuiltinRegistry, TwoHundredEightyFiveFrom2025) {
  const auto& reg = Registry::builtin();
  auto list = reg.valid_on(d("2025-01-01"));
  EXPECT_EQ(list.size(), 285u);
  std::map<std::string, int> per_province;
  for (const auto* m : list)
    per_province[m->province_name]++;
  EXPECT_EQ(per_province["Antwerpen"], 67);
  EXPECT_EQ(per_province["Vlaams-Brabant"], 63);
  EXPECT_EQ(per_province["West-Vlaanderen"], 62);
  EXPECT_EQ(per_province["Oost-Vlaanderen"], 55);
  EXPECT_EQ(per_province["Limburg"], 38);
}

TEST(BuiltinRegistry, ThirteenCentrumsteden) {
  const auto& reg = Registry::builtin();
  std::vector<int> codes;
  for (const auto* m : reg.valid_on(d("2024-12-31"))) {
    if (m->centrumstad) codes.push_back(m->nis.code());
  }
  EXPECT_EQ(codes, (std::vector<int>{11002, 12025, 13040, 24062, 31005, 34022, 35013, 36015, 41002,
                                     44021, 46021, 71016, 71022}));
}

TEST(BuiltinRegistry, MergersFollowSuccessors) {
  const auto& reg = Registry::builtin();
  Nis borsbeek = *Nis::parse("11007");
  Nis antwerpen = *Nis::parse("11002");
  EXPECT_TRUE(reg.exists_on(borsbeek, d("2024-12-31")));
  EXPECT_FALSE(reg.exists_on(borsbeek, d("2025-01-01")));
  EXPECT_EQ(reg.current_on(borsbeek, d("2025-03-01")), antwerpen);
  EXPECT_EQ(reg.current_on(antwerpen, d("2025-03-01")), antwerpen);
  auto preds = reg.predecessors(antwerpen);
  EXPECT_NE(std::find(preds.begin(), preds.end(), borsbeek), preds.end());
  // Every merged-away code points at a municipality that exists from 2025.
  for (const auto& m : reg.all()) {
    if (m.valid_to) {
      EXPECT_TRUE(reg.exists_on(*m.successor, d("2025-01-01"))) << m.nis.to_string();
    }
  }
  EXPECT_FALSE(reg.current_on(*Nis::parse("21004"), d("2024-01-01")));  // Brussels: unknown
}

TEST(BuiltinRegistry, TheTerritoryOfAMunicipalityInTheMunicipalitiesOfAnotherDay) {
  const auto& reg = Registry::builtin();
  auto codes = [&](const char* nis, const char* on, const char* then) {
    std::vector<std::string> out;
    const auto all = reg.territories_on(d(on), d(then));
    if (auto it = all.find(*Nis::parse(nis)); it != all.end()) {
      for (const Nis n : it->second)
        out.push_back(n.to_string());
    }
    return out;
  };
  using V = std::vector<std::string>;
  // Antwerpen kept its code when Borsbeek merged into it.
  EXPECT_EQ(codes("11002", "2025-03-01", "2019-01-01"), (V{"11002", "11007"}));
  EXPECT_EQ(codes("11002", "2024-06-30", "2019-01-01"), (V{"11002"}));
  // Hasselt got a new code.
  EXPECT_EQ(codes("71072", "2025-03-01", "2019-01-01"), (V{"71022", "73040"}));
  EXPECT_EQ(codes("71022", "2024-06-30", "2019-01-01"), (V{"71022"}));
  EXPECT_EQ(codes("71022", "2025-03-01", "2019-01-01"), V{}) << "no longer exists";
  EXPECT_EQ(codes("71072", "2024-06-30", "2019-01-01"), V{}) << "does not exist yet";
  // Every Flemish municipality of 2025 is made of those of 2019, each of them used once.
  std::set<Nis> used;
  const auto territories = reg.territories_on(d("2025-01-01"), d("2019-01-01"));
  EXPECT_EQ(territories.size(), reg.valid_on(d("2025-01-01")).size());
  for (const auto* m : reg.valid_on(d("2025-01-01"))) {
    ASSERT_TRUE(territories.contains(m->nis)) << m->nis.to_string();
    for (const Nis p : territories.at(m->nis))
      EXPECT_TRUE(used.insert(p).second) << p.to_string();
  }
  EXPECT_EQ(used.size(), reg.valid_on(d("2019-01-01")).size());
}

TEST(BuiltinRegistry, AntwerpenAndGentAreTheLargest) {
  auto list = Registry::builtin().valid_on(d("2024-12-31"));
  std::sort(list.begin(), list.end(), [](const Municipality* a, const Municipality* b) {
    return a->population_2022 > b->population_2022;
  });
  EXPECT_EQ(list[0]->name, "Antwerpen");
  EXPECT_EQ(list[1]->name, "Gent");
}

TEST(Registry, RejectsBadRowsWithLineAndColumn) {
  std::string csv =
      "nis;name;arrondissement_nis;arrondissement;province_nis;province;centrumstad;regiegebied;"
      "regiegebied_quality;referentieregio;valid_from;valid_to;successor_nis;population_2022;"
      "postcode\n"
      "11001;Aartselaar;11000;Antwerpen;10000;Antwerpen;2;;;;1977-01-01;;;14427;2630\n";
  auto r = Registry::parse(csv, "m.csv");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("m.csv:2:"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("[centrumstad]"), std::string::npos) << r.error().message;
}

TEST(Registry, RejectsUnknownSuccessor) {
  std::string csv =
      "nis;name;arrondissement_nis;arrondissement;province_nis;province;centrumstad;regiegebied;"
      "regiegebied_quality;referentieregio;valid_from;valid_to;successor_nis;population_2022;"
      "postcode\n"
      "11007;Borsbeek;11000;Antwerpen;10000;Antwerpen;0;;;;1977-01-01;2024-12-31;11002;10000;"
      "2150\n";
  auto r = Registry::parse(csv, "m.csv");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("successor 11002"), std::string::npos) << r.error().message;
}

// Every municipality but the centrumsteden is in exactly one size class; the
// classes of the 2024 and the 2025 municipalities each have at least 35
// members (a benchmark group of a few would say little and hide much).
TEST(BuiltinRegistry, SizeClassesCoverEveryMunicipalityButTheCentrumsteden) {
  const Registry& r = Registry::builtin();
  for (const char* day : {"2024-06-30", "2025-06-30"}) {
    std::map<int, int> members;
    for (const Municipality* m : r.valid_on(*Date::parse(day))) {
      auto c = size_class(*m);
      ASSERT_EQ(c.has_value(), !m->centrumstad) << m->name;
      if (!c) continue;
      EXPECT_GE(m->population_2022, c->lower) << m->name;
      if (c->upper != 0) {
        EXPECT_LT(m->population_2022, c->upper) << m->name;
      }
      ++members[c->id];
    }
    ASSERT_EQ(members.size(), size_classes().size()) << day;
    for (const auto& [id, n] : members)
      EXPECT_GE(n, 35) << day << " class " << id;
  }
  // Borders: 10,000 inhabitants is class 2, 9,999 class 1.
  Municipality m;
  m.population_2022 = 10000;
  EXPECT_EQ(size_class(m)->id, 2);
  m.population_2022 = 9999;
  EXPECT_EQ(size_class(m)->id, 1);
  m.population_2022 = 0;
  EXPECT_FALSE(size_class(m));
  m.population_2022 = 600000;
  EXPECT_EQ(size_class(m)->id, 5);
  m.centrumstad = true;
  EXPECT_FALSE(size_class(m));
}

}  // namespace
}  // namespace lap::geo
