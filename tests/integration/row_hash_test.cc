// Stored row hashes cannot be recomputed from a guessed INSZ (issue: they were an
// unkeyed BLAKE2b of text holding the INSZ, and every other input of that text
// is stored beside them), and a database from before is re-keyed once.
#include <array>
#include <set>

#include <fmt/format.h>

#include "delivery_fixture.h"
#include "lap/formats/exchange.h"
#include "lap/geo/registry.h"
#include "lap/store/migrations.h"

namespace lap::it {
namespace {

using formats::Source;

// Every valid INSZ with the birth date of `insz` (both centuries' check
// digits): what an attacker who knows a birth date has to try, ≤ 1,996 numbers.
std::vector<Insz> same_birth_date(const Insz& insz, Date today) {
  const std::string prefix = insz.digits().substr(0, 6);
  std::vector<Insz> out;
  for (int seq = 1; seq <= 998; ++seq) {
    const int64_t base = std::stoll(prefix) * 1000 + seq;
    for (int64_t century : {int64_t{0}, int64_t{2'000'000'000}}) {
      const int64_t check = 97 - ((century + base) % 97);
      auto candidate =
          Insz::parse(fmt::format("{:06}{:03}{:02}", std::stoll(prefix), seq, check), today);
      if (candidate) out.push_back(*candidate);
    }
  }
  return out;
}

// The stored row hashes of `table` as the fixture's Sql prints them (x'..').
std::set<std::string> stored(Sql& sql, const std::string& table) {
  auto rows = sql.texts(fmt::format("SELECT row_hash FROM {}", table));
  return {rows.begin(), rows.end()};
}

constexpr std::array<std::string_view, 8> kHashTables = {
    "rmi_identity", "vdab_identity",      "rmi_entitlement", "vdab_registration",
    "work_span",    "activation_measure", "podmi_count",     "identifier_change"};

// Every (table, id, row_hash) of the database, as text.
std::string all_row_hashes(const fs::path& db) {
  Sql sql(db);
  std::string out;
  for (std::string_view table : kHashTables) {
    for (const auto& row : sql.texts(fmt::format("SELECT id, row_hash FROM {} ORDER BY id", table)))
      out += fmt::format("{}|{}\n", table, row);
  }
  return out;
}

std::string quoted(const formats::RowHash& h) {
  std::string out = "x'";
  for (uint8_t b : h)
    out += fmt::format("{:02x}", b);
  return out + "'";
}

// Tries every INSZ of the row's birth date in the row's canonical text, as
// the unkeyed scheme allowed: returns how many stored hashes were recovered
// without the key and how many with it (the control: the same search finds
// every row when it may use the key).
template <typename Row>
std::pair<int, int> brute_force(const std::vector<Row>& rows, Insz Row::*insz,
                                const std::set<std::string>& hashes,
                                const link::Pseudonymiser& with_key, Date today) {
  int without = 0;
  int with = 0;
  for (const Row& r : rows) {
    for (const Insz& guess : same_birth_date(r.*insz, today)) {
      Row attempt = r;
      attempt.*insz = guess;
      const formats::RowHash content = formats::hash_canonical(formats::canonical_text(attempt));
      without += static_cast<int>(hashes.count(quoted(content)));
      with += static_cast<int>(hashes.count(quoted(with_key.row_hash(content))));
    }
  }
  return {without, with};
}

TEST_F(ImportIntegration, RowHashesCannotBeBruteForcedFromAGuessedInsz) {
  auto dir = delivery("d1");
  auto r = run(dir);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->refused());
  formats::ValidationContext context{&geo::Registry::builtin(), options_.today};
  formats::Problems problems(10);
  Sql sql(db_path_);

  std::vector<formats::WorkSpanRow> work;
  ASSERT_TRUE(formats::read_work_months(
      formats::Input::file((dir / "work_months.csv").string()), context, problems,
      [&](const formats::WorkSpanRow& row, const formats::RowHash&, int64_t) {
        work.push_back(row);
      }));
  auto [work_without, work_with] = brute_force(
      work, &formats::WorkSpanRow::insz, stored(sql, "work_span"), pseudonymiser_, options_.today);
  EXPECT_EQ(work_without, 0);
  EXPECT_EQ(work_with, 3);

  std::vector<formats::ActivationMeasureRow> measures;
  ASSERT_TRUE(formats::read_activation_measures(
      formats::Input::file((dir / "activation_measures.csv").string()), context, problems,
      [&](const formats::ActivationMeasureRow& row, const formats::RowHash&, int64_t) {
        measures.push_back(row);
      }));
  auto [measure_without, measure_with] =
      brute_force(measures, &formats::ActivationMeasureRow::insz, stored(sql, "activation_measure"),
                  pseudonymiser_, options_.today);
  EXPECT_EQ(measure_without, 0);
  EXPECT_EQ(measure_with, 2);

  std::vector<formats::RmiEntitlementRow> entitlements;
  ASSERT_TRUE(formats::read_rmi_entitlements(
      formats::Input::file((dir / "rmi_entitlements.csv").string()), context, problems,
      [&](const formats::RmiEntitlementRow& row, const formats::RowHash&, int64_t) {
        entitlements.push_back(row);
      }));
  auto [ent_without, ent_with] =
      brute_force(entitlements, &formats::RmiEntitlementRow::insz, stored(sql, "rmi_entitlement"),
                  pseudonymiser_, options_.today);
  EXPECT_EQ(ent_without, 0);
  EXPECT_EQ(ent_with, 3);

  std::vector<formats::IdentifierChangeRow> changes;
  ASSERT_TRUE(formats::read_identifier_changes(
      formats::Input::file((dir / "identifier_changes.csv").string()), context, problems,
      [&](const formats::IdentifierChangeRow& row, const formats::RowHash&, int64_t) {
        changes.push_back(row);
      }));
  auto [change_without, change_with] =
      brute_force(changes, &formats::IdentifierChangeRow::old_insz,
                  stored(sql, "identifier_change"), pseudonymiser_, options_.today);
  EXPECT_EQ(change_without, 0);
  EXPECT_EQ(change_with, 1);
  EXPECT_TRUE(problems.empty());
}

TEST_F(ImportIntegration, AnOldDatabaseIsReKeyedOnceAndTheSameDeliveryThenChangesNothing) {
  auto dir = delivery("d1");
  // A database of schema version 6, imported ...
  {
    std::vector<store::Migration> before;
    for (const auto& m : store::builtin_migrations(store::sql::Dialect::kSqlite))
      if (m.version <= 6) before.push_back(m);
    auto old = store::sql::SqlStore::open(db_path_.string(), store::OpenMode::kCreate, before);
    ASSERT_TRUE(old) << old.error().message;
    // Today's import also writes the address of the identity rows (version 12): the columns
    // are there only while it runs, so that the file is what version 6 held.
    auto& db = (*old)->database();
    ASSERT_TRUE((*old)->migrate());
    const std::array<std::string_view, 2> identity_tables = {"rmi_identity", "vdab_identity"};
    for (std::string_view table : identity_tables) {
      ASSERT_TRUE(
          db.exec(fmt::format("ALTER TABLE {0} ADD COLUMN street TEXT NOT NULL DEFAULT "
                              "''; ALTER TABLE {0} ADD COLUMN house_number TEXT NOT NULL "
                              "DEFAULT ''",
                              table)));
    }
    ASSERT_TRUE(run(dir, **old));
    for (std::string_view table : identity_tables) {
      ASSERT_TRUE(db.exec(fmt::format(
          "ALTER TABLE {0} DROP COLUMN street; ALTER TABLE {0} DROP COLUMN house_number", table)));
    }
  }
  const std::string keyed = all_row_hashes(db_path_);
  // ... as it was before version 7: every row_hash the unkeyed content hash.
  {
    std::vector<store::Migration> before;
    for (const auto& m : store::builtin_migrations(store::sql::Dialect::kSqlite))
      if (m.version <= 6) before.push_back(m);
    auto store = std::move(
        *store::sql::SqlStore::open(db_path_.string(), store::OpenMode::kMustExist, before));
    auto& db = dynamic_cast<store::sql::SqlStore&>(*store).database();
    formats::ValidationContext context{&geo::Registry::builtin(), options_.today};
    formats::Problems problems(10);
    for (Source source :
         {Source::kRmiEntitlements, Source::kVdabRegistrations, Source::kWorkMonths,
          Source::kActivationMeasures, Source::kPodmiCounts, Source::kIdentifierChanges}) {
      std::vector<formats::RowHash> hashes;
      auto collect = [&](const auto&, const formats::RowHash& h, int64_t) { hashes.push_back(h); };
      auto input = formats::Input::file((dir / formats::file_name(source)).string());
      switch (source) {
        case Source::kRmiEntitlements:
          (void)formats::read_rmi_entitlements(input, context, problems, collect);
          break;
        case Source::kVdabRegistrations:
          (void)formats::read_vdab_registrations(input, context, problems, collect);
          break;
        case Source::kWorkMonths:
          (void)formats::read_work_months(input, context, problems, collect);
          break;
        case Source::kActivationMeasures:
          (void)formats::read_activation_measures(input, context, problems, collect);
          break;
        case Source::kPodmiCounts:
          (void)formats::read_podmi_counts(input, context, problems, collect);
          break;
        case Source::kIdentifierChanges:
          (void)formats::read_identifier_changes(input, context, problems, collect);
          break;
      }
      for (const auto& h : hashes) {
        const formats::RowHash k = pseudonymiser_.row_hash(h);
        for (std::string_view table : kHashTables) {
          auto st =
              db.prepare(fmt::format("UPDATE {} SET row_hash = ?1 WHERE row_hash = ?2", table));
          ASSERT_TRUE(st);
          ASSERT_TRUE(
              st->bind_blob(1, {h.data(), h.size()}).bind_blob(2, {k.data(), k.size()}).run());
        }
      }
    }
  }
  // The unkeyed hashes are what the brute force of the first test recovers.
  EXPECT_NE(all_row_hashes(db_path_), keyed);
  {
    auto store = open();
    ASSERT_TRUE(store->migrate());  // migration 7 marks it: it holds rows
    EXPECT_EQ(Sql(db_path_).count("SELECT count(*) FROM setting WHERE name = "
                                  "'row_hashes_unkeyed'"),
              1);
    // With another key: refused, nothing rewritten.
    link::Pseudonymiser other(link::PseudonymKey{9, 9, 9});
    auto refused = store->key_row_hashes(
        [&](const formats::RowHash& h) { return other.row_hash(h); }, other.key_fingerprint());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  }
  // The next import re-keys first, then finds every row unchanged.
  auto again = run(dir);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->nothing_changed());
  EXPECT_EQ(all_row_hashes(db_path_), keyed);
  EXPECT_EQ(Sql(db_path_).count("SELECT count(*) FROM setting WHERE name = 'row_hashes_unkeyed'"),
            0);
  EXPECT_EQ(Sql(db_path_).count("SELECT count(*) FROM data_load"), 1);
  // Once re-keyed, there is nothing more to do.
  auto store = open();
  auto none =
      store->key_row_hashes([&](const formats::RowHash& h) { return pseudonymiser_.row_hash(h); },
                            pseudonymiser_.key_fingerprint());
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
}

}  // namespace
}  // namespace lap::it
