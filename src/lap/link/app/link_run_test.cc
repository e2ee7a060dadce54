// The linking use case against real databases (SQLite and the tests'
// PostgreSQL server): a small delivery (the population of the linkage unit
// tests) imported, linked, the run stored.
#include "lap/link/app/link_run.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/geo/registry.h"
#include "lap/ingest/import.h"
#include "lap/link/test_support.h"
#include "lap/store/sql/test_database.h"

namespace lap::link {
namespace {

namespace fs = std::filesystem;

// As in linkage_test.cc: OCMW persons 0..kPersons-1 are VDAB clients
// kFirstClient + i, with their own INSZ except one.
constexpr int kPersons = 300;
constexpr int kWithoutInsz = 3;          // the VDAB record of this person has no INSZ
constexpr uint64_t kOtherClient = 2000;  // a VDAB client who is no OCMW client
constexpr uint64_t kFirstClient = 1000;

class LinkRunTest : public store::sql::testing::StoreTest {
 protected:
  void SetUp() override {
    std::string name = fmt::format("lap_link_run_{}_{}", ::getpid(),
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::replace(name.begin(), name.end(), '/', '_');  // Test/sqlite
    dir_ = fs::temp_directory_path() / name;
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = fresh();
    write_delivery();
    ingest::ImportOptions options;
    options.today = today_;
    auto report = ingest::import_delivery(dir_.string(), *store_, geo::Registry::builtin(),
                                          pseudonymiser_, options);
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_FALSE(report->refused());
    ASSERT_EQ(report->load_id, 1);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_delivery() {
    std::ofstream rmi(dir_ / "rmi_entitlements.csv");
    rmi << "ocmw_nis;insz;last_name;first_name;birth_date;sex;postcode;kind;ukrainian;gpmi;"
           "exemption;start_date;end_date\n";
    std::ofstream vdab(dir_ / "vdab_registrations.csv");
    vdab << "vdab_client_id;insz;last_name;first_name;birth_date;sex;postcode;category;ocmw_nis;"
            "start_date;end_date\n";
    std::ofstream truth(dir_ / "ground_truth.csv");
    truth << "person_id;identifier_kind;identifier\n";
    const auto people = test_support::population(kPersons);
    for (int i = 0; i < kPersons; ++i) {
      const test_support::Person& p = people[static_cast<size_t>(i)];
      rmi << fmt::format("11002;{};{};{};{};M;{};LL;0;0;none;2020-01-01;\n", p.insz, p.last,
                         p.first, p.birth, p.postcode);
      vdab << fmt::format("{};{};{};{};{};M;{};05;11002;2021-01-01;\n", kFirstClient + i,
                          i == kWithoutInsz ? "" : p.insz, p.last, p.first, p.birth, p.postcode);
      truth << fmt::format("{};INSZ;{}\n{};VDAB_CLIENT;{}\n", i, p.insz, i, kFirstClient + i);
    }
    vdab << fmt::format("{};;Zeebroek;Quirijn;1955-05-05;M;8500;01;;2021-01-01;\n", kOtherClient);
    truth << fmt::format("999;VDAB_CLIENT;{}\n", kOtherClient);
  }

  LinkRunRequest request() const {
    return {.load = 1,
            .threads = 2,
            .today = today_,
            .ground_truth = {},
            .blocking = {},
            .max_weak_block_pairs = 0};
  }

  fs::path dir_;
  std::unique_ptr<store::sql::SqlStore> store_;
  Pseudonymiser pseudonymiser_{PseudonymKey{}};
  Date today_ = *Date::parse("2026-06-30");
};

TEST_P(LinkRunTest, LinksTheLoadAndStoresTheRun) {
  auto r = run_linkage(*store_, pseudonymiser_, request());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->run_id, 1);
  EXPECT_EQ(r->load, 1);
  EXPECT_EQ(r->threads, 2);
  EXPECT_EQ(r->counts.ocmw_records, uint64_t{kPersons});
  EXPECT_EQ(r->counts.vdab_records, uint64_t{kPersons + 1});
  EXPECT_EQ(r->counts.vdab_clients, uint64_t{kPersons + 1});
  EXPECT_EQ(r->counts.links_deterministic, uint64_t{kPersons - 1});
  EXPECT_EQ(r->counts.links_probabilistic, 1U);  // the record without an INSZ
  EXPECT_EQ(r->counts.surrogate_clients, 1U);    // the client who is no OCMW client
  EXPECT_EQ(r->counts.overrides, 2U);
  EXPECT_FALSE(r->quality.has_value());
  EXPECT_EQ(r->summary["links"]["probabilistic"], 1);
  EXPECT_TRUE(r->summary.contains("weight_histogram"));

  auto run = store_->latest_link_run(std::nullopt);
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_TRUE(run->has_value());
  EXPECT_EQ((*run)->run_id, 1);
  EXPECT_EQ((*run)->load_id, 1);
  auto stored = nlohmann::json::parse((*run)->summary_json);
  EXPECT_FALSE(stored.contains("weight_histogram"));
  auto expected = r->summary;
  expected.erase("weight_histogram");
  EXPECT_EQ(stored, expected);
}

TEST_P(LinkRunTest, MeasuresTheQualityAgainstTheGroundTruth) {
  LinkRunRequest req = request();
  req.ground_truth = (dir_ / "ground_truth.csv").string();
  req.threads = 0;  // one per core
  auto r = run_linkage(*store_, pseudonymiser_, req);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_GE(r->threads, 1);
  ASSERT_TRUE(r->quality.has_value());
  EXPECT_EQ(r->quality->true_pairs, uint64_t{kPersons});
  EXPECT_DOUBLE_EQ(r->quality->f1, 1.0);
  EXPECT_EQ(r->quality->guard_violations, 0U);
  EXPECT_EQ(r->quality->persons_without_truth, 0U);
}

TEST_P(LinkRunTest, AnUnreadableGroundTruthFailsButTheRunIsStored) {
  LinkRunRequest req = request();
  req.ground_truth = (dir_ / "missing.csv").string();
  auto r = run_linkage(*store_, pseudonymiser_, req);
  ASSERT_FALSE(r);
  auto run = store_->latest_link_run(std::nullopt);
  ASSERT_TRUE(run);
  EXPECT_TRUE(run->has_value());
}

TEST_P(LinkRunTest, AnUnknownLoadIsNotFoundAndStoresNothing) {
  LinkRunRequest req = request();
  req.load = 7;
  auto r = run_linkage(*store_, pseudonymiser_, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  auto run = store_->latest_link_run(std::nullopt);
  ASSERT_TRUE(run);
  EXPECT_FALSE(run->has_value());
}

TEST_P(LinkRunTest, ASecondRunOfTheLoadIsIncrementalAndDecidesTheSame) {
  auto first = run_linkage(*store_, pseudonymiser_, request());
  auto second = run_linkage(*store_, pseudonymiser_, request());
  LinkRunRequest full = request();
  full.full = true;
  auto third = run_linkage(*store_, pseudonymiser_, full);
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(second->run_id, first->run_id + 1);
  EXPECT_FALSE(first->base_run);
  EXPECT_EQ(first->summary["basis"]["because"], "no earlier link run");

  // Nothing changed: the base's pairs compared again, the same decisions.
  EXPECT_EQ(second->base_run, first->run_id);
  EXPECT_EQ(second->summary["basis"]["mode"], "incremental");
  EXPECT_EQ(second->summary["basis"]["changed"]["ocmw_persons"], 0);
  EXPECT_EQ(second->summary["basis"]["changed"]["vdab_clients"], 0);
  EXPECT_LT(second->counts.pairs_compared, first->counts.pairs_compared);
  EXPECT_EQ(second->summary["links"], first->summary["links"]);
  EXPECT_EQ(second->summary["registrations"], first->summary["registrations"]);
  EXPECT_EQ(second->summary["model"]["fields"], first->summary["model"]["fields"]);
  EXPECT_EQ(store_->link_units(second->run_id).value(), store_->link_units(first->run_id).value());
  EXPECT_FALSE(store_->link_units(first->run_id).value().empty());

  // --full: everything again, as the first run.
  EXPECT_FALSE(third->base_run);
  EXPECT_EQ(third->summary["basis"]["because"], "asked (--full)");
  auto a = first->summary, c = third->summary;
  a.erase("basis");
  c.erase("basis");
  EXPECT_EQ(c, a);

  // Other options: a full run, and why.
  LinkRunRequest other = request();
  other.thresholds.upper -= 1;
  auto fourth = run_linkage(*store_, pseudonymiser_, other);
  ASSERT_TRUE(fourth);
  EXPECT_FALSE(fourth->base_run);
  EXPECT_NE(fourth->full_because.find("other options"), std::string::npos) << fourth->full_because;
}

LAP_ON_BOTH_DATABASES(LinkRunTest);

}  // namespace
}  // namespace lap::link
