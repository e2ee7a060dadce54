#include "lap/core/settings.h"

#include <gtest/gtest.h>

namespace lap {
namespace {

TEST(Settings, DefaultsWhenNothingIsStored) {
  auto s = settings_from({});
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, Settings{});
  EXPECT_EQ(s->k, 5);
  EXPECT_TRUE(s->exclude_art60);
  EXPECT_EQ(s->transmission_days, 30);
}

TEST(Settings, EveryKeyRoundTripsThroughItsText) {
  Settings s;
  for (const auto& spec : setting_specs()) {
    const auto text = setting_value(s, spec.key);
    ASSERT_FALSE(text.empty()) << spec.key;
    Settings again;
    ASSERT_TRUE(apply_setting(again, spec.key, text)) << spec.key;
    EXPECT_EQ(again, s) << spec.key;
    EXPECT_FALSE(spec.label.empty());
  }
}

TEST(Settings, ValuesOutsideTheirBoundsAreRefusedWithTheBounds) {
  Settings s;
  auto low = apply_setting(s, "k", "1");
  ASSERT_FALSE(low);
  EXPECT_EQ(low.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(low.error().message.find("van 2 tot en met 20"), std::string::npos);
  EXPECT_FALSE(apply_setting(s, "k", "5x"));
  EXPECT_FALSE(apply_setting(s, "k", ""));
  EXPECT_FALSE(apply_setting(s, "transmission_days", "366"));
  EXPECT_FALSE(apply_setting(s, "exclude_art60", "ja"));
  EXPECT_EQ(apply_setting(s, "nope", "1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s, Settings{});  // nothing changed by a refusal
  ASSERT_TRUE(apply_setting(s, "k", "10"));
  ASSERT_TRUE(apply_setting(s, "exclude_art60", "false"));
  EXPECT_EQ(s.k, 10);
  EXPECT_FALSE(s.exclude_art60);
}

TEST(Settings, TheFirstWaitMayNotExceedTheLongest) {
  Settings s;
  EXPECT_FALSE(apply_setting(s, "login_first_wait_seconds", "1000"));  // longest is 900
  ASSERT_TRUE(apply_setting(s, "login_max_wait_seconds", "3600"));
  EXPECT_TRUE(apply_setting(s, "login_first_wait_seconds", "1000"));
  // Stored together, the order of the keys does not matter.
  auto stored = settings_from({{"login_first_wait_seconds", "1000"},
                               {"login_max_wait_seconds", "3600"},
                               {"future_key", "x"}});
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->login_first_wait_seconds, 1000);
  auto bad = settings_from({{"k", "0"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'k'"), std::string::npos);
}

}  // namespace
}  // namespace lap
