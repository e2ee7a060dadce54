// SqlStore, context figures (context_store.h, migration 0017_context_figures.sql): an import
// replaces the rows of each (figure, period) it holds, in one transaction with its
// context_import and admin_event rows; an import that changes nothing writes nothing.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

using formats::ContextFigureRow;

constexpr int kFlandersCode = 2000;

// (figure, period, nis) as stored.
using Key = std::tuple<std::string, std::string, int64_t>;

Key key_of(const ContextFigureRow& r) {
  return {std::string(formats::to_code(r.figure)), r.period.to_string(),
          r.nis ? r.nis->code() : kFlandersCode};
}

Result<ContextFigureRow> read_row(const Statement& st) {
  ContextFigureRow r;
  auto figure = formats::context_figure_from(st.text(0));
  auto period = formats::ContextPeriod::parse(st.text(1));
  if (!figure || !period)
    return make_error(ErrorCode::kIo, "database: context_figure has an unknown figure or period");
  r.figure = *figure;
  r.period = *period;
  if (st.int64(2) != kFlandersCode) {
    auto nis = Nis::from_int(static_cast<int>(st.int64(2)));
    if (!nis) return make_error(ErrorCode::kIo, "database: context_figure has an invalid NIS code");
    r.nis = *nis;
  }
  r.value = st.int64(3);
  if (!st.is_null(4)) r.denominator = st.int64(4);
  r.source = st.text(5);
  return r;
}

constexpr std::string_view kColumns = "figure, period, nis, value, denominator, source";

}  // namespace

Result<ContextImportResult> SqlStore::import_context_figures(
    const ContextImport& info, std::span<const ContextFigureRow> rows) {
  return in_transaction([&]() -> Result<ContextImportResult> {
    std::map<Key, const ContextFigureRow*> incoming;
    std::set<std::pair<std::string, std::string>> sets;
    for (const ContextFigureRow& r : rows) {
      Key k = key_of(r);
      sets.emplace(std::get<0>(k), std::get<1>(k));
      incoming.emplace(std::move(k), &r);
    }
    // The stored rows of those (figure, period) sets that the file removes or changes.
    std::vector<Key> removed;
    std::set<Key> same;
    LAP_TRY(current,
            db_.prepare(fmt::format(
                "SELECT {} FROM context_figure WHERE figure = ?1 AND period = ?2", kColumns)));
    for (const auto& [figure, period] : sets) {
      current.reset();
      current.bind(1, figure).bind(2, period);
      while (true) {
        LAP_TRY(row, current.step());
        if (!row) break;
        LAP_TRY(stored, read_row(current));
        Key k = key_of(stored);
        auto it = incoming.find(k);
        if (it == incoming.end()) {
          removed.push_back(std::move(k));
        } else if (*it->second == stored) {
          same.insert(std::move(k));
        }
      }
    }
    ContextImportResult out;
    out.rows = static_cast<int64_t>(rows.size());
    out.changed = static_cast<int64_t>(removed.size() + incoming.size() - same.size());
    if (out.changed == 0) return out;

    LAP_TRY(put_import, db_.prepare("INSERT INTO context_import (file, sha256, rows, changed, "
                                    "imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                    "RETURNING import_id"));
    put_import.bind(1, info.file)
        .bind(2, info.sha256)
        .bind(3, out.rows)
        .bind(4, out.changed)
        .bind(5, now_utc())
        .bind(6, info.actor);
    LAP_TRY(import_id, returned_id(put_import));
    LAP_TRY(drop, db_.prepare(
                      "DELETE FROM context_figure WHERE figure = ?1 AND period = ?2 AND nis = ?3"));
    auto drop_key = [&](const Key& k) -> Status {
      drop.reset();
      return drop.bind(1, std::get<0>(k)).bind(2, std::get<1>(k)).bind(3, std::get<2>(k)).run();
    };
    for (const Key& k : removed)
      LAP_TRY_STATUS(drop_key(k));
    LAP_TRY(put,
            db_.prepare(fmt::format(
                "INSERT INTO context_figure ({}, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                kColumns)));
    for (const auto& [k, r] : incoming) {
      if (same.contains(k)) continue;
      LAP_TRY_STATUS(drop_key(k));
      put.reset();
      LAP_TRY_STATUS(put.bind(1, std::get<0>(k))
                         .bind(2, std::get<1>(k))
                         .bind(3, std::get<2>(k))
                         .bind(4, r->value)
                         .bind(5, r->denominator)
                         .bind(6, r->source)
                         .bind(7, import_id)
                         .run());
    }
    const nlohmann::json detail = {
        {"sha256", info.sha256}, {"rows", out.rows}, {"changed", out.changed}};
    LAP_TRY_STATUS(admin_event(info.actor, "context_imported", info.file, detail.dump()));
    return out;
  });
}

Result<std::vector<ContextFigureRow>> SqlStore::context_figures() {
  std::vector<ContextFigureRow> out;
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM context_figure ORDER BY figure, period, nis",
                                      kColumns)));
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    LAP_TRY(r, read_row(st));
    out.push_back(std::move(r));
  }
  // In the figures' own order (the report's), not their codes' alphabetical one.
  std::stable_sort(
      out.begin(), out.end(),
      [](const ContextFigureRow& a, const ContextFigureRow& b) { return a.figure < b.figure; });
  return out;
}

}  // namespace lap::store::sql
