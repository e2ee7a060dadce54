// The Lokaal Activeringspact (migration 0003_pact.sql): calls and their
// parameter versions, the imported count and result tables, applications
// with their history and consents, the uploaded annual reports (0011), the
// final payments, and WSE's redistribution decisions (0010_pact_decisions.sql).
// Every change is
// one transaction; an application is version-checked (row_version), so two
// servers changing it at once cannot lose an update.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/pact/application.h"
#include "lap/pact/call.h"
#include "lap/pact/decision.h"
#include "lap/pact/followup.h"

namespace lap::store {

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

// An uploaded annual content and financial report of an application (a PDF;
// migration 0011_annual_report.sql). Listed without `content`; read with it.
struct AnnualReportDocument {
  int64_t document_id = 0;  // set by the store
  int64_t application_id = 0;
  std::string file_name;
  int64_t size = 0;  // bytes
  std::string sha256;
  std::string content;      // the file's bytes (empty when listed)
  std::string uploaded_at;  // set by the store
  std::string uploaded_by;
};

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
  // The current imported tables of a call (nullopt when none was imported),
  // or with `import_id` that import of the call's table, current or replaced
  // (nullopt when there is none): what a recorded statement used.
  virtual Result<std::optional<PactCounts>> pact_counts(std::string_view call_id,
                                                        std::optional<int64_t> import_id) = 0;
  virtual Result<std::optional<PactResults>> pact_results(std::string_view call_id,
                                                          std::optional<int64_t> import_id) = 0;

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

  // Stores an uploaded annual report as the application's current one (the
  // earlier ones stay as history); returns it without content, with its id
  // and uploaded_at. kNotFound for an unknown application.
  virtual Result<AnnualReportDocument> add_annual_report_document(
      const AnnualReportDocument& d) = 0;
  // The application's current annual report (the last uploaded), with its
  // content when `with_content`; nullopt when none was uploaded.
  virtual Result<std::optional<AnnualReportDocument>> annual_report_document(int64_t application_id,
                                                                             bool with_content) = 0;
  // Every upload of the application, oldest first, without content.
  virtual Result<std::vector<AnnualReportDocument>> annual_report_history(
      int64_t application_id) = 0;
  // The current annual report of every application of the call that has
  // one, by application id, without content.
  virtual Result<std::map<int64_t, AnnualReportDocument>> current_annual_reports(
      std::string_view call_id) = 0;

  // Records final payment statements and moves the given applications to
  // settled (version-checked as update_application), all in one transaction.
  virtual Status record_settlement(std::string_view call_id,
                                   const std::vector<PactPayment>& payments,
                                   const std::vector<pact::Application>& settled,
                                   std::string_view actor) = 0;
  virtual Result<std::vector<PactPayment>> pact_payments(std::string_view call_id) = 0;

  // Records WSE's redistribution decision `d` (decision.h) with its
  // applications and rights in one transaction and returns its number.
  // kFailedPrecondition when `d.number` is not the latest number + 1 or
  // `d.supersedes` not the latest (someone decided meanwhile); kNotFound for
  // an unknown call. `decided_at` and `decided_by` are set here.
  virtual Result<int64_t> record_redistribution(const pact::RedistributionDecision& d,
                                                std::string_view actor) = 0;
  // Every decision of a call, oldest first.
  virtual Result<std::vector<pact::RedistributionDecision>> redistributions(
      std::string_view call_id) = 0;
};

}  // namespace lap::store
