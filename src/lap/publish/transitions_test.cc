#include "lap/publish/transitions.h"

#include <random>

#include <gtest/gtest.h>

namespace lap::publish {
namespace {

using measure::Position;

constexpr size_t kColumns = static_cast<size_t>(measure::kPositionCount);

size_t at(Position from, Position to) {
  return static_cast<size_t>(from) * kColumns + static_cast<size_t>(to);
}

measure::TransitionMatrix ocmw(int nis) {
  measure::TransitionMatrix m;
  m.ocmw = *Nis::from_int(nis);
  return m;
}

// Flanders = the OCMWs' matrices plus `unattributed`.
measure::Transitions with_flanders(std::vector<measure::TransitionMatrix> per,
                                   const measure::TransitionMatrix& unattributed = {}) {
  measure::Transitions tr{*Month::parse("2024-01"), *Month::parse("2024-12"), std::move(per), {}};
  tr.flanders = unattributed;
  for (const auto& m : tr.per_ocmw)
    for (size_t i = 0; i < m.counts.size(); ++i)
      tr.flanders.counts[i] += m.counts[i];
  return tr;
}

const SeenTransitionRow& row(const SeenTransitionMatrix& m, Position from) {
  return m.rows[static_cast<size_t>(from)];
}

TEST(Transitions, ASmallCellHidesTheNextSmallestOfItsRow) {
  auto a = ocmw(11002);
  a.counts[at(Position::kRmi, Position::kRmi)] = 20;
  a.counts[at(Position::kRmi, Position::kWorkEmp)] = 3;
  a.counts[at(Position::kRmi, Position::kJobseeker)] = 6;
  auto b = ocmw(44021);
  b.counts[at(Position::kRmi, Position::kRmi)] = 20;
  b.counts[at(Position::kRmi, Position::kJobseeker)] = 6;
  const auto seen = protected_flanders(with_flanders({a, b}), 5);
  const auto& rmi = row(seen, Position::kRmi);
  EXPECT_FALSE(rmi.cells[static_cast<size_t>(Position::kWorkEmp)]);
  EXPECT_EQ(rmi.suppression[static_cast<size_t>(Position::kWorkEmp)], Suppression::kPrimary);
  EXPECT_FALSE(rmi.cells[static_cast<size_t>(Position::kJobseeker)]);
  EXPECT_EQ(rmi.suppression[static_cast<size_t>(Position::kJobseeker)], Suppression::kSecondary);
  EXPECT_EQ(rmi.cells[static_cast<size_t>(Position::kRmi)], 40);
  EXPECT_EQ(rmi.cells[static_cast<size_t>(Position::kOther)], 0);
  EXPECT_EQ(rmi.total, 55);
  EXPECT_EQ(seen.hidden_cells(), 2);
  EXPECT_FALSE(seen.exact);
  // An empty row is shown, with its total 0.
  EXPECT_EQ(row(seen, Position::kWorkSelf).total, 0);
}

TEST(Transitions, AComplementOfOneOcmwAloneIsNotEnough) {
  // Hiding 3 (11002) with 12 (all 44021) would tell 44021 that the others hid 3.
  auto a = ocmw(11002);
  a.counts[at(Position::kRmi, Position::kWorkEmp)] = 3;
  a.counts[at(Position::kRmi, Position::kRmi)] = 20;
  auto b = ocmw(44021);
  b.counts[at(Position::kRmi, Position::kJobseeker)] = 12;
  b.counts[at(Position::kRmi, Position::kRmi)] = 20;
  const auto seen = protected_flanders(with_flanders({a, b}), 5);
  const auto& rmi = row(seen, Position::kRmi);
  EXPECT_EQ(rmi.suppression[static_cast<size_t>(Position::kJobseeker)], Suppression::kSecondary);
  EXPECT_EQ(rmi.suppression[static_cast<size_t>(Position::kRmi)], Suppression::kSecondary);
  EXPECT_EQ(seen.hidden_cells(), 3);
}

TEST(Transitions, ACellOfOneOcmwAndAFewOthersIsHidden) {
  // 11002 has 8 of the 10: it would learn that 2 others went from RMI to work.
  auto a = ocmw(11002);
  a.counts[at(Position::kRmi, Position::kWorkEmp)] = 8;
  a.counts[at(Position::kRmi, Position::kRmi)] = 30;
  auto b = ocmw(44021);
  b.counts[at(Position::kRmi, Position::kWorkEmp)] = 2;
  b.counts[at(Position::kRmi, Position::kRmi)] = 30;
  const auto seen = protected_flanders(with_flanders({a, b}), 5);
  const auto& rmi = row(seen, Position::kRmi);
  EXPECT_EQ(rmi.suppression[static_cast<size_t>(Position::kWorkEmp)], Suppression::kPrimary);
  // The complement is the RMI cell (the only other with persons): 70 hidden together.
  EXPECT_EQ(rmi.suppression[static_cast<size_t>(Position::kRmi)], Suppression::kSecondary);
  EXPECT_EQ(rmi.total, 70);
}

TEST(Transitions, ARowThatCannotBeProtectedIsHiddenWhole) {
  auto a = ocmw(11002);
  a.counts[at(Position::kJobseeker, Position::kJobseeker)] = 3;
  const auto seen = protected_flanders(with_flanders({a}), 5);
  const auto& row_seen = row(seen, Position::kJobseeker);
  for (const auto& c : row_seen.cells)
    EXPECT_FALSE(c);
  EXPECT_FALSE(row_seen.total);
}

TEST(Transitions, ExactOwnerAndPublicViews) {
  auto a = ocmw(11002);
  a.counts[at(Position::kRmi, Position::kWorkEmp)] = 2;
  a.counts[at(Position::kRmi, Position::kRmi)] = 40;
  auto b = ocmw(44021);
  b.counts[at(Position::kRmi, Position::kRmi)] = 40;
  const auto tr = with_flanders({a, b});

  const auto exact = seen_transitions(tr, View::exact(), 5);
  EXPECT_TRUE(exact.flanders.exact);
  EXPECT_EQ(row(exact.flanders, Position::kRmi).cells[0], 2);
  ASSERT_EQ(exact.per_ocmw.size(), 2U);

  const auto owner = seen_transitions(tr, View::owner_view(*Nis::from_int(11002)), 5);
  EXPECT_EQ(owner.flanders.hidden_cells(), 2);
  ASSERT_EQ(owner.per_ocmw.size(), 1U);
  EXPECT_EQ(owner.per_ocmw[0].ocmw.code(), 11002);
  EXPECT_EQ(row(owner.per_ocmw[0], Position::kRmi).cells[0], 2);  // its own, exactly

  const auto pub = seen_transitions(tr, View::public_view(), 5);
  EXPECT_EQ(pub.flanders.hidden_cells(), 2);
  EXPECT_TRUE(pub.per_ocmw.empty());
}

// On random matrices, checked from first principles: a user who knows the row
// total (when shown) and the visible cells learns about the hidden cells only
// their sum, which must not be small, also without any one OCMW's persons.
TEST(Transitions, RandomMatricesGiveNoSmallCountAway) {
  std::mt19937 rng(20);
  const int k = 5;
  for (int round = 0; round < 300; ++round) {
    std::vector<measure::TransitionMatrix> per;
    for (int x = 0; x < 4; ++x) {
      auto m = ocmw(11001 + x);
      for (auto& c : m.counts)
        c = std::uniform_int_distribution<int>(0, 9)(rng) < 6
                ? 0
                : std::uniform_int_distribution<int>(1, 12)(rng);
      per.push_back(m);
    }
    for (auto& m : per)
      for (size_t b = 0; b < kColumns; ++b)
        m.counts[at(Position::kOther, static_cast<Position>(b))] = 0;
    measure::TransitionMatrix unattributed;
    unattributed.counts[at(Position::kJobseeker, Position::kJobseeker)] =
        std::uniform_int_distribution<int>(0, 6)(rng);
    const auto tr = with_flanders(per, unattributed);
    const auto seen = protected_flanders(tr, k);
    for (int a = 0; a < kTransitionRows; ++a) {
      const auto& r = seen.rows[static_cast<size_t>(a)];
      int64_t hidden_all = 0;
      std::vector<int64_t> hidden_without(per.size(), 0);
      int n_hidden = 0;
      int64_t total = 0;
      for (size_t b = 0; b < kColumns; ++b) {
        const int64_t n = tr.flanders.counts[static_cast<size_t>(a) * kColumns + b];
        total += n;
        if (r.cells[b]) {
          EXPECT_EQ(*r.cells[b], n);
          EXPECT_FALSE(n >= 1 && n < k) << "round " << round;
          for (const auto& m : per) {
            const int64_t rest = n - m.counts[static_cast<size_t>(a) * kColumns + b];
            EXPECT_FALSE(rest >= 1 && rest < k) << "round " << round;
          }
          continue;
        }
        ++n_hidden;
        hidden_all += n;
        for (size_t x = 0; x < per.size(); ++x)
          hidden_without[x] += n - per[x].counts[static_cast<size_t>(a) * kColumns + b];
      }
      if (r.total) {
        EXPECT_EQ(*r.total, total);
      }
      if (n_hidden == 0 || n_hidden == measure::kPositionCount) continue;
      EXPECT_GE(n_hidden, 2) << "round " << round;
      EXPECT_FALSE(hidden_all >= 1 && hidden_all < k) << "round " << round;
      for (const int64_t rest : hidden_without)
        EXPECT_FALSE(rest >= 1 && rest < k) << "round " << round;
    }
  }
}

}  // namespace
}  // namespace lap::publish
