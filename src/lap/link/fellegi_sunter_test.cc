#include "lap/link/fellegi_sunter.h"

#include <array>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace lap::link {
namespace {

// A deterministic generator for the synthetic mixture (splitmix64).
class TestRng {
 public:
  explicit TestRng(uint64_t seed) : s_(seed) {}
  double uniform() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  }
  int pick(const std::vector<double>& p) {
    double x = uniform();
    for (size_t i = 0; i + 1 < p.size(); ++i) {
      if ((x -= p[i]) < 0) return static_cast<int>(i);
    }
    return static_cast<int>(p.size()) - 1;
  }

 private:
  uint64_t s_;
};

constexpr std::string_view kThree[] = {"exact", "close", "different"};
constexpr std::string_view kFour[] = {"exact", "close", "different", "missing"};
constexpr std::string_view kTwo[] = {"equal", "different"};
constexpr FieldSpec kFields[] = {{"name", kThree, -1}, {"date", kFour, 3}, {"sex", kTwo, -1}};

TEST(EstimateEm, RecoversKnownParametersOfASyntheticMixture) {
  const double lambda = 0.2;
  const std::vector<std::vector<double>> m = {{0.85, 0.10, 0.05}, {0.90, 0.08, 0.02}, {0.95, 0.05}};
  const std::vector<std::vector<double>> u = {{0.05, 0.15, 0.80}, {0.01, 0.09, 0.90}, {0.45, 0.55}};
  const double missing_date = 0.05;
  PatternCounts patterns(3);
  TestRng rng(42);
  for (int i = 0; i < 200'000; ++i) {
    bool match = rng.uniform() < lambda;
    const auto& p = match ? m : u;
    std::array<uint8_t, 3> levels{};
    for (int f = 0; f < 3; ++f)
      levels[static_cast<size_t>(f)] = static_cast<uint8_t>(rng.pick(p[static_cast<size_t>(f)]));
    if (rng.uniform() < missing_date) levels[1] = 3;
    patterns.add(levels);
  }
  EXPECT_EQ(patterns.total(), 200'000U);
  EXPECT_LE(patterns.patterns().size(), 3U * 4U * 2U);

  FellegiSunterModel model(kFields);
  model.initialise_u_from(patterns);
  EmResult r = estimate_em(model, patterns);
  EXPECT_TRUE(r.converged);
  EXPECT_LT(r.iterations, 200);
  EXPECT_NEAR(model.lambda(), lambda, 0.01);
  for (int f = 0; f < 3; ++f) {
    for (size_t l = 0; l < m[static_cast<size_t>(f)].size(); ++l) {
      EXPECT_NEAR(model.m(f, static_cast<int>(l)), m[static_cast<size_t>(f)][l], 0.015)
          << "m field " << f << " level " << l;
      EXPECT_NEAR(model.u(f, static_cast<int>(l)), u[static_cast<size_t>(f)][l], 0.015)
          << "u field " << f << " level " << l;
    }
  }
}

TEST(EstimateEm, FixedUEstimatesMOnly) {
  PatternCounts patterns(3);
  patterns.add(std::array<uint8_t, 3>{0, 0, 0}, 90);
  patterns.add(std::array<uint8_t, 3>{2, 2, 1}, 900);
  patterns.add(std::array<uint8_t, 3>{1, 3, 0}, 10);
  FellegiSunterModel model(kFields);
  const std::vector<double> u0 = {0.05, 0.15, 0.80};
  model.set_u(0, u0);
  EmOptions o;
  o.fixed_u = true;
  estimate_em(model, patterns, o);
  EXPECT_DOUBLE_EQ(model.u(0, 0), 0.05);
  EXPECT_GT(model.m(0, 0), 0.5);
}

TEST(FellegiSunterModel, WeightIsTheSumOfLog2MOverU) {
  FellegiSunterModel model(kFields);
  model.set_m(0, std::vector<double>{0.8, 0.15, 0.05});
  model.set_u(0, std::vector<double>{0.01, 0.09, 0.9});
  model.set_m(1, std::vector<double>{0.9, 0.05, 0.05, 0});
  model.set_u(1, std::vector<double>{0.001, 0.05, 0.949, 0});
  model.set_m(2, std::vector<double>{0.96, 0.04});
  model.set_u(2, std::vector<double>{0.5, 0.5});
  std::array<uint8_t, 3> agree{0, 0, 0};
  double expected = std::log2(0.8 / 0.01) + std::log2(0.9 / 0.001) + std::log2(0.96 / 0.5);
  EXPECT_NEAR(model.weight(agree), expected, 1e-12);
  // The missing level contributes nothing.
  std::array<uint8_t, 3> missing_date{0, 3, 0};
  EXPECT_NEAR(model.weight(missing_date), std::log2(0.8 / 0.01) + std::log2(0.96 / 0.5), 1e-12);
  EXPECT_NEAR(model.level_weight(0, 2), std::log2(0.05 / 0.9), 1e-12);
  EXPECT_LT(model.level_weight(0, 2), 0);
  // Probability with the prior.
  model.set_lambda(0.5);
  EXPECT_NEAR(model.probability(0), 0.5, 1e-12);
  EXPECT_NEAR(model.probability(1), 2.0 / 3.0, 1e-12);
}

TEST(FellegiSunterModel, RareNameAgreementWeighsMoreThanACommonOne) {
  TermFrequencies tf;
  tf.add("peeters", 300);
  tf.add("vandevelde", 10);
  tf.add("kovalenko", 1);
  tf.add("other", 9689);
  EXPECT_NEAR(tf.frequency("peeters"), 0.03, 1e-12);
  EXPECT_EQ(tf.frequency("unseen"), 0.0);

  FellegiSunterModel model(kFields);
  model.set_m(0, std::vector<double>{0.9, 0.07, 0.03});
  model.set_u(0, std::vector<double>{0.002, 0.05, 0.948});
  std::array<uint8_t, 3> levels{0, 3, 0};
  std::array<double, 3> common{model.tf_u(tf.frequency("peeters")), 0, 0};
  std::array<double, 3> rare{model.tf_u(tf.frequency("kovalenko")), 0, 0};
  double plain = model.weight(levels);
  EXPECT_LT(model.weight(levels, common), plain);
  EXPECT_GT(model.weight(levels, rare), plain);
  EXPECT_GT(model.weight(levels, rare), model.weight(levels, common));
  // Term frequencies only touch exact agreement.
  std::array<uint8_t, 3> close{1, 3, 0};
  EXPECT_DOUBLE_EQ(model.weight(close, rare), model.weight(close));
}

TEST(FellegiSunterModel, ExplainsEveryField) {
  FellegiSunterModel model(kFields);
  model.set_m(0, std::vector<double>{0.9, 0.07, 0.03});
  model.set_u(0, std::vector<double>{0.002, 0.05, 0.948});
  std::array<uint8_t, 3> levels{0, 3, 1};
  std::array<double, 3> tf_u{0.0001, 0, 0};
  WeightExplanation e = model.explain(levels, tf_u);
  ASSERT_EQ(e.fields.size(), 3U);
  EXPECT_EQ(e.fields[0].field, "name");
  EXPECT_EQ(e.fields[0].level, "exact");
  EXPECT_TRUE(e.fields[0].term_frequency_adjusted);
  EXPECT_NEAR(e.fields[0].weight, std::log2(0.9 / 0.0001), 1e-12);
  EXPECT_EQ(e.fields[1].level, "missing");
  EXPECT_EQ(e.fields[1].weight, 0.0);
  EXPECT_EQ(e.fields[2].level, "different");
  EXPECT_NEAR(e.weight, model.weight(levels, tf_u), 1e-12);
  EXPECT_NEAR(e.weight, e.fields[0].weight + e.fields[2].weight, 1e-12);
  EXPECT_NE(e.to_string().find("name exact +"), std::string::npos);
  EXPECT_NE(e.to_string().find(", tf"), std::string::npos);
}

TEST(FellegiSunterModel, WorksWithTheIdentityFields) {
  FellegiSunterModel model(identity_fields());
  EXPECT_EQ(model.field_count(), kFieldCount);
  // Starting values: the best level is evidence for a match, the worst against.
  for (int f = 0; f < kFieldCount; ++f) {
    EXPECT_GT(model.level_weight(f, 0), 0) << model.field(f).name;
  }
}

TEST(FellegiSunterModel, MakeMonotoneNeverLetsAWorseLevelWeighMore) {
  FellegiSunterModel model(kFields);
  // name: close (+4.0 bits) would outweigh exact (+3.0): they are pooled.
  model.set_m(0, std::vector<double>{0.80, 0.16, 0.04});
  model.set_u(0, std::vector<double>{0.10, 0.01, 0.89});
  // date: already monotone, unchanged.
  model.set_m(1, std::vector<double>{0.9, 0.08, 0.02, 0});
  model.set_u(1, std::vector<double>{0.01, 0.09, 0.90, 0});
  const double date_exact = model.level_weight(1, 0);
  EXPECT_GT(model.level_weight(0, 1), model.level_weight(0, 0));
  EXPECT_EQ(model.make_monotone(), 2);
  for (int f = 0; f < model.field_count(); ++f) {
    int previous = -1;
    for (int l = 0; l < static_cast<int>(model.field(f).levels.size()); ++l) {
      if (l == model.field(f).missing_level) continue;
      if (previous >= 0) {
        EXPECT_LE(model.level_weight(f, l), model.level_weight(f, previous) + 1e-12)
            << model.field(f).name << " " << l;
      }
      previous = l;
    }
  }
  // The pool's weight is log2 of its summed m over its summed u.
  EXPECT_NEAR(model.level_weight(0, 0), std::log2(0.96 / 0.11), 1e-12);
  EXPECT_NEAR(model.level_weight(0, 1), std::log2(0.96 / 0.11), 1e-12);
  EXPECT_NEAR(model.m(0, 0) + model.m(0, 1), 0.96, 1e-12);  // m still sums as before
  EXPECT_EQ(model.level_weight(1, 0), date_exact);
  EXPECT_EQ(model.make_monotone(), 0);  // idempotent
}

TEST(FellegiSunterModel, ALevelSeenNowhereWeighsNothing) {
  // "sex different" when every record has the same sex: no random pair and no
  // match shows it. Its u and m are both the floor, so it weighs 0, not the
  // +6.9 bits an m smoothed against a large sample gave.
  FellegiSunterModel model(kFields);
  PatternCounts random(3);
  for (int i = 0; i < 1000; ++i) {
    std::array<uint8_t, 3> levels{2, 2, 0};  // name different, date different, sex equal
    random.add(levels);
  }
  model.initialise_u_from(random);
  PatternCounts matches(3);
  for (int i = 0; i < 100; ++i) {
    std::array<uint8_t, 3> levels{0, 0, 0};
    matches.add(levels);
  }
  EmOptions em;
  em.fixed_u = true;
  estimate_em(model, matches, em);
  EXPECT_NEAR(model.level_weight(2, 1), 0, 1e-9);
  EXPECT_NEAR(model.level_weight(2, 0), 0, 0.01);  // equal for everyone: no evidence either
}

TEST(FellegiSunterModel, UWithoutTheMatchesOfASmallSource) {
  FellegiSunterModel model(kFields);
  model.set_m(0, std::vector<double>{0.9, 0.09, 0.01});
  // 1,000 random pairs of which 1% are matches: exact agreement 1% + 0.9%.
  PatternCounts random(3);
  auto add = [&random](uint8_t name, int n) {
    std::array<uint8_t, 3> levels{name, 3, 0};
    random.add(levels, static_cast<uint64_t>(n));
  };
  add(0, 19);
  add(1, 20);
  add(2, 961);
  model.initialise_u_without_matches(random, 0.01);
  EXPECT_NEAR(model.u(0, 0), (0.019 - 0.009) / 0.99, 1e-3);
  EXPECT_NEAR(model.u(0, 0) + model.u(0, 1) + model.u(0, 2), 1.0, 1e-12);
}

TEST(FellegiSunterModel, TheMatchPriorWithMAndUHeld) {
  FellegiSunterModel model(kFields);
  model.set_m(0, std::vector<double>{0.98, 0.01, 0.01});
  model.set_u(0, std::vector<double>{0.01, 0.01, 0.98});
  PatternCounts patterns(3);
  std::array<uint8_t, 3> match{0, 3, 0}, other{2, 3, 0};
  patterns.add(match, 200);
  patterns.add(other, 800);
  model.estimate_lambda(patterns);
  EXPECT_NEAR(model.lambda(), 0.2, 0.01);
}

}  // namespace
}  // namespace lap::link
