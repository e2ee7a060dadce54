// The reader of the context figures (context_reader.cc).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/formats/exchange.h"
#include "lap/formats/exchange_test_support.h"

namespace lap::formats {
namespace {

using namespace exchange_testing;

std::vector<std::string> context_problems(const std::string& rows,
                                          std::vector<ContextFigureRow>* out = nullptr) {
  Problems problems;
  auto n = read_context_figures(Input::memory("kerncijfers.csv", header(kContextColumns) + rows),
                                context(), problems,
                                [&](const ContextFigureRow& r, const RowHash&, int64_t) {
                                  if (out) out->push_back(r);
                                });
  EXPECT_TRUE(n.has_value());
  std::vector<std::string> messages;
  for (const auto& p : problems.list())
    messages.push_back(p.to_string());
  return messages;
}

TEST(ContextFigures, ReadsSharesCountsMonthsAndFlanders) {
  std::vector<ContextFigureRow> rows;
  EXPECT_EQ(context_problems("11002;werkzaamheidsgraad;2023;210000;320000;Steunpunt Werk\n"
                             "02000;werkzaamheidsgraad;2023;3000000;3950000;Steunpunt Werk\n"
                             "44021;rmi_gerechtigden;2024-09;4123;;POD MI\n",
                             &rows),
            Messages{});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].nis->to_string(), "11002");
  EXPECT_EQ(rows[0].figure, ContextFigure::kEmploymentRate);
  EXPECT_EQ(rows[0].period.to_string(), "2023");
  EXPECT_EQ(rows[0].period.last_day().to_string(), "2023-12-31");
  EXPECT_EQ(rows[0].denominator, 320000);
  EXPECT_FALSE(rows[1].nis.has_value());
  EXPECT_EQ(rows[2].figure, ContextFigure::kRmiEntitled);
  EXPECT_EQ(rows[2].period.to_string(), "2024-09");
  EXPECT_EQ(rows[2].period.last_day().to_string(), "2024-09-30");
  EXPECT_EQ(rows[2].period.year_before().to_string(), "2023-09");
  EXPECT_FALSE(rows[2].denominator.has_value());
  EXPECT_EQ(rows[2].source, "POD MI");
}

TEST(ContextFigures, EachRuleNamesItsPlace) {
  EXPECT_EQ(context_problems("11002;werkloosheid;2023;1;;VDAB"),
            Messages{"kerncijfers.csv:2:7: [figure] must be one of werkzaamheidsgraad, "
                     "niet_beroepsactieven, werkzoekenden_zonder_werk, rmi_gerechtigden, "
                     "ongekwalificeerde_schoolverlaters"});
  EXPECT_EQ(context_problems("11002;niet_beroepsactieven;2023-13;1;;Steunpunt Werk"),
            Messages{"kerncijfers.csv:2:28: [period] must be a year YYYY or a month YYYY-MM "
                     "(2000-2100)"});
  EXPECT_EQ(context_problems("11002;werkzaamheidsgraad;2023;10;;Steunpunt Werk"),
            Messages{"kerncijfers.csv:2:34: [denominator] a value is required"});
  EXPECT_EQ(context_problems("11002;werkzaamheidsgraad;2023;11;10;Steunpunt Werk"),
            Messages{"kerncijfers.csv:2:31: [value] is larger than denominator"});
  EXPECT_EQ(context_problems("11002;werkzoekenden_zonder_werk;2023;11;10;VDAB"),
            Messages{"kerncijfers.csv:2:41: [denominator] must be empty: "
                     "werkzoekenden_zonder_werk is a count, not a share"});
  EXPECT_EQ(context_problems("11002;rmi_gerechtigden;2023;-3;;POD MI"),
            Messages{"kerncijfers.csv:2:29: [value] must be a count: an integer >= 0"});
  EXPECT_EQ(context_problems("11002;rmi_gerechtigden;2023;3;;"),
            Messages{"kerncijfers.csv:2:32: [source] a value is required"});
  EXPECT_EQ(context_problems("02001;rmi_gerechtigden;2023;3;;POD MI"),
            Messages{"kerncijfers.csv:2:1: [nis] must be the NIS code of a Flemish "
                     "municipality, or 02000 for the Vlaams Gewest"});
  EXPECT_EQ(context_problems("21004;rmi_gerechtigden;2023;3;;POD MI"),
            Messages{"kerncijfers.csv:2:1: [nis] NIS code 21004 is not a Flemish municipality of "
                     "the reference data"});
}

TEST(ContextFigures, AMunicipalityExistsAtTheEndOfThePeriod) {
  // Borsbeek merged into Antwerpen on 2025-01-01.
  EXPECT_EQ(context_problems("11007;niet_beroepsactieven;2024;900;;Steunpunt Werk"), Messages{});
  EXPECT_EQ(context_problems("11007;niet_beroepsactieven;2025;900;;Steunpunt Werk"),
            Messages{"kerncijfers.csv:2:1: [nis] municipality 11007 does not exist on period "
                     "2025-12-31 (valid 1970-01-01..2024-12-31, then 11002)"});
}

TEST(ContextFigures, OneRowPerNisFigureAndPeriod) {
  EXPECT_EQ(context_problems("11002;rmi_gerechtigden;2023;3;;POD MI\n"
                             "11002;rmi_gerechtigden;2024;3;;POD MI\n"
                             "11002;rmi_gerechtigden;2023;4;;POD MI"),
            Messages{"kerncijfers.csv:4:1: [nis] a second row for this nis, figure and period "
                     "(first on line 2)"});
}

}  // namespace
}  // namespace lap::formats
