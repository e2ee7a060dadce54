#include "lap/server/auth/roles.h"

namespace lap::server::auth {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kOcmwCounsellor:
      return "ocmw_counsellor";
    case Role::kVdabMediator:
      return "vdab_mediator";
    case Role::kWseAnalyst:
      return "wse_analyst";
    case Role::kLocalGovernment:
      return "local_government";
    case Role::kCitizen:
      return "citizen";
    case Role::kAdministrator:
      return "administrator";
  }
  return "?";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles)
    if (role_name(r) == name) return r;
  return std::nullopt;
}

std::string_view role_dutch(Role role) {
  switch (role) {
    case Role::kOcmwCounsellor:
      return "OCMW-maatschappelijk werker";
    case Role::kVdabMediator:
      return "VDAB-bemiddelaar";
    case Role::kWseAnalyst:
      return "Beleidsanalist Departement WSE";
    case Role::kLocalGovernment:
      return "Lokaal bestuur";
    case Role::kCitizen:
      return "Burger";
    case Role::kAdministrator:
      return "Beheerder";
  }
  return "?";
}

bool role_is_scoped(Role role) {
  return role == Role::kOcmwCounsellor || role == Role::kLocalGovernment;
}

std::string_view permission_name(Permission permission) {
  switch (permission) {
    case Permission::kLapRead:
      return "lap_read";
    case Permission::kLapFigures:
      return "lap_figures";
    case Permission::kLapApply:
      return "lap_apply";
    case Permission::kLapAdminister:
      return "lap_administer";
    case Permission::kAggregates:
      return "aggregates";
    case Permission::kPersons:
      return "persons";
    case Permission::kOwnRecord:
      return "own_record";
    case Permission::kAdminister:
      return "administer";
    case Permission::kContacts:
      return "contacts";
    case Permission::kAgreements:
      return "agreements";
    case Permission::kReports:
      return "reports";
  }
  return "?";
}

bool allowed(Role role, Permission permission) {
  switch (permission) {
    case Permission::kLapRead:
      // Calls and the werktabel are published; every role working with
      // aggregates may read them. Citizens and administrators have no use.
      return role == Role::kWseAnalyst || role == Role::kLocalGovernment ||
             role == Role::kOcmwCounsellor || role == Role::kVdabMediator;
    case Permission::kLapFigures:
      return role == Role::kWseAnalyst || role == Role::kLocalGovernment;
    case Permission::kLapApply:
      return role == Role::kLocalGovernment;
    case Permission::kLapAdminister:
      return role == Role::kWseAnalyst;
    case Permission::kAggregates:
      return role == Role::kWseAnalyst || role == Role::kLocalGovernment ||
             role == Role::kOcmwCounsellor || role == Role::kVdabMediator;
    case Permission::kPersons:
      // WSE, local governments and administrators never see person data.
      return role == Role::kOcmwCounsellor || role == Role::kVdabMediator;
    case Permission::kOwnRecord:
      return role == Role::kCitizen;
    case Permission::kAdminister:
      return role == Role::kAdministrator;
    case Permission::kContacts:
      return role != Role::kCitizen;
    case Permission::kAgreements:
    case Permission::kReports:
      // VDAB concludes the agreements and reports on the cooperation to its
      // board and the local governments; WSE follows both (seed 004).
      return role == Role::kVdabMediator || role == Role::kWseAnalyst;
  }
  return false;
}

bool sees_exact_aggregates(Role role) {
  return role == Role::kWseAnalyst || role == Role::kVdabMediator;
}

bool sees_all_municipalities(Role role, Permission permission) {
  if (!allowed(role, permission)) return false;
  if (permission == Permission::kLapRead || permission == Permission::kAggregates ||
      permission == Permission::kAgreements || permission == Permission::kReports) {
    return true;
  }
  if (permission == Permission::kPersons) return role == Role::kVdabMediator;
  return role == Role::kWseAnalyst;
}

}  // namespace lap::server::auth
