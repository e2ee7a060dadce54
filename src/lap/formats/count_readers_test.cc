// The readers of POD MI counts and LAP results tables (count_readers.cc).
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/formats/exchange.h"
#include "lap/formats/exchange_test_support.h"

namespace lap::formats {
namespace {

using namespace exchange_testing;

// ---- POD MI counts ----------------------------------------------------------------

std::vector<std::string> count_problems(const std::string& rows) {
  return problems_of(Source::kPodmiCounts, header(kCountsColumns) + rows + "\n");
}

TEST(PodmiCounts, CountsAreNonNegativeIntegers) {
  EXPECT_EQ(count_problems("11002;2022-09-30;-1;0;0"),
            Messages{"podmi_counts.csv:2:18: [leefloon] must be a count: an integer >= 0"});
}

TEST(PodmiCounts, UkrainianAtMostEquivalent) {
  EXPECT_EQ(count_problems("11002;2022-09-30;10;2;3"),
            Messages{"podmi_counts.csv:2:23: [ukrainian] is larger than equivalent_leefloon"});
}

TEST(PodmiCounts, OneRowPerNisAndDate) {
  EXPECT_EQ(count_problems("11002;2022-09-30;10;2;1\n44021;2022-09-30;10;2;1\n"
                           "11002;2022-09-30;11;2;1"),
            Messages{"podmi_counts.csv:4:1: [nis] a second row for this nis and reference_date "
                     "(first on line 2)"});
}

TEST(PodmiCounts, NisExistsOnReferenceDate) {
  EXPECT_EQ(count_problems("11007;2025-01-31;10;2;1"),
            Messages{"podmi_counts.csv:2:1: [nis] municipality 11007 does not exist on "
                     "reference_date 2025-01-31 (valid 1970-01-01..2024-12-31, then 11002)"});
}

// ---- VDAB's LAP results table ----------------------------------------------------

std::vector<std::string> result_problems(const std::string& rows, std::vector<LapResultRow>* out) {
  Problems problems;
  auto n =
      read_lap_results(Input::memory("lap_results.csv", header(kLapResultsColumns) + rows),
                       context(), problems, [&](const LapResultRow& r, const RowHash&, int64_t) {
                         if (out) out->push_back(r);
                       });
  EXPECT_TRUE(n.has_value());
  std::vector<std::string> messages;
  for (const auto& p : problems.list())
    messages.push_back(p.to_string());
  return messages;
}

TEST(LapResults, ReadsRows) {
  std::vector<LapResultRow> rows;
  EXPECT_TRUE(result_problems("11002;2025-01;4;1\n44021;2025-02;0;2\n", &rows).empty());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].nis.code(), 11002);
  EXPECT_EQ(rows[0].month.to_string(), "2025-01");
  EXPECT_EQ(rows[0].confirmed, 4);
  EXPECT_EQ(rows[1].pending, 2);
}

TEST(LapResults, EveryRuleNamesItsColumn) {
  EXPECT_EQ(result_problems("11002;2025-13;4;1\n11002;2025-01;-4;1\n11002;2025-02;1;1\n"
                            "11002;2025-02;1;1\n11007;2025-01;1;0\n",
                            nullptr),
            (Messages{"lap_results.csv:2:7: [month] must be a month YYYY-MM (year 1900-2099)",
                      "lap_results.csv:3:15: [confirmed] must be a count: an integer >= 0",
                      "lap_results.csv:5:1: [nis] a second row for this nis and month (first on "
                      "line 4)",
                      "lap_results.csv:6:1: [nis] municipality 11007 does not exist on month "
                      "2025-01-01 (valid 1970-01-01..2024-12-31, then 11002)"}));
}

}  // namespace
}  // namespace lap::formats
