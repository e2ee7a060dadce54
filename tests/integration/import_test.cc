// `import_delivery` against a real SQLite file: all-or-nothing, idempotent,
// load by load. The database is inspected with the sqlite3 C API directly,
// not through the store, so the assertions do not trust the code under test.
#include "delivery_fixture.h"

namespace lap::it {
namespace {

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

// The loads of a store (all an import uses) whose import transaction fails on
// the n-th `add`, or on `commit`.
class FailingStore : public store::LoadStore {
 public:
  FailingStore(store::LoadStore& inner, int64_t fail_at_add, bool fail_commit)
      : inner_(inner), fail_at_add_(fail_at_add), fail_commit_(fail_commit) {}

  Status migrate() override { return inner_.migrate(); }
  Result<int64_t> key_row_hashes(const RowHashKeying& keyed, std::string_view fp) override {
    return inner_.key_row_hashes(keyed, fp);
  }
  Result<std::vector<store::DataLoad>> loads() override { return inner_.loads(); }
  Result<int64_t> current_load() override { return inner_.current_load(); }
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
    void set_files(std::vector<store::FileInfo> files) override {
      inner_->set_files(std::move(files));
    }
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

  store::LoadStore& inner_;
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

// The optional address columns: a file that gains them replaces only the rows that gain an
// address (a row with empty address fields is the row it was); the address is kept with the
// identity, never with the facts; re-importing the same files changes nothing. Empty names
// import too.
TEST_F(ImportIntegration, AddressColumnsReplaceOnlyTheRowsThatGainAnAddress) {
  ASSERT_TRUE(run(delivery("d1")));
  const std::string rmi =
      "ocmw_nis;insz;last_name;first_name;birth_date;sex;postcode;kind;ukrainian;gpmi;exemption;"
      "start_date;end_date;street;house_number\n"
      "11002;76080814407;Peeters;An;1976-08-08;F;2000;LL;0;1;none;2020-01-01;;Kerkstraat;7 bus 3\n"
      "44021;85031503362;Janssens;Jan;;M;9000;ELL;1;0;health;2022-03-01;2023-02-28;;\n"
      "11007;90410101201;Smirnova;Olena;1990-01-01;F;2150;ELL;1;0;none;2022-04-01;2024-12-31;;\n";
  const std::string vdab =
      "house_number;vdab_client_id;insz;last_name;first_name;birth_date;sex;postcode;category;"
      "ocmw_nis;start_date;end_date;street\n"
      ";10000001;76080814407;Peeters;An;1976-08-08;F;2000;05;11002;2020-02-01;;\n"
      ";10000002;85.03.15-033.62;Janssens;Jan;;M;9000;VRIJ;;2022-05-01;2022-12-31;\n"
      ";10000003;12345678901;Onbekend;Iemand;;X;3000;01;;2021-01-01;2021-06-30;\n"
      "12A;10000004;;Zonder;Nummer;;F;3500;ANDER;;2021-01-01;;Molenstraat\n";
  auto with_address =
      delivery("d2", {{"rmi_entitlements.csv", rmi}, {"vdab_registrations.csv", vdab}});
  auto r = run(with_address);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->refused()) << r->problems[0].to_string();
  EXPECT_EQ(r->load_id, 2);
  EXPECT_EQ(r->files[0].added, 1);
  EXPECT_EQ(r->files[0].retired, 1);
  EXPECT_EQ(r->files[0].unchanged, 2);
  EXPECT_EQ(r->files[1].added, 1);
  EXPECT_EQ(r->files[1].retired, 1);
  EXPECT_EQ(r->files[1].unchanged, 3);
  {
    Sql sql(db_path_);
    EXPECT_EQ(sql.count("SELECT count(*) FROM rmi_identity WHERE street = 'Kerkstraat' AND "
                        "house_number = '7 bus 3'"),
              1);
    EXPECT_EQ(sql.count("SELECT count(*) FROM vdab_identity WHERE street = 'Molenstraat' AND "
                        "house_number = '12A'"),
              1);
    EXPECT_EQ(sql.count("SELECT count(*) FROM rmi_identity WHERE street = ''"), 3);
    EXPECT_EQ(sql.count("SELECT count(*) FROM pragma_table_info('rmi_entitlement') WHERE name IN "
                        "('street', 'house_number')"),
              0);
    EXPECT_EQ(sql.count("SELECT count(*) FROM pragma_table_info('vdab_registration') WHERE name "
                        "IN ('street', 'house_number')"),
              0);
  }
  auto again = run(with_address);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->nothing_changed());

  // A name left empty: that row is replaced, the others stay.
  std::string no_names = vdab;
  no_names.replace(no_names.find("Onbekend;Iemand"), 15, ";");
  auto third =
      run(delivery("d3", {{"rmi_entitlements.csv", rmi}, {"vdab_registrations.csv", no_names}}));
  ASSERT_TRUE(third) << third.error().message;
  ASSERT_FALSE(third->refused()) << third->problems[0].to_string();
  EXPECT_EQ(third->load_id, 3);
  EXPECT_EQ(third->files[1].added, 1);
  EXPECT_EQ(third->files[1].retired, 1);
  Sql sql(db_path_);
  EXPECT_EQ(sql.count("SELECT count(*) FROM vdab_identity WHERE last_name = '' AND first_name = "
                      "'' AND insz = '12345678901'"),
            1);
}

// Collects what `read_facts` passes on.
}  // namespace
}  // namespace lap::it
