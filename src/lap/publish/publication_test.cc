#include "lap/publish/publication.h"

#include <gtest/gtest.h>

namespace lap::publish {
namespace {

measure::Figure figure(int nis, int64_t num, int64_t den) {
  static const std::string kAll = "all";
  return {measure::Indicator::kReach,
          kAll,
          measure::Period::month(*Month::parse("2023-05")),
          *Nis::from_int(nis),
          num,
          den,
          0};
}

TEST(RollUp, EveryAreaIsTheSumOfItsOcmws) {
  std::vector<measure::Figure> f = {figure(11002, 30, 50), figure(11001, 2, 7),
                                    figure(44021, 40, 60)};
  auto cells = roll_up(f, geo::Registry::builtin());
  auto find = [&](Level level, std::string_view code) -> const PublishedFigure* {
    for (const auto& c : cells)
      if (c.area.level == level && c.area.code == code) return &c;
    return nullptr;
  };
  ASSERT_TRUE(find(Level::kFlanders, "flanders"));
  EXPECT_EQ(find(Level::kFlanders, "flanders")->numerator, 72);
  EXPECT_EQ(find(Level::kFlanders, "flanders")->denominator, 117);
  EXPECT_EQ(find(Level::kProvince, "10000")->denominator, 57);  // Antwerpen
  EXPECT_EQ(find(Level::kCentrumsteden, "centrumsteden")->denominator, 110);
  EXPECT_EQ(find(Level::kRegiegebied, "KINA")->denominator, 7);  // 11001 Aartselaar
  EXPECT_EQ(find(Level::kOcmw, "11001")->area.name, "Aartselaar");
  for (const auto& c : cells)
    EXPECT_FALSE(c.suppressed());
}

TEST(Views, PublicHidesOwnerSeesItsOwn) {
  std::vector<measure::Figure> f = {figure(11002, 30, 50), figure(11001, 2, 7)};
  const auto period = measure::Period::month(*Month::parse("2023-05"));
  Protection p(5, {{{measure::Indicator::kReach, "all", period, Level::kOcmw, "11001"},
                    Suppression::kPrimary},
                   {{measure::Indicator::kReach, "all", period, Level::kRegiegebied, "KINA"},
                    Suppression::kPrimary}});
  auto count_hidden = [](const std::vector<PublishedFigure>& cells) {
    return std::count_if(cells.begin(), cells.end(), [](const auto& c) { return c.suppressed(); });
  };
  auto pub = roll_up(f, geo::Registry::builtin());
  apply(pub, p, View::public_view());
  EXPECT_EQ(count_hidden(pub), 2);
  for (const auto& c : pub) {
    if (c.suppressed()) {
      EXPECT_EQ(c.numerator + c.denominator + c.pending, 0);
    }
  }
  auto own = roll_up(f, geo::Registry::builtin());
  apply(own, p, View::owner_view(*Nis::from_int(11001)));
  EXPECT_EQ(count_hidden(own), 1);  // the regiegebied stays hidden
  auto exact = roll_up(f, geo::Registry::builtin());
  apply(exact, p, View::exact());
  EXPECT_EQ(count_hidden(exact), 0);
}

TEST(Views, ParseAndPrint) {
  EXPECT_EQ(View::parse("public"), View::public_view());
  EXPECT_EQ(View::parse("internal"), View::exact());
  EXPECT_EQ(View::parse("ocmw:11002")->owner, *Nis::from_int(11002));
  EXPECT_EQ(View::parse("ocmw:11002")->to_string(), "ocmw:11002");
  EXPECT_FALSE(View::parse("ocmw:x"));
  EXPECT_FALSE(View::parse("everyone"));
}

}  // namespace
}  // namespace lap::publish
