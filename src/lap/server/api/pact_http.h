// What the handlers of the Lokaal Activeringspact's routes share (pact_api.cc registers them;
// pact_calls_api.cc, pact_applications_api.cc and pact_figures_api.cc hold one named handler per
// route): the guards that check the permission, open a store and the service as the signed-in
// user and look up the call or application, the rules of scope (a local government sees its own
// municipality; WSE every one), and the responses (JSON, or a sheet as JSON/XLSX/CSV).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lap/pact/service.h"
#include "lap/report/pact_export.h"
#include "lap/server/api/api.h"
#include "lap/server/router.h"

namespace lap::server::api::pact_http {

using auth::Permission;
using Json = nlohmann::json;

// A request's store and the service acting as the signed-in user.
struct Session {
  StorePool::Lease store;
  std::unique_ptr<pact::PactService> service;
  Date today;
  const geo::Registry* registry = nullptr;

  // Title, date and municipality names of the call's files.
  report::ExportContext export_context(std::string title) const;
};

// Opens sessions for the handlers.
class PactApi {
 public:
  explicit PactApi(Environment& env) : env_(env) {}
  Result<Session> open(const RequestContext& context) const;

 private:
  Environment& env_;
};

using SessionHandler = Response (*)(const Request&, RequestContext&, Session&);
using CallHandler = Response (*)(const Request&, RequestContext&, Session&, const pact::Call&);
using ApplicationHandler = Response (*)(const Request&, RequestContext&, Session&,
                                        pact::Application&);

// The permission, then a session, then `fn`.
Handler with_session(std::shared_ptr<PactApi> api, Permission permission, SessionHandler fn);
// ... and the call `{call}` (404 when there is none).
Handler on_call(std::shared_ptr<PactApi> api, Permission permission, CallHandler fn);
// ... and the application `{id}` if the user's municipality is a member (404, 403).
Handler on_application(std::shared_ptr<PactApi> api, Permission permission, ApplicationHandler fn);
// The application `{id}` in the user's scope for `permission`; nullopt: answered with `out`.
std::optional<pact::Application> scoped_application(Session& s, const Request& r,
                                                    const RequestContext& ctx,
                                                    Permission permission, Response& out);

// ---- scope ----
// Whether the user's municipality is one of `codes` or the unit itself (WSE: always).
bool in_scope(const Principal& p, Permission permission, std::span<const Nis> codes,
              std::string_view unit_id = {});
std::vector<Nis> member_codes(const pact::Application& a);
std::vector<Nis> unit_codes(const pact::SettlementUnit& u);
// The user's municipality (nullopt for roles without one).
std::optional<Nis> own_municipality(const Principal& p);
// Whether the user acts for the application's lead (trekker). An application without a known
// lead (from before migration 0009) has none: nobody changes it.
bool acts_for_lead(const Principal& p, const pact::Application& a);
// Submitting: the lead; without a known lead, any member (every member consented anyway).
bool may_submit(const Principal& p, const pact::Application& a);
Response forbidden_scope();
// A file name safe to record and to put in a content-disposition header:
// every character but letters, digits, '.', '_' and '-' replaced by '_';
// `fallback` when empty or starting with '.'.
std::string safe_file_name(std::string_view name, std::string_view fallback);
Response not_the_lead(const pact::Application& a);
// Adds what the user may know of the applications left out of progress and statements.
void add_held_notes(report::Sheet& sheet, const Principal& p,
                    const std::vector<pact::HeldApplication>& held);

// ---- responses ----
// `?format=`: json (the default), xlsx or csv; nullopt for anything else.
std::optional<report::FileFormat> requested_format(const Request& request,
                                                   report::FileFormat fallback);
Response bad_format();
// A sheet as JSON, XLSX or CSV by `?format=`.
Response sheet_response(const Request& request, const report::Sheet& sheet,
                        std::string_view file_stem);
Response json_response(int status, const Json& body);

// ---- the handlers, one per route ----
// pact_calls_api.cc
Response list_calls(const Request& r, RequestContext& ctx, Session& s);
Response create_call(const Request& r, RequestContext& ctx, Session& s);
Response get_call(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
Response add_version(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
Response import_counts(const Request& r, RequestContext& ctx, Session& s);
Response import_results(const Request& r, RequestContext& ctx, Session& s);
Response werktabel(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
// pact_applications_api.cc
Response list_applications(const Request& r, RequestContext& ctx, Session& s);
Response create_application(const Request& r, RequestContext& ctx, Session& s);
Response get_application(const Request& r, RequestContext& ctx, Session& s, pact::Application& a);
Response edit_application(const Request& r, RequestContext& ctx, Session& s, pact::Application& a);
// The permission depends on the status asked for: submitting is the municipality's act,
// deciding WSE's.
Handler change_status(std::shared_ptr<PactApi> api);
Response consent(const Request& r, RequestContext& ctx, Session& s, pact::Application& a);
Response annual_report(const Request& r, RequestContext& ctx, Session& s, pact::Application& a);
// pact_documents_api.cc: the annual report as a document, uploaded by a member
// (lap_apply, scoped) and read by the members and WSE (lap_figures, scoped).
// An uploaded annual report without its content.
Json annual_report_document_json(const store::AnnualReportDocument& d);
// An application (pact_json.h) with `annual_report_document`: its current
// annual report without content, or null.
Json application_with_document(const pact::Application& a,
                               const store::AnnualReportDocument* document);
Response upload_annual_report_document(const Request& r, RequestContext& ctx, Session& s,
                                       pact::Application& a);
Response download_annual_report_document(const Request& r, RequestContext& ctx, Session& s,
                                         pact::Application& a);
// pact_figures_api.cc
Response participants(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
Response progress(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
Response statements(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
Response statement(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
Response settlement(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);
Response simulation(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call);

// pact_decisions_api.cc
Response list_redistributions(const Request& r, RequestContext& ctx, Session& s,
                              const pact::Call& call);
Response decide_redistribution(const Request& r, RequestContext& ctx, Session& s,
                               const pact::Call& call);
Response verify_settlement(const Request& r, RequestContext& ctx, Session& s,
                           const pact::Call& call);

}  // namespace lap::server::api::pact_http
