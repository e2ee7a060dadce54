// The roles of domain.md §6 and what each may do in the web application.
//
// Every endpoint names one `Permission`; `allowed` is the whole policy, so the
// authorisation matrix test reads it from one place. Scope (own municipality,
// registered relation with a person) is checked by the handlers on top of it.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace lap::server::auth {

enum class Role {
  kOcmwCounsellor,   // persons of own OCMW; own aggregates; others suppressed
  kVdabMediator,     // persons registered at VDAB; all aggregates
  kWseAnalyst,       // LAP administration; aggregates; no identity data
  kLocalGovernment,  // own aggregates and LAP figures; others suppressed
  kCitizen,          // own record and who looked at it
  kAdministrator,    // users and settings; no person data
};

inline constexpr std::array<Role, 6> kAllRoles = {Role::kOcmwCounsellor, Role::kVdabMediator,
                                                  Role::kWseAnalyst,     Role::kLocalGovernment,
                                                  Role::kCitizen,        Role::kAdministrator};

// `ocmw_counsellor`, `vdab_mediator`, `wse_analyst`, `local_government`,
// `citizen`, `administrator` (as stored and as the CLI takes them).
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
// `OCMW-maatschappelijk werker`, `VDAB-bemiddelaar`, ... for the web pages.
std::string_view role_dutch(Role role);
// Whether users of the role belong to one municipality (their scope).
bool role_is_scoped(Role role);

enum class Permission {
  kLapRead,        // calls and the werktabel (published figures)
  kLapFigures,     // applications, participants, progress, statements (scoped)
  kLapApply,       // create, edit and submit an application of the own municipality
  kLapAdminister,  // calls, imports, decisions, annual reports, settlement, simulation
  kAggregates,     // indicator figures (dashboard, Flanders); exact or protected per role
  kPersons,        // person-level data: own OCMW's persons, or VDAB's registered persons
  kOwnRecord,      // a citizen's own record and who looked at it
  kAdminister,     // accounts, settings and the log of changes (never person data)
  kContacts,       // the contacts directory per municipality (civil servants' work contacts)
  kAgreements,     // keep the registry of cooperation agreements (SO) and their action plans
  kReports,        // the semestrial policy report of VDAB and the local governments
};

inline constexpr std::array<Permission, 11> kAllPermissions = {
    Permission::kLapRead,       Permission::kLapFigures, Permission::kLapApply,
    Permission::kLapAdminister, Permission::kAggregates, Permission::kPersons,
    Permission::kOwnRecord,     Permission::kAdminister, Permission::kContacts,
    Permission::kAgreements,    Permission::kReports};

std::string_view permission_name(Permission permission);

// The policy: whether `role` holds `permission` at all.
bool allowed(Role role, Permission permission);
// Whether `role` sees the indicator figures of every municipality exactly
// (domain.md §6: WSE analysts and VDAB mediators); the others see the public view,
// with their own OCMW exact.
bool sees_exact_aggregates(Role role);
// Whether `role` sees every municipality's rows under `permission` (otherwise
// only its own municipality's).
bool sees_all_municipalities(Role role, Permission permission);

}  // namespace lap::server::auth
