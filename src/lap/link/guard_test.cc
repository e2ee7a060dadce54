#include "lap/link/guard.h"

#include <gtest/gtest.h>

namespace lap::link {
namespace {

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

TEST(IdentitiesConflict, OtherMonthOrDayWhenBothKnown) {
  GuardIdentity a{11, {1985, 7, 30}};
  EXPECT_TRUE(identities_conflict(a, {12, {1985, 8, 30}}));
  EXPECT_TRUE(identities_conflict(a, {12, {1985, 7, 29}}));
  EXPECT_FALSE(identities_conflict(a, {12, {1985, 7, 0}}));  // day unknown
  EXPECT_TRUE(identities_conflict(a, {12, {1986, 0, 0}}));   // another year
}

}  // namespace
}  // namespace lap::link
