// The waterfall of a review item from its stored levels and its run's summary.
#include "lap/store/link_review.h"

#include <cmath>

#include <gtest/gtest.h>

namespace lap::store {
namespace {

LinkStore::LinkReviewItem review_item(std::string levels, double weight) {
  LinkStore::LinkReviewItem item;
  item.weight = weight;
  item.reason = "between_thresholds";
  item.levels_json = std::move(levels);
  return item;
}

LinkStore::LinkRun run_with(std::string summary) {
  LinkStore::LinkRun run;
  run.summary_json = std::move(summary);
  return run;
}

TEST(ReviewWaterfall, EveryFieldStartsWhereThePreviousEnded) {
  const auto item = review_item(
      R"([{"field":"insz","level":"missing","weight":0,"term_frequency":false},
          {"field":"last_name","level":"exact","weight":8.5,"term_frequency":true},
          {"field":"birth_date","level":"different","weight":-3.25,"term_frequency":false}])",
      5.25);
  const auto w = review_waterfall(
      item, run_with(R"({"thresholds":{"lower":6,"upper":14},"model":{"lambda":0.2}})"));
  ASSERT_EQ(w.steps.size(), 3u);
  EXPECT_EQ(w.steps[0].field, "insz");
  EXPECT_EQ(w.steps[0].from, 0);
  EXPECT_EQ(w.steps[1].from, 0);
  EXPECT_EQ(w.steps[1].to, 8.5);
  EXPECT_TRUE(w.steps[1].term_frequency);
  EXPECT_EQ(w.steps[2].from, 8.5);
  EXPECT_EQ(w.steps[2].to, 5.25);
  EXPECT_EQ(w.total, 5.25);
  EXPECT_EQ(w.weight, 5.25);
  ASSERT_TRUE(w.thresholds);
  EXPECT_EQ(w.thresholds->lower, 6);
  EXPECT_EQ(w.thresholds->upper, 14);
  ASSERT_TRUE(w.prior);
  EXPECT_DOUBLE_EQ(*w.prior, std::log2(0.25));
  EXPECT_EQ(threshold_band(w.weight, *w.thresholds), "below_lower");
}

TEST(ReviewWaterfall, ThresholdsOnTheLogOddsAreComparedAsTheWeightsTheyCameTo) {
  // Runs store the thresholds on the match log-odds and, beside them, as weights.
  const auto t = stored_thresholds(
      run_with(R"({"thresholds":{"lower":-13,"upper":-5,"lower_weight":7.5,"upper_weight":15.5,)"
               R"("population_prior":-20.5},"model":{"lambda":0.5}})"));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->lower, 7.5);
  EXPECT_EQ(t->upper, 15.5);
  // The prior shown is the one the thresholds are relative to.
  EXPECT_EQ(
      stored_prior(run_with(R"({"thresholds":{"population_prior":-20.5},"model":{"lambda":0.5}})")),
      -20.5);
}

TEST(ReviewWaterfall, WhatTheRunDidNotStoreIsAbsent) {
  const auto w = review_waterfall(review_item("[]", 7), run_with("{}"));
  EXPECT_TRUE(w.steps.empty());
  EXPECT_FALSE(w.thresholds);
  EXPECT_FALSE(w.prior);
  EXPECT_EQ(w.weight, 7);
  EXPECT_FALSE(stored_thresholds(run_with(R"({"thresholds":{"lower":"x"}})")));
  EXPECT_FALSE(stored_prior(run_with(R"({"model":{"lambda":1}})")));
}

TEST(ReviewWaterfall, MalformedDocumentsGiveNoStepsNotAnError) {
  const auto w = review_waterfall(review_item("not json", 9), run_with("{"));
  EXPECT_TRUE(w.steps.empty());
  EXPECT_EQ(w.weight, 9);
  const auto partial = review_waterfall(
      review_item(R"([{"field":"sex"},{"field":"postcode","level":"equal","weight":4}])", 4),
      run_with("{}"));
  ASSERT_EQ(partial.steps.size(), 1u);
  EXPECT_EQ(partial.steps[0].field, "postcode");
}

TEST(ReviewWaterfall, ThresholdBands) {
  const LinkThresholds t{6, 14};
  EXPECT_EQ(threshold_band(5.99, t), "below_lower");
  EXPECT_EQ(threshold_band(6, t), "between");
  EXPECT_EQ(threshold_band(13.99, t), "between");
  EXPECT_EQ(threshold_band(14, t), "from_upper");
}

}  // namespace
}  // namespace lap::store
