// SqlStore, identity data (identity_store.h): the identity rows of an OCMW's
// entitlements and of VDAB's registrations, found through the fact rows'
// hashes, and the name search over them.
#include <fmt/format.h>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

// The identity columns, then the start date and the source's own columns.
constexpr std::string_view kIdentityRowColumns =
    "i.insz, i.last_name, i.first_name, i.birth_date, i.sex, i.postcode, i.street, "
    "i.house_number";

// Reads kIdentityRowColumns from column 0 on, then start_date (8), person_ref
// (9), ocmw_nis or client (10).
Result<IdentityRecord> read_identity(const Statement& st, std::string_view source) {
  IdentityRecord r;
  r.source = std::string(source);
  if (!st.is_null(0)) r.insz = st.text(0);
  r.last_name = st.text(1);
  r.first_name = st.text(2);
  if (!st.is_null(3)) {
    LAP_TRY(born, date_column(st, 3, "identity.birth_date"));
    r.birth_date = born;
  }
  r.sex = st.text(4);
  r.postcode = static_cast<int>(st.int64(5));
  r.street = st.text(6);
  r.house_number = st.text(7);
  LAP_TRY(start, date_column(st, 8, "start_date"));
  r.start_date = start;
  r.person_ref = st.text(9);
  if (source == kSideOcmw) {
    r.ocmw_nis = static_cast<int>(st.int64(10));
  } else {
    r.vdab_client = st.int64(10);
  }
  return r;
}

Result<std::vector<IdentityRecord>> read_all(Statement& st, std::string_view source) {
  std::vector<IdentityRecord> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    LAP_TRY(r, read_identity(st, source));
    out.push_back(std::move(r));
  }
  return out;
}

// `text` as a LIKE prefix pattern, lower case (ASCII), with its wildcards escaped.
std::string prefix_pattern(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out += '%';
  return out;
}

// The VDAB registrations with the person the link run gave them (0: none).
std::string registrations(int64_t run) {
  if (run == 0) return "vdab_registration v";
  return fmt::format(
      "vdab_registration v LEFT JOIN record_link k ON k.run_id = {} AND k.registration_id = v.id",
      run);
}
std::string_view registration_person(int64_t run) {
  return run == 0 ? "v.person_ref" : "COALESCE(k.resolved_ref, v.person_ref)";
}

}  // namespace

Result<std::vector<IdentityRecord>> SqlStore::ocmw_identities(
    int64_t load, std::span<const std::string> person_refs, int ocmw_nis) {
  if (person_refs.empty()) return std::vector<IdentityRecord>{};
  std::string in;
  for (std::size_t i = 0; i < person_refs.size(); ++i)
    in += fmt::format("{}?{}", i ? ", " : "", i + 3);
  LAP_TRY(st, db_.prepare(fmt::format(
                  "SELECT {}, e.start_date, e.person_ref, e.ocmw_nis FROM rmi_entitlement e "
                  "JOIN rmi_identity i ON i.row_hash = e.row_hash WHERE e.{} AND "
                  "e.ocmw_nis = ?2 AND e.person_ref IN ({}) ORDER BY e.start_date DESC, e.id",
                  kIdentityRowColumns, kSnapshot, in)));
  st.bind(1, load).bind(2, int64_t{ocmw_nis});
  for (std::size_t i = 0; i < person_refs.size(); ++i)
    st.bind(static_cast<int>(i) + 3, person_refs[i]);
  return read_all(st, kSideOcmw);
}

Result<std::vector<IdentityRecord>> SqlStore::vdab_identities(int64_t load,
                                                              std::optional<int64_t> link_run,
                                                              std::string_view person_ref) {
  const int64_t run = link_run.value_or(0);
  // The registrations that carry the pseudonym, and with a run those it
  // resolved to the person (record_link holds the registrations whose person
  // differs from the imported one).
  const std::string sql =
      run == 0 ? fmt::format(
                     "SELECT {}, v.start_date, v.person_ref, v.vdab_client_id FROM "
                     "vdab_registration v JOIN vdab_identity i ON i.row_hash = v.row_hash "
                     "WHERE v.{} AND v.person_ref = ?2 ORDER BY v.start_date DESC, v.id",
                     kIdentityRowColumns, kSnapshot)
               : fmt::format(
                     "SELECT {}, v.start_date, CAST(?2 AS TEXT), v.vdab_client_id FROM "
                     "vdab_registration v JOIN vdab_identity i ON i.row_hash = v.row_hash "
                     "WHERE v.{} AND (v.id IN (SELECT registration_id FROM record_link "
                     "WHERE run_id = ?3 AND resolved_ref = ?2) OR (v.person_ref = ?2 AND "
                     "NOT EXISTS (SELECT 1 FROM record_link k WHERE k.run_id = ?3 AND "
                     "k.registration_id = v.id))) ORDER BY v.start_date DESC, v.id",
                     kIdentityRowColumns, kSnapshot);
  LAP_TRY(st, db_.prepare(sql));
  st.bind(1, load).bind(2, person_ref);
  if (run != 0) st.bind(3, run);
  return read_all(st, kSideVdab);
}

Result<std::optional<std::string>> SqlStore::person_of_insz(std::string_view insz) {
  LAP_TRY(st, db_.prepare("SELECT person_ref FROM person_identifier WHERE insz = ?1"));
  st.bind(1, insz);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(st.text(0));
}

Result<std::vector<IdentityRecord>> SqlStore::search_identities(const IdentitySearch& s) {
  const bool ocmw = s.source == kSideOcmw;
  const int64_t run = s.link_run.value_or(0);
  std::string sql;
  if (ocmw) {
    sql = fmt::format(
        "SELECT {}, e.start_date, e.person_ref, e.ocmw_nis FROM rmi_entitlement e JOIN "
        "rmi_identity i ON i.row_hash = e.row_hash WHERE e.{} {} AND lower(i.last_name) LIKE ?2 "
        "ESCAPE '\\' AND lower(i.first_name) LIKE ?3 ESCAPE '\\' ORDER BY i.last_name, "
        "i.first_name, e.start_date DESC, e.id LIMIT ?4",
        kIdentityRowColumns, kSnapshot, s.ocmw_nis ? "AND e.ocmw_nis = ?5" : "");
  } else {
    sql = fmt::format(
        "SELECT {}, v.start_date, {} AS person, v.vdab_client_id FROM {} JOIN vdab_identity i ON "
        "i.row_hash = v.row_hash WHERE v.{} AND {} IS NOT NULL AND lower(i.last_name) LIKE ?2 "
        "ESCAPE '\\' AND lower(i.first_name) LIKE ?3 ESCAPE '\\' ORDER BY i.last_name, "
        "i.first_name, v.start_date DESC, v.id LIMIT ?4",
        kIdentityRowColumns, registration_person(run), registrations(run), kSnapshot,
        registration_person(run));
  }
  LAP_TRY(st, db_.prepare(sql));
  st.bind(1, s.load)
      .bind(2, prefix_pattern(s.last_name))
      .bind(3, prefix_pattern(s.first_name))
      .bind(4, int64_t{s.limit} + 1);
  if (ocmw && s.ocmw_nis) st.bind(5, int64_t{*s.ocmw_nis});
  return read_all(st, ocmw ? kSideOcmw : kSideVdab);
}

}  // namespace lap::store::sql
