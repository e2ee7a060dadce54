#include "lap/store/timeline_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "lap/measure/facts.h"

namespace lap::store {
namespace {

namespace fs = std::filesystem;

// Sets (or unsets) an environment variable for the scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class TimelineFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lap_timeline_files_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static measure::Timelines sample(int persons) {
    const Month first = *Month::parse("2024-01");
    measure::TimelineBuilder b(MonthRange(first, *Month::parse("2024-12")));
    for (int p = 0; p < persons; ++p) {
      measure::PersonKey key{};
      key[15] = static_cast<uint8_t>(p + 1);
      b.add(measure::EntitlementFact{key, *Nis::from_int(11002), measure::EntitlementKind::kLL,
                                     false, *Date::parse("2024-02-01"), std::nullopt});
    }
    return b.build();
  }
  static int mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return static_cast<int>(st.st_mode & 0777);
  }

  fs::path dir_;
};

TEST_F(TimelineFiles, BesideAnSqliteFileInTheCacheForPostgresqlOrWhereTheEnvironmentSays) {
  ScopedEnv no_override("LAP_TIMELINE_DIR", nullptr);
  ScopedEnv cache("XDG_CACHE_HOME", "/var/cache/someone");
  EXPECT_EQ(timeline_dir("/data/lap.sqlite"), "/data/lap.sqlite.timelines");
  EXPECT_EQ(timeline_dir("sqlite:/data/lap.sqlite"), "/data/lap.sqlite.timelines");
  EXPECT_FALSE(timeline_dir(":memory:").has_value());
  // One directory per database; the password is no part of its name.
  const auto a = timeline_dir("postgresql://lap:secret@db/lap");
  const auto b = timeline_dir("postgresql://lap:other@db/lap");
  const auto c = timeline_dir("postgresql://lap@db/lap_test");
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->starts_with("/var/cache/someone/lap/timelines/"));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a->find("secret"), std::string::npos);
  {
    ScopedEnv off("LAP_TIMELINE_DIR", "off");
    EXPECT_FALSE(timeline_dir("/data/lap.sqlite").has_value());
  }
  ScopedEnv elsewhere("LAP_TIMELINE_DIR", "/srv/timelines");
  EXPECT_EQ(timeline_dir("/data/lap.sqlite"), "/srv/timelines");
}

TEST_F(TimelineFiles, WrittenPrivatelyAndMappedBack) {
  const std::string dir = (dir_ / "db.timelines").string();
  auto missing = map_timeline_file(dir, "load-1-run-0-x.lapt", "load 1");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());

  ASSERT_TRUE(save_timeline_file(dir, "load-1-run-0-x.lapt", "load 1", sample(3)).has_value());
  EXPECT_EQ(mode_of(dir), 0700);
  EXPECT_EQ(mode_of(dir + "/load-1-run-0-x.lapt"), 0600);
  auto mapped = map_timeline_file(dir, "load-1-run-0-x.lapt", "load 1");
  ASSERT_TRUE(mapped.has_value()) << mapped.error().message;
  ASSERT_TRUE(mapped->has_value());
  EXPECT_TRUE((*mapped)->from_image());
  EXPECT_EQ((*mapped)->persons(), 3U);
  EXPECT_TRUE((*mapped)->test(0, measure::Column::kEntitlement, *Month::parse("2024-03")));
  // No temporary file is left.
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
    ++files;
  EXPECT_EQ(files, 1);
}

TEST_F(TimelineFiles, AFileOfOtherDataOrDamagedIsRemovedToBeRebuilt) {
  const std::string dir = (dir_ / "db.timelines").string();
  const std::string path = dir + "/f.lapt";
  ASSERT_TRUE(save_timeline_file(dir, "f.lapt", "load 1 started 10:00", sample(2)).has_value());
  auto other = map_timeline_file(dir, "f.lapt", "load 1 started 11:00");
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->has_value());
  EXPECT_FALSE(fs::exists(path));

  ASSERT_TRUE(save_timeline_file(dir, "f.lapt", "load 1", sample(2)).has_value());
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(600);
    f.put('\x7f');
  }
  auto damaged = map_timeline_file(dir, "f.lapt", "load 1");
  ASSERT_TRUE(damaged.has_value());
  EXPECT_FALSE(damaged->has_value());
  EXPECT_FALSE(fs::exists(path));

  fs::create_directories(dir);
  std::ofstream(path) << "short";
  auto cut = map_timeline_file(dir, "f.lapt", "load 1");
  ASSERT_TRUE(cut.has_value());
  EXPECT_FALSE(cut->has_value());
}

TEST_F(TimelineFiles, TheLeastRecentlyUsedGoAndDeadWritersTemporaryFilesToo) {
  const std::string dir = (dir_ / "db.timelines").string();
  fs::create_directories(dir);
  // A writer that died (no process has pid 2^22 + 1 on Linux's default pid_max) and one alive.
  std::ofstream(dir + "/.tmp-4194305-load-9.lapt") << "partial";
  const std::string alive = dir + "/.tmp-" + std::to_string(::getpid()) + "-load-8.lapt";
  std::ofstream(alive) << "being written";
  const auto t0 = fs::file_time_type::clock::now();
  for (size_t i = 0; i < kKeptTimelineFiles; ++i) {
    const std::string name = "load-" + std::to_string(i) + ".lapt";
    ASSERT_TRUE(save_timeline_file(dir, name, "f", sample(1)).has_value());
    fs::last_write_time(dir + "/" + name, t0 - std::chrono::seconds(100 - i));
  }
  // Used: load-0 becomes the most recent, so load-1 is now the least recently used.
  auto used = map_timeline_file(dir, "load-0.lapt", "f");
  ASSERT_TRUE(used.has_value() && used->has_value());
  ASSERT_TRUE(save_timeline_file(dir, "load-new.lapt", "f", sample(1)).has_value());
  EXPECT_TRUE(fs::exists(dir + "/load-0.lapt"));
  EXPECT_TRUE(fs::exists(dir + "/load-new.lapt"));
  EXPECT_FALSE(fs::exists(dir + "/load-1.lapt"));
  EXPECT_TRUE(fs::exists(dir + "/load-2.lapt"));
  EXPECT_FALSE(fs::exists(dir + "/.tmp-4194305-load-9.lapt"));
  EXPECT_TRUE(fs::exists(alive));
  size_t kept = 0;
  for (const auto& e : fs::directory_iterator(dir))
    kept +=
        e.path().extension() == ".lapt" && !e.path().filename().string().starts_with(".") ? 1 : 0;
  EXPECT_EQ(kept, kKeptTimelineFiles);
}

TEST_F(TimelineFiles, ADirectoryThatCannotBeMadeIsAnError) {
  // A file where the directory should be: refused for root too.
  fs::create_directories(dir_);
  std::ofstream(dir_ / "db.timelines") << "not a directory";
  auto s = save_timeline_file((dir_ / "db.timelines").string(), "f.lapt", "f", sample(1));
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  // Reading through it finds no file rather than failing.
  auto mapped = map_timeline_file((dir_ / "db.timelines").string(), "f.lapt", "f");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_FALSE(mapped->has_value());
}

}  // namespace
}  // namespace lap::store
