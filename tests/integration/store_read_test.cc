// Reading a database back for the measurement engine: snapshots as facts,
// facts straight from the files, measurement runs and the audit log.
#include <sqlite3.h>

#include <set>

#include "delivery_fixture.h"
#include "lap/core/pseudonym.h"
#include "lap/ingest/delivery_facts.h"

namespace lap::it {
namespace {

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
  return pseudonym_hex(key);
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
  ASSERT_TRUE(store->read_facts(1, store::FactFilter{*linked, std::nullopt}, olena));
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
  auto id = store->save_measure_run(run, figures, nullptr);
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
  EXPECT_EQ(store->save_measure_run(run, figures, nullptr).error().code, ErrorCode::kNotFound);

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
}  // namespace lap::it
