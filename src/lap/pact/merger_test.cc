#include "lap/pact/merger.h"

#include <gtest/gtest.h>

#include "lap/pact/consortium.h"
#include "lap/pact/followup.h"
#include "lap/pact/presets.h"
#include "lap/pact/settlement.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

SettlementUnit unit(int code, int64_t n, int64_t b, Money m, int64_t e) {
  RedistributionRow r;
  r.nis = nis(code);
  r.n = n;
  r.b = b;
  r.m = m;
  r.e = e;
  r.t = b + e;
  return unit_of(r);
}

const geo::Registry& registry() {
  return geo::Registry::builtin();
}

TEST(Merger, MergedMunicipalityWorkedExample) {
  // LAP 2024 (period 2024-12..2025-11, 20%, €1,000, pro_rata, 50% advance).
  // On 1 Jan 2025 Beveren (46003), Kruibeke (46013) and Zwijndrecht (11056)
  // became Beveren-Kruibeke-Zwijndrecht (46030). Beveren and Kruibeke applied,
  // Zwijndrecht did not.
  //   Beveren   N = 200  B = 40  E = 30  T = 70  M = €30,500.00
  //   Kruibeke  N =  50  B = 10  E =  7  T = 17  M =  €7,800.00
  //   46030     N = 250  B = 50  E = 37  T = 87  M = €38,300.00  (engagements add up)
  // Results (outflow starts): Beveren 2024-12: 20, Kruibeke 2024-12: 5,
  // Zwijndrecht 2024-12: 3, 46030 2025-03: 40 (confirmed 30 + pending 10).
  // R = 20 + 5 + 3 + 40 = 68 (the old codes count for the new municipality,
  // Zwijndrecht's too: domain.md §4 rule 7 read literally, and it is flagged).
  // Earned = clamp(68 − 50, 0, 37) = 18 -> €18,000; advance 50% × 37 × €1,000
  // = €18,500; pro_rata balance −€500 (to recover).
  const Call call = lap_2024();
  const auto& p = call.latest().parameters;
  std::vector<SettlementUnit> units{unit(46003, 200, 40, euro(30'500), 30),
                                    unit(46013, 50, 10, euro(7'800), 7),
                                    unit(11001, 80, 16, euro(9'000), 9)};
  auto merged = apply_mergers(units, registry(), p.counts_on, p.period_end);
  ASSERT_EQ(merged.size(), 2u);
  const auto& u = merged[0];
  EXPECT_EQ(u.id, "46030");
  EXPECT_EQ(u.kind, UnitKind::kMergedMunicipality);
  EXPECT_EQ(u.members, (std::vector<Nis>{nis(46003), nis(46013)}));
  EXPECT_EQ(u.result_codes, (std::vector<Nis>{nis(11056), nis(46003), nis(46013), nis(46030)}));
  EXPECT_EQ(u.non_participating_partners, std::vector<Nis>{nis(11056)});
  EXPECT_EQ(u.n, 250);
  EXPECT_EQ(u.b, 50);
  EXPECT_EQ(u.e, 37);
  EXPECT_EQ(u.t, 87);
  EXPECT_EQ(u.m, euro(38'300));
  // Aartselaar did not merge: unchanged.
  EXPECT_EQ(merged[1].id, "11001");
  EXPECT_EQ(merged[1].kind, UnitKind::kMunicipality);

  ResultsTable results;
  results.by_nis[nis(46003)][mon("2024-12")] = {20, 0};
  results.by_nis[nis(46013)][mon("2024-12")] = {5, 0};
  results.by_nis[nis(11056)][mon("2024-12")] = {3, 0};
  results.by_nis[nis(46030)][mon("2025-03")] = {30, 10};
  auto r = cumulative_result(u, results, p.period_months(), mon("2025-11"));
  EXPECT_EQ(r.confirmed + r.pending, 68);
  auto s = settle(u, p, call.ref(call.latest()), {68, std::nullopt, std::nullopt});
  EXPECT_EQ(s.earned, euro(18'000));
  EXPECT_EQ(s.advance, euro(18'500));
  EXPECT_EQ(s.balance, euro(-500));
  EXPECT_EQ(s.status, PaymentStatus::kHeld);
}

TEST(Merger, ACodeKeptByTheNewMunicipality) {
  // Borsbeek (11007) merged into Antwerpen, which kept its code 11002.
  const auto p = lap_2024().latest().parameters;
  auto both = apply_mergers(
      {unit(11002, 5000, 1000, euro(1'500'000), 1500), unit(11007, 100, 20, euro(30'000), 30)},
      registry(), p.counts_on, p.period_end);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].id, "11002");
  EXPECT_EQ(both[0].e, 1530);
  EXPECT_TRUE(both[0].non_participating_partners.empty());
  // Borsbeek alone: old Antwerpen's results count too, and that is flagged.
  auto alone = apply_mergers({unit(11007, 100, 20, euro(30'000), 30)}, registry(), p.counts_on,
                             p.period_end);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].id, "11002");
  EXPECT_EQ(alone[0].members, std::vector<Nis>{nis(11007)});
  EXPECT_EQ(alone[0].non_participating_partners, std::vector<Nis>{nis(11002)});
  EXPECT_EQ(alone[0].result_codes, (std::vector<Nis>{nis(11002), nis(11007)}));
}

TEST(Merger, NoMergersInsideLap2023) {
  const auto p = lap_2023().latest().parameters;  // period ends 2024-11-30
  std::vector<SettlementUnit> units{unit(46003, 200, 40, euro(30'500), 30),
                                    unit(46013, 50, 10, euro(7'800), 7)};
  auto out = apply_mergers(units, registry(), p.counts_on, p.period_end);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "46003");
  EXPECT_EQ(out[1].id, "46013");
}

TEST(Merger, JointConsortiumWithAMergingMember) {
  // A joint consortium of Beveren and Zwijndrecht plus Kruibeke on its own:
  // all three end up in 46030, so the two units become one.
  const auto p = lap_2024().latest().parameters;
  SettlementUnit joint;
  joint.id = "waas";
  joint.kind = UnitKind::kJointConsortium;
  joint.members = joint.result_codes = {nis(11056), nis(46003)};
  joint.n = 300;
  joint.b = 60;
  joint.e = 40;
  joint.t = 100;
  auto out = apply_mergers({joint, unit(46013, 50, 10, euro(7'800), 7)}, registry(), p.counts_on,
                           p.period_end);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, "46030");
  EXPECT_EQ(out[0].e, 47);
  EXPECT_TRUE(out[0].non_participating_partners.empty());
}

}  // namespace
}  // namespace lap::pact
