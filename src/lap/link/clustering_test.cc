#include "lap/link/clustering.h"

#include <gtest/gtest.h>

namespace lap::link {
namespace {

TEST(Decide, ThreeBands) {
  Thresholds t{.lower = 2, .upper = 12};
  EXPECT_EQ(decide(15, t), Decision::kMatch);
  EXPECT_EQ(decide(12, t), Decision::kMatch);
  EXPECT_EQ(decide(5, t), Decision::kReview);
  EXPECT_EQ(decide(2, t), Decision::kReview);
  EXPECT_EQ(decide(-3, t), Decision::kNonMatch);
}

TEST(IdentitiesConflict, TheGuardRule) {
  GuardIdentity a{85073003328ULL, {1985, 7, 30}};
  GuardIdentity other_number_other_date{90010100123ULL, {1990, 1, 1}};
  GuardIdentity other_number_same_date{85073004121ULL, {1985, 7, 30}};  // BIS -> national
  GuardIdentity no_number{0, {1990, 1, 1}};
  GuardIdentity other_number_no_date{90010100123ULL, {}};
  GuardIdentity other_number_year_only{90010100123ULL, {1985, 0, 0}};
  EXPECT_TRUE(identities_conflict(a, other_number_other_date));
  EXPECT_FALSE(identities_conflict(a, other_number_same_date));
  EXPECT_FALSE(identities_conflict(a, no_number));
  EXPECT_FALSE(identities_conflict(a, other_number_no_date));
  EXPECT_FALSE(identities_conflict(a, other_number_year_only));  // unknown parts never conflict
  EXPECT_FALSE(identities_conflict(a, a));
}

TEST(ClusterPairs, TransitiveClosureOfLinks) {
  std::vector<GuardIdentity> nodes(5);
  std::vector<WeightedPair> pairs = {{0, 1, 20}, {1, 2, 15}, {3, 4, 5}, {2, 4, -10}};
  auto r = cluster_pairs(nodes, pairs, {.lower = 0, .upper = 10});
  EXPECT_EQ(r.persons, 3U);
  EXPECT_EQ(r.person_of[0], r.person_of[1]);
  EXPECT_EQ(r.person_of[1], r.person_of[2]);
  EXPECT_NE(r.person_of[3], r.person_of[4]);  // review only
  ASSERT_EQ(r.review.size(), 1U);
  EXPECT_EQ(r.review[0].a, 3U);
  EXPECT_EQ(r.non_matches, 1U);
  EXPECT_EQ(r.matches, 2U);
  EXPECT_TRUE(r.refused.empty());
}

TEST(ClusterPairs, GuardRefusesChainingTwoPeopleThroughABadRecord) {
  // Record 0: Jan Peeters, INSZ p, 1985-07-30. Record 2: Jan Peeters, INSZ q,
  // 1990-01-01, another man. Record 1 has no INSZ or date and links to both.
  std::vector<GuardIdentity> nodes = {
      {85073003328ULL, {1985, 7, 30}}, {0, {}}, {90010100123ULL, {1990, 1, 1}}};
  std::vector<WeightedPair> pairs = {{1, 2, 11}, {0, 1, 14}};
  auto r = cluster_pairs(nodes, pairs, {.lower = 0, .upper = 10});
  EXPECT_EQ(r.persons, 2U);
  EXPECT_EQ(r.person_of[0], r.person_of[1]);  // the stronger link wins
  EXPECT_NE(r.person_of[0], r.person_of[2]);
  ASSERT_EQ(r.refused.size(), 1U);
  EXPECT_EQ(r.refused[0].a, 1U);
  EXPECT_EQ(r.refused[0].b, 2U);
}

TEST(ClusterPairs, BisAndNationalNumberOfOnePersonMerge) {
  std::vector<GuardIdentity> nodes = {
      {90450100140ULL, {1990, 5, 1}}, {90050100187ULL, {1990, 5, 1}}, {0, {1990, 5, 1}}};
  std::vector<WeightedPair> pairs = {{0, 2, 15}, {1, 2, 15}};
  auto r = cluster_pairs(nodes, pairs, {.lower = 0, .upper = 10});
  EXPECT_EQ(r.persons, 1U);
  EXPECT_TRUE(r.refused.empty());
}

TEST(GuardedUnionFind, ChecksEveryNumberInBothClusters) {
  // Two clusters of three; the conflict lies between the last members.
  std::vector<GuardIdentity> nodes = {{11, {1980, 1, 1}}, {0, {}}, {12, {1980, 1, 1}},
                                      {13, {1980, 1, 1}}, {0, {}}, {14, {1991, 1, 1}}};
  GuardedUnionFind uf(nodes);
  EXPECT_EQ(uf.merge(0, 1), GuardedUnionFind::Outcome::kMerged);
  EXPECT_EQ(uf.merge(1, 2), GuardedUnionFind::Outcome::kMerged);
  EXPECT_EQ(uf.merge(3, 4), GuardedUnionFind::Outcome::kMerged);
  EXPECT_EQ(uf.merge(4, 5), GuardedUnionFind::Outcome::kRefused);  // 13 vs 14: other year
  EXPECT_EQ(uf.merge(0, 3), GuardedUnionFind::Outcome::kMerged);   // same dates
  EXPECT_EQ(uf.merge(2, 3), GuardedUnionFind::Outcome::kAlreadyTogether);
  EXPECT_TRUE(uf.conflict(0, 5));
  EXPECT_EQ(uf.merge(5, 1), GuardedUnionFind::Outcome::kRefused);
  EXPECT_EQ(uf.find(0), uf.find(4));
  EXPECT_NE(uf.find(0), uf.find(5));
}

}  // namespace
}  // namespace lap::link
