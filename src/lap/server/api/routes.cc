// The permission of every API route (docs/api.md): one table, read by the
// session middleware (public routes), the authorisation matrix test and the
// OpenAPI comparison.
#include <array>

#include "lap/server/api/api.h"

namespace lap::server::api {
namespace {

using auth::Permission;

constexpr std::array kRoutes = {
    RoutePermission{"POST", "/api/v1/session", std::nullopt, true},
    RoutePermission{"GET", "/api/v1/session", std::nullopt, false},
    RoutePermission{"DELETE", "/api/v1/session", std::nullopt, false},
    RoutePermission{"GET", "/api/v1/calls", Permission::kLapRead},
    RoutePermission{"POST", "/api/v1/calls", Permission::kLapAdminister},
    RoutePermission{"GET", "/api/v1/calls/{call}", Permission::kLapRead},
    RoutePermission{"POST", "/api/v1/calls/{call}/versions", Permission::kLapAdminister},
    RoutePermission{"PUT", "/api/v1/calls/{call}/counts", Permission::kLapAdminister},
    RoutePermission{"PUT", "/api/v1/calls/{call}/results", Permission::kLapAdminister},
    RoutePermission{"GET", "/api/v1/calls/{call}/werktabel", Permission::kLapRead},
    RoutePermission{"GET", "/api/v1/calls/{call}/applications", Permission::kLapFigures},
    RoutePermission{"POST", "/api/v1/calls/{call}/applications", Permission::kLapApply},
    RoutePermission{"GET", "/api/v1/applications/{id}", Permission::kLapFigures},
    RoutePermission{"PUT", "/api/v1/applications/{id}", Permission::kLapApply},
    // Submitting needs kLapApply, deciding kLapAdminister (checked per status).
    RoutePermission{"POST", "/api/v1/applications/{id}/status", std::nullopt},
    RoutePermission{"POST", "/api/v1/applications/{id}/consent", Permission::kLapApply},
    RoutePermission{"POST", "/api/v1/applications/{id}/annual-report", Permission::kLapAdminister},
    RoutePermission{"PUT", "/api/v1/applications/{id}/annual-report-document",
                    Permission::kLapApply},
    RoutePermission{"GET", "/api/v1/applications/{id}/annual-report-document",
                    Permission::kLapFigures},
    RoutePermission{"GET", "/api/v1/calls/{call}/participants", Permission::kLapFigures},
    RoutePermission{"GET", "/api/v1/calls/{call}/progress", Permission::kLapFigures},
    RoutePermission{"GET", "/api/v1/calls/{call}/statements", Permission::kLapFigures},
    RoutePermission{"GET", "/api/v1/calls/{call}/statements/{unit}", Permission::kLapFigures},
    RoutePermission{"POST", "/api/v1/calls/{call}/settlement", Permission::kLapAdminister},
    RoutePermission{"POST", "/api/v1/calls/{call}/settlement/verification",
                    Permission::kLapAdminister},
    RoutePermission{"GET", "/api/v1/calls/{call}/redistributions", Permission::kLapFigures},
    RoutePermission{"POST", "/api/v1/calls/{call}/redistributions", Permission::kLapAdminister},
    RoutePermission{"POST", "/api/v1/calls/{call}/simulation", Permission::kLapAdminister},
    RoutePermission{"GET", "/api/v1/areas", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/dashboard/{nis}", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/area-dashboard", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/compare", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/case-figures/{nis}", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/flanders", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/transitions", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/profile", Permission::kAggregates},
    RoutePermission{"GET", "/api/v1/persons", Permission::kPersons},
    RoutePermission{"GET", "/api/v1/persons/{person}", Permission::kPersons},
    // Reviewing the linkage is person-level: VDAB mediators and OCMW counsellors
    // (the items of their own OCMW's persons, checked by the handler).
    RoutePermission{"GET", "/api/v1/link/review", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/link/review/{item}/decision", Permission::kPersons},
    // Identity and the shared case: person-level, for persons with a relation (case_access.h).
    RoutePermission{"GET", "/api/v1/persons/search", Permission::kPersons},
    RoutePermission{"GET", "/api/v1/persons/{person}/identity", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases", Permission::kPersons},
    RoutePermission{"GET", "/api/v1/cases/{case}", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/actions", Permission::kPersons},
    RoutePermission{"PUT", "/api/v1/cases/{case}/actions/{action}", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/notes", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/handovers", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/handovers/{handover}/decision",
                    Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/worker", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/close", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/transmissions", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/transmissions/{transmission}/answer",
                    Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/exemptions", Permission::kPersons},
    RoutePermission{"POST", "/api/v1/cases/{case}/exemptions/{exemption}/review",
                    Permission::kPersons},
    RoutePermission{"GET", "/api/v1/worklist", Permission::kPersons},
    RoutePermission{"GET", "/api/v1/worklist/leefloners", Permission::kPersons},
    // A citizen's own record: the person the account is tied to, nobody else's.
    RoutePermission{"GET", "/api/v1/me/record", Permission::kOwnRecord},
    // Every signed-in user's own notifications.
    RoutePermission{"GET", "/api/v1/notifications", std::nullopt},
    RoutePermission{"POST", "/api/v1/notifications/{notification}/read", std::nullopt},
    // Administration: accounts, settings and the log of changes (no person data).
    RoutePermission{"GET", "/api/v1/admin/users", Permission::kAdminister},
    RoutePermission{"POST", "/api/v1/admin/users", Permission::kAdminister},
    RoutePermission{"PATCH", "/api/v1/admin/users/{username}", Permission::kAdminister},
    RoutePermission{"POST", "/api/v1/admin/users/{username}/password-reset",
                    Permission::kAdminister},
    RoutePermission{"GET", "/api/v1/admin/settings", Permission::kAdminister},
    RoutePermission{"PUT", "/api/v1/admin/settings/{key}", Permission::kAdminister},
    RoutePermission{"GET", "/api/v1/admin/events", Permission::kAdminister},
    // The contacts directory: read by every professional role, kept by administrators.
    RoutePermission{"GET", "/api/v1/contacts", Permission::kContacts},
    RoutePermission{"GET", "/api/v1/contacts/{nis}", Permission::kContacts},
    RoutePermission{"PUT", "/api/v1/contacts/{nis}", Permission::kAdminister},
    // Cooperation agreements: read with the LAP, kept by VDAB and WSE.
    RoutePermission{"GET", "/api/v1/agreements", Permission::kLapRead},
    RoutePermission{"POST", "/api/v1/agreements", Permission::kAgreements},
    RoutePermission{"GET", "/api/v1/agreements/{id}", Permission::kLapRead},
    RoutePermission{"PUT", "/api/v1/agreements/{id}", Permission::kAgreements},
    RoutePermission{"GET", "/api/v1/agreement-coverage", Permission::kLapRead},
    // The semestrial policy report (public view), for VDAB and WSE.
    RoutePermission{"GET", "/api/v1/semester-report", Permission::kReports},
    RoutePermission{"GET", "/api/v1/fact-sheet", Permission::kAggregates},
};

}  // namespace

std::span<const RoutePermission> route_permissions() {
  return kRoutes;
}

}  // namespace lap::server::api
