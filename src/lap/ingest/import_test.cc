#include "lap/ingest/import.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/store/store.h"

namespace lap::ingest {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kRmi =
    "ocmw_nis;insz;last_name;first_name;birth_date;sex;postcode;kind;ukrainian;gpmi;exemption;"
    "start_date;end_date\n"
    "11002;76080814407;Peeters;An;1976-08-08;F;2000;LL;0;1;none;2020-01-01;\n"
    "44021;85031503362;Janssens;Jan;;M;9000;ELL;1;0;health;2022-03-01;2023-02-28\n";

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("lap_import_unit_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto s = store::open_store(":memory:", store::OpenMode::kCreate);
    ASSERT_TRUE(s);
    store_ = std::move(*s);
    options_.today = *Date::parse("2026-06-30");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, std::string_view text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  Result<ImportReport> run() {
    return import_delivery(dir_.string(), *store_, geo::Registry::builtin(), pseudonymiser_,
                           options_);
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  link::Pseudonymiser pseudonymiser_{link::PseudonymKey{}};
  ImportOptions options_;
};

TEST_F(ImportTest, ImportsAndReportsPerFile) {
  write("rmi_entitlements.csv", kRmi);
  write("ground_truth.csv", "person_id;identifier_kind;identifier\n1;INSZ;76080814407\n");
  write("manifest.json", "{}");
  write("notes.txt", "not a csv: ignored");
  auto r = run();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->refused());
  EXPECT_EQ(r->load_id, 1);
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].file, "rmi_entitlements.csv");
  EXPECT_EQ(r->files[0].rows_read, 2);
  EXPECT_EQ(r->files[0].added, 2);
  auto summary = store_->summary(std::nullopt, {});
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->persons, 2);
}

TEST_F(ImportTest, UnknownCsvIsAProblem) {
  write("rmi_entitlements.csv", kRmi);
  write("extra.csv", "a;b\n");
  auto r = run();
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->refused());
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].to_string(),
            (dir_ / "extra.csv").string() +
                ":1:1: unknown file in a delivery; the imported files are rmi_entitlements.csv, "
                "vdab_registrations.csv, work_months.csv, activation_measures.csv, "
                "podmi_counts.csv, identifier_changes.csv");
  EXPECT_EQ(store_->current_load().value(), 0);
}

TEST_F(ImportTest, DirectoryWithoutImportedFiles) {
  write("manifest.json", "{}");
  auto r = run();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ImportTest, NotADirectory) {
  auto r = import_delivery((dir_ / "missing").string(), *store_, geo::Registry::builtin(),
                           pseudonymiser_, options_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ImportTest, ProgressIsReportedForEachPhase) {
  write("rmi_entitlements.csv", kRmi);
  std::set<std::string> phases;
  int64_t last_rows = 0;
  options_.progress = [&](const ImportProgress& p) {
    phases.insert(std::string(p.phase));
    last_rows = p.rows;
    if (p.phase == "validating" || p.phase == "writing") {
      EXPECT_GT(p.bytes, 0);
    }
  };
  ASSERT_TRUE(run());
  // One pass: a changed file is validated while it is written.
  EXPECT_EQ(phases, (std::set<std::string>{"writing", "indexing", "committing"}));
  EXPECT_EQ(last_rows, 2);
  // A file equal to the current state is only validated.
  write("work_months.csv", "insz;first_month;last_month;work_type;employer_kind\n");
  phases.clear();
  ASSERT_TRUE(run());
  EXPECT_TRUE(phases.contains("validating"));
}

TEST_F(ImportTest, PersonRefsArePseudonymsOfTheInsz) {
  write("rmi_entitlements.csv", kRmi);
  ASSERT_TRUE(run());
  // The same delivery with the same key in another store gives the same result.
  auto other = store::open_store(":memory:", store::OpenMode::kCreate);
  ASSERT_TRUE(other);
  auto r =
      import_delivery(dir_.string(), **other, geo::Registry::builtin(), pseudonymiser_, options_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->load_id, 1);
}

TEST(FileSha256, KnownValue) {
  auto path = fs::temp_directory_path() / fmt::format("lap_sha_{}", ::getpid());
  std::ofstream(path, std::ios::binary) << "abc";
  EXPECT_EQ(file_sha256(path.string()).value(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  fs::remove(path);
  EXPECT_FALSE(file_sha256(path.string()));
}

TEST(BytesSha256, TheSameAsTheFileHoldingThem) {
  EXPECT_EQ(bytes_sha256("abc").value(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(bytes_sha256("").value(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string big(3 << 20, 'x');  // more than one read buffer of file_sha256
  auto path = fs::temp_directory_path() / fmt::format("lap_sha_big_{}", ::getpid());
  std::ofstream(path, std::ios::binary) << big;
  EXPECT_EQ(bytes_sha256(big).value(), file_sha256(path.string()).value());
  fs::remove(path);
}

}  // namespace
}  // namespace lap::ingest
