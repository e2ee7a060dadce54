// The Lokaal Activeringspact as operations on a store (domain.md §4): what the
// `lap pact` commands and the API call. Each operation reads what it needs
// from the store, applies the pure rules of this directory and, for changes,
// writes in one transaction.
//
// Sources, in order of precedence (every table says which one it used):
//   counts N   an imported count table for the call (`import_counts`), else
//              the POD MI count table of the latest delivery on the call's
//              reference date, else the leefloners counted in the linked data
//   results    an imported VDAB results table (`import_results`), else the
//              measurement engine (indicator 2 of domain.md §3), given as a callback
//              so this library does not depend on how timelines are built
//
// Redistribution (domain.md §4 rule 2) is WSE's decision (decision.h), taken
// on a day after the application deadline (`decide_redistribution`); until
// then, and for participants it did not count, participants hold their own
// rights. Every table says which decision it used.
//
// Frozen inputs (inputs.h): progress and statements say which parameter
// version, decision, counts and results they used; settled statements record
// them, and `verify_settlement` recomputes every settled statement from what
// it recorded.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/geo/registry.h"
#include "lap/pact/application.h"
#include "lap/pact/call.h"
#include "lap/pact/consent.h"
#include "lap/pact/decision.h"
#include "lap/pact/followup.h"
#include "lap/pact/inputs.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/settlement.h"
#include "lap/pact/simulator.h"
#include "lap/pact/unit.h"
#include "lap/pact/werktabel.h"
#include "lap/store/store.h"

namespace lap::pact {

// The measurement engine as seen by the LAP: `compute(months)` gives the
// monthly sustainable-outflow starts per OCMW for `months`, each person counted
// once from months.first() on (the engine's lap_result); `data_end()` is the
// last month with data; `origin` says which data (`data load 3, link run 4`)
// and `data` the same as ids. Both functions may build the timelines on first use.
struct EngineResults {
  std::function<Result<ResultsTable>(MonthRange months)> compute;
  std::function<Result<Month>()> data_end;
  std::string origin;
  DataRef data;
};
// The engine on a given data load and link run (to recompute from recorded inputs).
using EngineFactory = std::function<Result<EngineResults>(const DataRef& data)>;

struct CountsInfo {
  Counts counts;
  std::string origin;  // e.g. `imported file podmi.csv (2026-11-23T10:00:00Z)`
  SourceRef source;
};

// The participants' rights as they stand on a date.
struct Participants {
  Redistribution table;
  std::optional<DecisionRef> decision;  // the redistribution decision in force
  bool after_deadline = false;
  std::vector<Nis> outside_decision;  // participants not counted by the decision
  std::vector<Application> applications;
  // Participating applications that share a member with another one (data
  // from before consent.h's rule): left out of units, progress and statements.
  std::vector<HeldApplication> held;
};

struct Progress {
  FollowUp follow_up;
  std::vector<SettlementUnit> units;
  std::string results_origin;
  std::vector<HeldApplication> held;  // left out (see Participants)
  FrozenInputs inputs;
  bool after_deadline = false;
};

struct Statements {
  VersionRef version;
  std::vector<PaymentStatement> statements;  // by unit id, each with `inputs`
  std::string results_origin;
  std::vector<HeldApplication> held;  // left out (see Participants)
  FrozenInputs inputs;
  bool after_deadline = false;
};

// A settled statement recomputed from the inputs it recorded.
struct StatementCheck {
  std::string unit_id;
  bool identical = false;
  std::string recorded;    // the statement's JSON as settled
  std::string recomputed;  // the same from its recorded inputs (empty when it failed)
  std::string problem;     // why it could not be recomputed
};

// A call's table file as read or uploaded: its bytes and the name that
// problems cite (`name:line:column`) and the store records.
struct TableFile {
  std::string name;
  std::string_view bytes;
};

// A file import of a call's table.
struct TableImport {
  bool changed = false;  // false: the same file was imported before
  int64_t rows = 0;
  std::vector<std::string> problems;  // `file:line:column: [column] rule`; nothing stored if any
};

// An uploaded document: the name the store records and a download offers, and
// its bytes.
struct DocumentFile {
  std::string name;
  std::string_view bytes;
};

class PactService {
 public:
  // `today` decides the parameter version in force, the deadline and
  // redistribution; `actor` is recorded with every change.
  PactService(store::Store& store, const geo::Registry& registry, Date today, std::string actor,
              std::optional<EngineResults> engine = std::nullopt)
      : store_(store),
        registry_(registry),
        today_(today),
        actor_(std::move(actor)),
        engine_(std::move(engine)) {}

  // Inserts the preset calls (LAP 2023, LAP 2024) that are not stored yet.
  Status ensure_presets();

  // Calls.
  Result<std::vector<Call>> calls();
  Result<Call> call(std::string_view id);
  // Validates (every problem in the message, one per line) and stores.
  Status create_call(const Call& call);
  // Appends a version with `changes` applied to the latest parameters.
  Status add_version(std::string_view id, Date valid_from, std::string note,
                     const CallParameters& parameters);

  // Imports a POD MI count table (podmi_counts.csv format, rows of the call's
  // reference date) or a VDAB results table (lap_results.csv format) from the
  // file's bytes; problems and the stored import carry `file.name`.
  Result<TableImport> import_counts(std::string_view call_id, const TableFile& file);
  Result<TableImport> import_results(std::string_view call_id, const TableFile& file);

  Result<CountsInfo> counts(const Call& call, const ParameterVersion& v);
  // The werktabel with the parameter version in force on `on`.
  Result<Werktabel> werktabel(std::string_view call_id, Date on);

  // Applications (consent.h: the lead, the members' consent, one application
  // per municipality and call). `apply` stores a draft made by `a.lead` (a
  // single municipality: itself).
  Result<int64_t> apply(Application a);
  Result<Application> application(int64_t id);
  Result<std::vector<Application>> applications(std::string_view call_id);
  // Replaces plan, actions, agreement and engagements of a draft (the lead
  // stays); a changed content asks the other members' consent again.
  Status edit(const Application& a);
  // A member's consent to (or declining of) a draft, version-checked.
  Status consent(int64_t id, int64_t row_version, Nis member, Consent consent);
  // A status change (with a reason for a refusal). Approval records the
  // advance as paid (`advance_paid`, default: the rule's advance).
  Status change_status(int64_t id, int64_t row_version, ApplicationStatus to,
                       const std::string& reason, std::optional<Money> advance_paid = std::nullopt);
  // The council's approval of the annual report (the gate for the final payment).
  Status record_annual_report(int64_t id, int64_t row_version, Date approved);

  // The annual report as a document (service_documents.cc, annual_report.h):
  // an upload (a PDF, for an approved or running application) becomes the
  // application's current document, the earlier ones stay as history; read
  // back with its bytes (kNotFound when none was uploaded); and the current
  // document of every application of a call that has one, without bytes.
  Result<store::AnnualReportDocument> upload_annual_report(int64_t id, const DocumentFile& file);
  Result<store::AnnualReportDocument> annual_report_document(int64_t id);
  Result<std::map<int64_t, store::AnnualReportDocument>> annual_reports(std::string_view call_id);

  Result<Participants> participants(std::string_view call_id);

  // WSE's redistribution decision on today (after the deadline), superseding
  // the latest one; recorded and returned.
  Result<RedistributionDecision> decide_redistribution(std::string_view call_id, std::string note);
  // Every decision of a call, oldest first.
  Result<std::vector<RedistributionDecision>> redistributions(std::string_view call_id);
  // Settlement units after consortia and the mergers of 1 Jan 2025, without
  // the members of held applications.
  Result<std::vector<SettlementUnit>> units(const Call& call, const Participants& p);

  // Monthly follow-up through `through` (default: the last month with results).
  Result<Progress> progress(std::string_view call_id, std::optional<Month> through);
  // The payment statements on the results known now.
  Result<Statements> statements(std::string_view call_id);
  // Records the statements that are not held and moves their applications to
  // settled; returns the statements recorded.
  Result<std::vector<PaymentStatement>> settle(std::string_view call_id);
  // Recomputes every settled statement of the call from the inputs it
  // recorded (the engine through `set_engine_factory` when they name a data
  // load) and compares it with what was recorded, by unit id.
  Result<std::vector<StatementCheck>> verify_settlement(std::string_view call_id);
  void set_engine_factory(EngineFactory factory) { engine_factory_ = std::move(factory); }

  // The what-if simulator on the call's current counts, participants (default:
  // the participating applications) and the outflow of the last 12 months
  // through `through`, scaled to the period's length.
  Result<Simulation> simulate(std::string_view call_id, const Scenario& scenario,
                              std::optional<Month> through);

 private:
  struct Results {
    ResultsTable table;
    std::string origin;
    Month last;  // the last month with results
    SourceRef source;
  };
  // The results now (`frozen` nullopt) or from a recorded source.
  Result<Results> results(const Call& call, const CallParameters& p,
                          const std::optional<SourceRef>& frozen);
  Result<Results> results_of_engine(const CallParameters& p, const EngineResults& engine);
  Result<std::vector<SettlementUnit>> units(const CallParameters& p, const Participants& parts);
  // The counts from a source (an import of the call or a data load).
  Result<CountsInfo> counts_from(const Call& c, const ParameterVersion& v, const SourceRef& source);
  // What progress and statements start from: the call, its participants and
  // settlement units, and the results; now (`frozen` null) or as recorded.
  struct Standing {
    Call call;
    int version = 0;
    Participants participants;
    std::vector<SettlementUnit> units;
    Results results;
    FrozenInputs inputs;
    const CallParameters& parameters() const { return call.version(version)->parameters; }
  };
  Result<Standing> standing(std::string_view call_id, const FrozenInputs* frozen);
  // The rights of the participants on the werktabel of `v` and `counts` under
  // the decision in force today (or the recorded one with `frozen`).
  Result<Participants> participants(const Call& call, const ParameterVersion& v,
                                    const CountsInfo& counts, const FrozenInputs* frozen);
  std::vector<PaymentStatement> compute_statements(const Standing& st) const;
  Status check_members(const Application& a, ApplicationStatus to);
  // The registered cooperation agreement `a` refers to exists and concerns
  // one of its members today (kInvalidArgument otherwise).
  Status check_agreement(const Application& a);
  const CallParameters& parameters(const Call& call) const {
    return call.version_on(today_).parameters;
  }

  store::Store& store_;
  const geo::Registry& registry_;
  Date today_;
  std::string actor_;
  std::optional<EngineResults> engine_;
  EngineFactory engine_factory_;
};

// The current data load and its latest link run (load 0: no data yet).
Result<DataRef> current_data(store::Store& store);

// `11001`, `11001+11004`: the NIS codes of a unit for people.
std::string members_text(const SettlementUnit& unit);

}  // namespace lap::pact
