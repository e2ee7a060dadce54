#include "lap/link/blocking.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "lap/link/linkage.h"
#include "lap/link/test_support.h"

namespace lap::link {
namespace {

using test_support::kToday;

BlockingKeys keys(std::string_view insz, std::string_view last, std::string_view first,
                  std::string_view birth, int postcode) {
  RawIdentity raw{.insz = insz,
                  .last_name = last,
                  .first_name = first,
                  .birth_date = birth,
                  .sex = Sex::kUnknown,
                  .postcode = postcode};
  return blocking_keys(normalise_record(raw, kToday));
}

BlockingKeys keys_at(std::string_view insz, std::string_view last, std::string_view first,
                     std::string_view birth, int postcode, std::string_view street,
                     std::string_view number) {
  RawIdentity raw{.insz = insz,
                  .last_name = last,
                  .first_name = first,
                  .birth_date = birth,
                  .sex = Sex::kUnknown,
                  .postcode = postcode,
                  .street = street,
                  .house_number = number};
  return blocking_keys(normalise_record(raw, kToday));
}

std::set<std::pair<uint32_t, uint32_t>> as_set(const std::vector<CandidatePair>& pairs) {
  std::set<std::pair<uint32_t, uint32_t>> s;
  for (auto p : pairs)
    s.insert({p.left, p.right});
  return s;
}

TEST(BlockingKeys, PrecomputedOnce) {
  auto k = keys("85073003328", "Van den Broeck", "Jan", "1985-07-30", 9000);
  EXPECT_EQ(k.valid_insz, 85073003328ULL);
  EXPECT_EQ(k.birth_date, 19850730U);
  EXPECT_EQ(k.birth_year, 1985);
  EXPECT_EQ(k.last_initial, 'b');  // of the core "broeck"
  EXPECT_EQ(k.first_initial, 'j');
  EXPECT_EQ(k.postcode, 9000);
  EXPECT_EQ(k.last_phonetic, keys("", "Vandenbroeck", "", "", 0).last_phonetic);
  auto invalid = keys("85073003329", "X", "Y", "1985-07-00", 0);
  EXPECT_EQ(invalid.valid_insz, 0U);
  EXPECT_EQ(invalid.birth_date, 0U);  // incomplete date: no birth-date key
  EXPECT_EQ(invalid.birth_year, 1985);
}

TEST(BlockLink, EachRuleCatchesWhatTheOthersMiss) {
  std::vector<BlockingKeys> ocmw = {
      keys("85073003328", "Peeters", "Jan", "1985-07-30", 9000),  // 0
      keys("", "Kovalenko", "Oleksandr", "1990-05-12", 2000),     // 1
      keys("", "El Amrani", "Fatima", "", 1000),                  // 2
      keys("", "Janssens", "Marie", "1970-01-15", 3000),          // 3
  };
  std::vector<BlockingKeys> vdab = {
      keys("85073003328", "Pieters", "Jan", "", 0),            // 0: INSZ only
      keys("", "Kowalenko", "Aleksandr", "1990-12-05", 2000),  // 1: phonetic + year
      keys("", "Fatima", "Amrani", "", 1000),                  // 2: postcode + initials, swapped
      keys("", "Smets", "Anna", "1970-01-15", 8500),           // 3: birth date only
      keys("", "Nobody", "Else", "1950-02-02", 8000),          // 4: nothing
  };
  BlockingResult r = block_link(ocmw, vdab);
  auto s = as_set(r.pairs);
  EXPECT_EQ(s.size(), r.pairs.size()) << "no duplicates";
  EXPECT_TRUE(s.contains({0, 0}));
  EXPECT_TRUE(s.contains({1, 1}));
  EXPECT_TRUE(s.contains({2, 2}));
  EXPECT_TRUE(s.contains({3, 3}));
  EXPECT_EQ(s.size(), 4U);
  ASSERT_EQ(r.stats.size(), 4U);
  EXPECT_EQ(r.stats[0].rule, BlockingRule::kValidInsz);
  EXPECT_EQ(r.stats[0].pairs, 1U);
  EXPECT_EQ(r.stats[1].pairs, 1U);  // birth date: 3-3
  EXPECT_EQ(r.stats[2].pairs, 1U);  // phonetic + year: 1-1
  EXPECT_EQ(r.stats[3].pairs, 1U);  // postcode + initials: 2-2
}

TEST(BlockLink, APairFoundByManyRulesIsEmittedOnce) {
  std::vector<BlockingKeys> a = {keys("85073003328", "Peeters", "Jan", "1985-07-30", 9000)};
  std::vector<BlockingKeys> b = {keys("85073003328", "Peeters", "Jan", "1985-07-30", 9000)};
  BlockingOptions o;
  o.rules.push_back(BlockingRule::kFirstPhoneticBirthYear);
  BlockingResult r = block_link(a, b, o);
  ASSERT_EQ(r.pairs.size(), 1U);
  EXPECT_EQ(r.stats[0].pairs, 1U);
  for (size_t i = 1; i < r.stats.size(); ++i) {
    EXPECT_EQ(r.stats[i].pairs, 0U);
    EXPECT_EQ(r.stats[i].duplicates, 1U) << blocking_rule_name(r.stats[i].rule);
  }
}

TEST(BlockLink, OversizedBlocksAreSkippedAndCounted) {
  // 30 x 30 records born on the same day: 900 pairs > cap 500.
  std::vector<BlockingKeys> a, b;
  for (int i = 0; i < 30; ++i) {
    a.push_back(
        keys("", "Left" + std::string(1, static_cast<char>('a' + i % 26)), "X", "1990-01-01", 0));
    b.push_back(keys("", "Right", "Y", "1990-01-01", 0));
  }
  // One pair that also shares the phonetic family name and year: found by
  // the later rule although its birth-date block was capped.
  a.push_back(keys("", "Peeters", "Jan", "1990-01-01", 0));
  b.push_back(keys("", "Pieters", "Jan", "1990-01-01", 0));
  BlockingOptions o;
  o.max_block_pairs = 500;
  BlockingResult r = block_link(a, b, o);
  EXPECT_EQ(r.stats[1].capped_blocks, 1U);
  EXPECT_EQ(r.stats[1].capped_pairs, 31U * 31U);
  EXPECT_EQ(r.stats[1].pairs, 0U);
  auto s = as_set(r.pairs);
  EXPECT_TRUE(s.contains({30, 30}));
}

TEST(BlockDedupe, PairsWithinOneSourceOrdered) {
  std::vector<BlockingKeys> v = {
      keys("", "Peeters", "Jan", "1985-07-30", 9000),
      keys("", "Maes", "Els", "1960-01-01", 2000),
      keys("", "Pieters", "Jan", "1985-07-30", 9000),
      keys("", "Peters", "Jan", "1985-03-07", 9000),
  };
  BlockingResult r = block_dedupe(v);
  auto s = as_set(r.pairs);
  EXPECT_EQ(s.size(), r.pairs.size());
  for (auto p : r.pairs)
    EXPECT_LT(p.left, p.right);
  EXPECT_TRUE(s.contains({0, 2}));  // birth date
  EXPECT_TRUE(s.contains({0, 3}));  // phonetic + year (day/month swapped)
  EXPECT_TRUE(s.contains({2, 3}));
  EXPECT_FALSE(s.contains({0, 1}));
}

TEST(BlockLink, NoDuplicatesOnAGrid) {
  // Many records sharing keys in overlapping ways; the union has no duplicate.
  std::vector<BlockingKeys> a, b;
  const char* names[] = {"Peeters", "Pieters", "Maes", "Janssens"};
  for (int i = 0; i < 40; ++i) {
    std::string d = "19" + std::to_string(80 + i % 3) + "-0" + std::to_string(1 + i % 2) + "-1" +
                    std::to_string(i % 4);
    a.push_back(keys("", names[i % 4], (i % 2) ? "Jan" : "Jef", d, 9000 + i % 2));
    b.push_back(keys("", names[(i + 1) % 4], (i % 3) ? "Jan" : "An", d, 9000 + i % 3));
  }
  BlockingOptions o;
  o.rules.push_back(BlockingRule::kFirstPhoneticBirthYear);
  BlockingResult r = block_link(a, b, o);
  auto s = as_set(r.pairs);
  EXPECT_EQ(s.size(), r.pairs.size());
  uint64_t emitted = 0;
  for (const auto& st : r.stats)
    emitted += st.pairs;
  EXPECT_EQ(emitted, r.pairs.size());
  // Every pair that agrees on some rule's key is present.
  for (uint32_t i = 0; i < a.size(); ++i) {
    for (uint32_t j = 0; j < b.size(); ++j) {
      bool any = false;
      for (auto rule : o.rules) {
        (void)0;
        any = any || share_block(rule, a[i], b[j]);
      }
      EXPECT_EQ(any, s.contains({i, j})) << i << " " << j;
    }
  }
}

// Per rule: a pair of identities that only this rule (of the rules that
// survive a damaged field) puts together, and the same pair with the field
// the rule needs broken.
struct RuleCase {
  BlockingRule rule;
  BlockingKeys a, b, broken;
};

TEST(BlockingRules, EachRuleKeepsItsPairTogetherAndNoMore) {
  const BlockingKeys ocmw =
      keys_at("85073003328", "Peeters", "Jan", "1985-07-30", 9000, "Kerkstraat", "12");
  const std::vector<RuleCase> cases = {
      {BlockingRule::kValidInsz, ocmw, keys_at("85073003328", "X", "Y", "", 0, "", ""),
       keys_at("85073003329", "X", "Y", "", 0, "", "")},
      // One name replaced, the other (either one) kept: the initial survives.
      {BlockingRule::kBirthDateInitial, ocmw, keys_at("", "Jacobs", "Jan", "1985-07-30", 0, "", ""),
       keys_at("", "Smets", "Karel", "1985-07-30", 0, "", "")},
      {BlockingRule::kBirthDateInitial, ocmw, keys_at("", "Jan", "Pieter", "1985-07-30", 0, "", ""),
       keys_at("", "Jan", "Pieter", "1985-07-31", 0, "", "")},
      {BlockingRule::kPostcodeName, ocmw, keys_at("", "Pieters", "", "", 9000, "", ""),
       keys_at("", "Pieters", "", "", 9001, "", "")},
      {BlockingRule::kNamesPhonetic, ocmw, keys_at("", "Jan", "Pieters", "", 0, "", ""),
       keys_at("", "Jan", "Wouters", "", 0, "", "")},
      {BlockingRule::kBirthDatePostcode, ocmw, keys_at("", "X", "Y", "1985-07-30", 9000, "", ""),
       keys_at("", "X", "Y", "1985-07-30", 9030, "", "")},
      {BlockingRule::kNamesPhoneticBirthYear, ocmw,
       keys_at("", "Pieters", "Jan", "1985-03-07", 0, "", ""),
       keys_at("", "Pieters", "Jan", "1986-07-30", 0, "", "")},
      // A number written from a wrong birth date keeps its last five digits.
      {BlockingRule::kInszTailInitial, ocmw, keys_at("86073003328", "P", "", "", 0, "", ""),
       keys_at("86073003329", "P", "", "", 0, "", "")},
      {BlockingRule::kStreetNumber, ocmw, keys_at("", "X", "Y", "", 1000, "Kerk straat", "12"),
       keys_at("", "X", "Y", "", 1000, "Kerkstraat", "14")},
      {BlockingRule::kPostcodeStreet, ocmw, keys_at("", "X", "Y", "", 9000, "KERKSTRAAT", ""),
       keys_at("", "X", "Y", "", 9050, "Kerkstraat", "")},
      {BlockingRule::kStreet, ocmw, keys_at("", "X", "Y", "", 1000, "Kerkstraat", ""),
       keys_at("", "X", "Y", "", 1000, "Kerklaan", "")},
      // Two digits of the postcode swapped, the names swapped too.
      {BlockingRule::kPostcodeDigitsName, keys_at("", "Campbell", "Joshua", "", 3198, "", ""),
       keys_at("", "Joshua", "Campblel", "", 3189, "", ""),
       keys_at("", "Joshua", "Campblel", "", 3190, "", "")},
  };
  for (const RuleCase& c : cases) {
    SCOPED_TRACE(std::string(blocking_rule_name(c.rule)));
    EXPECT_TRUE(share_block(c.rule, c.a, c.b));
    EXPECT_FALSE(share_block(c.rule, c.a, c.broken));
    BlockingOptions o{.rules = {c.rule}};
    std::vector<BlockingKeys> left = {c.a}, right = {c.b, c.broken};
    BlockingResult r = block_link(left, right, o);
    EXPECT_EQ(as_set(r.pairs), (std::set<std::pair<uint32_t, uint32_t>>{{0, 0}}));
    EXPECT_EQ(parse_blocking_rule(blocking_rule_name(c.rule)), c.rule);
  }
}

TEST(BlockingRules, AWeakRuleHasItsOwnCap) {
  // 20 x 20 records of one postcode and name: 400 pairs, over a weak cap of 100.
  std::vector<BlockingKeys> a(20, keys("", "Peeters", "Jan", "", 2000)),
      b(20, keys("", "Peeters", "Jan", "", 2000));
  BlockingOptions o{.rules = {BlockingRule::kPostcodeName, BlockingRule::kNamesPhoneticBirthYear},
                    .max_block_pairs = 5'000,
                    .max_weak_block_pairs = 100};
  EXPECT_TRUE(weak_rule(BlockingRule::kPostcodeName));
  EXPECT_FALSE(weak_rule(BlockingRule::kBirthDateInitial));
  BlockingResult r = block_link(a, b, o);
  EXPECT_TRUE(r.pairs.empty());
  EXPECT_EQ(r.stats[0].capped_blocks, 2U);  // one block per name code
  o.max_weak_block_pairs = 400;
  EXPECT_EQ(block_link(a, b, o).pairs.size(), 400U);  // each pair once, though in two blocks
}

TEST(BlockingRules, TheNextRuleIsPreparedOnASecondThreadWithTheSameResult) {
  std::vector<BlockingKeys> a, b;
  for (int i = 0; i < 200; ++i) {
    std::string d = "19" + std::to_string(50 + i % 40) + "-0" + std::to_string(1 + i % 9) + "-1" +
                    std::to_string(i % 10);
    a.push_back(keys("", i % 3 ? "Peeters" : "Janssens", i % 2 ? "Jan" : "An", d, 9000 + i % 5));
    b.push_back(keys("", i % 4 ? "Pieters" : "Jansens", i % 5 ? "Jan" : "Ann", d, 9000 + i % 7));
  }
  BlockingOptions o = LinkOptions{}.blocking;
  const BlockingResult one = block_link(a, b, o);
  o.threads = 2;
  const BlockingResult two = block_link(a, b, o);
  EXPECT_FALSE(one.pairs.empty());
  EXPECT_EQ(one.pairs, two.pairs);
}

TEST(BlockLinkTouching, ThePairsOfBlockLinkThatTouchAMarkedRecord) {
  // Shared names, dates, postcodes and streets; caps small enough to skip
  // some blocks, so a block's size must count the unmarked records too.
  std::vector<BlockingKeys> a, b;
  const char* last[] = {"Peeters", "Pieters", "Maes", "Janssens", ""};
  const char* first[] = {"Jan", "An", "Jef", ""};
  const char* street[] = {"Kerkstraat", "Dorpsstraat", ""};
  for (int i = 0; i < 300; ++i) {
    std::string d = "19" + std::to_string(80 + i % 4) + "-0" + std::to_string(1 + i % 3) + "-1" +
                    std::to_string(i % 5);
    a.push_back(keys_at(i % 7 ? "" : "85073003328", last[i % 5], first[i % 4], d, 9000 + i % 3,
                        street[i % 3], std::to_string(i % 4)));
    b.push_back(keys_at(i % 5 ? "" : "85073003328", last[(i + 1) % 5], first[(i + 2) % 4], d,
                        9000 + i % 4, street[(i + 1) % 3], std::to_string(i % 3)));
  }
  BlockingOptions o = LinkOptions{}.blocking;
  o.max_block_pairs = 60;
  o.max_weak_block_pairs = 30;
  const BlockingResult all = block_link(a, b, o);
  EXPECT_EQ(as_set(all.pairs).size(), all.pairs.size());  // each pair once
  for (int variant = 0; variant < 4; ++variant) {
    std::vector<bool> left_marked(a.size()), right_marked(b.size());
    for (size_t i = 0; i < a.size(); ++i)
      left_marked[i] = variant != 1 && (i * 7 + static_cast<size_t>(variant)) % 11 == 0;
    for (size_t j = 0; j < b.size(); ++j)
      right_marked[j] = variant != 0 && (j * 5 + static_cast<size_t>(variant)) % 13 == 0;
    if (variant == 3) std::fill(left_marked.begin(), left_marked.end(), true);
    std::vector<CandidatePair> expected;
    for (const CandidatePair& p : all.pairs) {
      if (left_marked[p.left] || right_marked[p.right]) expected.push_back(p);
    }
    std::sort(expected.begin(), expected.end());
    const auto touching = block_link_touching(a, b, left_marked, right_marked, o);
    EXPECT_FALSE(touching.empty()) << variant;
    EXPECT_EQ(touching, expected) << variant;
  }
  // Nothing marked: nothing to compare.
  EXPECT_TRUE(block_link_touching(a, b, {}, {}, o).empty());
}

TEST(BlockLink, EveryRuleEmitsEachPairOnceAndAllTheyShare) {
  // All rules on records that share fields in many ways: block_link decides
  // "an earlier rule had it" from the fields, which must agree with the keys.
  std::vector<BlockingKeys> a, b;
  const char* last[] = {"Peeters", "Pieters", "Maes", "Jan", ""};
  const char* first[] = {"Jan", "An", "Maes", ""};
  const char* street[] = {"Kerkstraat", "Dorpsstraat", ""};
  const int postcode[] = {9000, 9010, 9100, 1900, 0};
  for (int i = 0; i < 120; ++i) {
    std::string d = "19" + std::to_string(80 + i % 2) + "-0" + std::to_string(1 + i % 3) + "-1" +
                    std::to_string(i % 2);
    std::string insz = i % 4 == 0 ? "85073003328" : (i % 4 == 1 ? "86073003328" : "");
    a.push_back(keys_at(insz, last[i % 5], first[i % 4], i % 7 ? d : "", postcode[i % 5],
                        street[i % 3], std::to_string(i % 2)));
    b.push_back(keys_at(insz, last[(i + 2) % 5], first[(i + 1) % 4], i % 5 ? d : "",
                        postcode[(i + 3) % 5], street[(i + 1) % 3], std::to_string(i % 3)));
  }
  BlockingOptions o{.rules = {std::begin(kAllBlockingRules), std::end(kAllBlockingRules)},
                    .max_block_pairs = 1'000'000,
                    .max_weak_block_pairs = 1'000'000};
  const BlockingResult r = block_link(a, b, o);
  const auto s = as_set(r.pairs);
  EXPECT_EQ(s.size(), r.pairs.size());
  for (uint32_t i = 0; i < a.size(); ++i) {
    for (uint32_t j = 0; j < b.size(); ++j) {
      bool any = false;
      for (auto rule : o.rules)
        any = any || share_block(rule, a[i], b[j]);
      EXPECT_EQ(any, s.contains({i, j})) << i << " " << j;
    }
  }
}

TEST(SampleBlocks, WholeBlocksAboutTheAskedNumberOfPairs) {
  std::vector<BlockingKeys> a, b;
  for (int i = 0; i < 400; ++i) {
    std::string d = "1980-01-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28);
    a.push_back(keys("", "A", "B", d, 0));
    b.push_back(keys("", "C", "D", d, 0));
  }
  // 28 blocks of ~14 x 14 pairs = ~5,700 pairs; ask for ~1,000.
  auto all = sample_blocks(BlockingRule::kBirthDate, a, b, 5'000, 0);
  auto some = sample_blocks(BlockingRule::kBirthDate, a, b, 5'000, 1'000);
  EXPECT_EQ(all.size(), 8U * 15U * 15U + 20U * 14U * 14U);  // 400 = 8 x 15 + 20 x 14
  EXPECT_EQ(block_pairs(BlockingRule::kBirthDate, a, b, 5'000), all.size());
  EXPECT_EQ(block_pairs(BlockingRule::kBirthDate, a, b, 200), 20U * 14U * 14U);  // 225 > 200
  EXPECT_LT(some.size(), all.size());
  EXPECT_GT(some.size(), 0U);
  EXPECT_EQ(some, sample_blocks(BlockingRule::kBirthDate, a, b, 5'000, 1'000));
}

}  // namespace
}  // namespace lap::link
