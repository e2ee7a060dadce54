// PactService, the annual report as an uploaded document (service.h,
// annual_report.h).
#include <fmt/format.h>

#include "lap/ingest/import.h"
#include "lap/pact/annual_report.h"
#include "lap/pact/service.h"

namespace lap::pact {

Result<store::AnnualReportDocument> PactService::upload_annual_report(int64_t id,
                                                                      const DocumentFile& file) {
  auto a = application(id);
  if (!a) return std::unexpected(a.error());
  if (auto ok = check_annual_report_status(a->status); !ok) return std::unexpected(ok.error());
  if (auto ok = check_annual_report_file(file.bytes); !ok) return std::unexpected(ok.error());
  auto sha = ingest::bytes_sha256(file.bytes);
  if (!sha) return std::unexpected(sha.error());
  store::AnnualReportDocument d;
  d.application_id = id;
  d.file_name = file.name;
  d.sha256 = *sha;
  d.content = std::string(file.bytes);
  d.uploaded_by = actor_;
  return store_.pact().add_annual_report_document(d);
}

Result<store::AnnualReportDocument> PactService::annual_report_document(int64_t id) {
  auto d = store_.pact().annual_report_document(id, true);
  if (!d) return std::unexpected(d.error());
  if (!*d) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("Voor aanvraag {} is nog geen jaarverslag opgeladen.", id));
  }
  return std::move(**d);
}

Result<std::map<int64_t, store::AnnualReportDocument>> PactService::annual_reports(
    std::string_view call_id) {
  if (auto c = call(call_id); !c) return std::unexpected(c.error());
  return store_.pact().current_annual_reports(call_id);
}

}  // namespace lap::pact
