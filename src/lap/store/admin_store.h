// Administration (migration 0015_admin.sql): the settings (lap/core/settings.h),
// the contacts directory per municipality (lap/cases/contacts.h) and changes to
// accounts, each written together with its row in the append-only log of
// administrative changes, in one transaction. No person data: an administrator
// never reads a client's data through this interface (SPEC §6).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/cases/contacts.h"
#include "lap/core/error.h"
#include "lap/core/nis.h"
#include "lap/store/auth_store.h"

namespace lap::store {

// One administrative change. `detail` is JSON and never holds a password,
// a hash or a client's data.
struct AdminEvent {
  int64_t id = 0;
  std::string at;       // ISO 8601 UTC
  std::string actor;    // the administrator's username, or "cli:<login>"
  std::string action;   // user_added, user_changed, setting_changed, contacts_changed,
                        // agreement_added, agreement_changed, context_imported
  std::string subject;  // the username, the setting's key or the NIS code
  std::string detail;
};

// What to change in an account; unset members stay as they are.
struct UserChange {
  std::optional<std::string> role;
  std::optional<std::optional<Nis>> municipality;
  std::optional<std::optional<std::string>> email;
  std::optional<bool> disabled;
  std::optional<std::string> password_hash;  // a password reset
  bool empty() const { return !role && !municipality && !email && !disabled && !password_hash; }
};

class AdminStore {
 public:
  virtual ~AdminStore() = default;

  // create_user with an event user_added; kAlreadyExists for a taken username.
  virtual Result<int64_t> add_user(const UserRecord& user, std::string_view actor) = 0;
  // Applies `change` with an event user_changed listing what changed (never the
  // password); kNotFound for an unknown user, kInvalidArgument for a scoped
  // role without a municipality (the schema's rule). A change of role,
  // municipality, password or a disabling ends the user's sessions.
  virtual Status change_user(std::string_view username, const UserChange& change,
                             std::string_view actor) = 0;

  // The stored settings by key (keys without a row have their default).
  virtual Result<std::map<std::string, std::string>> stored_settings() = 0;
  // Stores one setting (checked by the caller, lap/core/settings.h) with an
  // event setting_changed (old and new value).
  virtual Status set_setting(std::string_view key, std::string_view value,
                             std::string_view actor) = 0;

  // Every municipality's contacts, by NIS code.
  virtual Result<std::vector<cases::MunicipalityContacts>> contacts() = 0;
  virtual Result<std::optional<cases::MunicipalityContacts>> contacts_of(Nis nis) = 0;
  // Replaces a municipality's contacts (checked by the caller) when
  // `expected_version` is its row_version (0: none stored yet);
  // kFailedPrecondition otherwise. Writes an event contacts_changed; returns
  // the new row_version.
  virtual Result<int64_t> set_contacts(const cases::MunicipalityContacts& contacts,
                                       int64_t expected_version, std::string_view actor) = 0;

  // The latest `limit` administrative changes, newest first.
  virtual Result<std::vector<AdminEvent>> admin_events(int limit) = 0;
};

}  // namespace lap::store
