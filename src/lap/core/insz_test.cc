#include "lap/core/insz.h"

#include <gtest/gtest.h>

namespace lap {
namespace {

const Date kToday = *Date::parse("2026-11-23");

TEST(Insz, ValidNationalNumberOf1985) {
  auto i = Insz::parse("85073003328", kToday);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->kind(), InszKind::kNational);
  EXPECT_EQ(i->sex(), Sex::kMale);  // sequence 033 is odd
  EXPECT_EQ(i->birth_date()->to_string(), "1985-07-30");
  EXPECT_EQ(i->format(), "85.07.30-033.28");
  EXPECT_EQ(i->digits(), "85073003328");
}

TEST(Insz, DigitsKeepTheLeadingZeros) {
  auto i = Insz::parse("00010100105", kToday);  // born 2000-01-01
  ASSERT_TRUE(i);
  EXPECT_EQ(i->digits(), "00010100105");
  EXPECT_EQ(i->format(), "00.01.01-001.05");
}

TEST(Insz, AcceptsSeparators) {
  for (const char* text :
       {"85.07.30-033.28", "85 07 30 033 28", "850730-033-28", " 85073003328 "}) {
    auto i = Insz::parse(text, kToday);
    ASSERT_TRUE(i) << text;
    EXPECT_EQ(i->digits(), "85073003328") << text;
  }
  EXPECT_EQ(Insz::compact("85.07.30-033.28"), "85073003328");
  EXPECT_EQ(Insz::parse("85/07/30-033.28", kToday).error(), InszProblem::kCharacters);
}

TEST(Insz, PostTwoThousandRuleUsesLeadingTwo) {
  auto i = Insz::parse("17073003384", kToday);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->birth_year(), 2017);
  EXPECT_EQ(i->birth_date()->to_string(), "2017-07-30");
  // The same digits with the 19xx check are a different (also valid) number.
  EXPECT_EQ(Insz::parse("17073003384", *Date::parse("2016-12-31")).error(),
            InszProblem::kChecksum);  // 2017 has not begun: only the 19xx rule applies
}

TEST(Insz, DetectsWrongCheckDigitsAndTypos) {
  EXPECT_EQ(Insz::parse("85073003327", kToday).error(), InszProblem::kChecksum);
  EXPECT_EQ(Insz::parse("85073003428", kToday).error(), InszProblem::kChecksum);  // one digit
  EXPECT_EQ(Insz::parse("58073003328", kToday).error(), InszProblem::kChecksum);  // swap
  EXPECT_EQ(Insz::parse("8507300332", kToday).error(), InszProblem::kLength);
  EXPECT_EQ(Insz::parse("850730033280", kToday).error(), InszProblem::kLength);
  EXPECT_EQ(Insz::parse("8507300332x", kToday).error(), InszProblem::kCharacters);
  EXPECT_EQ(Insz::parse("", kToday).error(), InszProblem::kLength);
}

TEST(Insz, BisNumberSexUnknown) {
  auto i = Insz::parse("85273003371", kToday);  // month 07 + 20
  ASSERT_TRUE(i);
  EXPECT_EQ(i->kind(), InszKind::kBis);
  EXPECT_EQ(i->sex(), Sex::kUnknown);
  EXPECT_EQ(i->birth_month(), 7);
  EXPECT_EQ(i->birth_date()->to_string(), "1985-07-30");
}

TEST(Insz, BisNumberSexKnown) {
  auto i = Insz::parse("85473003416", kToday);  // month 07 + 40, sequence 034 even
  ASSERT_TRUE(i);
  EXPECT_EQ(i->kind(), InszKind::kBis);
  EXPECT_EQ(i->sex(), Sex::kFemale);
  EXPECT_EQ(i->birth_date()->to_string(), "1985-07-30");
}

TEST(Insz, UnknownBirthDateParts) {
  auto i = Insz::parse("00000000196", kToday);  // 1900, month and day unknown, sequence 001
  ASSERT_TRUE(i);
  EXPECT_EQ(i->birth_year(), 1900);
  EXPECT_FALSE(i->birth_month());
  EXPECT_FALSE(i->birth_day());
  EXPECT_FALSE(i->birth_date());
  EXPECT_EQ(i->sex(), Sex::kMale);
  auto y2k = Insz::parse("00010100105", kToday);  // 2000-01-01 under the 20xx rule
  ASSERT_TRUE(y2k);
  EXPECT_EQ(y2k->birth_date()->to_string(), "2000-01-01");
}

TEST(Insz, RejectsImpossibleDatesWithValidChecksum) {
  // 85-02-30 with a correct check: the checksum alone would accept it.
  EXPECT_EQ(Insz::parse("85023001115", kToday).error(), InszProblem::kDay);
  // 85-07-30 with sequence 000 and a correct check.
  EXPECT_EQ(Insz::parse("85073000061", kToday).error(), InszProblem::kSequence);
}

TEST(Insz, LeapDayDependsOnCentury) {
  // 1900-02-29 does not exist (1900 is not a leap year).
  auto n = Insz::from_parts(InszKind::kNational, 1900, 2, 29, 1, false, kToday);
  EXPECT_EQ(n.error(), InszProblem::kDay);
  auto m = Insz::from_parts(InszKind::kNational, 2000, 2, 29, 1, false, kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->birth_date()->to_string(), "2000-02-29");
}

TEST(Insz, MonthAndSequenceRanges) {
  for (int mm : {13, 19, 33, 39, 53, 99}) {
    uint64_t first9 = 85ULL * 10000000 + static_cast<uint64_t>(mm) * 100000 + 10 * 1000 + 33;
    std::string text = std::to_string(first9);
    text = std::string(9 - text.size(), '0') + text;
    int check = static_cast<int>(97 - first9 % 97);
    text += (check < 10 ? "0" : "") + std::to_string(check);
    EXPECT_EQ(Insz::parse(text, kToday).error(), InszProblem::kMonth) << text;
  }
  EXPECT_EQ(Insz::from_parts(InszKind::kNational, 1985, 7, 30, 0, false, kToday).error(),
            InszProblem::kSequence);
  EXPECT_EQ(Insz::from_parts(InszKind::kNational, 1985, 7, 30, 999, false, kToday).error(),
            InszProblem::kSequence);
}

TEST(Insz, FutureBirthIsRejected) {
  auto tomorrow = Insz::from_parts(InszKind::kNational, 2026, 11, 24, 2, false, kToday);
  EXPECT_EQ(tomorrow.error(), InszProblem::kFutureBirth);
  auto today = Insz::from_parts(InszKind::kNational, 2026, 11, 23, 2, false, kToday);
  EXPECT_TRUE(today);
}

TEST(Insz, FromPartsRoundTrips) {
  auto i = Insz::from_parts(InszKind::kBis, 1992, 3, 0, 120, true, kToday);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->kind(), InszKind::kBis);
  EXPECT_EQ(i->sex(), Sex::kFemale);
  EXPECT_EQ(i->birth_month(), 3);
  EXPECT_FALSE(i->birth_day());
  auto again = Insz::parse(i->format(), kToday);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *i);
}

TEST(Insz, ChecksumCenturyMatchesStdnumSemantics) {
  EXPECT_EQ(Insz::checksum_century("85073003328", 2026), 1900);
  EXPECT_EQ(Insz::checksum_century("17073003384", 2026), 2000);
  EXPECT_EQ(Insz::checksum_century("17073003384", 2016), 0);
  EXPECT_EQ(Insz::checksum_century("85073003327", 2026), 0);
  EXPECT_EQ(Insz::checksum_century("8507300332", 2026), 0);
}

}  // namespace
}  // namespace lap
