// The pieces together on the real municipalities: a call's werktabel, the
// redistribution after the deadline, units, follow-up and settlement.
#include <gtest/gtest.h>

#include "lap/pact/consortium.h"
#include "lap/pact/followup.h"
#include "lap/pact/merger.h"
#include "lap/pact/presets.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/settlement.h"
#include "lap/pact/test_util.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {
namespace {

using namespace testing;

Counts counts_on(Date d) {
  Counts c;
  for (const auto* m : geo::Registry::builtin().valid_on(d))
    c.by_nis[m->nis] = m->population_2022 / 200;  // a stand-in for the POD MI count
  return c;
}

TEST(Pipeline, Lap2023TablesSayWhichVersionTheyUsed) {
  const Call call = lap_2023();
  const auto& reg = geo::Registry::builtin();
  auto before = call.version_on(day("2023-09-28"));
  auto after = call.version_on(day("2023-10-31"));
  auto w1 = build_werktabel(before.parameters, call.ref(before),
                            counts_on(before.parameters.counts_on), &reg);
  auto w2 = build_werktabel(after.parameters, call.ref(after),
                            counts_on(after.parameters.counts_on), &reg);
  ASSERT_TRUE(w1 && w2);
  EXPECT_EQ(w1->version.version, 1);
  EXPECT_EQ(w2->version.version, 2);
  EXPECT_EQ(w1->rows.size(), 300u);
  int64_t sum = 0;
  for (size_t i = 0; i < w1->rows.size(); ++i) {
    sum += w1->rows[i].m.cents();
    EXPECT_EQ(w1->rows[i].m, w2->rows[i].m);  // the threshold does not move M
    EXPECT_GE(w1->rows[i].b, w2->rows[i].b);  // but lowers B
  }
  EXPECT_EQ(sum, euro(10'000'000).cents());
}

TEST(Pipeline, Lap2024FromWerktabelToPaymentStatements) {
  const Call call = lap_2024();
  const auto& v = call.latest();
  const auto& p = v.parameters;
  const auto& reg = geo::Registry::builtin();
  auto w = build_werktabel(p, call.ref(v), counts_on(p.counts_on), &reg);
  ASSERT_TRUE(w);
  // Two of every three municipalities apply (among them the Waasland mergers).
  std::vector<Participation> who;
  for (size_t i = 0; i < w->rows.size(); ++i)
    if (i % 3 != 0 || w->rows[i].nis == nis(46013)) who.push_back({w->rows[i].nis, {}});
  auto red = redistribute(*w, who, p.redistribution_cap);
  ASSERT_TRUE(red);
  EXPECT_EQ(red->allocated + red->unallocated, p.budget);
  auto units = build_units(*red, {}, p, reg);
  ASSERT_TRUE(units);
  auto merged = apply_mergers(*units, reg, p.counts_on, p.period_end);
  EXPECT_LT(merged.size(), units->size());
  // Every unit reaches exactly its target.
  ResultsTable results;
  for (const auto& u : merged)
    results.by_nis[u.result_codes.front()][mon("2025-06")] = {u.t, 0};
  auto f = follow_up(merged, p, call.ref(v), results, nullptr, mon("2025-11"));
  EXPECT_EQ(f.rows.size(), merged.size() * 12);
  Money paid;
  Money m_total;
  for (const auto& u : merged) {
    auto s = settle(u, p, call.ref(v), {u.t, std::nullopt, day("2026-02-01")});
    EXPECT_EQ(s.earned, p.amount_per_outflow * u.e);
    EXPECT_LE(s.earned, u.m);
    paid += s.entitled;
    m_total += u.m;
  }
  EXPECT_EQ(m_total, red->allocated);
  EXPECT_LE(paid, p.budget);
}

}  // namespace
}  // namespace lap::pact
