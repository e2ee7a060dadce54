// SqlStore, the uploaded annual reports of the Lokaal Activeringspact's
// applications (migration 0011_annual_report.sql): append-only, the last
// upload of an application is its current document.
#include <fmt/format.h>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

constexpr std::string_view kDocumentColumns =
    "document_id, application_id, file_name, size_bytes, sha256, uploaded_at, uploaded_by";

// A row of kDocumentColumns (and, when `with_content`, the content after them).
AnnualReportDocument read_document(const Statement& st, bool with_content) {
  AnnualReportDocument d;
  d.document_id = st.int64(0);
  d.application_id = st.int64(1);
  d.file_name = st.text(2);
  d.size = st.int64(3);
  d.sha256 = st.text(4);
  d.uploaded_at = st.text(5);
  d.uploaded_by = st.text(6);
  if (with_content) {
    auto bytes = st.blob(7);
    d.content.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }
  return d;
}

}  // namespace

Result<AnnualReportDocument> SqlStore::add_annual_report_document(const AnnualReportDocument& d) {
  return in_transaction([&]() -> Result<AnnualReportDocument> {
    LAP_TRY(exists, db_.prepare("SELECT 1 FROM pact_application WHERE application_id = ?1"));
    exists.bind(1, d.application_id);
    LAP_TRY(found, exists.step());
    if (!found) {
      return make_error(ErrorCode::kNotFound,
                        fmt::format("there is no application {}", d.application_id));
    }
    exists.reset();
    AnnualReportDocument stored = d;
    stored.content.clear();
    stored.uploaded_at = now_utc();
    LAP_TRY(put, db_.prepare("INSERT INTO pact_annual_report_document (application_id, "
                             "file_name, size_bytes, sha256, content, uploaded_at, uploaded_by) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING document_id"));
    put.bind(1, d.application_id)
        .bind(2, d.file_name)
        .bind(3, static_cast<int64_t>(d.content.size()))
        .bind(4, d.sha256)
        .bind_blob(5, {reinterpret_cast<const uint8_t*>(d.content.data()), d.content.size()})
        .bind(6, stored.uploaded_at)
        .bind(7, d.uploaded_by);
    LAP_TRY(id, returned_id(put));
    stored.document_id = id;
    stored.size = static_cast<int64_t>(d.content.size());
    return stored;
  });
}

Result<std::optional<AnnualReportDocument>> SqlStore::annual_report_document(int64_t application_id,
                                                                             bool with_content) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {}{} FROM pact_annual_report_document WHERE "
                                      "application_id = ?1 ORDER BY document_id DESC LIMIT 1",
                                      kDocumentColumns, with_content ? ", content" : "")));
  st.bind(1, application_id);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<AnnualReportDocument>();
  auto d = read_document(st, with_content);
  st.reset();
  return std::optional<AnnualReportDocument>(std::move(d));
}

Result<std::vector<AnnualReportDocument>> SqlStore::annual_report_history(int64_t application_id) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM pact_annual_report_document WHERE "
                                      "application_id = ?1 ORDER BY document_id",
                                      kDocumentColumns)));
  st.bind(1, application_id);
  std::vector<AnnualReportDocument> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(read_document(st, false));
  }
  return out;
}

Result<std::map<int64_t, AnnualReportDocument>> SqlStore::current_annual_reports(
    std::string_view call_id) {
  // The last upload of each application of the call.
  LAP_TRY(st, db_.prepare(fmt::format(
                  "SELECT {} FROM pact_annual_report_document d WHERE d.document_id IN (SELECT "
                  "max(x.document_id) FROM pact_annual_report_document x JOIN pact_application a "
                  "ON a.application_id = x.application_id WHERE a.call_id = ?1 GROUP BY "
                  "x.application_id) ORDER BY d.application_id",
                  kDocumentColumns)));
  st.bind(1, call_id);
  std::map<int64_t, AnnualReportDocument> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto d = read_document(st, false);
    out.emplace(d.application_id, std::move(d));
  }
  return out;
}

}  // namespace lap::store::sql
