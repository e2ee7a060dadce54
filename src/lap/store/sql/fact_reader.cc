// SqlStore::read_facts and linked_persons: the snapshot of a load as
// measurement facts.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "lap/core/hex.h"
#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

Error corrupt(std::string_view table, std::string_view column) {
  return Error{ErrorCode::kIo,
               fmt::format("database: {}.{} holds a value this lap cannot read", table, column)};
}

// Reads the columns of one row of a fact table into a fact; false when a
// value is malformed.
class RowReader {
 public:
  explicit RowReader(const Statement& st) : st_(st) {}

  bool person(int column, measure::PersonKey& key) const {
    return hex::decode(st_.text_view(column), key);
  }
  bool date(int column, Date& d) const {
    auto parsed = Date::parse(st_.text_view(column));
    if (!parsed) return false;
    d = *parsed;
    return true;
  }
  bool optional_date(int column, std::optional<Date>& d) const {
    if (st_.is_null(column)) {
      d.reset();
      return true;
    }
    Date v;
    if (!date(column, v)) return false;
    d = v;
    return true;
  }
  bool month(int column, Month& m) const {
    auto parsed = Month::parse(st_.text_view(column));
    if (!parsed) return false;
    m = *parsed;
    return true;
  }
  bool nis(int column, Nis& n) const {
    auto parsed = Nis::from_int(static_cast<int>(st_.int64(column)));
    if (!parsed) return false;
    n = *parsed;
    return true;
  }
  template <typename T, typename F>
  bool code(int column, T& out, F from) const {
    auto parsed = from(st_.text_view(column));
    if (!parsed) return false;
    out = *parsed;
    return true;
  }

 private:
  const Statement& st_;
};

}  // namespace

Status SqlStore::read_facts(int64_t load, const FactFilter& filter, FactSink& sink) {
  LAP_TRY(found, db_.prepare("SELECT 1 FROM data_load WHERE load_id = ?1 AND finished_at IS "
                             "NOT NULL"));
  LAP_TRY(exists, found.bind(1, load).step());
  if (!exists) return make_error(ErrorCode::kNotFound, fmt::format("there is no load {}", load));

  // A person filter goes through a temporary table so every query can join it.
  std::string person_join;
  if (filter.persons) {
    LAP_TRY_STATUS(
        db_.exec(db_.is_postgresql()
                     ? "CREATE TEMP TABLE IF NOT EXISTS fact_filter (person_ref text PRIMARY "
                       "KEY); DELETE FROM fact_filter;"
                     : "CREATE TEMP TABLE IF NOT EXISTS fact_filter (person_ref TEXT PRIMARY "
                       "KEY) WITHOUT ROWID; DELETE FROM temp.fact_filter;"));
    // Unqualified, the name finds the temporary table first in both databases.
    LAP_TRY(put, db_.prepare("INSERT INTO fact_filter VALUES (?1) ON CONFLICT DO NOTHING"));
    for (const std::string& ref : *filter.persons) {
      LAP_TRY_STATUS(put.bind(1, ref).run());
    }
    person_join = " AND person_ref IN (SELECT person_ref FROM fact_filter)";
  }

  // Registrations with the persons of the chosen link run (default: the load's latest), if any.
  LAP_TRY(registrations, registrations_with_links(load, filter.link_run));
  auto scan = [&](std::string_view table, std::string_view columns, std::string_view extra,
                  auto&& on_row) -> Status {
    std::string_view from = table == "vdab_registration" ? std::string_view(registrations) : table;
    LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM {} WHERE {}{}{}", columns, from, kSnapshot,
                                        extra, person_join)));
    st.bind(1, load);
    RowReader r(st);
    for (;;) {
      LAP_TRY(row, st.step());
      if (!row) return {};
      if (auto bad = on_row(r, st); !bad.empty()) return std::unexpected(corrupt(table, bad));
    }
  };

  LAP_TRY_STATUS(scan("rmi_entitlement",
                      "person_ref, ocmw_nis, kind, ukrainian, start_date, "
                      "end_date",
                      "", [&](const RowReader& r, const Statement& st) -> std::string_view {
                        measure::EntitlementFact f;
                        if (!r.person(0, f.person)) return "person_ref";
                        if (!r.nis(1, f.ocmw)) return "ocmw_nis";
                        if (!r.code(2, f.kind, formats::entitlement_kind_from)) return "kind";
                        f.ukrainian = st.int64(3) != 0;
                        if (!r.date(4, f.start)) return "start_date";
                        if (!r.optional_date(5, f.end)) return "end_date";
                        sink.add(f);
                        return {};
                      }));
  LAP_TRY_STATUS(scan("vdab_registration", "person_ref, category, ocmw_nis, start_date, end_date",
                      " AND person_ref IS NOT NULL",
                      [&](const RowReader& r, const Statement& st) -> std::string_view {
                        measure::RegistrationFact f;
                        if (!r.person(0, f.person)) return "person_ref";
                        if (!r.code(1, f.category, formats::vdab_category_from)) return "category";
                        if (!st.is_null(2)) {
                          Nis n;
                          if (!r.nis(2, n)) return "ocmw_nis";
                          f.ocmw = n;
                        }
                        if (!r.date(3, f.start)) return "start_date";
                        if (!r.optional_date(4, f.end)) return "end_date";
                        sink.add(f);
                        return {};
                      }));
  LAP_TRY_STATUS(scan("work_span", "person_ref, first_month, last_month, work_type, employer_kind",
                      "", [&](const RowReader& r, const Statement& st) -> std::string_view {
                        measure::WorkFact f;
                        if (!r.person(0, f.person)) return "person_ref";
                        if (!r.month(1, f.first)) return "first_month";
                        if (!r.month(2, f.last)) return "last_month";
                        if (!r.code(3, f.type, formats::work_type_from)) return "work_type";
                        if (!st.is_null(4) && !r.code(4, f.employer, formats::employer_kind_from)) {
                          return "employer_kind";
                        }
                        sink.add(f);
                        return {};
                      }));
  LAP_TRY_STATUS(scan("activation_measure",
                      "person_ref, measure, organiser_nis, start_date, end_date, new_inflow", "",
                      [&](const RowReader& r, const Statement& st) -> std::string_view {
                        measure::MeasureFact f;
                        if (!r.person(0, f.person)) return "person_ref";
                        if (!r.code(1, f.measure, formats::measure_from)) return "measure";
                        if (!r.nis(2, f.organiser)) return "organiser_nis";
                        if (!r.date(3, f.start)) return "start_date";
                        if (!r.optional_date(4, f.end)) return "end_date";
                        if (!st.is_null(5)) f.new_inflow = st.int64(5) != 0;
                        sink.add(f);
                        return {};
                      }));

  // Identifier changes: both sides, so a filtered read keeps the link.
  std::string change_filter;
  if (filter.persons) {
    change_filter =
        " AND (old_person_ref IN (SELECT person_ref FROM fact_filter) OR new_person_ref IN "
        "(SELECT person_ref FROM fact_filter))";
  }
  person_join.clear();
  LAP_TRY_STATUS(scan("identifier_change", "old_person_ref, new_person_ref, change_date",
                      change_filter, [&](const RowReader& r, const Statement&) -> std::string_view {
                        measure::IdentifierChangeFact f;
                        if (!r.person(0, f.old_person)) return "old_person_ref";
                        if (!r.person(1, f.new_person)) return "new_person_ref";
                        if (!r.date(2, f.change_date)) return "change_date";
                        sink.add(f);
                        return {};
                      }));
  return {};
}

Result<std::vector<measure::EntitlementTraits>> SqlStore::read_entitlement_traits(int64_t load) {
  LAP_TRY(found, db_.prepare("SELECT 1 FROM data_load WHERE load_id = ?1 AND finished_at IS "
                             "NOT NULL"));
  LAP_TRY(exists, found.bind(1, load).step());
  if (!exists) return make_error(ErrorCode::kNotFound, fmt::format("there is no load {}", load));
  // The snapshot's rows (kSnapshot, qualified); the identity row of an
  // entitlement row has the same row hash, and only its birth date (kept to the
  // month) and sex are read.
  LAP_TRY(st, db_.prepare(fmt::format(
                  "SELECT e.person_ref, e.start_date, e.gpmi, e.exemption, e.ukrainian, "
                  "i.birth_date, i.sex FROM rmi_entitlement e LEFT JOIN rmi_identity i ON "
                  "i.row_hash = e.row_hash WHERE e.first_load <= ?1 AND (e.retired_load IS NULL "
                  "OR e.retired_load > ?1)")));
  st.bind(1, load);
  RowReader r(st);
  std::vector<measure::EntitlementTraits> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    measure::EntitlementTraits t;
    if (!r.person(0, t.person)) return std::unexpected(corrupt("rmi_entitlement", "person_ref"));
    if (!r.date(1, t.start)) return std::unexpected(corrupt("rmi_entitlement", "start_date"));
    t.gpmi = st.int64(2) != 0;
    if (!r.code(3, t.exemption, formats::exemption_from))
      return std::unexpected(corrupt("rmi_entitlement", "exemption"));
    t.ukrainian = st.int64(4) != 0;
    std::optional<Date> born;
    if (!r.optional_date(5, born)) return std::unexpected(corrupt("rmi_identity", "birth_date"));
    if (born) t.birth = Month::of(*born);
    if (!st.is_null(6)) {
      const std::string_view sex = st.text_view(6);
      t.sex = sex == "M" ? Sex::kMale : sex == "F" ? Sex::kFemale : Sex::kUnknown;
    }
    out.push_back(t);
  }
  return out;
}

Result<std::optional<MonthRange>> SqlStore::work_month_range(int64_t load) {
  LAP_TRY(st, db_.prepare(fmt::format(
                  "SELECT min(first_month), max(last_month) FROM work_span WHERE {}", kSnapshot)));
  st.bind(1, load);
  LAP_TRY(row, st.step());
  if (!row || st.is_null(0)) return std::optional<MonthRange>();
  auto first = Month::parse(st.text_view(0));
  auto last = Month::parse(st.text_view(1));
  if (!first || !last) return std::unexpected(corrupt("work_span", "first_month"));
  return std::optional<MonthRange>(MonthRange(*first, *last));
}

Result<std::vector<std::string>> SqlStore::linked_persons(int64_t load,
                                                          std::string_view person_ref) {
  LAP_TRY(st, db_.prepare(fmt::format(
                  "WITH RECURSIVE linked(ref) AS (SELECT ?2 UNION SELECT CASE WHEN "
                  "c.old_person_ref = linked.ref THEN c.new_person_ref ELSE c.old_person_ref END "
                  "FROM identifier_change c JOIN linked ON linked.ref IN (c.old_person_ref, "
                  "c.new_person_ref) WHERE {}) SELECT ref FROM linked ORDER BY ref",
                  kSnapshot)));
  st.bind(1, load).bind(2, person_ref);
  std::vector<std::string> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(st.text(0));
  }
  return out;
}

}  // namespace lap::store::sql
