// `import_delivery` against a real SQLite file: all-or-nothing, idempotent,
// load by load. The database is inspected with the sqlite3 C API directly,
// not through the store, so the assertions do not trust the code under test.
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/ingest/delivery_facts.h"
#include "lap/ingest/import.h"
#include "lap/store/sqlite/sqlite_store.h"

namespace lap {
namespace {

namespace fs = std::filesystem;

// A small delivery: three leefloners (one a displaced Ukrainian at Borsbeek,
// which merged into Antwerpen on 2025-01-01), VDAB registrations with a
// formatted, an invalid and a missing INSZ, work, measures, counts and one
// BIS -> national number change.
const std::map<std::string, std::string> kDelivery = {
    {"rmi_entitlements.csv",
     "ocmw_nis;insz;last_name;first_name;birth_date;sex;postcode;kind;ukrainian;gpmi;exemption;"
     "start_date;end_date\n"
     "11002;76080814407;Peeters;An;1976-08-08;F;2000;LL;0;1;none;2020-01-01;\n"
     "44021;85031503362;Janssens;Jan;;M;9000;ELL;1;0;health;2022-03-01;2023-02-28\n"
     "11007;90410101201;Smirnova;Olena;1990-01-01;F;2150;ELL;1;0;none;2022-04-01;2024-12-31\n"},
    {"vdab_registrations.csv",
     "vdab_client_id;insz;last_name;first_name;birth_date;sex;postcode;category;ocmw_nis;"
     "start_date;end_date\n"
     "10000001;76080814407;Peeters;An;1976-08-08;F;2000;05;11002;2020-02-01;\n"
     "10000002;85.03.15-033.62;Janssens;Jan;;M;9000;VRIJ;;2022-05-01;2022-12-31\n"
     "10000003;12345678901;Onbekend;Iemand;;X;3000;01;;2021-01-01;2021-06-30\n"
     "10000004;;Zonder;Nummer;;F;3500;ANDER;;2021-01-01;\n"},
    {"work_months.csv",
     "insz;first_month;last_month;work_type;employer_kind\n"
     "76080814407;2021-01;2021-06;EMP;NEC\n"
     "76080814407;2021-03;2021-04;SELF;\n"
     "85031503362;2023-03;2023-12;EMP;OCMW_ART60\n"},
    {"activation_measures.csv",
     "insz;measure;organiser_nis;start_date;end_date;new_inflow\n"
     "76080814407;TWE_OCMW;11002;2020-06-01;2021-05-31;\n"
     "85031503362;WIJK_WERKEN;44021;2022-06-01;2022-11-30;1\n"},
    {"podmi_counts.csv",
     "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
     "11002;2022-09-30;1;0;0\n"
     "44021;2022-09-30;0;1;1\n"
     "11007;2022-09-30;0;1;1\n"},
    {"identifier_changes.csv",
     "old_insz;new_insz;change_date\n"
     "90410101201;90010112494;2023-05-01\n"},
    {"ground_truth.csv", "person_id;identifier_kind;identifier\n1;INSZ;76080814407\n"},
    {"manifest.json", "{\"scale\": \"hand-written\"}\n"},
};

constexpr int64_t kDeliveryRows = 3 + 4 + 3 + 2 + 3 + 1;

// Read-only access to the database file, independent of the store.
class Sql {
 public:
  explicit Sql(const fs::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path;
    }
  }
  ~Sql() { sqlite3_close(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  int64_t count(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    } else {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    }
    sqlite3_finalize(st);
    return n;
  }

  // The schema (indexes included) and every table's rows, as text.
  std::string dump() {
    std::string out;
    for (const auto& row : rows("SELECT type, name, sql FROM sqlite_schema ORDER BY name"))
      out += row + "\n";
    for (const auto& table : rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY "
                                  "name")) {
      out += "== " + table + "\n";
      // `table` is quoted ('name'); as an identifier it needs double quotes.
      std::string name = table.substr(1, table.size() - 2);
      for (const auto& row : rows(fmt::format("SELECT * FROM \"{}\" ORDER BY 1", name)))
        out += row + "\n";
    }
    return out;
  }

 private:
  // Each row as its values quoted (blobs in hex) and joined by '|'.
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        if (c > 0) row += '|';
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_NULL:
            row += "NULL";
            break;
          case SQLITE_BLOB: {
            const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(st, c));
            row += "x'";
            for (int k = 0; k < sqlite3_column_bytes(st, c); ++k)
              row += fmt::format("{:02x}", b[k]);
            row += "'";
            break;
          }
          default:
            row +=
                "'" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))) + "'";
        }
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return out;
  }

  sqlite3* db_ = nullptr;
};

class ImportIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            fmt::format("lap_import_it_{}_{}", ::getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    db_path_ = root_ / "lap.sqlite";
    options_.today = *Date::parse("2026-06-30");
  }
  void TearDown() override { fs::remove_all(root_); }

  // Writes the delivery `name` with `changes` applied (file -> full new content;
  // a file not in the delivery is added).
  fs::path delivery(const std::string& name,
                    const std::map<std::string, std::string>& changes = {}) {
    fs::path dir = root_ / name;
    fs::create_directories(dir);
    for (const auto& [file, text] : kDelivery) {
      auto it = changes.find(file);
      std::ofstream(dir / file, std::ios::binary) << (it != changes.end() ? it->second : text);
    }
    for (const auto& [file, text] : changes) {
      if (!kDelivery.contains(file)) std::ofstream(dir / file, std::ios::binary) << text;
    }
    return dir;
  }

  std::unique_ptr<store::Store> open() {
    auto s = store::open_store(db_path_.string(), store::OpenMode::kCreate);
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  Result<ingest::ImportReport> run(const fs::path& dir, store::Store& store) {
    return ingest::import_delivery(dir.string(), store, geo::Registry::builtin(), pseudonymiser_,
                                   options_);
  }
  Result<ingest::ImportReport> run(const fs::path& dir) {
    auto store = open();
    return run(dir, *store);
  }

  static std::string with_line(const std::string& file, const std::string& line) {
    return kDelivery.at(file) + line + "\n";
  }

  fs::path root_;
  fs::path db_path_;
  link::Pseudonymiser pseudonymiser_{link::PseudonymKey{1, 2, 3, 4, 5, 6, 7, 8}};
  ingest::ImportOptions options_;
};

TEST_F(ImportIntegration, AValidDeliveryImports) {
  auto r = run(delivery("d1"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->refused()) << r->problems[0].to_string();
  EXPECT_EQ(r->load_id, 1);
  ASSERT_EQ(r->files.size(), 6u);  // ground_truth.csv and manifest.json are not imported
  int64_t added = 0;
  for (const auto& f : r->files)
    added += f.added;
  EXPECT_EQ(added, kDeliveryRows);

  Sql sql(db_path_);
  EXPECT_EQ(sql.count("SELECT count(*) FROM data_load"), 1);
  EXPECT_EQ(sql.count("SELECT rows_added FROM data_load WHERE load_id = 1"), kDeliveryRows);
  EXPECT_EQ(sql.count("SELECT count(*) FROM rmi_entitlement WHERE first_load = 1"), 3);
  EXPECT_EQ(sql.count("SELECT count(*) FROM vdab_registration"), 4);
  EXPECT_EQ(sql.count("SELECT count(*) FROM work_span"), 3);
  EXPECT_EQ(sql.count("SELECT count(*) FROM activation_measure"), 2);
  EXPECT_EQ(sql.count("SELECT count(*) FROM podmi_count"), 3);
  EXPECT_EQ(sql.count("SELECT count(*) FROM identifier_change"), 1);
  // Pseudonyms only in the facts; the numbers are in the identity tables.
  EXPECT_EQ(sql.count("SELECT count(*) FROM rmi_entitlement WHERE length(person_ref) = 32"), 3);
  EXPECT_EQ(sql.count("SELECT count(*) FROM person_identifier"), 4);
  EXPECT_EQ(sql.count("SELECT count(*) FROM rmi_identity WHERE last_name = 'Peeters'"), 1);
  // VDAB: a formatted INSZ is the same person; an invalid one is kept and
  // flagged; a missing one has no pseudonym.
  EXPECT_EQ(sql.count("SELECT count(DISTINCT v.person_ref) FROM vdab_registration v JOIN "
                      "rmi_entitlement r USING (person_ref)"),
            2);
  EXPECT_EQ(sql.count("SELECT count(*) FROM vdab_identity WHERE insz = '12345678901' AND "
                      "insz_valid = 0"),
            1);
  EXPECT_EQ(sql.count("SELECT count(*) FROM vdab_registration WHERE person_ref IS NULL"), 2);
  EXPECT_EQ(sql.count("SELECT count(*) FROM vdab_identity WHERE insz IS NULL"), 1);

  auto store = open();
  auto summary = store->summary(std::nullopt, {});
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->leefloners, 3);
  EXPECT_EQ(summary->leefloner_ocmws, 3);
}

TEST_F(ImportIntegration, ReimportingTheSameFilesAddsNothing) {
  auto dir = delivery("d1");
  ASSERT_TRUE(run(dir));
  std::string before = Sql(db_path_).dump();
  auto again = run(dir);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->nothing_changed());
  EXPECT_EQ(again->current_load, 1);
  for (const auto& f : again->files)
    EXPECT_TRUE(f.identical) << f.file;
  // The same facts in other bytes (an INSZ with separators, rows reordered)
  // go through validation and the store, and still change nothing.
  auto reordered = delivery("d1b", {{"work_months.csv",
                                     "employer_kind;insz;first_month;last_month;work_type\n"
                                     "OCMW_ART60;85031503362;2023-03;2023-12;EMP\n"
                                     ";76.08.08-144.07;2021-03;2021-04;SELF\n"
                                     "NEC;76080814407;2021-01;2021-06;EMP\n"}});
  auto third = run(reordered);
  ASSERT_TRUE(third);
  ASSERT_FALSE(third->refused()) << third->problems[0].to_string();
  EXPECT_TRUE(third->nothing_changed());
  EXPECT_FALSE(third->files[2].identical);
  EXPECT_EQ(third->files[2].unchanged, 3);
  Sql sql(db_path_);
  EXPECT_EQ(sql.count("SELECT count(*) FROM data_load"), 1);
  EXPECT_EQ(sql.count("SELECT count(*) FROM work_span"), 3);
  EXPECT_EQ(sql.dump(), before);
}

TEST_F(ImportIntegration, OneBadRowInTheLastFileWritesNothing) {
  auto bad = delivery(
      "bad", {{"identifier_changes.csv",
               with_line("identifier_changes.csv", "85031503362;76080814407;2023-02-30")}});
  // Into a new database ...
  auto r = run(bad);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->refused());
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_EQ(r->problems[0].to_string(),
            (bad / "identifier_changes.csv").string() +
                ":3:25: [change_date] must be a date YYYY-MM-DD (a real day, year 1900-2099)");
  {
    Sql sql(db_path_);
    EXPECT_EQ(sql.count("SELECT count(*) FROM data_load"), 0);
    EXPECT_EQ(sql.count("SELECT count(*) FROM rmi_entitlement"), 0);
    EXPECT_EQ(sql.count("SELECT count(*) FROM person_identifier"), 0);
  }
  // ... and into one that holds a load: byte-for-byte the same content after.
  ASSERT_TRUE(run(delivery("d1")));
  std::string before = Sql(db_path_).dump();
  auto again = run(bad);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->refused());
  EXPECT_EQ(Sql(db_path_).dump(), before);
}

TEST_F(ImportIntegration, ProblemsNameFileLineAndColumn) {
  auto bad = delivery(
      "bad",
      {{"work_months.csv", with_line("work_months.csv", "76080814407;2021-05;2021-08;EMP;NEC")},
       {"rmi_entitlements.csv",
        with_line("rmi_entitlements.csv",
                  "11007;76080814407;Peeters;An;1976-08-08;F;2150;LL;0;1;none;2025-01-01;")},
       {"strange.csv", "a;b\n"}});
  options_.max_errors = 2;
  auto r = run(bad);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->refused());
  EXPECT_EQ(r->problem_count, 4);  // all counted, beyond --max-errors
  ASSERT_EQ(r->problems.size(), 2u);
  EXPECT_EQ(r->problems[0].to_string(),
            (bad / "strange.csv").string() +
                ":1:1: unknown file in a delivery; the imported files are rmi_entitlements.csv, "
                "vdab_registrations.csv, work_months.csv, activation_measures.csv, "
                "podmi_counts.csv, identifier_changes.csv");
  fs::remove(bad / "strange.csv");
  options_.max_errors = 50;
  r = run(bad);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->problems.size(), 3u);
  EXPECT_EQ(r->problems[0].to_string(),
            (bad / "rmi_entitlements.csv").string() +
                ":5:1: [ocmw_nis] municipality 11007 does not exist on start_date 2025-01-01 "
                "(valid 1970-01-01..2024-12-31, then 11002)");
  EXPECT_EQ(r->problems[1].to_string(),
            (bad / "rmi_entitlements.csv").string() +
                ":5:1: [ocmw_nis] a running entitlement (empty end_date) at municipality 11007, "
                "which does not exist today 2026-06-30 (valid 1970-01-01..2024-12-31, then "
                "11002)");
  EXPECT_EQ(r->problems[2].to_string(),
            (bad / "work_months.csv").string() +
                ":5:13: [first_month] overlaps the span on line 2 of the same person, work_type "
                "and employer_kind");
  EXPECT_EQ(Sql(db_path_).count("SELECT count(*) FROM data_load"), 0);
}

TEST_F(ImportIntegration, AChangedRowRetiresOneAndAddsOneAndTheFirstLoadStaysReadable) {
  ASSERT_TRUE(run(delivery("d1")));
  std::string work = kDelivery.at("work_months.csv");
  work.replace(work.find("2021-01;2021-06"), 15, "2021-01;2021-07");
  auto r = run(delivery("d2", {{"work_months.csv", work}}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->refused());
  EXPECT_EQ(r->load_id, 2);
  EXPECT_EQ(r->files[2].added, 1);
  EXPECT_EQ(r->files[2].retired, 1);
  EXPECT_EQ(r->files[2].unchanged, 2);
  for (size_t i : {0, 1, 3, 4, 5})
    EXPECT_TRUE(r->files[i].identical) << r->files[i].file;

  Sql sql(db_path_);
  EXPECT_EQ(sql.count("SELECT count(*) FROM data_load"), 2);
  EXPECT_EQ(sql.count("SELECT rows_added + rows_retired * 10 FROM data_load WHERE load_id = 2"),
            11);
  EXPECT_EQ(sql.count("SELECT count(*) FROM work_span WHERE retired_load = 2 AND "
                      "last_month = '2021-06'"),
            1);
  EXPECT_EQ(sql.count("SELECT count(*) FROM work_span WHERE first_load = 2 AND "
                      "last_month = '2021-07' AND retired_load IS NULL"),
            1);
  // Every other table is untouched by load 2.
  for (const char* t : {"rmi_entitlement", "vdab_registration", "activation_measure", "podmi_count",
                        "identifier_change"}) {
    EXPECT_EQ(sql.count(fmt::format("SELECT count(*) FROM {} WHERE first_load = 2 OR "
                                    "retired_load IS NOT NULL",
                                    t)),
              0)
        << t;
  }
  // The snapshot of load 1 is what load 1 wrote.
  const char* snapshot =
      "SELECT count(*) FROM work_span WHERE first_load <= {0} AND (retired_load IS NULL OR "
      "retired_load > {0}) AND last_month = '{1}'";
  EXPECT_EQ(sql.count(fmt::format(fmt::runtime(snapshot), 1, "2021-06")), 1);
  EXPECT_EQ(sql.count(fmt::format(fmt::runtime(snapshot), 1, "2021-07")), 0);
  EXPECT_EQ(sql.count(fmt::format(fmt::runtime(snapshot), 2, "2021-06")), 0);
  EXPECT_EQ(sql.count(fmt::format(fmt::runtime(snapshot), 2, "2021-07")), 1);
  auto store = open();
  auto first = store->summary(1, {});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->sources[2].second, 3);
  auto loads = store->loads();
  ASSERT_TRUE(loads);
  ASSERT_EQ(loads->size(), 2u);
  EXPECT_EQ((*loads)[1].files.size(), 6u);
}

TEST_F(ImportIntegration, AFileLeftOutKeepsItsSource) {
  ASSERT_TRUE(run(delivery("d1")));
  fs::path only_counts = root_ / "counts";
  fs::create_directories(only_counts);
  std::ofstream(only_counts / "podmi_counts.csv")
      << kDelivery.at("podmi_counts.csv") << "11002;2022-10-31;2;0;0\n";
  auto r = run(only_counts);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->load_id, 2);
  Sql sql(db_path_);
  EXPECT_EQ(sql.count("SELECT count(*) FROM rmi_entitlement WHERE retired_load IS NULL"), 3);
  EXPECT_EQ(sql.count("SELECT count(*) FROM podmi_count WHERE retired_load IS NULL"), 4);
}

TEST_F(ImportIntegration, ADatabaseWithANewerSchemaIsRefused) {
  ASSERT_TRUE(run(delivery("d1")));
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "INSERT INTO schema_migrations VALUES (999, 'future', "
                           "'2030-01-01T00:00:00Z')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  std::string before = Sql(db_path_).dump();
  std::string work = kDelivery.at("work_months.csv") + "85031503362;2024-01;2024-02;SELF;\n";
  auto r = run(delivery("d2", {{"work_months.csv", work}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("999"), std::string::npos);
  EXPECT_EQ(Sql(db_path_).dump(), before);
}

TEST_F(ImportIntegration, AnotherPseudonymKeyIsRefused) {
  ASSERT_TRUE(run(delivery("d1")));
  std::string work = kDelivery.at("work_months.csv") + "85031503362;2024-01;2024-02;SELF;\n";
  link::Pseudonymiser other(link::PseudonymKey{9});
  auto store = open();
  auto r = ingest::import_delivery(delivery("d2", {{"work_months.csv", work}}).string(), *store,
                                   geo::Registry::builtin(), other, options_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kFailedPrecondition);
}

// ---- fault injection ------------------------------------------------------------

// A store whose import transaction fails on the n-th `add`, or on `commit`.
class FailingStore : public store::Store {
 public:
  FailingStore(store::Store& inner, int64_t fail_at_add, bool fail_commit)
      : inner_(inner), fail_at_add_(fail_at_add), fail_commit_(fail_commit) {}

  Status migrate() override { return inner_.migrate(); }
  Result<int> schema_version() override { return inner_.schema_version(); }
  Result<std::vector<store::DataLoad>> loads() override { return inner_.loads(); }
  Result<int64_t> current_load() override { return inner_.current_load(); }
  Result<store::Summary> summary(std::optional<int64_t> load,
                                 const store::SummaryOptions& o) override {
    return inner_.summary(load, o);
  }
  Status read_facts(int64_t load, const store::FactFilter& f, store::FactSink& sink) override {
    return inner_.read_facts(load, f, sink);
  }
  Result<std::optional<MonthRange>> work_month_range(int64_t load) override {
    return inner_.work_month_range(load);
  }
  Result<std::vector<std::string>> linked_persons(int64_t load, std::string_view ref) override {
    return inner_.linked_persons(load, ref);
  }
  Result<int64_t> save_measure_run(const store::MeasureRun& run,
                                   const std::vector<store::StoredFigure>& figures) override {
    return inner_.save_measure_run(run, figures);
  }
  Result<std::optional<store::MeasureRun>> latest_measure_run(std::optional<int64_t> l) override {
    return inner_.latest_measure_run(l);
  }
  Result<std::vector<store::StoredFigure>> measure_figures(int64_t run,
                                                           std::string_view i) override {
    return inner_.measure_figures(run, i);
  }
  Status append_audit(const store::AuditEntry& e) override { return inner_.append_audit(e); }
  Result<std::vector<store::AuditEntry>> audit_for(std::string_view ref) override {
    return inner_.audit_for(ref);
  }
  Result<std::unique_ptr<store::ImportTransaction>> begin_import(
      const store::LoadInfo& info) override {
    auto tx = inner_.begin_import(info);
    if (!tx) return tx;
    return std::unique_ptr<store::ImportTransaction>(
        new Tx(std::move(*tx), fail_at_add_, fail_commit_));
  }

 private:
  class Tx : public store::ImportTransaction {
   public:
    Tx(std::unique_ptr<store::ImportTransaction> inner, int64_t fail_at, bool fail_commit)
        : inner_(std::move(inner)), remaining_(fail_at), fail_commit_(fail_commit) {}
    int64_t load_id() const override { return inner_->load_id(); }
    Status begin_source(store::Source s) override { return inner_->begin_source(s); }
    Status add(const formats::RmiEntitlementRow& r, const formats::RowHash& h,
               std::string_view p) override {
      return tick() ? inner_->add(r, h, p) : fail();
    }
    Status add(const formats::VdabRegistrationRow& r, const formats::RowHash& h,
               std::string_view p) override {
      return tick() ? inner_->add(r, h, p) : fail();
    }
    Status add(const formats::WorkSpanRow& r, const formats::RowHash& h,
               std::string_view p) override {
      return tick() ? inner_->add(r, h, p) : fail();
    }
    Status add(const formats::ActivationMeasureRow& r, const formats::RowHash& h,
               std::string_view p) override {
      return tick() ? inner_->add(r, h, p) : fail();
    }
    Status add(const formats::PodmiCountRow& r, const formats::RowHash& h) override {
      return tick() ? inner_->add(r, h) : fail();
    }
    Status add(const formats::IdentifierChangeRow& r, const formats::RowHash& h, std::string_view a,
               std::string_view b) override {
      return tick() ? inner_->add(r, h, a, b) : fail();
    }
    Result<store::SourceCounts> end_source() override { return inner_->end_source(); }
    Result<std::optional<int64_t>> commit() override {
      if (fail_commit_) return make_error(ErrorCode::kIo, "injected failure in commit");
      return inner_->commit();
    }

   private:
    bool tick() { return remaining_-- != 1; }
    static Status fail() { return make_error(ErrorCode::kIo, "injected failure in add"); }

    std::unique_ptr<store::ImportTransaction> inner_;
    int64_t remaining_;
    bool fail_commit_;
  };

  store::Store& inner_;
  int64_t fail_at_add_;
  bool fail_commit_;
};

TEST_F(ImportIntegration, AFailingAddInTheLastFileRollsEverythingBack) {
  auto inner = open();
  ASSERT_TRUE(inner->migrate());
  std::string before = Sql(db_path_).dump();
  FailingStore failing(*inner, /*fail_at_add=*/kDeliveryRows, /*fail_commit=*/false);
  auto r = run(delivery("d1"), failing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "injected failure in add");
  EXPECT_EQ(Sql(db_path_).dump(), before);
  // The store is usable afterwards and the same delivery imports.
  auto ok = run(delivery("d1"), *inner);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->load_id, 1);
}

TEST_F(ImportIntegration, AFailingCommitRollsEverythingBack) {
  ASSERT_TRUE(run(delivery("d1")));
  auto inner = open();
  std::string before = Sql(db_path_).dump();
  std::string work = kDelivery.at("work_months.csv") + "85031503362;2024-01;2024-02;SELF;\n";
  FailingStore failing(*inner, /*fail_at_add=*/-1, /*fail_commit=*/true);
  auto r = run(delivery("d2", {{"work_months.csv", work}}), failing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "injected failure in commit");
  EXPECT_EQ(Sql(db_path_).dump(), before);
}

TEST_F(ImportIntegration, ReadersSeeNothingOfAnOpenImport) {
  auto store = open();
  ASSERT_TRUE(store->migrate());
  store::LoadInfo info;
  info.source_dir = "x";
  auto tx = store->begin_import(info);
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->begin_source(store::Source::kPodmiCounts));
  formats::PodmiCountRow row;
  row.nis = *Nis::parse("11002");
  row.reference_date = *Date::parse("2022-09-30");
  ASSERT_TRUE((*tx)->add(row, formats::hash_canonical(formats::canonical_text(row))));
  ASSERT_TRUE((*tx)->end_source());
  {
    Sql reader(db_path_);
    EXPECT_EQ(reader.count("SELECT count(*) FROM podmi_count"), 0);
    EXPECT_EQ(reader.count("SELECT count(*) FROM data_load"), 0);
  }
  ASSERT_EQ((*tx)->commit().value(), 1);
  Sql reader(db_path_);
  EXPECT_EQ(reader.count("SELECT count(*) FROM podmi_count"), 1);
}

// Collects what `read_facts` passes on.
struct CollectingSink final : store::FactSink {
  std::vector<measure::EntitlementFact> entitlements;
  std::vector<measure::RegistrationFact> registrations;
  std::vector<measure::WorkFact> work;
  std::vector<measure::MeasureFact> measures;
  std::vector<measure::IdentifierChangeFact> changes;
  void add(const measure::EntitlementFact& f) override { entitlements.push_back(f); }
  void add(const measure::RegistrationFact& f) override { registrations.push_back(f); }
  void add(const measure::WorkFact& f) override { work.push_back(f); }
  void add(const measure::MeasureFact& f) override { measures.push_back(f); }
  void add(const measure::IdentifierChangeFact& f) override { changes.push_back(f); }
};

std::string hex(const measure::PersonKey& key) {
  std::string out;
  for (uint8_t b : key)
    out += fmt::format("{:02x}", b);
  return out;
}

TEST_F(ImportIntegration, ReadFactsGivesTheSnapshotAsMeasurementFacts) {
  ASSERT_TRUE(run(delivery("d1")));
  // Load 2 drops Borsbeek's entitlement.
  std::string rmi = kDelivery.at("rmi_entitlements.csv");
  rmi = rmi.substr(0, rmi.rfind("11007;"));
  ASSERT_EQ(run(delivery("d2", {{"rmi_entitlements.csv", rmi}}))->load_id, 2);

  auto store = open();
  CollectingSink one;
  ASSERT_TRUE(store->read_facts(1, {}, one));
  EXPECT_EQ(one.entitlements.size(), 3u);
  EXPECT_EQ(one.registrations.size(), 2u);  // the invalid and the missing INSZ have no person
  EXPECT_EQ(one.work.size(), 3u);
  EXPECT_EQ(one.measures.size(), 2u);
  ASSERT_EQ(one.changes.size(), 1u);
  CollectingSink two;
  ASSERT_TRUE(store->read_facts(2, {}, two));
  EXPECT_EQ(two.entitlements.size(), 2u);

  // The facts carry the pseudonym and the typed values of the rows.
  const std::string an = pseudonymiser_.person_ref(*Insz::parse("76080814407", options_.today));
  size_t found = 0;
  for (const auto& e : one.entitlements) {
    if (hex(e.person) != an) continue;
    ++found;
    EXPECT_EQ(e.ocmw.code(), 11002);
    EXPECT_EQ(e.kind, formats::EntitlementKind::kLL);
    EXPECT_FALSE(e.end);
  }
  EXPECT_EQ(found, 1u);
  for (const auto& r : one.registrations) {
    if (hex(r.person) == an) {
      EXPECT_EQ(r.category, formats::VdabCategory::kCat05);
      ASSERT_TRUE(r.ocmw);
      EXPECT_EQ(r.ocmw->code(), 11002);
    }
  }

  // A filtered read keeps one person's facts and the identifier changes that link them.
  const std::string olena_bis =
      pseudonymiser_.person_ref(*Insz::parse("90410101201", options_.today));
  auto linked = store->linked_persons(1, olena_bis);
  ASSERT_TRUE(linked);
  ASSERT_EQ(linked->size(), 2u);
  CollectingSink olena;
  ASSERT_TRUE(store->read_facts(1, store::FactFilter{*linked}, olena));
  EXPECT_EQ(olena.entitlements.size(), 1u);
  EXPECT_EQ(olena.changes.size(), 1u);
  EXPECT_TRUE(olena.work.empty());

  auto months = store->work_month_range(1);
  ASSERT_TRUE(months && *months);
  EXPECT_EQ((*months)->first().to_string(), "2021-01");
  EXPECT_EQ((*months)->last().to_string(), "2023-12");

  CollectingSink none;
  auto missing = store->read_facts(9, {}, none);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(ImportIntegration, FactsFromTheFilesEqualFactsFromTheDatabase) {
  const fs::path dir = delivery("d1");
  ASSERT_TRUE(run(dir));
  auto store = open();
  CollectingSink db;
  ASSERT_TRUE(store->read_facts(1, {}, db));
  CollectingSink files;
  auto s = ingest::read_delivery_facts(dir.string(), geo::Registry::builtin(), pseudonymiser_,
                                       options_.today, files);
  ASSERT_TRUE(s) << s.error().message;
  auto keys = [](const auto& facts) {
    std::multiset<std::string> out;
    for (const auto& f : facts)
      out.insert(hex(f.person));
    return out;
  };
  EXPECT_EQ(keys(files.entitlements), keys(db.entitlements));
  EXPECT_EQ(keys(files.registrations), keys(db.registrations));
  EXPECT_EQ(keys(files.work), keys(db.work));
  EXPECT_EQ(keys(files.measures), keys(db.measures));
  ASSERT_EQ(files.changes.size(), 1u);
  EXPECT_EQ(hex(files.changes[0].new_person), hex(db.changes[0].new_person));

  // A bad row: refused with file:line:column.
  const fs::path bad = delivery(
      "bad",
      {{"work_months.csv", with_line("work_months.csv", "76080814407;2021-13;2021-12;EMP;NEC")}});
  CollectingSink none;
  auto refused = ingest::read_delivery_facts(bad.string(), geo::Registry::builtin(), pseudonymiser_,
                                             options_.today, none);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("work_months.csv:5:"), std::string::npos)
      << refused.error().message;
}

TEST_F(ImportIntegration, MeasureRunsAreStoredPerLoadAndTheAuditLogIsAppendOnly) {
  ASSERT_TRUE(run(delivery("d1")));
  auto store = open();
  ASSERT_FALSE(store->latest_measure_run(std::nullopt).value());
  store::MeasureRun run;
  run.load_id = 1;
  run.first_month = *Month::parse("2022-01");
  run.last_month = *Month::parse("2022-12");
  run.data_end = *Month::parse("2023-12");
  run.settings_json = R"({"exclude_art60":true})";
  std::vector<store::StoredFigure> figures = {{"reach", "all", "2022-01", 11002, 1, 2, 0},
                                              {"twe_active", "all", "2022-01", 11002, 0, 2, 0}};
  auto id = store->save_measure_run(run, figures);
  ASSERT_TRUE(id) << id.error().message;
  auto latest = store->latest_measure_run(std::nullopt);
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->run_id, *id);
  EXPECT_EQ((*latest)->data_end.to_string(), "2023-12");
  auto reach = store->measure_figures(*id, "reach");
  ASSERT_TRUE(reach);
  ASSERT_EQ(reach->size(), 1u);
  EXPECT_EQ((*reach)[0].denominator, 2);
  EXPECT_EQ(store->measure_figures(*id, "").value().size(), 2u);
  run.load_id = 7;
  EXPECT_EQ(store->save_measure_run(run, figures).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(store->append_audit({"tester", "ocmw", "ab", "lap explain", "test"}));
  EXPECT_EQ(store->audit_for("ab").value().size(), 1u);
  // Even a writer that bypasses the store cannot change or remove an entry.
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &writer), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(writer, "DELETE FROM audit_log", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(writer, "UPDATE audit_log SET purpose = 'x'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(writer);
  Sql sql(db_path_);
  EXPECT_EQ(sql.count("SELECT count(*) FROM measure_figure"), 2);
  EXPECT_EQ(sql.count("SELECT count(*) FROM audit_log"), 1);
}

}  // namespace
}  // namespace lap
