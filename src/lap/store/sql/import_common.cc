#include "lap/store/sql/import_common.h"

#include <algorithm>

#include <fmt/format.h>

#include "lap/store/sql/internal.h"

namespace lap::store::sql {
namespace {

constexpr std::string_view kKeySetting = "pseudonym_key_fingerprint";

}  // namespace

Result<int64_t> start_load(Database& db, const LoadInfo& info) {
  if (!info.key_fingerprint.empty()) {
    LAP_TRY(get, db.prepare("SELECT value FROM setting WHERE name = ?1"));
    get.bind(1, kKeySetting);
    LAP_TRY(row, get.step());
    if (!row) {
      get.reset();
      LAP_TRY(put, db.prepare("INSERT INTO setting (name, value) VALUES (?1, ?2)"));
      LAP_TRY_STATUS(put.bind(1, kKeySetting).bind(2, info.key_fingerprint).run());
    } else if (get.text_view(0) != info.key_fingerprint) {
      return make_error(ErrorCode::kFailedPrecondition,
                        "this database was built with another pseudonym key (see "
                        "LAP_PSEUDONYM_KEY and the key file of the database)");
    }
  }
  LAP_TRY(max_id, db.query_int("SELECT max(load_id) FROM data_load"));
  const int64_t load_id = max_id.value_or(0) + 1;
  LAP_TRY(insert, db.prepare("INSERT INTO data_load (load_id, started_at, source_dir, files_json) "
                             "VALUES (?1, ?2, ?3, '[]')"));
  LAP_TRY_STATUS(insert.bind(1, load_id).bind(2, now_utc()).bind(3, info.source_dir).run());
  return load_id;
}

Status record_load(Database& db, int64_t load_id, const LoadInfo& info,
                   const std::vector<Source>& done, const std::array<SourceCounts, 6>& per_source) {
  int64_t added = 0;
  int64_t retired = 0;
  for (Source s : done) {
    added += per_source[static_cast<size_t>(s)].added;
    retired += per_source[static_cast<size_t>(s)].retired;
  }
  std::vector<FileInfo> files = info.files;
  for (auto& f : files) {
    if (std::find(done.begin(), done.end(), f.source) == done.end()) continue;
    const SourceCounts& c = per_source[static_cast<size_t>(f.source)];
    f.added = c.added;
    f.retired = c.retired;
    f.unchanged = c.unchanged;
  }
  LAP_TRY(update, db.prepare("UPDATE data_load SET finished_at = ?2, files_json = ?3, "
                             "rows_added = ?4, rows_retired = ?5 WHERE load_id = ?1"));
  return update.bind(1, load_id)
      .bind(2, now_utc())
      .bind(3, files_json(files))
      .bind(4, added)
      .bind(5, retired)
      .run();
}

Status CurrentRows::load(Database& db, Source source) {
  rows_.clear();
  LAP_TRY(scan, db.prepare(fmt::format("SELECT row_hash, id FROM {} WHERE retired_load IS NULL",
                                       fact_table(source))));
  for (;;) {
    LAP_TRY(row, scan.step());
    if (!row) break;
    auto bytes = scan.blob(0);
    if (bytes.size() != sizeof(formats::RowHash)) {
      return make_error(ErrorCode::kIo,
                        fmt::format("database: {}.row_hash is not 16 bytes", fact_table(source)));
    }
    Row r;
    std::copy(bytes.begin(), bytes.end(), r.hash.begin());
    r.id = scan.int64(1);
    rows_.push_back(r);
  }
  std::sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) { return a.hash < b.hash; });
  return {};
}

Result<bool> CurrentRows::mark(Source source, const formats::RowHash& hash) {
  auto it = std::lower_bound(rows_.begin(), rows_.end(), hash,
                             [](const Row& c, const formats::RowHash& h) { return c.hash < h; });
  if (it == rows_.end() || it->hash != hash) return true;
  if (it->seen) return added_twice(source);
  it->seen = true;
  return false;
}

std::vector<int64_t> CurrentRows::unseen() const {
  std::vector<int64_t> out;
  for (const Row& r : rows_) {
    if (!r.seen) out.push_back(r.id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void CurrentRows::clear() {
  rows_.clear();
  rows_.shrink_to_fit();
}

std::unexpected<Error> added_twice(Source source) {
  return make_error(ErrorCode::kInvalidArgument,
                    fmt::format("{}: the same row was added twice", fact_table(source)));
}

ImportBase::~ImportBase() {
  if (open_) (void)db_.exec("ROLLBACK");
  open_flag_ = false;
}

std::unexpected<Error> ImportBase::closed() {
  return make_error(ErrorCode::kInternal, "the import transaction is no longer open");
}

Status ImportBase::start(std::string_view lock_sql) {
  LAP_TRY_STATUS(db_.begin_write());
  open_ = true;
  if (!lock_sql.empty()) LAP_TRY_STATUS(db_.exec(lock_sql));
  LAP_TRY(load_id, start_load(db_, info_));
  load_id_ = load_id;
  LAP_TRY(empty, is_empty("person_identifier"));
  if (empty) {
    LAP_TRY(indexes, drop_indexes("person_identifier"));
    person_indexes_ = std::move(indexes);
  }
  return {};
}

Result<bool> ImportBase::is_empty(std::string_view table) {
  LAP_TRY(any, db_.query_int(
                   fmt::format("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT 1) AS t", table)));
  return any.value_or(0) == 0;
}

Result<std::vector<std::string>> ImportBase::drop_indexes(std::string_view table) {
  std::vector<std::pair<std::string, std::string>> found;
  {
    LAP_TRY(st,
            db_.prepare(
                db_.is_postgresql()
                    ? "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i "
                      "ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid WHERE "
                      "t.relname = ?1 AND t.relnamespace = CAST(current_schema() AS "
                      "regnamespace) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE "
                      "k.conindid = x.indexrelid) ORDER BY i.relname"
                    : "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = "
                      "?1 AND sql IS NOT NULL ORDER BY name"));
    st.bind(1, table);
    for (;;) {
      LAP_TRY(row, st.step());
      if (!row) break;
      found.emplace_back(st.text(0), st.text(1));
    }
  }
  std::vector<std::string> create;
  for (const auto& [name, sql] : found) {
    LAP_TRY_STATUS(db_.exec(fmt::format("DROP INDEX \"{}\"", name)));
    create.push_back(sql);
  }
  return create;
}

Status ImportBase::create_indexes(std::vector<std::string>& statements) {
  for (const auto& sql : statements)
    LAP_TRY_STATUS(db_.exec(sql));
  statements.clear();
  return {};
}

Status ImportBase::begin_source(Source source) {
  if (!open_) return closed();
  if (source_) {
    return make_error(ErrorCode::kInternal, "begin_source: the previous source is not ended");
  }
  if (std::find(done_.begin(), done_.end(), source) != done_.end()) {
    return make_error(ErrorCode::kInternal, "begin_source: a source is replaced once per load");
  }
  LAP_TRY_STATUS(current_.load(db_, source));
  LAP_TRY(empty, is_empty(fact_table(source)));
  if (empty) {
    std::vector<std::string_view> tables = {fact_table(source)};
    if (source == Source::kRmiEntitlements) tables.push_back("rmi_identity");
    if (source == Source::kVdabRegistrations) tables.push_back("vdab_identity");
    for (std::string_view table : tables) {
      LAP_TRY(indexes, drop_indexes(table));
      source_indexes_.insert(source_indexes_.end(), indexes.begin(), indexes.end());
    }
  }
  LAP_TRY_STATUS(source_begun(source));
  source_ = source;
  counts_ = SourceCounts{};
  return {};
}

Result<bool> ImportBase::start_row(Source source, const formats::RowHash& hash) {
  if (!open_) return closed();
  if (source_ != source) {
    return make_error(ErrorCode::kInternal, "add: the row does not belong to the begun source");
  }
  LAP_TRY(fresh, current_.mark(source, hash));
  if (fresh) {
    ++counts_.added;
  } else {
    ++counts_.unchanged;
  }
  return fresh;
}

Result<SourceCounts> ImportBase::end_source() {
  if (!open_) return closed();
  if (!source_) return make_error(ErrorCode::kInternal, "end_source: no source begun");
  const std::vector<int64_t> gone = current_.unseen();
  current_.clear();
  LAP_TRY_STATUS(source_ended(*source_, gone));
  if (auto built = create_indexes(source_indexes_); !built) {
    // A unique index that cannot be built: a new row came twice.
    if (built.error().code == ErrorCode::kFailedPrecondition) return added_twice(*source_);
    return std::unexpected(built.error());
  }
  counts_.retired = static_cast<int64_t>(gone.size());
  done_.push_back(*source_);
  per_source_[static_cast<size_t>(*source_)] = counts_;
  source_.reset();
  return counts_;
}

Result<std::optional<int64_t>> ImportBase::commit() {
  if (!open_) return closed();
  if (source_) return make_error(ErrorCode::kInternal, "commit: a source is not ended");
  int64_t changed = 0;
  for (Source s : done_) {
    changed +=
        per_source_[static_cast<size_t>(s)].added + per_source_[static_cast<size_t>(s)].retired;
  }
  if (changed == 0) {
    LAP_TRY_STATUS(db_.exec("ROLLBACK"));
    open_ = false;
    return std::optional<int64_t>();
  }
  LAP_TRY_STATUS(before_commit());
  LAP_TRY_STATUS(create_indexes(person_indexes_));
  LAP_TRY_STATUS(record_load(db_, load_id_, info_, done_, per_source_));
  LAP_TRY_STATUS(db_.exec("COMMIT"));
  open_ = false;
  after_commit();
  return std::optional<int64_t>(load_id_);
}

}  // namespace lap::store::sql
