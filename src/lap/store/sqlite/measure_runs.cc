// SqliteStore: measurement runs, their figures, and the audit log.
#include <fmt/format.h>

#include "lap/store/sqlite/internal.h"
#include "lap/store/sqlite/sqlite_store.h"

namespace lap::store::sqlite {

Result<int64_t> SqliteStore::save_measure_run(const MeasureRun& run,
                                              const std::vector<StoredFigure>& figures) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(found, db_.prepare("SELECT 1 FROM data_load WHERE load_id = ?1 AND finished_at IS "
                               "NOT NULL"));
    LAP_TRY(exists, found.bind(1, run.load_id).step());
    if (!exists) {
      return make_error(ErrorCode::kNotFound, fmt::format("there is no load {}", run.load_id));
    }
    LAP_TRY(put_run, db_.prepare("INSERT INTO measure_run (load_id, created_at, first_month, "
                                 "last_month, data_end, settings_json) VALUES (?1, ?2, ?3, ?4, "
                                 "?5, ?6)"));
    LAP_TRY_STATUS(put_run.bind(1, run.load_id)
                       .bind(2, now_utc())
                       .bind(3, run.first_month.to_string())
                       .bind(4, run.last_month.to_string())
                       .bind(5, run.data_end.to_string())
                       .bind(6, run.settings_json)
                       .run());
    const int64_t run_id = db_.last_insert_rowid();
    LAP_TRY(put, db_.prepare("INSERT INTO measure_figure (run_id, indicator, variant, period, "
                             "nis, numerator, denominator, pending) VALUES (?1, ?2, ?3, ?4, ?5, "
                             "?6, ?7, ?8)"));
    for (const StoredFigure& f : figures) {
      LAP_TRY_STATUS(put.bind(1, run_id)
                         .bind(2, f.indicator)
                         .bind(3, f.variant)
                         .bind(4, f.period)
                         .bind(5, int64_t{f.nis})
                         .bind(6, f.numerator)
                         .bind(7, f.denominator)
                         .bind(8, f.pending)
                         .run());
    }
    return run_id;
  });
}

Result<std::optional<MeasureRun>> SqliteStore::latest_measure_run(std::optional<int64_t> load) {
  LAP_TRY(st, db_.prepare("SELECT run_id, load_id, created_at, first_month, last_month, data_end, "
                          "settings_json FROM measure_run WHERE ?1 IS NULL OR load_id = ?1 ORDER "
                          "BY load_id DESC, run_id DESC LIMIT 1"));
  st.bind(1, load);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<MeasureRun>();
  MeasureRun r;
  r.run_id = st.int64(0);
  r.load_id = st.int64(1);
  r.created_at = st.text(2);
  auto first = Month::parse(st.text_view(3));
  auto last = Month::parse(st.text_view(4));
  auto end = Month::parse(st.text_view(5));
  if (!first || !last || !end) {
    return make_error(ErrorCode::kIo, "database: measure_run holds a malformed month");
  }
  r.first_month = *first;
  r.last_month = *last;
  r.data_end = *end;
  r.settings_json = st.text(6);
  return std::optional<MeasureRun>(std::move(r));
}

Result<std::vector<StoredFigure>> SqliteStore::measure_figures(int64_t run_id,
                                                               std::string_view indicator) {
  LAP_TRY(st, db_.prepare("SELECT indicator, variant, period, nis, numerator, denominator, "
                          "pending FROM measure_figure WHERE run_id = ?1 AND (?2 = '' OR "
                          "indicator = ?2) ORDER BY rowid"));
  st.bind(1, run_id).bind(2, indicator);
  std::vector<StoredFigure> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    StoredFigure f;
    f.indicator = st.text(0);
    f.variant = st.text(1);
    f.period = st.text(2);
    f.nis = static_cast<int32_t>(st.int64(3));
    f.numerator = st.int64(4);
    f.denominator = st.int64(5);
    f.pending = st.int64(6);
    out.push_back(std::move(f));
  }
  return out;
}

Status SqliteStore::append_audit(const AuditEntry& e) {
  LAP_TRY(st, db_.prepare("INSERT INTO audit_log (at, actor, role, person_ref, action, purpose) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  return st.bind(1, now_utc())
      .bind(2, e.actor)
      .bind(3, e.role)
      .bind(4, e.person_ref)
      .bind(5, e.action)
      .bind(6, e.purpose)
      .run();
}

Status SqliteStore::append_audits(const std::vector<AuditEntry>& entries) {
  return in_transaction([&]() -> Status {
    LAP_TRY(st, db_.prepare("INSERT INTO audit_log (at, actor, role, person_ref, action, purpose) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    const std::string at = now_utc();
    for (const auto& e : entries) {
      LAP_TRY_STATUS(st.bind(1, at)
                         .bind(2, e.actor)
                         .bind(3, e.role)
                         .bind(4, e.person_ref)
                         .bind(5, e.action)
                         .bind(6, e.purpose)
                         .run());
    }
    return {};
  });
}

Result<std::vector<AuditEntry>> SqliteStore::audit_for(std::string_view person_ref) {
  LAP_TRY(st, db_.prepare("SELECT actor, role, person_ref, action, purpose FROM audit_log WHERE "
                          "person_ref = ?1 ORDER BY id"));
  st.bind(1, person_ref);
  std::vector<AuditEntry> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(AuditEntry{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)});
  }
  return out;
}

}  // namespace lap::store::sqlite
