// The annual report as a document (docs/api.md, "Applications"): the local
// government of a member uploads its annual content and financial report as a
// PDF for an approved or running application; the members and WSE download it
// (WSE before it records the council's approval). Every other user is refused
// by the guard of the route (pact_http.h: a local government only reaches the
// applications its municipality is a member of).
#include <fmt/format.h>

#include "lap/pact/annual_report.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/pact_json.h"

namespace lap::server::api {

bool uploads_document(std::string_view method, std::string_view path) {
  constexpr std::string_view kPrefix = "/api/v1/applications/";
  constexpr std::string_view kSuffix = "/annual-report-document";
  if (method != "PUT" || !path.starts_with(kPrefix) || !path.ends_with(kSuffix)) return false;
  if (path.size() <= kPrefix.size() + kSuffix.size()) return false;
  const std::string_view id =
      path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
  return id.find('/') == std::string_view::npos;
}

namespace pact_http {

Json annual_report_document_json(const store::AnnualReportDocument& d) {
  return {{"file_name", d.file_name},
          {"size", d.size},
          {"sha256", d.sha256},
          {"uploaded_at", d.uploaded_at},
          {"uploaded_by", d.uploaded_by}};
}

Json application_with_document(const pact::Application& a,
                               const store::AnnualReportDocument* document) {
  Json j = application_json(a);
  j["annual_report_document"] =
      document != nullptr ? annual_report_document_json(*document) : Json(nullptr);
  return j;
}

Response upload_annual_report_document(const Request& r, RequestContext&, Session& s,
                                       pact::Application& a) {
  if (!pact::is_pdf_media_type(r.header("content-type").value_or(""))) {
    return Response::problem(415, "unsupported_media_type",
                             "Stuur het jaarverslag als PDF (Content-Type: application/pdf).");
  }
  const std::string name = safe_file_name(r.query_param("file").value_or(""),
                                          fmt::format("jaarverslag_aanvraag_{}.pdf", a.id));
  auto stored = s.service->upload_annual_report(a.id, {name, r.body});
  if (!stored) return problem_for(stored.error());
  return json_response(201, annual_report_document_json(*stored));
}

Response download_annual_report_document(const Request&, RequestContext&, Session& s,
                                         pact::Application& a) {
  auto d = s.service->annual_report_document(a.id);
  if (!d) return problem_for(d.error());
  Response out;
  out.content_type = "application/pdf";
  out.headers.emplace_back("content-disposition",
                           fmt::format("attachment; filename=\"{}\"", d->file_name));
  out.body = std::move(d->content);
  return out;
}

}  // namespace pact_http
}  // namespace lap::server::api
