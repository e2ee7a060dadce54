#include "lap/pact/service.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "lap/formats/exchange.h"
#include "lap/ingest/import.h"
#include "lap/pact/call_validation.h"
#include "lap/pact/merger.h"
#include "lap/pact/presets.h"
#include "lap/pact/settling.h"
#include "lap/store/pact_documents.h"

namespace lap::pact {
namespace {

Error invalid(std::string_view what, const Problems& problems) {
  std::string text(what);
  for (const auto& p : problems)
    text += "\n  " + p.to_string();
  return {ErrorCode::kInvalidArgument, text};
}

// Reads a call's table file: every row validated, problems collected.
template <typename Row, typename Reader, typename Keep>
Result<TableImport> read_table(const TableFile& file, const geo::Registry& registry, Date today,
                               Reader reader, Keep keep) {
  TableImport out;
  formats::Problems problems;
  auto rows = reader(
      formats::Input::memory(file.name, file.bytes), formats::ValidationContext{&registry, today},
      problems,
      [&](const Row& row, const formats::RowHash&, int64_t line) {
        if (auto rule = keep(row); !rule.empty()) {
          problems.add({file.name, line, 1, "", rule});
        }
      },
      formats::ReadOptions{});
  if (!rows) return std::unexpected(rows.error());
  out.rows = *rows;
  for (const auto& p : problems.list())
    out.problems.push_back(p.to_string());
  if (problems.count() > static_cast<int64_t>(problems.list().size())) {
    out.problems.push_back(
        fmt::format("... and {} more problems",
                    problems.count() - static_cast<int64_t>(problems.list().size())));
  }
  return out;
}

}  // namespace

std::string members_text(const SettlementUnit& unit) {
  std::string out;
  for (Nis n : unit.members)
    out += (out.empty() ? "" : "+") + n.to_string();
  return out;
}

Status PactService::ensure_presets() {
  for (const Call& c : preset_calls()) {
    auto known = store_.pact().call(c.id);
    if (!known) return std::unexpected(known.error());
    if (*known) continue;
    auto made = store_.pact().create_call(c, "preset");
    if (!made && made.error().code != ErrorCode::kAlreadyExists) return made;
  }
  return {};
}

Result<std::vector<Call>> PactService::calls() {
  return store_.pact().calls();
}

Result<Call> PactService::call(std::string_view id) {
  auto c = store_.pact().call(id);
  if (!c) return std::unexpected(c.error());
  if (!*c) return make_error(ErrorCode::kNotFound, fmt::format("there is no call '{}'", id));
  return std::move(**c);
}

Status PactService::create_call(const Call& c) {
  if (auto problems = validate_call(c); !problems.empty()) {
    return std::unexpected(invalid(fmt::format("call '{}' is not valid:", c.id), problems));
  }
  return store_.pact().create_call(c, actor_);
}

Status PactService::add_version(std::string_view id, Date valid_from, std::string note,
                                const CallParameters& parameters) {
  auto c = call(id);
  if (!c) return std::unexpected(c.error());
  Call next = *c;
  if (auto added = next.add_version(valid_from, std::move(note), parameters); !added) return added;
  if (auto problems = validate_call(next); !problems.empty()) {
    return std::unexpected(
        invalid(fmt::format("the new version of '{}' is not valid:", id), problems));
  }
  return store_.pact().add_call_version(id, next.latest());
}

Result<TableImport> PactService::import_counts(std::string_view call_id, const TableFile& file) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const Date counts_on = parameters(*c).counts_on;
  std::map<Nis, int64_t> counts;
  auto read = read_table<formats::PodmiCountRow>(
      file, registry_, today_, formats::read_podmi_counts,
      [&](const formats::PodmiCountRow& row) -> std::string {
        if (row.reference_date == counts_on) {
          counts[row.nis] = row.leefloon + row.equivalent_leefloon;
        }
        return {};
      });
  if (!read) return read;
  if (read->problems.empty() && counts.empty()) {
    read->problems.push_back(fmt::format("{}: no row has the call's reference date {}", file.name,
                                         counts_on.to_string()));
  }
  if (!read->problems.empty()) return read;
  auto sha = ingest::bytes_sha256(file.bytes);
  if (!sha) return std::unexpected(sha.error());
  store::PactImport info{0,
                         std::string(call_id),
                         store::PactTable::kCounts,
                         file.name,
                         *sha,
                         static_cast<int64_t>(counts.size()),
                         ""};
  auto changed = store_.pact().replace_pact_counts(info, counts);
  if (!changed) return std::unexpected(changed.error());
  read->changed = *changed;
  read->rows = static_cast<int64_t>(counts.size());
  return read;
}

Result<TableImport> PactService::import_results(std::string_view call_id, const TableFile& file) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  std::map<Nis, std::map<Month, MonthResult>> results;
  auto read = read_table<formats::LapResultRow>(
      file, registry_, today_, formats::read_lap_results,
      [&](const formats::LapResultRow& row) -> std::string {
        results[row.nis][row.month] = {row.confirmed, row.pending};
        return {};
      });
  if (!read || !read->problems.empty()) return read;
  auto sha = ingest::bytes_sha256(file.bytes);
  if (!sha) return std::unexpected(sha.error());
  store::PactImport info{
      0, std::string(call_id), store::PactTable::kResults, file.name, *sha, read->rows, ""};
  auto changed = store_.pact().replace_pact_results(info, results);
  if (!changed) return std::unexpected(changed.error());
  read->changed = *changed;
  return read;
}

Result<CountsInfo> PactService::counts(const Call& c, const ParameterVersion& v) {
  const Date on = v.parameters.counts_on;
  auto imported = store_.pact().pact_counts(c.id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) {
    return CountsInfo{Counts{CountSource::kCountTable, (*imported)->by_nis},
                      fmt::format("count table {} imported {}", (*imported)->import.file,
                                  (*imported)->import.imported_at)};
  }
  auto load = store_.current_load();
  if (!load) return std::unexpected(load.error());
  if (*load > 0) {
    auto podmi = store_.pact().podmi_counts(*load, on);
    if (!podmi) return std::unexpected(podmi.error());
    if (!podmi->empty()) {
      return CountsInfo{Counts{CountSource::kCountTable, std::move(*podmi)},
                        fmt::format("POD MI count table of data load {}", *load)};
    }
    auto linked = store_.pact().leefloners_by_ocmw(*load, on);
    if (!linked) return std::unexpected(linked.error());
    if (!linked->empty()) {
      auto chosen =
          choose_counts(std::nullopt, Counts{CountSource::kLinkedData, std::move(*linked)});
      if (!chosen) return std::unexpected(chosen.error());
      return CountsInfo{std::move(*chosen),
                        fmt::format("leefloners in the linked data of data load {}", *load)};
    }
  }
  return make_error(ErrorCode::kNotFound,
                    fmt::format("call '{}': no counts on {}; import a count table (lap pact "
                                "import-counts) or data with entitlements on that day",
                                c.id, on.to_string()));
}

Result<Werktabel> PactService::werktabel(std::string_view call_id, Date on) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const ParameterVersion& v = c->version_on(on);
  auto n = counts(*c, v);
  if (!n) return std::unexpected(n.error());
  return build_werktabel(v.parameters, c->ref(v), n->counts, &registry_);
}

Result<int64_t> PactService::apply(Application a) {
  auto c = call(a.call_id);
  if (!c) return std::unexpected(c.error());
  const CallParameters& p = parameters(*c);
  if (today_ > p.application_deadline) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("call '{}': the application deadline {} has passed", c->id,
                                  p.application_deadline.to_string()));
  }
  auto w = werktabel(a.call_id, today_);
  if (!w) return std::unexpected(w.error());
  if (auto problems = validate_application(a, p, *w, registry_, false); !problems.empty()) {
    return std::unexpected(invalid("the application is not valid:", problems));
  }
  if (auto started = start_consents(a); !started) return std::unexpected(started.error());
  a.status = ApplicationStatus::kDraft;
  a.advance_paid.reset();
  a.annual_report_approved.reset();
  return store_.pact().create_application(a, actor_);
}

Result<Application> PactService::application(int64_t id) {
  auto a = store_.pact().application(id);
  if (!a) return std::unexpected(a.error());
  if (!*a) return make_error(ErrorCode::kNotFound, fmt::format("there is no application {}", id));
  return std::move(**a);
}

Result<std::vector<Application>> PactService::applications(std::string_view call_id) {
  if (auto c = call(call_id); !c) return std::unexpected(c.error());
  return store_.pact().applications(call_id);
}

Status PactService::edit(const Application& changed) {
  auto a = application(changed.id);
  if (!a) return std::unexpected(a.error());
  if (a->status != ApplicationStatus::kDraft) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("application {} is {}; only a draft can be changed", a->id,
                                  application_status_name(a->status)));
  }
  if (!a->lead) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("aanvraag {} heeft geen gekende trekker en kan niet meer "
                                  "gewijzigd worden; elk lid kan wel toestemmen",
                                  a->id));
  }
  auto c = call(a->call_id);
  if (!c) return std::unexpected(c.error());
  auto w = werktabel(a->call_id, today_);
  if (!w) return std::unexpected(w.error());
  Application next = *a;
  next.row_version = changed.row_version;
  next.plan = changed.plan;
  next.actions = changed.actions;
  next.agreement_ref = changed.agreement_ref;
  next.members = changed.members;
  next.consortium_settlement = changed.consortium_settlement;
  if (auto problems = validate_application(next, parameters(*c), *w, registry_, false);
      !problems.empty()) {
    return std::unexpected(invalid("the application is not valid:", problems));
  }
  renew_consents(*a, next);
  auto written = store_.pact().update_application(next, actor_, "");
  if (!written) return std::unexpected(written.error());
  return {};
}

Status PactService::consent(int64_t id, int64_t row_version, Nis member, Consent given) {
  auto a = application(id);
  if (!a) return std::unexpected(a.error());
  if (auto set = set_consent(*a, member, given); !set) return set;
  if (given == Consent::kConsented) {
    auto apps = store_.pact().applications(a->call_id);
    if (!apps) return std::unexpected(apps.error());
    auto taken = members_elsewhere(*a, *apps, false);
    if (std::ranges::find(taken, member) != taken.end()) {
      return std::unexpected(taken_error({member}));
    }
  }
  a->row_version = row_version;
  auto written = store_.pact().update_application(*a, actor_, "");
  if (!written) return std::unexpected(written.error());
  return {};
}

// Submitting needs every member's consent and no member in another submitted
// or participating application; approving, no member in another participating one.
Status PactService::check_members(const Application& a, ApplicationStatus to) {
  if (to != ApplicationStatus::kSubmitted && to != ApplicationStatus::kApproved) return {};
  if (to == ApplicationStatus::kSubmitted) {
    if (auto ok = check_consents(a); !ok) return ok;
  }
  auto apps = store_.pact().applications(a.call_id);
  if (!apps) return std::unexpected(apps.error());
  auto taken = members_elsewhere(a, *apps, to == ApplicationStatus::kApproved);
  if (!taken.empty()) return std::unexpected(taken_error(taken));
  return {};
}

Status PactService::change_status(int64_t id, int64_t row_version, ApplicationStatus to,
                                  const std::string& reason, std::optional<Money> advance_paid) {
  auto a = application(id);
  if (!a) return std::unexpected(a.error());
  auto c = call(a->call_id);
  if (!c) return std::unexpected(c.error());
  const CallParameters& p = parameters(*c);
  if (auto ok = check_transition(*a, to, p, today_, reason); !ok) return ok;
  a->row_version = row_version;
  if (to == ApplicationStatus::kSubmitted) {
    auto w = werktabel(a->call_id, today_);
    if (!w) return std::unexpected(w.error());
    if (auto problems = validate_application(*a, p, *w, registry_, true); !problems.empty()) {
      return std::unexpected(invalid("the application cannot be submitted:", problems));
    }
  }
  if (auto ok = check_members(*a, to); !ok) return ok;
  if (to == ApplicationStatus::kApproved) {
    auto apps = store_.pact().applications(a->call_id);
    if (!apps) return std::unexpected(apps.error());
    auto w = werktabel(a->call_id, today_);
    if (!w) return std::unexpected(w.error());
    auto due = approval_advance(*a, std::move(*apps), *w, p, today_);
    if (!due) return std::unexpected(due.error());
    a->advance_paid = advance_paid.value_or(*due);
  }
  if (to == ApplicationStatus::kRefused) a->status_reason = reason;
  a->status = to;
  auto written = store_.pact().update_application(*a, actor_, reason);
  if (!written) return std::unexpected(written.error());
  return {};
}

Status PactService::record_annual_report(int64_t id, int64_t row_version, Date approved) {
  auto a = application(id);
  if (!a) return std::unexpected(a.error());
  if (a->status != ApplicationStatus::kApproved && a->status != ApplicationStatus::kRunning) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("application {} is {}; an annual report belongs to an approved "
                                  "or running application",
                                  id, application_status_name(a->status)));
  }
  a->row_version = row_version;
  a->annual_report_approved = approved;
  auto written = store_.pact().update_application(*a, actor_, "");
  if (!written) return std::unexpected(written.error());
  return {};
}

Result<Participants> PactService::participants(const Call& c) {
  const CallParameters& p = parameters(c);
  auto w = werktabel(c.id, today_);
  if (!w) return std::unexpected(w.error());
  auto apps = store_.pact().applications(c.id);
  if (!apps) return std::unexpected(apps.error());
  auto red = redistribute(*w, participations(*apps), p.redistribution_cap);
  if (!red) return std::unexpected(red.error());
  Participants out;
  out.redistributed = today_ > p.application_deadline;
  out.table = rights_in_force(std::move(*red), p, today_);
  out.held = held_applications(*apps);
  out.applications = std::move(*apps);
  return out;
}

Result<Participants> PactService::participants(std::string_view call_id) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  return participants(*c);
}

Result<std::vector<SettlementUnit>> PactService::units(const Call& c, const Participants& parts) {
  const CallParameters& p = parameters(c);
  auto built = build_units(parts.table, consortia(without_held(parts.applications, parts.held)), p,
                           registry_);
  if (!built) return std::unexpected(built.error());
  return apply_mergers(without_held(std::move(*built), parts.held), registry_, p.counts_on,
                       p.period_end);
}

Result<PactService::Results> PactService::results(const Call& c) {
  const MonthRange period = parameters(c).period_months();
  auto imported = store_.pact().pact_results(c.id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) {
    Results r;
    r.table.by_nis = (*imported)->by_nis;
    auto chosen = choose_results(std::move(r.table), std::nullopt);
    if (!chosen) return std::unexpected(chosen.error());
    r.table = std::move(*chosen);
    r.origin = fmt::format("VDAB results table {} imported {}", (*imported)->import.file,
                           (*imported)->import.imported_at);
    r.last = last_result_month(r.table, period.first());
    return r;
  }
  if (!engine_) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("call '{}': no results; import VDAB's results table (lap pact "
                                  "import-results) or measure data",
                                  c.id));
  }
  auto computed = engine_->compute(period);
  if (!computed) return std::unexpected(computed.error());
  auto chosen = choose_results(std::nullopt, std::move(*computed));
  if (!chosen) return std::unexpected(chosen.error());
  auto end = engine_->data_end();
  if (!end) return std::unexpected(end.error());
  return Results{std::move(*chosen), "measurement engine, " + engine_->origin,
                 std::max(period.first(), std::min(period.last(), *end))};
}

Result<PactService::Standing> PactService::standing(std::string_view call_id) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  auto parts = participants(*c);
  if (!parts) return std::unexpected(parts.error());
  auto u = units(*c, *parts);
  if (!u) return std::unexpected(u.error());
  auto r = results(*c);
  if (!r) return std::unexpected(r.error());
  return Standing{std::move(*c), std::move(*parts), std::move(*u), std::move(*r)};
}

Result<Progress> PactService::progress(std::string_view call_id, std::optional<Month> through) {
  auto st = standing(call_id);
  if (!st) return std::unexpected(st.error());
  const Call* c = &st->call;
  const ParameterVersion& v = c->version_on(today_);
  const CallParameters& p = v.parameters;
  auto* r = &st->results;
  const Month last = through.value_or(r->last);
  if (last < p.period_months().first()) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("the period of '{}' starts in {}", c->id,
                                  p.period_months().first().to_string()));
  }
  std::optional<OutflowHistory> history;
  if (engine_ && r->table.source == ResultSource::kMeasurementEngine) {
    auto h = engine_->compute(MonthRange(p.period_months().first() - 11, last));
    if (!h) return std::unexpected(h.error());
    history = outflow_history(*h);
  }
  Progress out;
  out.units = std::move(st->units);
  out.follow_up = follow_up(out.units, p, c->ref(v), r->table, history ? &*history : nullptr, last);
  out.results_origin = r->origin;
  out.held = st->participants.held;
  return out;
}

Result<Statements> PactService::statements(std::string_view call_id) {
  auto st = standing(call_id);
  if (!st) return std::unexpected(st.error());
  const Call* c = &st->call;
  const ParameterVersion& v = c->version_on(today_);
  const CallParameters& p = v.parameters;
  const Results& r = st->results;
  Statements out;
  out.version = c->ref(v);
  out.results_origin = r.origin;
  out.held = st->participants.held;
  for (const auto& unit : st->units) {
    const int64_t result =
        cumulative_result(unit, r.table, p.period_months(), p.period_months().last()).confirmed;
    const SettlementInput in = settlement_input(unit, st->participants.applications, result);
    out.statements.push_back(pact::settle(unit, p, out.version, in));
  }
  return out;
}

Result<std::vector<PaymentStatement>> PactService::settle(std::string_view call_id) {
  auto s = statements(call_id);
  if (!s) return std::unexpected(s.error());
  auto done = store_.pact().pact_payments(call_id);
  if (!done) return std::unexpected(done.error());
  std::set<std::string> settled_units;
  for (const auto& p : *done)
    settled_units.insert(p.unit_id);
  auto apps = store_.pact().applications(call_id);
  if (!apps) return std::unexpected(apps.error());
  std::vector<store::PactPayment> payments;
  std::vector<Application> to_settle;
  std::vector<PaymentStatement> recorded;
  for (const auto& st : s->statements) {
    if (settled_units.contains(st.unit_id)) continue;
    auto mine = applications_to_settle(st, *apps);
    if (mine.empty()) continue;
    to_settle.insert(to_settle.end(), mine.begin(), mine.end());
    payments.push_back({st.unit_id, st.balance, store::payment_statement_json(st), "", ""});
    recorded.push_back(st);
  }
  if (!payments.empty()) {
    if (auto ok = store_.pact().record_settlement(call_id, payments, to_settle, actor_); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return recorded;
}

Result<Simulation> PactService::simulate(std::string_view call_id, const Scenario& scenario,
                                         std::optional<Month> through) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const ParameterVersion& v = c->version_on(today_);
  auto n = counts(*c, v);
  if (!n) return std::unexpected(n.error());
  SimulationInput in;
  in.parameters = v.parameters;
  in.version = c->ref(v);
  in.counts = n->counts;
  auto apps = store_.pact().applications(call_id);
  if (!apps) return std::unexpected(apps.error());
  for (const auto& p : participations(*apps))
    in.participants.push_back(p.nis);
  // Expected R: the outflow of the last 12 months, scaled to the period.
  const MonthRange period = v.parameters.period_months();
  const int64_t months = period.size();
  std::optional<ResultsTable> table;
  Month last = period.last();
  auto imported = store_.pact().pact_results(call_id);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) {
    table = ResultsTable{ResultSource::kImportedVdabTable, (*imported)->by_nis};
    last = last_result_month(*table, period.first());
  } else if (engine_) {
    auto end = engine_->data_end();
    if (!end) return std::unexpected(end.error());
    last = *end;
  }
  if (through) last = *through;
  if (!table && engine_) {
    auto computed = engine_->compute(MonthRange(last - 11, last));
    if (!computed) return std::unexpected(computed.error());
    table = std::move(*computed);
  }
  if (table) in.outflow = expected_outflow(*table, last, months);
  return pact::simulate(in, scenario);
}

}  // namespace lap::pact
