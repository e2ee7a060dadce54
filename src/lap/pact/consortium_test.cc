#include "lap/pact/consortium.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/settlement.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

// Two participants in Regio Antwerpen (threshold 20%, €1,000 per outflow):
//   11001 Aartselaar  N = 103  B = 20.6 -> 21  M = €12,345.67  E = 12  T = 33
//   11004 Boechout    N =  47  B =  9.4 ->  9  M =  €5,678.90  E =  5  T = 14
RedistributionRow row(int code, int64_t n, int64_t b, Money m, int64_t e) {
  RedistributionRow r;
  r.nis = nis(code);
  r.n = n;
  r.b = b;
  r.m_before = m;
  r.m = m;
  r.e = e;
  r.t = b + e;
  return r;
}

Redistribution participants() {
  Redistribution r;
  r.rows = {row(11001, 103, 21, cents(1'234'567), 12), row(11004, 47, 9, cents(567'890), 5)};
  return r;
}

const geo::Registry& reg() {
  return geo::Registry::builtin();
}

TEST(Consortium, JointVersusIndividualSettlement) {
  const auto p = lap_2024().latest().parameters;  // pro_rata, 50% advance
  const auto v = lap_2024().ref_on(day("2025-12-01"));
  Consortium c{"zuidrand", "Zuidrand", {nis(11001), nis(11004)}, ConsortiumSettlement::kJoint};
  // Results: Aartselaar R = 30, Boechout R = 16.
  //
  // Individually:
  //   Aartselaar: R − B = 9, clamp(9, 0, 12) = 9 -> earned €9,000;
  //               advance 50% × 12 × €1,000 = €6,000; balance +€3,000.
  //   Boechout:   R − B = 7, clamp(7, 0, 5) = 5 -> earned €5,000 (≤ M €5,678.90);
  //               advance €2,500; balance +€2,500.          Together €14,000.
  // Jointly (one unit): N = 150, B = 30, E = 17, T = 47, M = €18,024.57, R = 46:
  //   R − B = 16, clamp(16, 0, 17) = 16 -> earned €16,000; advance €8,500;
  //   balance +€7,500. Boechout's 2 outflows beyond its E make up 2 of
  //   Aartselaar's 3 missing ones: €2,000 more than individually.
  auto joint = build_units(participants(), std::vector<Consortium>{c}, p, reg());
  ASSERT_TRUE(joint) << joint.error().message;
  ASSERT_EQ(joint->size(), 1u);
  const auto& u = joint->front();
  EXPECT_EQ(u.id, "zuidrand");
  EXPECT_EQ(u.kind, UnitKind::kJointConsortium);
  EXPECT_EQ(u.n, 150);
  EXPECT_EQ(u.b, 30);
  EXPECT_EQ(u.e, 17);
  EXPECT_EQ(u.t, 47);
  EXPECT_EQ(u.m, cents(1'802'457));
  EXPECT_EQ(u.result_codes, (std::vector<Nis>{nis(11001), nis(11004)}));
  auto js = settle(u, p, v, {46, std::nullopt, day("2026-03-01")});
  EXPECT_EQ(js.earned, euro(16'000));
  EXPECT_EQ(js.advance, euro(8'500));
  EXPECT_EQ(js.balance, euro(7'500));
  EXPECT_EQ(js.status, PaymentStatus::kPayable);

  c.settlement = ConsortiumSettlement::kIndividual;
  auto indiv = build_units(participants(), std::vector<Consortium>{c}, p, reg());
  ASSERT_TRUE(indiv);
  ASSERT_EQ(indiv->size(), 2u);
  auto a = settle((*indiv)[0], p, v, {30, std::nullopt, day("2026-03-01")});
  auto b = settle((*indiv)[1], p, v, {16, std::nullopt, day("2026-03-01")});
  EXPECT_EQ(a.unit_id, "11001");
  EXPECT_EQ(a.earned, euro(9'000));
  EXPECT_EQ(a.advance, euro(6'000));
  EXPECT_EQ(a.balance, euro(3'000));
  EXPECT_EQ(b.earned, euro(5'000));
  EXPECT_EQ(b.advance, euro(2'500));
  EXPECT_EQ(b.balance, euro(2'500));
  EXPECT_EQ(a.earned + b.earned, euro(14'000));
}

TEST(Consortium, OnlyInsideOneReferentieregio) {
  const auto p = lap_2024().latest().parameters;
  Consortium c{
      "x", "X", {nis(11001), nis(46003)}, ConsortiumSettlement::kJoint};  // Antwerpen + Waasland
  auto ps = validate_consortium(c, p, reg());
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].to_string(),
            "members: all members must lie in one referentieregio (found Regio Antwerpen, "
            "Waasland)");
  // Zwijndrecht (province Antwerpen) lies in referentieregio Waasland with Beveren.
  c.members = {nis(11056), nis(46003)};
  EXPECT_TRUE(validate_consortium(c, p, reg()).empty());
  c.members = {nis(11001)};
  EXPECT_EQ(validate_consortium(c, p, reg())[0].rule, "a consortium needs at least two members");
  c.members = {nis(11001), nis(11001)};
  EXPECT_EQ(validate_consortium(c, p, reg())[0].rule, "11001 is listed twice");
  c.members = {nis(11001), nis(46030)};  // not yet a municipality on 2023-12-31
  EXPECT_EQ(validate_consortium(c, p, reg())[0].rule, "46030 is not a municipality on 2023-12-31");
  auto p23 = lap_2023().latest().parameters;
  c.members = {nis(11001), nis(11004)};
  EXPECT_EQ(validate_consortium(c, p23, reg())[0].to_string(),
            "consortium: this call does not allow consortia");
}

TEST(Consortium, BuildUnitsChecksMembership) {
  const auto p = lap_2024().latest().parameters;
  Consortium c{
      "z", "Z", {nis(11001), nis(11005)}, ConsortiumSettlement::kJoint};  // 11005 not applying
  EXPECT_FALSE(build_units(participants(), std::vector<Consortium>{c}, p, reg()));
  Consortium a{"a", "A", {nis(11001), nis(11004)}, ConsortiumSettlement::kJoint};
  Consortium b{"b", "B", {nis(11004), nis(11001)}, ConsortiumSettlement::kIndividual};
  EXPECT_FALSE(build_units(participants(), std::vector<Consortium>{a, b}, p, reg()));
  auto none = build_units(participants(), {}, p, reg());
  ASSERT_TRUE(none);
  EXPECT_EQ(none->size(), 2u);
  EXPECT_EQ((*none)[1].id, "11004");
  EXPECT_EQ(consortium_settlement_name(ConsortiumSettlement::kJoint), "joint");
}

}  // namespace
}  // namespace lap::pact
