#include "lap/core/hex.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace lap::hex {
namespace {

TEST(Hex, EncodesLowerCaseTwoDigitsAByte) {
  const std::vector<uint8_t> bytes{0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(encode(bytes), "000fa0ff");
  std::string out = "x";
  append(out, bytes);
  EXPECT_EQ(out, "x000fa0ff");
  EXPECT_EQ(encode({}), "");
}

TEST(Hex, DecodesWhatItEncodes) {
  std::array<uint8_t, 16> in{};
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<uint8_t>(i * 17 + 3);
  std::array<uint8_t, 16> out{};
  ASSERT_TRUE(decode(encode(in), out));
  EXPECT_EQ(in, out);
}

TEST(Hex, DecodeRefusesAnotherLengthUpperCaseAndNonDigits) {
  std::array<uint8_t, 2> out{};
  EXPECT_FALSE(decode("abc", out));
  EXPECT_FALSE(decode("abcdef", out));
  EXPECT_FALSE(decode("ABCD", out));  // one spelling per value
  EXPECT_FALSE(decode("0g00", out));
  EXPECT_FALSE(decode("00 0", out));
  EXPECT_TRUE(decode("ab0f", out));
  EXPECT_EQ(out[0], 0xab);
  EXPECT_EQ(out[1], 0x0f);
}

TEST(Hex, DigitValueReadsBothCases) {
  EXPECT_EQ(digit_value('0'), 0);
  EXPECT_EQ(digit_value('9'), 9);
  EXPECT_EQ(digit_value('a'), 10);
  EXPECT_EQ(digit_value('F'), 15);
  EXPECT_EQ(digit_value('g'), -1);
  EXPECT_EQ(digit_value('%'), -1);
}

}  // namespace
}  // namespace lap::hex
