// The synthetic context figures (context_figures.h) pass the reader's rules and use the
// POD MI counts they are given.
#include "lap/generate/context_figures.h"

#include <gtest/gtest.h>

#include "lap/formats/exchange.h"

namespace lap::generate {
namespace {

using formats::ContextFigure;

TEST(ContextFiguresGenerator, TheFileIsValidAndUsesTheGivenRmiCounts) {
  const auto& registry = geo::Registry::builtin();
  ContextOptions o;
  o.from_year = 2024;
  o.to_year = 2025;
  o.rmi[{*Nis::from_int(11002), 2025}] = 4321;
  const auto rows = context_figures(registry, o);
  const std::string csv = context_figures_csv(rows);

  formats::Problems problems;
  std::vector<formats::ContextFigureRow> read;
  auto n = formats::read_context_figures(
      formats::Input::memory("kerncijfers.csv", csv), {&registry, *Date::parse("2026-01-01")},
      problems, [&](const formats::ContextFigureRow& r, const formats::RowHash&, int64_t) {
        read.push_back(r);
      });
  ASSERT_TRUE(n);
  for (const auto& p : problems.list())
    ADD_FAILURE() << p.to_string();
  EXPECT_EQ(read, rows);
  // 5 figures for each municipality of 2024 (300) and of 2025 (285).
  EXPECT_EQ(rows.size(), 5u * (registry.valid_on(*Date::parse("2024-12-31")).size() +
                               registry.valid_on(*Date::parse("2025-12-31")).size()));
  int64_t antwerpen_rmi = -1;
  for (const auto& r : rows) {
    if (r.figure == ContextFigure::kRmiEntitled && r.period.year == 2025 && r.nis->code() == 11002)
      antwerpen_rmi = r.value;
    if (r.figure == ContextFigure::kEmploymentRate) {
      ASSERT_TRUE(r.denominator.has_value());
      EXPECT_GT(r.value * 100, *r.denominator * 55) << r.nis->to_string();
      EXPECT_LT(r.value * 100, *r.denominator * 85) << r.nis->to_string();
    }
  }
  EXPECT_EQ(antwerpen_rmi, 4321);
  // The same seed gives the same figures.
  EXPECT_EQ(context_figures_csv(context_figures(registry, o)), csv);
}

}  // namespace
}  // namespace lap::generate
