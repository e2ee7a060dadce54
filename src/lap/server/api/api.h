// The JSON API under /api/v1 (docs/api.md, docs/openapi.yaml): sessions and the
// Lokaal Activeringspact. Every route names the permission it needs
// (auth/roles.h); the session middleware answers 401 for a request without a
// valid session and 403 for a state-changing request without the session's
// CSRF token, before any handler runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "lap/core/date.h"
#include "lap/geo/registry.h"
#include "lap/measure/timeline.h"
#include "lap/pact/service.h"
#include "lap/server/auth/roles.h"
#include "lap/server/auth/sessions.h"
#include "lap/server/concurrency_limit.h"
#include "lap/server/live_settings.h"
#include "lap/server/service.h"
#include "lap/server/store_pool.h"

namespace lap::server::api {

class RunCatalog;       // published_runs.h
class CaseFigureCache;  // case_figures_api.cc

struct Environment {
  StorePool* pool = nullptr;
  auth::Authenticator* authenticator = nullptr;
  const geo::Registry* registry = nullptr;
  // The day the LAP acts on (parameter version, deadline, redistribution).
  std::function<Date()> today;
  // The measurement engine's results on a data load with the persons of a
  // link run, built on first use and kept; safe to call from several threads.
  std::function<pact::EngineResults(const pact::DataRef& data)> engine;
  // The measurement timelines of a data load with the persons of a link run,
  // built on first use and kept; safe to call from several threads.
  std::function<Result<std::shared_ptr<const measure::Timelines>>(const pact::DataRef& data)>
      timelines;
  // The latest measurement run as published (published_runs.h).
  std::shared_ptr<RunCatalog> runs;
  // The settings an administrator changes (k, art. 60, throttling, the days the OCMW has to
  // answer a transmission); null: the defaults.
  LiveSettings* settings = nullptr;
  // Requests in progress per user (or address before sign-in); null: no limit.
  ConcurrencyLimit* concurrency = nullptr;
  // The case figures' tables, refreshed in the background (set by add_case_figure_routes).
  // Declared last so it is destroyed first: a refresh under way ends while the rest of the
  // environment still exists.
  std::shared_ptr<CaseFigureCache> case_figures;
};

// The session middleware and POST/GET/DELETE /api/v1/session.
void add_session_routes(Service& service, Environment& env);
// /api/v1/calls..., /api/v1/applications...
void add_pact_routes(Service& service, Environment& env);
// /api/v1/areas, /api/v1/dashboard/{nis}, /api/v1/flanders, and the case figures
void add_indicator_routes(Service& service, Environment& env);
// /api/v1/transitions (the transitions matrix; called by add_indicator_routes)
void add_transition_routes(Service& service, Environment& env);
// /api/v1/areas, /api/v1/area-dashboard, /api/v1/compare (by add_indicator_routes)
void add_area_routes(Service& service, Environment& env);
// /api/v1/profile (who the persons behind a figure are; called by add_indicator_routes)
void add_profile_routes(Service& service, Environment& env);
// /api/v1/case-figures/{nis} (the case figures of the dashboard; called by add_indicator_routes)
void add_case_figure_routes(Service& service, Environment& env);
// /api/v1/persons, /api/v1/persons/{person} (person-level, audited)
void add_person_routes(Service& service, Environment& env);
// /api/v1/link/review, /api/v1/link/review/{item}/decision (person-level, audited)
void add_link_review_routes(Service& service, Environment& env);
// /api/v1/cases... (the case of a person shared by OCMW and VDAB; person-level, audited)
void add_case_routes(Service& service, Environment& env);
// /api/v1/persons/search, /api/v1/persons/{person}/identity (identity; audited)
void add_identity_routes(Service& service, Environment& env);
// /api/v1/cases/{case}/worker, .../transmissions..., .../exemptions...
void add_case_followup_routes(Service& service, Environment& env);
// /api/v1/worklist, /api/v1/worklist/leefloners (person-level, audited)
void add_worklist_routes(Service& service, Environment& env);
// /api/v1/me/record (a citizen's own record and who looked at it)
void add_citizen_routes(Service& service, Environment& env);
// /api/v1/admin/... (accounts, settings and the log of changes; administrators only)
void add_admin_routes(Service& service, Environment& env);
// /api/v1/contacts... (the contacts directory per municipality)
void add_contact_routes(Service& service, Environment& env);
// /api/v1/agreements..., /api/v1/agreement-coverage (cooperation agreements)
void add_agreement_routes(Service& service, Environment& env);
// /api/v1/semester-report (the semestrial policy report) and /api/v1/fact-sheet (the municipal
// fact sheet); called by add_indicator_routes
void add_report_routes(Service& service, Environment& env);

// The settings in force: `env.settings`, or the defaults without it.
Settings settings_of(const Environment& env);
// /api/v1/notifications (the signed-in user's own)
void add_notification_routes(Service& service, Environment& env);

// The permission each API route needs ("METHOD pattern" -> permission;
// routes without an entry need only a session, or none for sign-in). The
// authorisation matrix test and the OpenAPI check read it.
struct RoutePermission {
  std::string_view method;
  std::string_view pattern;
  std::optional<auth::Permission> permission;  // nullopt: any signed-in user
  bool public_route = false;                   // no session needed
};
std::span<const RoutePermission> route_permissions();

// Whether a request (method, path without the query) uploads a document: PUT
// /api/v1/applications/{id}/annual-report-document. `lap serve` lets those
// carry up to pact::kAnnualReportMaxBytes (http::ServerOptions::large_body);
// every other request keeps the server's 1 MiB.
bool uploads_document(std::string_view method, std::string_view path);

// Whether a signed-in user may use a route, and the 403 otherwise.
std::optional<Response> deny_unless(const RequestContext& context, auth::Permission permission);

// A problem response for an error of the lower layers: kInvalidArgument 422,
// kNotFound 404, kAlreadyExists and kFailedPrecondition 409, kIo 503,
// kInternal 500.
Response problem_for(const Error& error);

}  // namespace lap::server::api
