#include "lap/store/sql/sql_store.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "lap/store/postgresql/import_transaction.h"
#include "lap/store/sql/internal.h"
#include "lap/store/sqlite/import_transaction.h"

namespace lap::store::sql {

namespace {

// Held (per transaction) by whoever migrates or imports into a PostgreSQL
// database, so two servers never do either at once.
constexpr int64_t kMigrateLock = 0x6c61'7001;  // "lap" 1
constexpr int64_t kImportLock = 0x6c61'7002;

void sort_by_version(std::vector<Migration>& migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

}  // namespace

Result<std::unique_ptr<SqlStore>> SqlStore::open(const std::string& path, OpenMode mode,
                                                 std::vector<Migration> migrations) {
  auto db = Database::open_sqlite(path, mode == OpenMode::kCreate);
  if (!db) return std::unexpected(db.error());
  sort_by_version(migrations);
  return std::unique_ptr<SqlStore>(new SqlStore(std::move(*db), std::move(migrations)));
}

Result<std::unique_ptr<SqlStore>> SqlStore::open_postgresql(const std::string& conninfo,
                                                            OpenMode mode,
                                                            std::vector<Migration> migrations) {
  auto db = Database::open_postgresql(conninfo);
  if (!db) return std::unexpected(db.error());
  sort_by_version(migrations);
  std::unique_ptr<SqlStore> store(new SqlStore(std::move(*db), std::move(migrations)));
  if (mode == OpenMode::kMustExist) {
    LAP_TRY(version, store->schema_version());
    if (version == 0) {
      return make_error(ErrorCode::kNotFound,
                        "the PostgreSQL database holds no lap data yet (no schema)");
    }
  }
  return store;
}

Result<int> SqlStore::schema_version() {
  LAP_TRY(exists, db_.query_int(
                      db_.is_postgresql()
                          ? "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = "
                            "current_schema() AND tablename = 'schema_migrations'"
                          : "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'"));
  if (exists.value_or(0) == 0) return 0;
  LAP_TRY(v, db_.query_int("SELECT max(version) FROM schema_migrations"));
  return static_cast<int>(v.value_or(0));
}

Status SqlStore::ping() {
  LAP_TRY(one, db_.query_int("SELECT 1"));
  if (one != 1) return make_error(ErrorCode::kIo, "database: unexpected answer to a ping");
  return {};
}

Status SqlStore::set_statement_timeout(std::chrono::milliseconds limit) {
  if (!db_.is_postgresql()) return {};
  const auto ms = std::max<int64_t>(0, limit.count());
  return db_.exec(fmt::format(
      "SET statement_timeout = {0}; SET idle_in_transaction_session_timeout = {0}", ms));
}

Status SqlStore::migrate() {
  if (import_open_) return make_error(ErrorCode::kInternal, "migrate during an import");
  const int known = migrations_.empty() ? 0 : migrations_.back().version;
  // Up to date: nothing is written, so a role that may only read can go on.
  if (auto current = schema_version(); current && *current == known && known > 0) return {};
  // One migration per transaction; in PostgreSQL every such transaction
  // first takes the migration lock, so concurrent servers apply each once.
  auto begin = [&]() -> Status {
    LAP_TRY_STATUS(db_.begin_write());
    if (!db_.is_postgresql()) return {};
    auto locked = db_.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrateLock));
    if (!locked) (void)db_.exec("ROLLBACK");
    return locked;
  };
  LAP_TRY_STATUS(begin());
  if (auto made =
          db_.exec(db_.is_postgresql()
                       ? "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint "
                         "PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)"
                       : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                         "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT");
      !made) {
    (void)db_.exec("ROLLBACK");
    return made;
  }
  LAP_TRY_STATUS(db_.exec("COMMIT"));
  for (const Migration& m : migrations_) {
    LAP_TRY_STATUS(begin());
    // Checked inside the transaction: another process may be migrating too.
    auto version = schema_version();
    Status status;
    if (!version) {
      status = std::unexpected(version.error());
    } else if (*version > known) {
      status = make_error(ErrorCode::kFailedPrecondition,
                          fmt::format("the database has schema version {}, newer than this lap "
                                      "knows ({}); use a newer lap",
                                      *version, known));
    } else if (m.version > *version) {
      status = db_.exec(m.sql);
      if (status) {
        auto record = db_.prepare(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
        status = record
                     ? record->bind(1, int64_t{m.version}).bind(2, m.name).bind(3, now_utc()).run()
                     : Status(std::unexpected(record.error()));
      }
      if (!status) {
        status = make_error(status.error().code, fmt::format("migration {:04d}_{}: {}", m.version,
                                                             m.name, status.error().message));
      }
    }
    if (!status) {
      (void)db_.exec("ROLLBACK");
      return status;
    }
    LAP_TRY_STATUS(db_.exec("COMMIT"));
  }
  // With no migration left to apply, a newer database is still refused.
  LAP_TRY(version, schema_version());
  if (version > known) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("the database has schema version {}, newer than this lap "
                                  "knows ({}); use a newer lap",
                                  version, known));
  }
  return {};
}

Result<int64_t> SqlStore::key_row_hashes(const RowHashKeying& keyed,
                                         std::string_view key_fingerprint) {
  constexpr std::string_view kMark = "row_hashes_unkeyed";
  constexpr std::array<std::string_view, 8> kTables = {
      "rmi_identity", "vdab_identity",      "rmi_entitlement", "vdab_registration",
      "work_span",    "activation_measure", "podmi_count",     "identifier_change"};
  return in_transaction([&]() -> Result<int64_t> {
    if (db_.is_postgresql()) {
      LAP_TRY_STATUS(db_.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kImportLock)));
    }
    LAP_TRY(get, db_.prepare("SELECT name, value FROM setting WHERE name IN ("
                             "'row_hashes_unkeyed', 'pseudonym_key_fingerprint')"));
    bool marked = false;
    std::optional<std::string> fingerprint;
    for (;;) {
      LAP_TRY(row, get.step());
      if (!row) break;
      if (get.text_view(0) == kMark) {
        marked = true;
      } else {
        fingerprint = get.text(1);
      }
    }
    if (!marked) return int64_t{0};
    if (fingerprint && *fingerprint != key_fingerprint) {
      return make_error(ErrorCode::kFailedPrecondition,
                        "this database was built with another pseudonym key (see "
                        "LAP_PSEUDONYM_KEY and the key file of the database)");
    }
    int64_t rewritten = 0;
    for (std::string_view table : kTables) {
      std::vector<std::pair<int64_t, formats::RowHash>> rows;
      LAP_TRY(scan, db_.prepare(fmt::format("SELECT id, row_hash FROM {}", table)));
      for (;;) {
        LAP_TRY(row, scan.step());
        if (!row) break;
        auto bytes = scan.blob(1);
        if (bytes.size() != sizeof(formats::RowHash)) {
          return make_error(ErrorCode::kIo,
                            fmt::format("database: {}.row_hash is not 16 bytes", table));
        }
        formats::RowHash h{};
        std::copy(bytes.begin(), bytes.end(), h.begin());
        rows.emplace_back(scan.int64(0), h);
      }
      LAP_TRY(update, db_.prepare(fmt::format("UPDATE {} SET row_hash = ?2 WHERE id = ?1", table)));
      for (const auto& [id, hash] : rows) {
        const formats::RowHash key = keyed(hash);
        LAP_TRY_STATUS(update.bind(1, id).bind_blob(2, blob(key)).run());
      }
      rewritten += static_cast<int64_t>(rows.size());
    }
    LAP_TRY(drop, db_.prepare("DELETE FROM setting WHERE name = ?1"));
    LAP_TRY_STATUS(drop.bind(1, kMark).run());
    return rewritten;
  });
}

Result<std::unique_ptr<ImportTransaction>> SqlStore::begin_import(const LoadInfo& info) {
  if (import_open_) {
    return make_error(ErrorCode::kFailedPrecondition, "another import is open on this store");
  }
  import_open_ = true;
  if (db_.is_postgresql()) return begin_postgresql_import(db_, import_open_, info, kImportLock);
  return begin_sqlite_import(db_, import_open_, info);
}

Result<std::vector<DataLoad>> SqlStore::loads() {
  LAP_TRY(st, db_.prepare("SELECT load_id, started_at, finished_at, source_dir, files_json, "
                          "rows_added, rows_retired FROM data_load WHERE finished_at IS NOT NULL "
                          "ORDER BY load_id"));
  std::vector<DataLoad> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    DataLoad l;
    l.load_id = st.int64(0);
    l.started_at = st.text(1);
    l.finished_at = st.text(2);
    l.source_dir = st.text(3);
    LAP_TRY(files, parse_files_json(st.text(4)));
    l.files = std::move(files);
    l.rows_added = st.int64(5);
    l.rows_retired = st.int64(6);
    out.push_back(std::move(l));
  }
  return out;
}

Result<int64_t> SqlStore::current_load() {
  LAP_TRY(v, db_.query_int("SELECT max(load_id) FROM data_load WHERE finished_at IS NOT NULL"));
  return v.value_or(0);
}

Result<Summary> SqlStore::summary(std::optional<int64_t> load, const SummaryOptions& options) {
  Summary s;
  s.leefloner_date = options.leefloner_date;
  LAP_TRY(current, current_load());
  if (load) {
    LAP_TRY(found, db_.prepare("SELECT 1 FROM data_load WHERE load_id = ?1 AND finished_at IS "
                               "NOT NULL"));
    LAP_TRY(row, found.bind(1, *load).step());
    if (!row) return make_error(ErrorCode::kNotFound, fmt::format("there is no load {}", *load));
  }
  s.load_id = load.value_or(current);
  const std::string snapshot = "first_load <= ?1 AND (retired_load IS NULL OR retired_load > ?1)";

  auto count = [&](const std::string& sql) -> Result<int64_t> {
    LAP_TRY(st, db_.prepare(sql));
    st.bind(1, s.load_id);
    LAP_TRY(row, st.step());
    return row ? st.int64(0) : 0;
  };
  for (Source source : formats::kAllSources) {
    LAP_TRY(n,
            count(fmt::format("SELECT count(*) FROM {} WHERE {}", fact_table(source), snapshot)));
    s.sources.emplace_back(source, n);
  }
  for (std::string_view table : kAllTables) {
    LAP_TRY(n, count(fmt::format("SELECT count(*) FROM {}", table)));
    s.tables.emplace_back(std::string(table), n);
  }
  LAP_TRY(persons, count(fmt::format(
                       "SELECT count(*) FROM (SELECT person_ref FROM rmi_entitlement WHERE {0} "
                       "UNION SELECT person_ref FROM vdab_registration WHERE {0} AND "
                       "person_ref IS NOT NULL UNION SELECT person_ref FROM work_span WHERE "
                       "{0} UNION SELECT person_ref FROM activation_measure WHERE {0}) AS persons",
                       snapshot)));
  s.persons = persons;

  // The period covered: earliest and latest date of any fact.
  const std::string range_sql = fmt::format(
      "SELECT min(d), max(d) FROM ("
      " SELECT start_date AS d FROM rmi_entitlement WHERE {0}"
      " UNION ALL SELECT end_date FROM rmi_entitlement WHERE {0}"
      " UNION ALL SELECT start_date FROM vdab_registration WHERE {0}"
      " UNION ALL SELECT end_date FROM vdab_registration WHERE {0}"
      " UNION ALL SELECT first_month || '-01' FROM work_span WHERE {0}"
      " UNION ALL SELECT {1} FROM work_span WHERE {0}"
      " UNION ALL SELECT start_date FROM activation_measure WHERE {0}"
      " UNION ALL SELECT end_date FROM activation_measure WHERE {0}"
      " UNION ALL SELECT reference_date FROM podmi_count WHERE {0}) AS dates",
      snapshot,
      // The last day of last_month.
      db_.is_postgresql() ? "to_char(to_date(last_month, 'YYYY-MM') + interval '1 month' - "
                            "interval '1 day', 'YYYY-MM-DD')"
                          : "date(last_month || '-01', '+1 month', '-1 day')");
  LAP_TRY(range, db_.prepare(range_sql));
  range.bind(1, s.load_id);
  LAP_TRY(range_row, range.step());
  if (range_row && !range.is_null(0)) {
    auto first = Date::parse(range.text(0));
    auto last = Date::parse(range.text(1));
    if (first) s.first_date = *first;
    if (last) s.last_date = *last;
  }

  LAP_TRY(ll, db_.prepare(fmt::format(
                  "SELECT count(DISTINCT person_ref), count(DISTINCT ocmw_nis) FROM "
                  "rmi_entitlement WHERE {} AND kind IN ('LL', 'ELL') AND start_date <= ?2 AND "
                  "(end_date IS NULL OR end_date >= ?2)",
                  snapshot)));
  ll.bind(1, s.load_id).bind(2, options.leefloner_date.to_string());
  LAP_TRY(ll_row, ll.step());
  if (ll_row) {
    s.leefloners = ll.int64(0);
    s.leefloner_ocmws = ll.int64(1);
  }
  return s;
}

}  // namespace lap::store::sql
