#include "lap/server/api/published_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lap/store/timeline_files.h"

namespace lap::server::api {
namespace {

namespace fs = std::filesystem;
using publish::CellKey;
using publish::Level;
using publish::Suppression;

store::MeasureRun sample_run() {
  store::MeasureRun run;
  run.run_id = 7;
  run.load_id = 3;
  run.created_at = "2026-12-08T01:00:00Z";
  run.first_month = *Month::parse("2024-01");
  run.last_month = *Month::parse("2024-06");
  run.data_end = *Month::parse("2024-06");
  run.settings_json = "{}";
  return run;
}

// Figures of three OCMWs (two in one regiegebied, one a centrumstad), two
// variants, a month, a quarter and a range, with hidden cells of both kinds.
std::shared_ptr<PublishedRun> sample_tables(bool with_protection = true) {
  std::vector<store::StoredFigure> stored;
  for (const char* variant : {"all", "LL"}) {
    for (int nis : {11001, 11002, 44021}) {
      stored.push_back({"reach", variant, "2024-03", nis, nis % 7, 40 + nis % 5, 1});
      stored.push_back({"outflow_rate", variant, "2024-Q1", nis, 3, 12, 2});
      stored.push_back({"lap_result", variant, "2024-01..2024-06", nis, nis % 3, 0, 0});
    }
  }
  stored.push_back({"transition", "WORK_EMP>RMI", "2024-06", 11002, 1, 0, 0});  // not published
  store::sort_figures(stored);
  std::optional<publish::Protection> protection;
  if (with_protection) {
    const auto march = measure::Period::month(*Month::parse("2024-03"));
    protection = publish::Protection(
        5, {{CellKey{measure::Indicator::kReach, "LL", march, Level::kOcmw, "11002"},
             Suppression::kPrimary},
            {CellKey{measure::Indicator::kReach, "LL", march, Level::kProvince, "10000"},
             Suppression::kSecondary}});
  }
  return build_published_run(sample_run(), stored, protection, geo::Registry::builtin());
}

void expect_same(const publish::PublishedFigure& a, const publish::PublishedFigure& b) {
  EXPECT_EQ(a.indicator, b.indicator);
  EXPECT_EQ(a.variant, b.variant);
  EXPECT_EQ(a.period, b.period);
  EXPECT_EQ(a.area, b.area);
  EXPECT_EQ(a.numerator, b.numerator);
  EXPECT_EQ(a.denominator, b.denominator);
  EXPECT_EQ(a.pending, b.pending);
  EXPECT_EQ(a.suppression, b.suppression);
}

void expect_same(const PublishedRun& a, const PublishedRun& b) {
  EXPECT_EQ(a.variants, b.variants);
  ASSERT_EQ(a.figures.size(), b.figures.size());
  for (size_t i = 0; i < a.figures.size(); ++i) {
    EXPECT_EQ(a.figures[i].indicator, b.figures[i].indicator);
    EXPECT_EQ(a.figures[i].variant, b.figures[i].variant);
    EXPECT_EQ(a.figures[i].period, b.figures[i].period);
    EXPECT_EQ(a.figures[i].ocmw, b.figures[i].ocmw);
    EXPECT_EQ(a.figures[i].numerator, b.figures[i].numerator);
    EXPECT_EQ(a.figures[i].denominator, b.figures[i].denominator);
    EXPECT_EQ(a.figures[i].pending, b.figures[i].pending);
  }
  ASSERT_EQ(a.exact.size(), b.exact.size());
  for (size_t i = 0; i < a.exact.size(); ++i)
    expect_same(a.exact[i], b.exact[i]);
  ASSERT_EQ(a.hidden.size(), b.hidden.size());
  for (size_t i = 0; i < a.hidden.size(); ++i)
    expect_same(a.hidden[i], b.hidden[i]);
  ASSERT_EQ(a.protection.has_value(), b.protection.has_value());
  if (a.protection) {
    EXPECT_EQ(a.protection->k(), b.protection->k());
    ASSERT_EQ(a.protection->cells().size(), b.protection->cells().size());
    for (size_t i = 0; i < a.protection->cells().size(); ++i) {
      EXPECT_EQ(a.protection->cells()[i].cell, b.protection->cells()[i].cell);
      EXPECT_EQ(a.protection->cells()[i].reason, b.protection->cells()[i].reason);
    }
  }
}

TEST(PublishedFile, TheTablesComeBackAsBuilt) {
  for (bool with_protection : {true, false}) {
    auto built = sample_tables(with_protection);
    ASSERT_FALSE(built->exact.empty());
    ASSERT_EQ(built->hidden.empty(), !with_protection);
    const std::string fingerprint = published_fingerprint(built->run, geo::Registry::builtin());
    const std::string bytes = encode_published_run(*built, fingerprint);
    auto back = decode_published_run(bytes, built->run, fingerprint);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ((*back)->run.run_id, 7);
    expect_same(*built, **back);
    // The variants of the figures point into the tables' own storage.
    for (const auto& f : (*back)->figures) {
      auto it = (*back)->variants.find(f.variant);
      ASSERT_NE(it, (*back)->variants.end());
      EXPECT_EQ(it->data(), f.variant.data());
    }
  }
}

TEST(PublishedFile, TheSampleHidesWhatItShould) {
  // A check of the sample itself, so that the round trip above covers hidden cells.
  auto built = sample_tables();
  int hidden = 0;
  for (const auto& c : built->hidden)
    hidden += c.suppressed() ? 1 : 0;
  EXPECT_EQ(hidden, 2);
}

TEST(PublishedFile, DamageIsRefused) {
  auto built = sample_tables();
  const std::string fingerprint = published_fingerprint(built->run, geo::Registry::builtin());
  const std::string bytes = encode_published_run(*built, fingerprint);
  const store::MeasureRun run = built->run;
  // Every single flipped bit of the payload breaks the checksum; a sample of them.
  for (size_t at = bytes.size() / 2; at < bytes.size(); at += bytes.size() / 7) {
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    auto r = decode_published_run(flipped, run, fingerprint);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kIo) << at;
  }
  for (size_t cut : {size_t{0}, size_t{5}, size_t{30}, bytes.size() - 1}) {
    auto r = decode_published_run(std::string_view(bytes).substr(0, cut), run, fingerprint);
    ASSERT_FALSE(r) << cut;
    EXPECT_EQ(r.error().code, ErrorCode::kIo) << cut;
  }
  auto longer = decode_published_run(bytes + "x", run, fingerprint);
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().code, ErrorCode::kIo);
  auto garbage = decode_published_run(std::string(200, 'g'), run, fingerprint);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::kIo);
}

TEST(PublishedFile, OtherDataOrVersionsAreRebuilt) {
  auto built = sample_tables();
  const std::string fingerprint = published_fingerprint(built->run, geo::Registry::builtin());
  const std::string bytes = encode_published_run(*built, fingerprint);
  // Another run, load or creation time: another fingerprint.
  store::MeasureRun other = built->run;
  other.created_at = "2026-12-08T01:00:01Z";
  const std::string other_fingerprint = published_fingerprint(other, geo::Registry::builtin());
  EXPECT_NE(other_fingerprint, fingerprint);
  auto r = decode_published_run(bytes, other, other_fingerprint);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  // Another version (the 4 bytes after the magic).
  std::string newer = bytes;
  newer[8] = static_cast<char>(newer[8] + 1);
  auto v = decode_published_run(newer, built->run, fingerprint);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kFailedPrecondition);
}

class PublishedFileDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() /
            ("lap_published_file_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(PublishedFileDir, WrittenPrivateAndReadBack) {
  auto built = sample_tables();
  const auto& registry = geo::Registry::builtin();
  auto none = read_published_run_file(dir_, built->run, registry);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, nullptr);
  ASSERT_TRUE(write_published_run_file(dir_, *built, registry));
  const std::string path = dir_ + "/run-7.lapp";
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto back = read_published_run_file(dir_, built->run, registry);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_NE(*back, nullptr);
  expect_same(*built, **back);
}

TEST_F(PublishedFileDir, ADamagedFileIsRemoved) {
  auto built = sample_tables();
  const auto& registry = geo::Registry::builtin();
  ASSERT_TRUE(write_published_run_file(dir_, *built, registry));
  const std::string path = dir_ + "/run-7.lapp";
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(path) / 2));
    f.put('\x5a');
  }
  auto back = read_published_run_file(dir_, built->run, registry);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, nullptr);
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(PublishedFileDir, AtMostSixFilesAreKept) {
  auto built = sample_tables();
  const auto& registry = geo::Registry::builtin();
  for (int64_t id = 1; id <= 8; ++id) {
    built->run.run_id = id;
    ASSERT_TRUE(write_published_run_file(dir_, *built, registry));
  }
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_))
    files += entry.path().extension() == ".lapp" ? 1 : 0;
  EXPECT_EQ(files, static_cast<int>(store::kKeptPublishedFiles));
}

}  // namespace
}  // namespace lap::server::api
