// The implementation of `Store` (store.h) over SQL, for SQLite and PostgreSQL
// alike (sql/database.h hides the client libraries; the SQL is shared, the
// few dialect differences are spelled out where they occur).
//
// SQLite: one database file in WAL mode, foreign keys on, a busy timeout for
// concurrent readers and writers; a write transaction is `BEGIN IMMEDIATE`, so
// a second writer waits instead of interleaving. PostgreSQL: one connection;
// READ COMMITTED transactions, imports and migrations serialised by advisory
// locks, concurrent updates of a row caught by its row_version.
//
// The schema is in src/lap/store/migrations/ (0001_initial.sql documents the
// tables and how dates are stored; postgresql/ holds the same versions in
// PostgreSQL's dialect). The import differs per database
// (sqlite/import_transaction.h, postgresql/import_transaction.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lap/store/migrations.h"
#include "lap/store/sql/database.h"
#include "lap/store/store.h"

namespace lap::store::sql {

class SqlStore final : public Store {
 public:
  // Opens the SQLite file `path` (`:memory:` for a private in-memory
  // database). `migrations` replaces the built-in list in tests.
  static Result<std::unique_ptr<SqlStore>> open(
      const std::string& path, OpenMode mode,
      std::vector<Migration> migrations = builtin_migrations(Dialect::kSqlite));
  // Connects to a PostgreSQL database (libpq URI or key=value string). With
  // kMustExist, a database without the schema is kNotFound.
  static Result<std::unique_ptr<SqlStore>> open_postgresql(
      const std::string& conninfo, OpenMode mode,
      std::vector<Migration> migrations = builtin_migrations(Dialect::kPostgresql));

  // StoreHealth, LoadStore (sql_store.cc) and Store.
  Result<int> schema_version() override;
  Status ping() override;
  bool connection_lost() const override { return db_.connection_lost(); }
  Status set_statement_timeout(std::chrono::milliseconds limit) override;
  Status migrate() override;
  Result<int64_t> key_row_hashes(const RowHashKeying& keyed,
                                 std::string_view key_fingerprint) override;
  Result<std::unique_ptr<ImportTransaction>> begin_import(const LoadInfo& info) override;
  Result<std::vector<DataLoad>> loads() override;
  Result<int64_t> current_load() override;

  // FactStore (fact_reader.cc; summary in sql_store.cc)
  Result<Summary> summary(std::optional<int64_t> load, const SummaryOptions& options) override;
  Status read_facts(int64_t load, const FactFilter& filter, FactSink& sink) override;
  Result<std::vector<measure::EntitlementTraits>> read_entitlement_traits(int64_t load) override;
  Result<std::optional<MonthRange>> work_month_range(int64_t load) override;
  Result<std::vector<std::string>> linked_persons(int64_t load,
                                                  std::string_view person_ref) override;

  // MeasureStore (measure_runs.cc)
  Result<int64_t> save_measure_run(const MeasureRun& run, const std::vector<StoredFigure>& figures,
                                   const RunProtection* protection) override;
  Result<std::optional<MeasureRun>> latest_measure_run(std::optional<int64_t> load) override;
  Result<std::optional<MeasureRun>> measure_run(int64_t run_id) override;
  Result<std::vector<StoredFigure>> measure_figures(int64_t run_id,
                                                    std::string_view indicator) override;
  Result<std::optional<RunProtection>> measure_protection(int64_t run_id) override;

  // AuditStore (measure_runs.cc)
  Status append_audit(const AuditEntry& entry) override;
  Status append_audits(const std::vector<AuditEntry>& entries) override;
  Result<std::vector<AuditEntry>> audit_for(std::string_view person_ref) override;
  Result<AuditVerification> verify_audit_log() override;

  // AuthStore (auth_tables.cc)
  Result<int64_t> create_user(const UserRecord& user) override;
  Result<std::optional<UserRecord>> user_by_name(std::string_view username) override;
  Result<std::optional<UserRecord>> user(int64_t id) override;
  Result<std::vector<UserRecord>> users() override;
  Status set_password(std::string_view username, std::string_view password_hash) override;
  Status set_disabled(std::string_view username, bool disabled) override;
  Status create_session(const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> session(std::string_view token_sha256) override;
  Status touch_session(std::string_view token_sha256, int64_t now_unix) override;
  Status delete_session(std::string_view token_sha256) override;
  Result<int64_t> delete_expired_sessions(int64_t idle_before, int64_t created_before) override;

  // PactStore (pact_calls.cc, pact_applications.cc, pact_annual_reports.cc)
  Status create_call(const pact::Call& call, std::string_view actor) override;
  Status add_call_version(std::string_view call_id, const pact::ParameterVersion& v) override;
  Result<std::vector<pact::Call>> calls() override;
  Result<std::optional<pact::Call>> call(std::string_view call_id) override;
  Result<bool> replace_pact_counts(const PactImport& info,
                                   const std::map<Nis, int64_t>& counts) override;
  Result<bool> replace_pact_results(
      const PactImport& info,
      const std::map<Nis, std::map<Month, pact::MonthResult>>& results) override;
  Result<std::optional<PactCounts>> pact_counts(std::string_view call_id,
                                                std::optional<int64_t> import_id) override;
  Result<std::optional<PactResults>> pact_results(std::string_view call_id,
                                                  std::optional<int64_t> import_id) override;
  Result<std::map<Nis, int64_t>> podmi_counts(int64_t load, Date reference_date) override;
  Result<std::map<Nis, int64_t>> leefloners_by_ocmw(int64_t load, Date date) override;
  Result<int64_t> create_application(const pact::Application& a, std::string_view actor) override;
  Result<std::optional<pact::Application>> application(int64_t id) override;
  Result<std::vector<pact::Application>> applications(std::string_view call_id) override;
  Result<int64_t> update_application(const pact::Application& a, std::string_view actor,
                                     std::string_view reason) override;
  Result<std::vector<pact::ApplicationEvent>> application_events(int64_t id) override;
  Result<std::vector<pact::ConsentEvent>> consent_events(int64_t id) override;
  Status record_settlement(std::string_view call_id, const std::vector<PactPayment>& payments,
                           const std::vector<pact::Application>& settled,
                           std::string_view actor) override;
  Result<std::vector<PactPayment>> pact_payments(std::string_view call_id) override;
  // (pact_decisions.cc)
  Result<int64_t> record_redistribution(const pact::RedistributionDecision& d,
                                        std::string_view actor) override;
  Result<std::vector<pact::RedistributionDecision>> redistributions(
      std::string_view call_id) override;
  Result<AnnualReportDocument> add_annual_report_document(const AnnualReportDocument& d) override;
  Result<std::optional<AnnualReportDocument>> annual_report_document(int64_t application_id,
                                                                     bool with_content) override;
  Result<std::vector<AnnualReportDocument>> annual_report_history(int64_t application_id) override;
  Result<std::map<int64_t, AnnualReportDocument>> current_annual_reports(
      std::string_view call_id) override;

  // LinkStore (link_tables.cc)
  Status read_link_input(int64_t load, std::optional<int64_t> since, LinkInputSink& sink) override;
  Result<int64_t> save_link_run(const LinkRun& run, const std::vector<RecordLink>& links,
                                const std::vector<LinkReviewItem>& review,
                                const std::vector<LinkUnit>& units) override;
  Result<std::vector<LinkUnit>> link_units(int64_t run_id) override;
  Result<std::optional<LinkRun>> latest_link_run(std::optional<int64_t> load) override;
  Result<std::vector<LinkReviewItem>> link_review(int64_t run_id, bool open_only) override;
  Status decide_link(int64_t review_id, bool match, std::string_view reviewer) override;
  Result<std::vector<LinkDecision>> link_decisions() override;

  // CaseStore (case_tables.cc)
  Result<int64_t> open_case(std::string_view person_ref, int ocmw_nis,
                            const CaseActor& actor) override;
  Result<std::optional<CaseFile>> case_file(int64_t case_id) override;
  Result<std::vector<CaseRecord>> cases_of(std::span<const std::string> person_refs) override;
  Result<int64_t> add_case_action(const CaseAction& action, const CaseActor& actor) override;
  Result<int64_t> update_case_action(const CaseAction& action, const CaseActor& actor) override;
  Result<int64_t> add_case_note(int64_t case_id, std::string_view text,
                                const CaseActor& actor) override;
  Result<int64_t> propose_handover(int64_t case_id, int64_t case_version, std::string_view reason,
                                   const CaseActor& actor) override;
  Status decide_handover(int64_t case_id, int64_t handover_id, int64_t case_version, bool accept,
                         std::string_view reason, const CaseActor& actor) override;
  // (case_followup.cc)
  Status take_case(int64_t case_id, const CaseActor& actor) override;
  Status close_case(int64_t case_id, int64_t case_version, Date on, std::string_view reason,
                    const CaseActor& actor) override;
  Result<int64_t> send_transmission(int64_t case_id, std::string_view reason, Date deadline,
                                    const CaseActor& actor) override;
  Status answer_transmission(int64_t case_id, int64_t transmission_id, std::string_view answer,
                             std::string_view reason, Date on, const CaseActor& actor) override;
  Result<int64_t> grant_exemption(const CaseExemption& exemption, const CaseActor& actor) override;
  Status review_exemption(int64_t case_id, int64_t exemption_id, int64_t row_version,
                          std::optional<Date> next_review, std::string_view reason,
                          const CaseActor& actor) override;
  Result<std::vector<CaseTask>> case_tasks(const TaskQuery& query) override;
  Result<cases::CaseFacts> case_figure_facts(Date from) override;
  Result<int64_t> latest_case_event() override;

  // IdentityStore (identity_tables.cc)
  Result<std::vector<IdentityRecord>> ocmw_identities(int64_t load,
                                                      std::span<const std::string> person_refs,
                                                      int ocmw_nis) override;
  Result<std::vector<IdentityRecord>> vdab_identities(int64_t load, std::optional<int64_t> link_run,
                                                      std::string_view person_ref) override;
  Result<std::optional<std::string>> person_of_insz(std::string_view insz) override;
  Result<std::vector<IdentityRecord>> search_identities(const IdentitySearch& search) override;

  // NotificationStore (notification_tables.cc)
  Result<std::vector<Notification>> notifications(std::string_view username, int limit) override;
  Status mark_notification_read(int64_t id, std::string_view username) override;
  Result<std::vector<Notification>> unmailed_notifications(int limit, int max_attempts) override;
  Status record_mailing(int64_t id, bool sent) override;

  // AdminStore (admin_tables.cc)
  Result<int64_t> add_user(const UserRecord& user, std::string_view actor) override;
  Status change_user(std::string_view username, const UserChange& change,
                     std::string_view actor) override;
  Result<std::map<std::string, std::string>> stored_settings() override;
  Status set_setting(std::string_view key, std::string_view value, std::string_view actor) override;
  Result<std::vector<cases::MunicipalityContacts>> contacts() override;
  Result<std::optional<cases::MunicipalityContacts>> contacts_of(Nis nis) override;
  Result<int64_t> set_contacts(const cases::MunicipalityContacts& contacts,
                               int64_t expected_version, std::string_view actor) override;
  Result<std::vector<AdminEvent>> admin_events(int limit) override;

  // AgreementStore (agreement_tables.cc)
  Result<std::vector<pact::CooperationAgreement>> agreements() override;
  Result<std::optional<pact::CooperationAgreement>> agreement(int64_t id) override;
  Result<int64_t> add_agreement(const pact::CooperationAgreement& a,
                                std::string_view actor) override;
  Result<int64_t> change_agreement(const pact::CooperationAgreement& a, int64_t expected_version,
                                   std::string_view actor) override;

  // ContextStore (context_tables.cc)
  Result<ContextImportResult> import_context_figures(
      const ContextImport& info, std::span<const formats::ContextFigureRow> rows) override;
  Result<std::vector<formats::ContextFigureRow>> context_figures() override;

  // The connection, for tests and tools that inspect the tables directly.
  Database& database() { return db_; }

 private:
  SqlStore(Database db, std::vector<Migration> migrations)
      : db_(std::move(db)), migrations_(std::move(migrations)) {}

  // Runs `body` inside a write transaction (ROLLBACK when it returns an
  // error); refused while an import is open.
  template <typename Fn>
  auto in_transaction(Fn&& body) -> decltype(body());
  Result<int64_t> write_application(const pact::Application& a, std::string_view actor,
                                    std::string_view reason);
  // create_user's insert, inside the caller's transaction (auth_tables.cc).
  Result<int64_t> insert_user(const UserRecord& user);
  // An administrative change's row in admin_event (admin_tables.cc).
  Status admin_event(std::string_view actor, std::string_view action, std::string_view subject,
                     std::string_view detail);
  // An agreement's actions, replacing those stored (agreement_tables.cc).
  Status write_agreement_actions(const pact::CooperationAgreement& a);

  // The registrations of a load as `read_facts` reads them: the table itself,
  // or with the persons of the load's latest link run (link_tables.cc).
  // `link_run`: nullopt the load's latest, 0 none.
  Result<std::string> registrations_with_links(int64_t load, std::optional<int64_t> link_run);
  // read_link_input's records retired after `since` up to `load` (link_tables.cc).
  Status read_retired_since(int64_t load, int64_t since, LinkInputSink& sink);

  Database db_;
  std::vector<Migration> migrations_;
  bool import_open_ = false;
};

template <typename Fn>
auto SqlStore::in_transaction(Fn&& body) -> decltype(body()) {
  if (import_open_) return make_error(ErrorCode::kInternal, "a write during an import");
  if (auto begun = db_.begin_write(); !begun) return std::unexpected(begun.error());
  auto result = body();
  if (!result) {
    (void)db_.exec("ROLLBACK");
    return result;
  }
  if (auto done = db_.exec("COMMIT"); !done) return std::unexpected(done.error());
  return result;
}

}  // namespace lap::store::sql
