#include "lap/generate/identity.h"

#include <unordered_set>

#include <gtest/gtest.h>

namespace lap::generate {
namespace {

const Date kToday = *Date::parse("2025-12-31");

TEST(InszAllocator, NumbersAreUniqueValidAndCarryBirthAndSex) {
  InszAllocator alloc(kToday);
  Rng rng(5);
  std::unordered_set<uint64_t> seen;
  Date birth = *Date::parse("1990-05-17");
  for (int i = 0; i < 1200; ++i) {  // more than one day can hold: spills to the next day
    Sex sex = i % 2 ? Sex::kMale : Sex::kFemale;
    Insz n = alloc.national(birth, sex, rng);
    ASSERT_TRUE(seen.insert(n.value()).second) << n.format();
    ASSERT_TRUE(Insz::parse(n.digits(), kToday)) << n.format();
    EXPECT_EQ(n.kind(), InszKind::kNational);
    EXPECT_EQ(n.sex(), sex);
    EXPECT_GE(*n.birth_date(), birth);
  }
  Insz b = alloc.bis(birth, Sex::kFemale, true, false, rng);
  EXPECT_EQ(b.kind(), InszKind::kBis);
  EXPECT_EQ(b.sex(), Sex::kFemale);
  Insz u = alloc.bis(birth, Sex::kMale, false, true, rng);
  EXPECT_EQ(u.sex(), Sex::kUnknown);
  EXPECT_FALSE(u.birth_day());
}

PersonRecords person(InszAllocator& alloc, Rng& rng) {
  PersonRecords p;
  Date birth = *Date::parse("1985-03-09");
  p.insz = alloc.national(birth, Sex::kFemale, rng);
  p.identity = {p.insz.digits(), "Kovalenko", "Oleksandra",     birth,
                Sex::kFemale,    2000,        "Stationsstraat", "12A"};
  return p;
}

TEST(VdabIdentity, NoErrorsWhenAllRatesAreZero) {
  InszAllocator alloc(kToday);
  Rng rng(1);
  PersonRecords p = person(alloc, rng);
  IdentityErrorRates none{};
  none = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 100; ++i) {
    IdentityView v = vdab_identity(p, Origin::kUkrainian, kToday, 9000, none, rng);
    EXPECT_EQ(v.insz, p.identity.insz);
    EXPECT_EQ(v.last_name, "Kovalenko");
    EXPECT_EQ(v.birth_date, p.identity.birth_date);
    vdab_address(v, p.identity, none, rng);
    EXPECT_EQ(v.street, "Stationsstraat");
    EXPECT_EQ(v.house_number, "12A");
  }
}

TEST(VdabIdentity, ErrorsAppearAtTheirRates) {
  InszAllocator alloc(kToday);
  Rng rng(2);
  PersonRecords p = person(alloc, rng);
  IdentityErrorRates rates;
  int missing = 0, invalid = 0, renamed = 0, swapped_dates = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    IdentityView v = vdab_identity(p, Origin::kFlemish, kToday, 9000, rates, rng);
    if (v.insz.empty()) {
      ++missing;
    } else if (!Insz::parse(v.insz, kToday)) {
      ++invalid;
    }
    if (v.last_name != "Kovalenko") ++renamed;
    if (v.birth_date && *v.birth_date == *Date::parse("1985-09-03")) ++swapped_dates;
  }
  EXPECT_NEAR(missing / double(n), rates.missing_insz, 0.003);
  // Typos and transpositions break the check digits (mod 97 catches them).
  EXPECT_NEAR(invalid / double(n), rates.digit_typo + rates.transposition, 0.002);
  EXPECT_GT(renamed, 0);
  EXPECT_NEAR(swapped_dates / double(n), rates.day_month_swap, 0.002);
}

TEST(VdabIdentity, StaleBisNumberAfterChange) {
  InszAllocator alloc(kToday);
  Rng rng(3);
  PersonRecords p = person(alloc, rng);
  Insz bis = alloc.bis(*p.identity.birth_date, Sex::kFemale, true, false, rng);
  p.former_bis = bis;
  p.id_change = *Date::parse("2023-01-01");
  IdentityErrorRates rates;
  rates.missing_insz_newcomer = 0;
  rates.digit_typo = rates.transposition = rates.wrong_valid_insz = 0;
  int stale = 0, updated = 0;
  for (int i = 0; i < 10000; ++i) {
    auto v = vdab_identity(p, Origin::kUkrainian, *Date::parse("2022-06-01"), 9000, rates, rng);
    stale += v.insz == bis.digits();
    updated += v.insz == p.insz.digits();
  }
  EXPECT_EQ(stale + updated, 10000);
  EXPECT_NEAR(stale / 10000.0, rates.stale_bis, 0.02);
  // Registered after the change: always the national number.
  auto v = vdab_identity(p, Origin::kUkrainian, *Date::parse("2023-06-01"), 9000, rates, rng);
  EXPECT_EQ(v.insz, p.insz.digits());
}

TEST(Address, AStreetNameAndAHouseNumberOfAtMostTenCharacters) {
  Rng rng(4);
  int suffix = 0, box = 0;
  std::unordered_set<std::string> streets;
  for (int i = 0; i < 10000; ++i) {
    Address a = random_address(rng);
    streets.insert(a.street);
    ASSERT_GE(a.house_number.size(), 1u);
    ASSERT_LE(a.house_number.size(), 10u) << a.house_number;
    ASSERT_TRUE(a.house_number[0] >= '1' && a.house_number[0] <= '9') << a.house_number;
    suffix += a.house_number.back() >= 'A' && a.house_number.back() <= 'C';
    box += a.house_number.find(" bus ") != std::string::npos;
  }
  EXPECT_GE(streets.size(), 20u);
  EXPECT_TRUE(streets.contains("Kerkstraat"));
  EXPECT_GT(suffix, 500);
  EXPECT_GT(box, 300);
}

TEST(VdabAddress, ErrorsAppearAtTheirRates) {
  Rng rng(5);
  IdentityView truth;
  truth.postcode = 2000;
  truth.street = "Stationsstraat";
  truth.house_number = "12A";
  IdentityErrorRates rates;
  int missing = 0, no_number = 0, other = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    IdentityView v = truth;
    vdab_address(v, truth, rates, rng);
    if (v.street.empty()) {
      ++missing;
      EXPECT_TRUE(v.house_number.empty());
    } else if (v.house_number.empty()) {
      ++no_number;
    } else if (v.street != truth.street || v.house_number != truth.house_number) {
      ++other;
    }
  }
  EXPECT_NEAR(missing / double(n), rates.missing_address, 0.003);
  EXPECT_NEAR(no_number / double(n), rates.missing_house_number, 0.003);
  // A move nearby (mostly another street or number) and typos in the street.
  EXPECT_NEAR(other / double(n), rates.moved_nearby + rates.street_typo, 0.005);
  // VDAB holds another postcode: the address of the move, never the old one with it.
  int kept = 0;
  for (int i = 0; i < 1000; ++i) {
    IdentityView v = truth;
    v.postcode = 9000;
    vdab_address(v, truth, rates, rng);
    kept += v.street == truth.street && v.house_number == truth.house_number;
  }
  EXPECT_LT(kept, 10);
}

}  // namespace
}  // namespace lap::generate
