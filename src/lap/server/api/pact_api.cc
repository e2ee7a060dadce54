// The Lokaal Activeringspact over HTTP (docs/api.md): the same `PactService` operations as
// `lap pact`, as JSON, and every table also as XLSX or Belgian CSV (`?format=xlsx|csv`). WSE
// analysts administer; local governments apply for and follow their own municipality; the
// werktabel is published to every role working with aggregates.
//
// This file is the table of routes: each names its permission and guard (pact_http.h) and a
// handler of pact_calls_api.cc, pact_applications_api.cc, pact_documents_api.cc,
// pact_figures_api.cc or pact_decisions_api.cc.
#include <memory>

#include "lap/server/api/api.h"
#include "lap/server/api/pact_http.h"

namespace lap::server::api {

void add_pact_routes(Service& service, Environment& env) {
  using namespace pact_http;
  auto api = std::make_shared<PactApi>(env);
  Router& router = service.router();

  // ---- calls ----
  router.add("GET", "/api/v1/calls", with_session(api, Permission::kLapRead, list_calls));
  router.add("POST", "/api/v1/calls", with_session(api, Permission::kLapAdminister, create_call));
  router.add("GET", "/api/v1/calls/{call}", on_call(api, Permission::kLapRead, get_call));
  router.add("POST", "/api/v1/calls/{call}/versions",
             on_call(api, Permission::kLapAdminister, add_version));
  router.add("PUT", "/api/v1/calls/{call}/counts",
             with_session(api, Permission::kLapAdminister, import_counts));
  router.add("PUT", "/api/v1/calls/{call}/results",
             with_session(api, Permission::kLapAdminister, import_results));
  router.add("GET", "/api/v1/calls/{call}/werktabel",
             on_call(api, Permission::kLapRead, werktabel));

  // ---- applications ----
  router.add("GET", "/api/v1/calls/{call}/applications",
             with_session(api, Permission::kLapFigures, list_applications));
  router.add("POST", "/api/v1/calls/{call}/applications",
             with_session(api, Permission::kLapApply, create_application));
  router.add("GET", "/api/v1/applications/{id}",
             on_application(api, Permission::kLapFigures, get_application));
  router.add("PUT", "/api/v1/applications/{id}",
             on_application(api, Permission::kLapApply, edit_application));
  router.add("POST", "/api/v1/applications/{id}/status", change_status(api));
  router.add("POST", "/api/v1/applications/{id}/consent",
             on_application(api, Permission::kLapApply, consent));
  router.add("POST", "/api/v1/applications/{id}/annual-report",
             on_application(api, Permission::kLapAdminister, annual_report));
  router.add("PUT", "/api/v1/applications/{id}/annual-report-document",
             on_application(api, Permission::kLapApply, upload_annual_report_document));
  router.add("GET", "/api/v1/applications/{id}/annual-report-document",
             on_application(api, Permission::kLapFigures, download_annual_report_document));

  // ---- participants, progress, statements ----
  router.add("GET", "/api/v1/calls/{call}/participants",
             on_call(api, Permission::kLapFigures, participants));
  router.add("GET", "/api/v1/calls/{call}/progress",
             on_call(api, Permission::kLapFigures, progress));
  router.add("GET", "/api/v1/calls/{call}/statements",
             on_call(api, Permission::kLapFigures, statements));
  router.add("GET", "/api/v1/calls/{call}/statements/{unit}",
             on_call(api, Permission::kLapFigures, statement));
  router.add("POST", "/api/v1/calls/{call}/settlement",
             on_call(api, Permission::kLapAdminister, settlement));
  router.add("POST", "/api/v1/calls/{call}/settlement/verification",
             on_call(api, Permission::kLapAdminister, verify_settlement));
  router.add("GET", "/api/v1/calls/{call}/redistributions",
             on_call(api, Permission::kLapFigures, list_redistributions));
  router.add("POST", "/api/v1/calls/{call}/redistributions",
             on_call(api, Permission::kLapAdminister, decide_redistribution));
  router.add("POST", "/api/v1/calls/{call}/simulation",
             on_call(api, Permission::kLapAdminister, simulation));
}

}  // namespace lap::server::api
