// The storage interface: where imported facts live, load by load.
//
// A *data load* is one import that changed something. Every fact row records
// the load that added it (`first_load`) and the load that retired it
// (`retired_load`, unset while current), so the state after any load L — its
// *snapshot* — stays readable: the rows with first_load <= L and (retired_load
// unset or > L). Measurement tables hold only the pseudonym `person_ref`;
// INSZ, names, birth date and postcode live in separate identity tables
// (domain.md §2, §6).
//
// Implementation: `sql/SqlStore`, on SQLite (the embedded default) or
// PostgreSQL. A `Store` is used from one thread at a time and
// has at most one open `ImportTransaction`, which must be destroyed before the
// store.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/formats/exchange.h"
#include "lap/measure/facts.h"
#include "lap/pact/application.h"
#include "lap/pact/call.h"
#include "lap/pact/followup.h"
#include "lap/publish/protect.h"

namespace lap::store {

using formats::Source;

// One file of a delivery as recorded with its load.
struct FileInfo {
  std::string file;  // file name, e.g. `rmi_entitlements.csv`
  Source source = Source::kRmiEntitlements;
  std::string sha256;  // hex SHA-256 of the file's bytes
  int64_t rows = 0;    // data rows in the file
  int64_t added = 0;
  int64_t retired = 0;
  int64_t unchanged = 0;
};

// What an import tells the store up front.
struct LoadInfo {
  std::string source_dir;
  // `Pseudonymiser::key_fingerprint()`: the database remembers the first one and
  // refuses (kFailedPrecondition) an import with another key.
  std::string key_fingerprint;
  // Every imported file of the delivery. Counts of the sources replaced in the
  // transaction are filled in by it; others are recorded as given.
  std::vector<FileInfo> files;
};

struct DataLoad {
  int64_t load_id = 0;
  std::string started_at;   // ISO 8601 UTC, e.g. 2026-01-31T12:00:00Z
  std::string finished_at;  // idem
  std::string source_dir;
  std::vector<FileInfo> files;
  int64_t rows_added = 0;
  int64_t rows_retired = 0;
};

struct SourceCounts {
  int64_t added = 0;
  int64_t retired = 0;
  int64_t unchanged = 0;
};

// The writes of one import, all in one database transaction. Destroying it
// without a successful `commit()` rolls everything back.
//
// To replace a source: `begin_source`, one `add` per row of the new file (each
// row once), `end_source`. Rows whose hash is already current stay untouched,
// others are added with first_load = this load, and current rows of the
// source that were not added again are retired by this load.
class ImportTransaction {
 public:
  virtual ~ImportTransaction() = default;

  // The id this load gets if it commits.
  virtual int64_t load_id() const = 0;

  virtual Status begin_source(Source source) = 0;
  virtual Status add(const formats::RmiEntitlementRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  // `person_ref` is empty when the INSZ is missing or invalid.
  virtual Status add(const formats::VdabRegistrationRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  virtual Status add(const formats::WorkSpanRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  virtual Status add(const formats::ActivationMeasureRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  virtual Status add(const formats::PodmiCountRow& row, const formats::RowHash& hash) = 0;
  virtual Status add(const formats::IdentifierChangeRow& row, const formats::RowHash& hash,
                     std::string_view old_person_ref, std::string_view new_person_ref) = 0;
  virtual Result<SourceCounts> end_source() = 0;

  // Records the load and commits. When no source added or retired a row the
  // transaction is rolled back instead, no load is recorded, and the result
  // is nullopt ("nothing changed").
  virtual Result<std::optional<int64_t>> commit() = 0;
};

struct SummaryOptions {
  // The day on which leefloners (LL and ELL entitlements) are counted.
  Date leefloner_date = *Date::from_ymd(2022, 9, 30);
};

struct Summary {
  int64_t load_id = 0;  // the load described; 0 for an empty database
  // Fact rows per source in the snapshot of `load_id`.
  std::vector<std::pair<Source, int64_t>> sources;
  // Rows stored per table (all loads, identity tables included).
  std::vector<std::pair<std::string, int64_t>> tables;
  int64_t persons = 0;             // distinct person_ref in the snapshot's facts
  std::optional<Date> first_date;  // earliest date of any fact in the snapshot
  std::optional<Date> last_date;   // latest date (start, end, month or reference date)
  Date leefloner_date;
  int64_t leefloners = 0;       // distinct persons with LL or ELL on leefloner_date
  int64_t leefloner_ocmws = 0;  // distinct OCMWs granting those
};

// Receives the facts of a snapshot (`Store::read_facts`), in no particular
// order. VDAB registrations carry the person of the load's latest link run
// (identity resolution, below); without a link run, those without a valid
// INSZ have no person and are not passed.
class FactSink {
 public:
  virtual ~FactSink() = default;
  virtual void add(const measure::EntitlementFact& fact) = 0;
  virtual void add(const measure::RegistrationFact& fact) = 0;
  virtual void add(const measure::WorkFact& fact) = 0;
  virtual void add(const measure::MeasureFact& fact) = 0;
  virtual void add(const measure::IdentifierChangeFact& fact) = 0;
};

// Which facts `read_facts` passes: all, or those of the given persons only
// (pseudonyms, e.g. one person and the keys linked to it by identifier changes).
struct FactFilter {
  std::optional<std::vector<std::string>> persons;
};

// A measurement run: figures computed from one load's snapshot.
struct MeasureRun {
  int64_t run_id = 0;
  int64_t load_id = 0;
  std::string created_at;  // ISO 8601 UTC
  Month first_month;       // the months measured
  Month last_month;
  Month data_end;             // the last month with work data
  std::string settings_json;  // e.g. {"exclude_art60":true}
};

// One stored figure (migration 0002_measurement.sql documents the columns).
struct StoredFigure {
  std::string indicator;
  std::string variant;
  std::string period;
  int32_t nis = 0;
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
};

// The disclosure control of a run (lap/publish/protect.h), stored with it:
// the cells hidden from the public view and why.
struct RunProtection {
  publish::Protection protection;  // its k() is the run's k
  std::string method;              // e.g. "linked-witness/1"
  bool insiders = true;
  std::string loss_json;  // cells, primary and secondary per indicator and variant
};

// One read of person-level data (domain.md §6).
struct AuditEntry {
  std::string actor;
  std::string role;
  std::string person_ref;
  std::string action;
  std::string purpose;
};

// What `verify_audit_log` found.
struct AuditVerification {
  int64_t rows = 0;         // rows in the log
  int64_t legacy_rows = 0;  // rows from before the chain (migration 8), not covered
  int64_t chained_rows = 0;
  std::string head;  // the row_hash of the last row (record it elsewhere to detect a rewrite)
  // The first row where the chain breaks (0: intact), and why.
  int64_t broken_at = 0;
  std::string problem;
  bool triggers_in_place = false;
  bool intact() const { return broken_at == 0 && triggers_in_place; }
};

// ---- Lokaal Activeringspact (migration 0003_pact.sql) ------------------------

// An imported table of a call: a POD MI count table or VDAB's results table.
enum class PactTable { kCounts, kResults };

struct PactImport {
  int64_t import_id = 0;  // set by the store
  std::string call_id;
  PactTable table = PactTable::kCounts;
  std::string file;
  std::string sha256;
  int64_t rows = 0;
  std::string imported_at;  // set by the store
};

struct PactCounts {
  PactImport import;
  std::map<Nis, int64_t> by_nis;
};

struct PactResults {
  PactImport import;
  std::map<Nis, std::map<Month, pact::MonthResult>> by_nis;
};

// A final payment statement as recorded when a unit is settled.
struct PactPayment {
  std::string unit_id;
  Money balance;
  std::string statement_json;
  std::string settled_at;  // set by the store
  std::string settled_by;  // set by the store
};

// The Lokaal Activeringspact part of a store (`Store::pact()`): calls,
// imported count and result tables, applications, payments. Every change is
// one transaction.
class PactStore {
 public:
  virtual ~PactStore() = default;

  // Stores a new call with all its versions; kAlreadyExists for a known id.
  virtual Status create_call(const pact::Call& call, std::string_view actor) = 0;
  // Appends the next version (number = latest + 1, valid_from after the
  // latest's); kNotFound for an unknown call, kFailedPrecondition otherwise.
  virtual Status add_call_version(std::string_view call_id, const pact::ParameterVersion& v) = 0;
  // All calls, by id.
  virtual Result<std::vector<pact::Call>> calls() = 0;
  virtual Result<std::optional<pact::Call>> call(std::string_view call_id) = 0;

  // Replaces the call's table of `info.table` in one transaction. Returns
  // false (and changes nothing) when the current table came from a file with
  // the same SHA-256. Exactly one of `counts` / `results` is used.
  virtual Result<bool> replace_pact_counts(const PactImport& info,
                                           const std::map<Nis, int64_t>& counts) = 0;
  virtual Result<bool> replace_pact_results(
      const PactImport& info, const std::map<Nis, std::map<Month, pact::MonthResult>>& results) = 0;
  // The current imported tables of a call (nullopt when none was imported).
  virtual Result<std::optional<PactCounts>> pact_counts(std::string_view call_id) = 0;
  virtual Result<std::optional<PactResults>> pact_results(std::string_view call_id) = 0;

  // From the facts of the snapshot of `load`: the POD MI count table rows
  // with this reference date (leefloon + equivalent_leefloon per NIS code;
  // empty when the delivery had none), and the persons with an LL or ELL
  // entitlement on `date` per OCMW (the count from linked data).
  virtual Result<std::map<Nis, int64_t>> podmi_counts(int64_t load, Date reference_date) = 0;
  virtual Result<std::map<Nis, int64_t>> leefloners_by_ocmw(int64_t load, Date date) = 0;

  // Stores a new application (status as given, normally draft) with its
  // first event; returns its id. kAlreadyExists when the applicant already
  // applied to the call.
  virtual Result<int64_t> create_application(const pact::Application& a,
                                             std::string_view actor) = 0;
  virtual Result<std::optional<pact::Application>> application(int64_t id) = 0;
  // The applications of a call, by id.
  virtual Result<std::vector<pact::Application>> applications(std::string_view call_id) = 0;
  // Writes every field of `a` but its lead when the stored row_version still
  // equals `a.row_version` (else kFailedPrecondition: someone else changed
  // it) and records an event when the status changed. A change to submitted (or
  // approved) is also kFailedPrecondition when a member is in another
  // submitted or participating (participating) application of the call. Returns the
  // new row_version.
  virtual Result<int64_t> update_application(const pact::Application& a, std::string_view actor,
                                             std::string_view reason) = 0;
  virtual Result<std::vector<pact::ApplicationEvent>> application_events(int64_t id) = 0;
  // Every change of a member's consent (written by create_application and
  // update_application when a member's `consent` differs from the stored
  // one; they also set its consent_by and consent_at, cleared when pending),
  // oldest first.
  virtual Result<std::vector<pact::ConsentEvent>> consent_events(int64_t id) = 0;

  // Records final payment statements and moves the given applications to
  // settled (version-checked as update_application), all in one transaction.
  virtual Status record_settlement(std::string_view call_id,
                                   const std::vector<PactPayment>& payments,
                                   const std::vector<pact::Application>& settled,
                                   std::string_view actor) = 0;
  virtual Result<std::vector<PactPayment>> pact_payments(std::string_view call_id) = 0;
};

// ---- Accounts and sessions (migration 0005_auth.sql) -----------------------------

// A local account. `role` is one of the role names of domain.md §6 as spelled in
// lap/server/auth/roles.h; `municipality` scopes OCMW and local-government users.
struct UserRecord {
  int64_t id = 0;  // set by the store
  std::string username;
  std::string role;
  std::optional<Nis> municipality;
  std::string password_hash;  // argon2id, libsodium's encoded form
  bool disabled = false;
  std::string created_at;
  std::string created_by;
};

// A server-side session, found by the SHA-256 of its token.
struct SessionRecord {
  std::string token_sha256;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_unix = 0;
  int64_t last_seen_unix = 0;
};

class AuthStore {
 public:
  virtual ~AuthStore() = default;
  // kAlreadyExists for a taken username.
  virtual Result<int64_t> create_user(const UserRecord& user) = 0;
  virtual Result<std::optional<UserRecord>> user_by_name(std::string_view username) = 0;
  virtual Result<std::optional<UserRecord>> user(int64_t id) = 0;
  virtual Result<std::vector<UserRecord>> users() = 0;
  // Replaces the hash; kNotFound for an unknown user. Ends the user's sessions.
  virtual Status set_password(std::string_view username, std::string_view password_hash) = 0;
  // Disables or enables; kNotFound for an unknown user. Disabling ends the
  // user's sessions.
  virtual Status set_disabled(std::string_view username, bool disabled) = 0;

  virtual Status create_session(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> session(std::string_view token_sha256) = 0;
  virtual Status touch_session(std::string_view token_sha256, int64_t now_unix) = 0;
  virtual Status delete_session(std::string_view token_sha256) = 0;
  // Deletes the sessions last seen before `idle_before` or created before
  // `created_before`; returns how many.
  virtual Result<int64_t> delete_expired_sessions(int64_t idle_before, int64_t created_before) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Brings the schema to the version this binary knows, applying each missing
  // migration once, in its own transaction. kFailedPrecondition when the
  // database was made by a newer version.
  virtual Status migrate() = 0;
  // The highest applied migration (0 for a new database).
  virtual Result<int> schema_version() = 0;

  // Connection health, for long-lived connections (the server's pool).
  // A round trip to the database; an error (kIo) when it cannot be reached.
  virtual Status ping() = 0;
  // Whether the connection is known to be lost (a PostgreSQL connection
  // after a failed round trip); such a store is thrown away, not reused.
  virtual bool connection_lost() const = 0;
  // Statements running longer than `limit` are cancelled with an error
  // (PostgreSQL's statement_timeout; a transaction left idle as long is ended
  // too). SQLite has no server to protect: ignored there.
  virtual Status set_statement_timeout(std::chrono::milliseconds limit) = 0;

  // Row hashes stored before they were keyed (marked by migration 7) are
  // rewritten as `keyed(stored)` in one transaction; returns how many rows
  // were rewritten (0 when there was nothing to do). kFailedPrecondition
  // when `key_fingerprint` is not the key the database was built with.
  using RowHashKeying = std::function<formats::RowHash(const formats::RowHash&)>;
  virtual Result<int64_t> key_row_hashes(const RowHashKeying& keyed,
                                         std::string_view key_fingerprint) = 0;

  // Starts an import. kFailedPrecondition when the key fingerprint differs
  // from the database's or another import transaction is open.
  virtual Result<std::unique_ptr<ImportTransaction>> begin_import(const LoadInfo& info) = 0;

  // All loads, oldest first.
  virtual Result<std::vector<DataLoad>> loads() = 0;
  // The latest load id, 0 when there is none.
  virtual Result<int64_t> current_load() = 0;
  // What the snapshot of `load` (default: the latest) holds; kNotFound for an
  // unknown load.
  virtual Result<Summary> summary(std::optional<int64_t> load, const SummaryOptions& options) = 0;

  // Passes every fact of the snapshot of `load` that `filter` selects to
  // `sink`. kNotFound for an unknown load.
  virtual Status read_facts(int64_t load, const FactFilter& filter, FactSink& sink) = 0;
  // The first and last month of the work facts in the snapshot of `load`
  // (nullopt without work facts): the months the measurement can observe.
  virtual Result<std::optional<MonthRange>> work_month_range(int64_t load) = 0;
  // The pseudonyms linked to `person_ref` through identifier changes in the
  // snapshot of `load`, `person_ref` included (transitively).
  virtual Result<std::vector<std::string>> linked_persons(int64_t load,
                                                          std::string_view person_ref) = 0;

  // Stores a run, its figures and its protection (when given) in one
  // transaction; returns the run id (`run.run_id` is ignored).
  virtual Result<int64_t> save_measure_run(const MeasureRun& run,
                                           const std::vector<StoredFigure>& figures,
                                           const RunProtection* protection) = 0;
  // The latest run of `load` (default: of the latest load that has a run);
  // nullopt when there is none.
  virtual Result<std::optional<MeasureRun>> latest_measure_run(std::optional<int64_t> load) = 0;
  // The run `run_id`; nullopt when there is none.
  virtual Result<std::optional<MeasureRun>> measure_run(int64_t run_id) = 0;
  // The figures of a run; `indicator` empty = all.
  virtual Result<std::vector<StoredFigure>> measure_figures(int64_t run_id,
                                                            std::string_view indicator) = 0;
  // The protection stored with a run; nullopt for a run stored without one.
  virtual Result<std::optional<RunProtection>> measure_protection(int64_t run_id) = 0;

  // Appends to the audit log of person-level reads (append-only).
  virtual Status append_audit(const AuditEntry& entry) = 0;
  // Appends several entries at once, all or none.
  virtual Status append_audits(const std::vector<AuditEntry>& entries) = 0;
  // The audit entries about one person, oldest first.
  virtual Result<std::vector<AuditEntry>> audit_for(std::string_view person_ref) = 0;
  // Recomputes the audit log's hash chain (migration 8) and checks that its
  // append-only triggers are in place.
  virtual Result<AuditVerification> verify_audit_log() = 0;

  // The Lokaal Activeringspact tables of this store.
  virtual PactStore& pact() = 0;
  // Accounts and sessions of the web application.
  virtual AuthStore& auth() = 0;

  // ---- Identity resolution (link) -------------------------------------------
  // docs/linking.md, migration 0004_link.sql. A link run resolves the snapshot
  // of one load: which person every VDAB registration belongs to, stored as
  // the registrations whose person differs from the imported one.
  // `read_facts` passes each registration with the person of the latest link
  // run of the load (when there is one). A store without these tables keeps
  // the defaults, which refuse (kFailedPrecondition).

  // One record's identity as stored (views valid during the sink call).
  struct LinkIdentity {
    int64_t row_id = 0;           // rmi_entitlement.id or vdab_registration.id
    int64_t vdab_client_id = 0;   // 0 for an RMI record
    std::string_view person_ref;  // the imported pseudonym; empty when none
    std::string_view insz;        // as recorded; empty when missing
    bool insz_valid = false;
    std::string_view last_name;
    std::string_view first_name;
    std::string_view birth_date;  // YYYY-MM-DD; empty when missing
    char sex = 'X';               // 'M', 'F' or 'X'
    int postcode = 0;
  };
  class LinkInputSink {
   public:
    virtual ~LinkInputSink() = default;
    virtual void ocmw(const LinkIdentity& r) = 0;
    virtual void vdab(const LinkIdentity& r) = 0;
    virtual void identifier_change(std::string_view old_ref, std::string_view new_ref) = 0;
  };
  // Every RMI entitlement and VDAB registration of the snapshot of `load` with
  // its identity, and every identifier change. kNotFound for an unknown load.
  virtual Status read_link_input(int64_t /*load*/, LinkInputSink& /*sink*/) {
    return link_unsupported();
  }

  struct RecordLink {  // a registration whose person differs from the imported one
    int64_t registration_id = 0;
    std::string resolved_ref;
    std::string method;  // insz, client, probabilistic, reviewed, surrogate
    std::optional<double> weight;
  };
  struct LinkReviewItem {
    int64_t review_id = 0;  // set when read
    int64_t run_id = 0;     // idem
    std::string ocmw_ref;
    int64_t vdab_client_id = 0;
    double weight = 0;
    std::string reason;       // between_thresholds, competing, guard
    std::string levels_json;  // per field: level and weight, never values
  };
  struct LinkRun {
    int64_t run_id = 0;
    int64_t load_id = 0;
    std::string created_at;
    std::string summary_json;
  };
  // Stores a run with its record links and review items in one transaction;
  // returns the run id (`run.run_id` and `created_at` are ignored).
  virtual Result<int64_t> save_link_run(const LinkRun& /*run*/,
                                        const std::vector<RecordLink>& /*links*/,
                                        const std::vector<LinkReviewItem>& /*review*/) {
    return link_unsupported();
  }
  // The latest link run of `load` (default: of the latest load that has one).
  virtual Result<std::optional<LinkRun>> latest_link_run(std::optional<int64_t> /*load*/) {
    return link_unsupported();
  }
  // The review items of a run; with `open_only`, those without a decision
  // about their pair.
  virtual Result<std::vector<LinkReviewItem>> link_review(int64_t /*run_id*/, bool /*open_only*/) {
    return link_unsupported();
  }

  struct LinkDecision {
    std::string ocmw_ref;
    int64_t vdab_client_id = 0;
    bool match = false;
    std::string reviewer;
    std::string decided_at;            // set when read
    std::optional<int64_t> review_id;  // the item it settled, when known
  };
  // Records a reviewer's decision about the pair of review item `review_id`
  // (kNotFound for an unknown item).
  virtual Status decide_link(int64_t /*review_id*/, bool /*match*/, std::string_view /*reviewer*/) {
    return link_unsupported();
  }
  // Every pair's latest decision, for the next run.
  virtual Result<std::vector<LinkDecision>> link_decisions() { return link_unsupported(); }

 private:
  static std::unexpected<Error> link_unsupported() {
    return make_error(ErrorCode::kFailedPrecondition,
                      "this store does not support identity resolution");
  }
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

// The database URL as it may be shown: a PostgreSQL password (in the user
// part or as `password=`) is replaced by `***`.
std::string display_url(std::string_view url);

}  // namespace lap::store
