#include "lap/pact/settlement.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {
namespace {

using namespace testing;

// The worked example of the issue: one municipality with N = 250, threshold
// 20%, drawing right M = €41,234.56, €1,000 per outflow, 50% advance.
//   B = 20% × 250 = 50
//   E = ⌊€41,234.56 / €1,000⌋ = 41
//   T = B + E = 91
//   advance = 50% × 41 × €1,000 = €20,500 (paid on approval)
SettlementUnit n250() {
  SettlementUnit u;
  u.id = "11001";
  u.members = u.result_codes = {nis(11001)};
  u.n = 250;
  u.b = baseline(Rate::basis_points(2000), 250);
  u.m = cents(4'123'456);
  u.e = extra_engagement(u.m, euro(1000));
  u.t = u.b + u.e;
  return u;
}

CallParameters with_rule(SettlementRule rule) {
  CallParameters p = lap_2023().latest().parameters;  // 20%, €1,000, 50% advance
  p.settlement_rule = rule;
  return p;
}

struct Expect {
  int64_t r;
  Money earned;
  const char* earned_pct;
  const char* achieved_pct;
  Money pro_rata_entitled;
  Money pro_rata_balance;
  Money floor_entitled;
  Money floor_balance;
};

TEST(Settlement, WorkedExampleN250UnderBothRules) {
  SettlementUnit u = n250();
  ASSERT_EQ(u.b, 50);
  ASSERT_EQ(u.e, 41);
  ASSERT_EQ(u.t, 91);
  // R = 40: R − B = −10 -> earned €0 (0%), achieved −10/41 = −24.4%.
  //   pro_rata: entitled €0, balance €0 − €20,500 = −€20,500 (advance recovered).
  //   floor:    R ≤ B -> nothing; −€20,500 (advance recovered).
  // R = 55: R − B = 5 -> earned €5,000 (5/41 = 12.2%), achieved 12.2%.
  //   pro_rata: entitled €5,000, balance −€15,500 (excess advance recovered).
  //   floor:    R > B -> max(€20,500, €5,000) = €20,500, balance €0.
  // R = 70: R − B = 20 -> earned €20,000 (20/41 = 48.8%), achieved 48.8%.
  //   pro_rata: entitled €20,000, balance −€500.
  //   floor:    max(€20,500, €20,000) = €20,500, balance €0.
  // R = 95: R − B = 45, clamp(45, 0, 41) = 41 -> earned €41,000 (100%, ≤ M
  //   €41,234.56), achieved 45/41 = 109.8%.
  //   pro_rata: entitled €41,000, balance +€20,500 (final payment).
  //   floor:    max(€20,500, €41,000) = €41,000, balance +€20,500.
  const Expect cases[] = {
      {40, euro(0), "0.0%", "-24.4%", euro(0), euro(-20'500), euro(0), euro(-20'500)},
      {55, euro(5'000), "12.2%", "12.2%", euro(5'000), euro(-15'500), euro(20'500), euro(0)},
      {70, euro(20'000), "48.8%", "48.8%", euro(20'000), euro(-500), euro(20'500), euro(0)},
      {95, euro(41'000), "100.0%", "109.8%", euro(41'000), euro(20'500), euro(41'000),
       euro(20'500)},
  };
  const VersionRef v = lap_2023().ref_on(day("2024-12-01"));
  for (const auto& c : cases) {
    SCOPED_TRACE(c.r);
    auto pr = settle(u, with_rule(SettlementRule::kProRata), v, {c.r, {}, day("2025-03-01")});
    auto fl =
        settle(u, with_rule(SettlementRule::kProRataWithFloor), v, {c.r, {}, day("2025-03-01")});
    for (const auto* s : {&pr, &fl}) {
      EXPECT_EQ(s->advance, euro(20'500));
      EXPECT_EQ(s->advance_paid, euro(20'500));
      EXPECT_EQ(s->earned, c.earned);
      EXPECT_EQ(s->earned_pct->to_percent_string(1), c.earned_pct);
      EXPECT_EQ(s->achieved_pct->to_percent_string(1), c.achieved_pct);
      EXPECT_EQ(s->version.version, 2);
    }
    EXPECT_EQ(pr.entitled, c.pro_rata_entitled);
    EXPECT_EQ(pr.balance, c.pro_rata_balance);
    EXPECT_EQ(fl.entitled, c.floor_entitled);
    EXPECT_EQ(fl.balance, c.floor_balance);
    auto status = [](Money b) {
      return b > Money() ? PaymentStatus::kPayable
                         : (b < Money() ? PaymentStatus::kToRecover : PaymentStatus::kSettled);
    };
    EXPECT_EQ(pr.status, status(c.pro_rata_balance));
    EXPECT_EQ(fl.status, status(c.floor_balance));
  }
}

TEST(Settlement, FinalPaymentHeldUntilTheAnnualReportIsApproved) {
  auto s = settle(n250(), with_rule(SettlementRule::kProRata), {}, {95, {}, std::nullopt});
  EXPECT_EQ(s.status, PaymentStatus::kHeld);
  EXPECT_EQ(s.balance, euro(20'500));  // known, but not payable yet
  EXPECT_EQ(payment_status_name(s.status), "held");
  s = settle(n250(), with_rule(SettlementRule::kProRata), {}, {95, {}, day("2025-02-10")});
  EXPECT_EQ(s.status, PaymentStatus::kPayable);
  EXPECT_EQ(s.annual_report_approved, day("2025-02-10"));
}

TEST(Settlement, AdvanceNotPaidYet) {
  // No advance paid: pro_rata pays everything earned at the end.
  auto s =
      settle(n250(), with_rule(SettlementRule::kProRata), {}, {70, Money(), day("2025-01-01")});
  EXPECT_EQ(s.advance, euro(20'500));
  EXPECT_EQ(s.advance_paid, Money());
  EXPECT_EQ(s.balance, euro(20'000));
}

TEST(Settlement, EarnedNeverAboveTheDrawingRight) {
  EXPECT_EQ(earned_amount(100, 0, 10, euro(1000), euro(7'500)), euro(7'500));
  EXPECT_EQ(earned_amount(5, 0, 10, euro(1000), euro(7'500)), euro(5'000));
  EXPECT_EQ(earned_amount(-5, 0, 10, euro(1000), euro(7'500)), Money());
  // No engagement: percentages are undefined, nothing is earned.
  EXPECT_FALSE(earned_rate(10, 5, 0));
  EXPECT_FALSE(achieved_rate(10, 5, 0));
  EXPECT_EQ(earned_amount(10, 5, 0, euro(1000), euro(999)), Money());
}

TEST(Settlement, AdvanceRoundsHalfUpToTheCent) {
  // 1/3 × 1 × €1,000.01 = 33,333.67 cents -> €333.34.
  EXPECT_EQ(advance_amount(*Rate::fraction(1, 3), 1, cents(100'001)), cents(33'334));
  // 0.5 × 1 × 1 cent = 0.5 -> 1 cent.
  EXPECT_EQ(advance_amount(Rate::basis_points(5000), 1, cents(1)), cents(1));
}

}  // namespace
}  // namespace lap::pact
