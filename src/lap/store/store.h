// The storage interface: one `Store` per database connection, made of one
// small interface per area, each in its own header with its contract:
//
//   health.h         StoreHealth    schema version, ping, lost connection
//   load_store.h     LoadStore      migrations, imports, the list of loads
//   fact_store.h     FactStore      the facts of a load's snapshot
//   measure_store.h  MeasureStore   measurement runs, figures, protection
//   audit_store.h    AuditStore     the hash-chained log of person-level reads
//   link_store.h     LinkStore      identity resolution runs and reviews
//   pact_store.h     PactStore      the Lokaal Activeringspact tables
//   auth_store.h     AuthStore      accounts and sessions
//   case_store.h     CaseStore      case collaboration between OCMW and VDAB
//   identity_store.h IdentityStore  names, INSZ and addresses (person-level)
//   notification_store.h NotificationStore  notifications of case changes, and their mailing
//   admin_store.h    AdminStore     settings, contacts directory, accounts; the log of changes
//   agreement_store.h AgreementStore cooperation agreements (SO) and their action plans
//   context_store.h  ContextStore   the context figures (kerncijfers) of the semestrial report
//
// Code that needs one area takes that area's interface; `Store` is for code
// that holds a connection (the CLI, the server's pool). Measurement tables
// hold only the pseudonym `person_ref`; INSZ, names, birth date and postcode
// live in separate identity tables (domain.md §2, §6).
//
// Implementation: `sql/SqlStore`, on SQLite (the embedded default) or
// PostgreSQL. A `Store` is used from one thread at a time and has at most one
// open `ImportTransaction`, which must be destroyed before the store.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "lap/core/error.h"
#include "lap/store/admin_store.h"
#include "lap/store/agreement_store.h"
#include "lap/store/audit_store.h"
#include "lap/store/auth_store.h"
#include "lap/store/case_store.h"
#include "lap/store/context_store.h"
#include "lap/store/fact_store.h"
#include "lap/store/health.h"
#include "lap/store/identity_store.h"
#include "lap/store/link_store.h"
#include "lap/store/load_store.h"
#include "lap/store/measure_store.h"
#include "lap/store/notification_store.h"
#include "lap/store/pact_store.h"

namespace lap::store {

class Store : public StoreHealth,
              public LoadStore,
              public FactStore,
              public MeasureStore,
              public AuditStore,
              public LinkStore,
              public PactStore,
              public AuthStore,
              public CaseStore,
              public IdentityStore,
              public NotificationStore,
              public AdminStore,
              public AgreementStore,
              public ContextStore {
 public:
  ~Store() override = default;

  // Statements running longer than `limit` are cancelled with an error
  // (PostgreSQL's statement_timeout; a transaction left idle as long is ended
  // too). SQLite has no server to protect: ignored there.
  virtual Status set_statement_timeout(std::chrono::milliseconds limit) = 0;

  // The Lokaal Activeringspact tables of this store.
  PactStore& pact() { return *this; }
  // Accounts and sessions of the web application.
  AuthStore& auth() { return *this; }
  // Settings, contacts and account changes with their log.
  AdminStore& admin() { return *this; }
};

enum class OpenMode {
  kCreate,     // create the database when it does not exist
  kMustExist,  // kNotFound when it does not exist
};

// Opens a store by URL: `sqlite:PATH`, or a plain path (SQLite); `:memory:`
// for a private in-memory database; `postgresql://...` (or `postgres://`, a
// libpq connection URI), or a libpq key=value string, for PostgreSQL. A PostgreSQL database must
// exist; with kMustExist it must also hold the schema (kNotFound otherwise), with kCreate
// `migrate()` creates it.
Result<std::unique_ptr<Store>> open_store(std::string_view url, OpenMode mode);

// True for `postgresql://...`, `postgres://...` and a libpq key=value string
// (`host=db dbname=lap`): never taken for an SQLite file name.
bool is_postgresql_url(std::string_view url);

// The file of an SQLite URL: `PATH` of `sqlite:PATH`, `sqlite://PATH` or a plain
// path (`:memory:` as given); empty for a PostgreSQL URL.
std::string sqlite_path(std::string_view url);

// The database URL as it may be shown: a PostgreSQL password (in the user
// part or as `password=`) is replaced by `***`.
std::string display_url(std::string_view url);

}  // namespace lap::store
