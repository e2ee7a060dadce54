#include "lap/measure/timeline_image.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <tuple>
#include <vector>

#include "lap/measure/indicators.h"
#include "lap/measure/test_util.h"

namespace lap::measure {
namespace {

using namespace testing;

// An image in 64-byte aligned memory, as a mapping gives it.
struct Image {
  std::shared_ptr<std::byte> memory;
  size_t size = 0;
  std::span<std::byte> bytes() { return {memory.get(), size}; }
};

Image image_of(const Timelines& t, std::string_view fingerprint) {
  Image out;
  out.size = TimelineImage::size(t);
  out.memory = std::shared_ptr<std::byte>(
      static_cast<std::byte*>(std::aligned_alloc(64, (out.size + 63) / 64 * 64)), std::free);
  size_t at = 0;
  auto s = TimelineImage::write(t, fingerprint, [&](std::span<const std::byte> piece) -> Status {
    EXPECT_LE(at + piece.size(), out.size);
    std::memcpy(out.memory.get() + at, piece.data(), piece.size());
    at += piece.size();
    return {};
  });
  EXPECT_TRUE(s.has_value());
  EXPECT_EQ(at, out.size);
  return out;
}

Result<Timelines> open(const Image& image, std::string_view fingerprint) {
  return TimelineImage::open(
      image.memory, std::span<const std::byte>(image.memory.get(), image.size), fingerprint);
}

// Persons with every kind of fact, an identifier change and a month range of two words.
Timelines sample() {
  Case c(MonthRange(mon("2019-01"), mon("2025-12")));
  c.ent(1, 11002, "2019-03-10", "2020-06-15")
      .ent(1, 44021, "2020-01-01", "", EntitlementKind::kELL, true)
      .reg(1, "2019-02-01", "2021-01-31")
      .cat05(1, 11002, "2020-02-01", "2020-09-30")
      .work(1, "2021-01", "2022-06")
      .measure(1, Measure::kTweOcmw, 11002, "2020-03-01", "2021-02-28", true)
      .ent(2, 44021, "2023-05-01", "2024-04-30")
      .self(2, "2024-05", "2026-02")
      .measure(2, Measure::kLde, 44021, "2024-01-01")
      .ent(3, 11002, "2024-02-01")
      .change(3, 4)
      .work(4, "2025-01", "2025-06", EmployerKind::kOcmwArt60);
  return c.build();
}

void expect_same(const Timelines& a, const Timelines& b) {
  ASSERT_EQ(a.persons(), b.persons());
  EXPECT_EQ(a.range().first(), b.range().first());
  EXPECT_EQ(a.range().last(), b.range().last());
  EXPECT_EQ(a.words(), b.words());
  EXPECT_EQ(a.latest_work_month(), b.latest_work_month());
  ASSERT_EQ(a.ocmws().size(), b.ocmws().size());
  for (size_t i = 0; i < a.ocmws().size(); ++i)
    EXPECT_EQ(a.ocmws()[i], b.ocmws()[i]);
  for (uint32_t p = 0; p < a.persons(); ++p) {
    EXPECT_EQ(a.keys_of(p), b.keys_of(p));
    for (int c = 0; c < kColumnCount; ++c) {
      EXPECT_EQ(0, std::memcmp(a.bits(p, Column(c)), b.bits(p, Column(c)),
                               sizeof(uint64_t) * static_cast<size_t>(a.words())));
    }
    auto same = [](auto x, auto y) {
      ASSERT_EQ(x.size(), y.size());
      EXPECT_EQ(0, std::memcmp(x.data(), y.data(), x.size_bytes()));
    };
    same(a.leefloner(p), b.leefloner(p));
    same(a.cat05(p), b.cat05(p));
    same(a.measures(p), b.measures(p));
    same(a.entitlement_starts(p), b.entitlement_starts(p));
  }
}

TEST(TimelineImage, ReadsBackTheSameTimelinesAndFigures) {
  const Timelines built = sample();
  ASSERT_EQ(built.persons(), 3U);  // keys 3 and 4 are one person
  Image image = image_of(built, "load 7, link run 2");
  auto opened = open(image, "load 7, link run 2");
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  EXPECT_TRUE(opened->from_image());
  EXPECT_FALSE(built.from_image());
  EXPECT_EQ(opened->memory_bytes(), sizeof(Timelines) + image.size);
  expect_same(built, *opened);
  EXPECT_EQ(opened->find(key(4)), built.find(key(4)));
  EXPECT_EQ(opened->find(key(3)), built.find(key(3)));
  EXPECT_FALSE(opened->find(key(9)).has_value());
  EXPECT_EQ(opened->ocmw_index(nis(44021)), built.ocmw_index(nis(44021)));

  const MonthRange months(mon("2019-01"), mon("2025-12"));
  const auto from_built = compute(built, Settings{}, months);
  const auto from_image = compute(*opened, Settings{}, months);
  ASSERT_EQ(from_built.size(), from_image.size());
  ASSERT_FALSE(from_built.empty());
  for (size_t i = 0; i < from_built.size(); ++i) {
    const Figure& x = from_built[i];
    const Figure& y = from_image[i];
    EXPECT_EQ(
        std::tie(x.indicator, x.variant, x.period, x.ocmw, x.numerator, x.denominator, x.pending),
        std::tie(y.indicator, y.variant, y.period, y.ocmw, y.numerator, y.denominator, y.pending));
  }
}

TEST(TimelineImage, TheImageKeepsItsMemoryAlive) {
  Image image = image_of(sample(), "f");
  auto opened = open(image, "f");
  ASSERT_TRUE(opened.has_value());
  image = Image{};  // the timelines hold the last reference
  Timelines moved = std::move(*opened);
  EXPECT_EQ(moved.persons(), 3U);
  EXPECT_TRUE(moved.test(0, Column::kEntitlement, mon("2019-03")));
}

TEST(TimelineImage, EmptyTimelinesRoundTrip) {
  Case c;
  const Timelines empty = c.build();
  Image image = image_of(empty, "");
  auto opened = open(image, "");
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  EXPECT_EQ(opened->persons(), 0U);
  EXPECT_FALSE(opened->latest_work_month().has_value());
}

TEST(TimelineImage, AnotherFingerprintOrVersionIsToBeRebuilt) {
  Image image = image_of(sample(), "load 7, link run 2");
  auto other = open(image, "load 7, link run 3");
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, ErrorCode::kFailedPrecondition);

  uint32_t version = kTimelineImageVersion + 1;
  std::memcpy(image.bytes().data() + 8, &version, sizeof(version));
  auto newer = open(image, "load 7, link run 2");
  ASSERT_FALSE(newer.has_value());
  EXPECT_EQ(newer.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(newer.error().message.find("format 2"), std::string::npos);
}

TEST(TimelineImage, DamageIsFoundBeforeAnyRead) {
  Image image = image_of(sample(), "f");
  // One bit in the middle of the month bits.
  image.bytes()[image.size / 2] ^= std::byte{0x10};
  auto flipped = open(image, "f");
  ASSERT_FALSE(flipped.has_value());
  EXPECT_EQ(flipped.error().code, ErrorCode::kIo);
  EXPECT_NE(flipped.error().message.find("checksum"), std::string::npos);

  Image whole = image_of(sample(), "f");
  auto cut = TimelineImage::open(
      whole.memory, std::span<const std::byte>(whole.memory.get(), whole.size - 64), "f");
  ASSERT_FALSE(cut.has_value());
  EXPECT_EQ(cut.error().code, ErrorCode::kIo);

  Image zeros = image_of(sample(), "f");
  std::memset(zeros.memory.get(), 0, 8);
  auto not_image = open(zeros, "f");
  ASSERT_FALSE(not_image.has_value());
  EXPECT_NE(not_image.error().message.find("not a timeline image"), std::string::npos);
}

TEST(TimelineImage, ATooLongFingerprintIsRefused) {
  const Timelines t = sample();
  auto s = TimelineImage::write(t, std::string(kTimelineFingerprintMax + 1, 'x'),
                                [](std::span<const std::byte>) -> Status { return {}; });
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace lap::measure
