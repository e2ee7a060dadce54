#include "lap/link/pseudonym.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace lap::link {
namespace {

PseudonymKey key_of(uint8_t fill) {
  PseudonymKey k{};
  k.fill(fill);
  return k;
}

Insz insz(std::string_view digits) {
  return *Insz::parse(digits, *Date::parse("2026-01-01"));
}

// A fresh directory per test, removed afterwards.
class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv(kPseudonymKeyEnv);
    dir_ = std::filesystem::temp_directory_path() /
           ("lap_pseudonym_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    ::unsetenv(kPseudonymKeyEnv);
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST(Pseudonymiser, StableAcrossInstancesWithTheSameKey) {
  Pseudonymiser a(key_of(7));
  Pseudonymiser b(key_of(7));
  std::string ref = a.person_ref(insz("76080814407"));
  EXPECT_EQ(ref, b.person_ref(insz("76080814407")));
  EXPECT_EQ(ref, a.person_ref(std::string_view("76080814407")));
  EXPECT_EQ(ref.size(), 32u);
  EXPECT_EQ(ref.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(ref.find("76080814407"), std::string::npos);
}

TEST(Pseudonymiser, DifferentWithAnotherKey) {
  Pseudonymiser a(key_of(7));
  Pseudonymiser b(key_of(8));
  EXPECT_NE(a.person_ref(insz("76080814407")), b.person_ref(insz("76080814407")));
  EXPECT_NE(a.key_fingerprint(), b.key_fingerprint());
  EXPECT_EQ(a.key_fingerprint(), Pseudonymiser(key_of(7)).key_fingerprint());
}

TEST(Pseudonymiser, DifferentPersonsDifferentRefs) {
  Pseudonymiser p(key_of(1));
  std::set<std::string> refs = {p.person_ref(insz("76080814407")),
                                p.person_ref(insz("85031503362")),
                                p.person_ref(insz("90410101201"))};
  EXPECT_EQ(refs.size(), 3u);
}

TEST(Pseudonymiser, KnownValue) {
  // HMAC-SHA-256 with the all-zero key over "76080814407", first 16 bytes
  // (cross-checked with Python's hmac module).
  Pseudonymiser p(key_of(0));
  EXPECT_EQ(p.person_ref(std::string_view("76080814407")), "7f90abcbb7ff86f5c14c6c298f6a0f76");
}

TEST(KeyFromHex, AcceptsSixtyFourHexCharacters) {
  auto k = key_from_hex(std::string(64, 'a') + "\n");
  ASSERT_TRUE(k);
  EXPECT_EQ((*k)[0], 0xaa);
  EXPECT_FALSE(key_from_hex(std::string(63, 'a')));
  EXPECT_FALSE(key_from_hex(std::string(64, 'g')));
  EXPECT_FALSE(key_from_hex(""));
}

TEST_F(KeyFileTest, CreatesAKeyFileWithMode0600AndReadsItBack) {
  std::string path = (dir_ / "lap.sqlite.key").string();
  auto created = load_or_create_key(path);
  ASSERT_TRUE(created) << created.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(std::filesystem::file_size(path), 65u);
  auto again = load_or_create_key(path);
  ASSERT_TRUE(again);
  EXPECT_EQ(*created, *again);
}

TEST_F(KeyFileTest, EnvironmentTakesPrecedence) {
  std::string path = (dir_ / "k").string();
  ::setenv(kPseudonymKeyEnv, std::string(64, 'b').c_str(), 1);
  auto k = load_or_create_key(path);
  ASSERT_TRUE(k);
  EXPECT_EQ(*k, key_of(0xbb));
  EXPECT_FALSE(std::filesystem::exists(path));
  ::setenv(kPseudonymKeyEnv, "not a key", 1);
  auto bad = load_or_create_key(path);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST(Pseudonymiser, BytesAreTheHexPseudonym) {
  Pseudonymiser p(PseudonymKey{9, 8, 7});
  const auto bytes = p.person_ref_bytes("76080814407");
  std::string hex;
  for (uint8_t b : bytes)
    hex += fmt::format("{:02x}", b);
  EXPECT_EQ(hex, p.person_ref("76080814407"));
}

TEST(Pseudonymiser, RowHashesAreKeyed) {
  Pseudonymiser a(PseudonymKey{1, 2, 3});
  Pseudonymiser b(PseudonymKey{3, 2, 1});
  const std::array<uint8_t, 16> content = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
  EXPECT_EQ(a.row_hash(content), a.row_hash(content));
  EXPECT_NE(a.row_hash(content), b.row_hash(content));
  EXPECT_NE(a.row_hash(content), content);
  auto other = content;
  other[15] = 8;
  EXPECT_NE(a.row_hash(content), a.row_hash(other));
}

TEST_F(KeyFileTest, AKeyFileOthersMayReadIsRefused) {
  std::string path = (dir_ / "k").string();
  std::ofstream(path) << std::string(64, 'a') << "\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write |
                                         std::filesystem::perms::group_read);
  auto k = load_or_create_key(path);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(k.error().message.find("chmod 600 " + path), std::string::npos);
  EXPECT_EQ(k.error().message.find("aaaa"), std::string::npos);
}

TEST_F(KeyFileTest, MalformedKeyFileIsRefusedWithoutShowingIt) {
  std::string path = (dir_ / "k").string();
  std::ofstream(path) << "secretsecret";
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto k = load_or_create_key(path);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(k.error().message.find("secret"), std::string::npos);
}

TEST_F(KeyFileTest, UnwritableDirectoryIsAnIoError) {
  auto k = load_or_create_key((dir_ / "missing" / "k").string());
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace lap::link
