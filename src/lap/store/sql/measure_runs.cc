// SqlStore: measurement runs, their figures, and the audit log.
#include <array>

#include <fmt/format.h>

#include "lap/store/sql/audit_chain.h"
#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {

Result<int64_t> SqlStore::save_measure_run(const MeasureRun& run,
                                           const std::vector<StoredFigure>& figures,
                                           const RunProtection* protection) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(found, db_.prepare("SELECT 1 FROM data_load WHERE load_id = ?1 AND finished_at IS "
                               "NOT NULL"));
    LAP_TRY(exists, found.bind(1, run.load_id).step());
    if (!exists) {
      return make_error(ErrorCode::kNotFound, fmt::format("there is no load {}", run.load_id));
    }
    LAP_TRY(put_run, db_.prepare("INSERT INTO measure_run (load_id, created_at, first_month, "
                                 "last_month, data_end, settings_json, link_run_id) VALUES (?1, "
                                 "?2, ?3, ?4, ?5, ?6, ?7) RETURNING run_id"));
    put_run.bind(1, run.load_id)
        .bind(2, now_utc())
        .bind(3, run.first_month.to_string())
        .bind(4, run.last_month.to_string())
        .bind(5, run.data_end.to_string())
        .bind(6, run.settings_json)
        .bind(7, run.link_run_id);
    LAP_TRY(run_id, returned_id(put_run));
    static constexpr std::array<std::string_view, 8> kColumns = {
        "run_id", "indicator", "variant", "period", "nis", "numerator", "denominator", "pending"};
    LAP_TRY(put, db_.bulk_insert("measure_figure", kColumns));
    for (const StoredFigure& f : figures) {
      put->int64(run_id);
      put->text(f.indicator);
      put->text(f.variant);
      put->text(f.period);
      put->int64(f.nis);
      put->int64(f.numerator);
      put->int64(f.denominator);
      put->int64(f.pending);
      LAP_TRY_STATUS(put->end_row());
    }
    LAP_TRY_STATUS(put->finish());
    if (protection != nullptr) {
      LAP_TRY(put_protection,
              db_.prepare("INSERT INTO measure_protection (run_id, k, method, insiders, loss_json) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)"));
      LAP_TRY_STATUS(put_protection.bind(1, run_id)
                         .bind(2, int64_t{protection->protection.k()})
                         .bind(3, protection->method)
                         .bind(4, int64_t{protection->insiders ? 1 : 0})
                         .bind(5, protection->loss_json)
                         .run());
      static constexpr std::array<std::string_view, 7> kCells = {
          "run_id", "indicator", "variant", "period", "level", "code", "reason"};
      LAP_TRY(cells, db_.bulk_insert("measure_suppression", kCells));
      for (const publish::SuppressedCell& c : protection->protection.cells()) {
        cells->int64(run_id);
        cells->text(measure::to_id(c.cell.indicator));
        cells->text(c.cell.variant);
        cells->text(c.cell.period.to_string());
        cells->text(publish::to_id(c.cell.level));
        cells->text(c.cell.code);
        cells->text(publish::to_id(c.reason));
        LAP_TRY_STATUS(cells->end_row());
      }
      LAP_TRY_STATUS(cells->finish());
    }
    return run_id;
  });
}

namespace {

constexpr std::string_view kRunColumns =
    "SELECT run_id, load_id, created_at, first_month, last_month, data_end, settings_json, "
    "link_run_id FROM measure_run ";

Result<std::optional<MeasureRun>> read_run(Statement& st) {
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
  if (!st.is_null(7)) r.link_run_id = st.int64(7);
  return std::optional<MeasureRun>(std::move(r));
}

}  // namespace

Result<std::optional<MeasureRun>> SqlStore::latest_measure_run(std::optional<int64_t> load) {
  LAP_TRY(st, db_.prepare(std::string(kRunColumns) +
                          "WHERE CAST(?1 AS BIGINT) IS NULL OR load_id = ?1 ORDER BY load_id "
                          "DESC, run_id DESC LIMIT 1"));
  st.bind(1, load);
  return read_run(st);
}

Result<std::optional<MeasureRun>> SqlStore::measure_run(int64_t run_id) {
  LAP_TRY(st, db_.prepare(std::string(kRunColumns) + "WHERE run_id = ?1"));
  st.bind(1, run_id);
  return read_run(st);
}

Result<std::vector<StoredFigure>> SqlStore::measure_figures(int64_t run_id,
                                                            std::string_view indicator) {
  // Read in the index's order and sorted here: an ORDER BY the index does not
  // cover costs the database a sort of its own, slower than this one.
  LAP_TRY(count, db_.prepare("SELECT count(*) FROM measure_figure WHERE run_id = ?1 AND (?2 = "
                             "'' OR indicator = ?2)"));
  count.bind(1, run_id).bind(2, indicator);
  LAP_TRY(counted, count.step());
  std::vector<StoredFigure> out;
  if (counted) out.reserve(static_cast<size_t>(count.int64(0)));
  LAP_TRY(st, db_.prepare("SELECT indicator, variant, period, nis, numerator, denominator, "
                          "pending FROM measure_figure WHERE run_id = ?1 AND (?2 = '' OR "
                          "indicator = ?2)"));
  st.bind(1, run_id).bind(2, indicator);
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    StoredFigure& f = out.emplace_back();
    f.indicator = st.text_view(0);
    f.variant = st.text_view(1);
    f.period = st.text_view(2);
    f.nis = static_cast<int32_t>(st.int64(3));
    f.numerator = st.int64(4);
    f.denominator = st.int64(5);
    f.pending = st.int64(6);
  }
  sort_figures(out);
  return out;
}

Result<std::optional<RunProtection>> SqlStore::measure_protection(int64_t run_id) {
  LAP_TRY(head, db_.prepare("SELECT k, method, insiders, loss_json FROM measure_protection WHERE "
                            "run_id = ?1"));
  head.bind(1, run_id);
  LAP_TRY(found, head.step());
  if (!found) return std::optional<RunProtection>();
  const int k = static_cast<int>(head.int64(0));
  RunProtection out;
  out.method = head.text(1);
  out.insiders = head.int64(2) != 0;
  out.loss_json = head.text(3);
  LAP_TRY(st, db_.prepare("SELECT indicator, variant, period, level, code, reason FROM "
                          "measure_suppression WHERE run_id = ?1"));
  st.bind(1, run_id);
  std::vector<publish::SuppressedCell> cells;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto indicator = measure::indicator_from_id(st.text_view(0));
    auto period = measure::Period::parse(st.text_view(2));
    auto level = publish::level_from_id(st.text_view(3));
    auto reason = publish::suppression_from_id(st.text_view(5));
    if (!indicator || !period || !level || !reason || *reason == publish::Suppression::kNone) {
      return make_error(
          ErrorCode::kIo,
          fmt::format("database: measure_suppression of run {} holds a malformed row", run_id));
    }
    cells.push_back({{*indicator, st.text(1), *period, *level, st.text(4)}, *reason});
  }
  out.protection = publish::Protection(k, std::move(cells));
  return std::optional<RunProtection>(std::move(out));
}

Status SqlStore::append_audit(const AuditEntry& e) {
  return append_audits({e});
}

Status SqlStore::append_audits(const std::vector<AuditEntry>& entries) {
  return in_transaction([&]() -> Status {
    // One appender at a time, so that the chain does not fork (SQLite: the
    // write transaction already serialises).
    if (db_.is_postgresql()) {
      LAP_TRY_STATUS(db_.exec(fmt::format("SELECT pg_advisory_xact_lock({})", kAuditLock)));
    }
    LAP_TRY(last, db_.prepare("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1"));
    int64_t id = 0;
    std::string previous(kChainStart);
    LAP_TRY(found, last.step());
    if (found) {
      id = last.int64(0);
      if (!last.is_null(1)) previous = last.text(1);
    }
    LAP_TRY(st, db_.prepare("INSERT INTO audit_log (id, at, actor, role, person_ref, action, "
                            "purpose, row_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    const std::string at = now_utc();
    for (const auto& e : entries) {
      ++id;
      previous = audit_row_hash(previous, id, at, e);
      LAP_TRY_STATUS(st.bind(1, id)
                         .bind(2, at)
                         .bind(3, e.actor)
                         .bind(4, e.role)
                         .bind(5, e.person_ref)
                         .bind(6, e.action)
                         .bind(7, e.purpose)
                         .bind(8, previous)
                         .run());
    }
    return {};
  });
}

Result<AuditVerification> SqlStore::verify_audit_log() {
  AuditVerification v;
  LAP_TRY(st, db_.prepare("SELECT id, at, actor, role, person_ref, action, purpose, row_hash "
                          "FROM audit_log ORDER BY id"));
  std::string previous(kChainStart);
  auto broken = [&](int64_t id, std::string problem) {
    if (v.broken_at == 0) {
      v.broken_at = id;
      v.problem = std::move(problem);
    }
  };
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    ++v.rows;
    const int64_t id = st.int64(0);
    if (st.is_null(7)) {
      if (v.chained_rows > 0) broken(id, "a row without a hash after the chain began");
      ++v.legacy_rows;
      continue;
    }
    ++v.chained_rows;
    AuditEntry e{st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)};
    const std::string stored = st.text(7);
    const std::string expected = audit_row_hash(previous, id, st.text(1), e);
    if (stored != expected) {
      broken(id,
             "the row does not match its hash: it was changed, or a row before it was "
             "deleted or inserted");
    }
    previous = stored;
    v.head = stored;
  }
  LAP_TRY(triggers,
          db_.query_int(db_.is_postgresql()
                            ? "SELECT count(*) FROM pg_trigger WHERE tgrelid = "
                              "'audit_log'::regclass AND tgenabled <> 'D' AND tgname IN "
                              "('audit_log_no_change', 'audit_log_no_truncate')"
                            : "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                              "tbl_name = 'audit_log' AND name IN ('audit_log_no_update', "
                              "'audit_log_no_delete')"));
  v.triggers_in_place = triggers.value_or(0) == 2;
  return v;
}

Result<std::vector<AuditEntry>> SqlStore::audit_for(std::string_view person_ref) {
  LAP_TRY(st, db_.prepare("SELECT actor, role, person_ref, action, purpose, at FROM audit_log "
                          "WHERE person_ref = ?1 ORDER BY id"));
  st.bind(1, person_ref);
  std::vector<AuditEntry> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(
        AuditEntry{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
  return out;
}

}  // namespace lap::store::sql
