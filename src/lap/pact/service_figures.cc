// PactService, a call's figures (service.h): counts, the rights in force under
// WSE's redistribution decision, results, follow-up, payment statements, the
// settlement and its verification from recorded inputs, and the simulator.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "lap/pact/merger.h"
#include "lap/pact/service.h"
#include "lap/pact/settling.h"
#include "lap/store/pact_documents.h"

namespace lap::pact {

Result<DataRef> current_data(store::Store& store) {
  auto load = store.current_load();
  if (!load) return std::unexpected(load.error());
  DataRef out{*load, std::nullopt};
  if (*load == 0) return out;
  auto run = store.latest_link_run(*load);
  if (!run) return std::unexpected(run.error());
  if (*run) out.link_run_id = (*run)->run_id;
  return out;
}

Result<CountsInfo> PactService::counts(const Call& c, const ParameterVersion& v) {
  auto imported = store_.pact().pact_counts(c.id, std::nullopt);
  if (!imported) return std::unexpected(imported.error());
  if (*imported) {
    const auto& i = (*imported)->import;
    return counts_from(c, v, SourceRef{TableImportRef{i.import_id, i.file, i.sha256}, {}});
  }
  auto load = store_.current_load();
  if (!load) return std::unexpected(load.error());
  if (*load > 0) return counts_from(c, v, SourceRef{{}, DataRef{*load, std::nullopt}});
  return make_error(ErrorCode::kNotFound,
                    fmt::format("call '{}': no counts on {}; import a count table (lap pact "
                                "import-counts) or data with entitlements on that day",
                                c.id, v.parameters.counts_on.to_string()));
}

Result<CountsInfo> PactService::counts_from(const Call& c, const ParameterVersion& v,
                                            const SourceRef& source) {
  const Date on = v.parameters.counts_on;
  if (source.table) {
    auto imported = store_.pact().pact_counts(c.id, source.table->import_id);
    if (!imported) return std::unexpected(imported.error());
    if (!*imported) {
      return make_error(ErrorCode::kNotFound, fmt::format("call '{}': count table {} is not stored",
                                                          c.id, source.to_string()));
    }
    return CountsInfo{Counts{CountSource::kCountTable, (*imported)->by_nis},
                      fmt::format("count table {} imported {}", (*imported)->import.file,
                                  (*imported)->import.imported_at),
                      source};
  }
  const int64_t load = source.data ? source.data->load_id : 0;
  auto podmi = store_.pact().podmi_counts(load, on);
  if (!podmi) return std::unexpected(podmi.error());
  if (!podmi->empty()) {
    return CountsInfo{Counts{CountSource::kCountTable, std::move(*podmi)},
                      fmt::format("POD MI count table of data load {}", load), source};
  }
  auto linked = store_.pact().leefloners_by_ocmw(load, on);
  if (!linked) return std::unexpected(linked.error());
  if (linked->empty()) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("call '{}': no counts on {} in data load {}; import a count "
                                  "table (lap pact import-counts)",
                                  c.id, on.to_string(), load));
  }
  auto chosen = choose_counts(std::nullopt, Counts{CountSource::kLinkedData, std::move(*linked)});
  if (!chosen) return std::unexpected(chosen.error());
  return CountsInfo{std::move(*chosen),
                    fmt::format("leefloners in the linked data of data load {}", load), source};
}

Result<Participants> PactService::participants(const Call& c, const ParameterVersion& v,
                                               const CountsInfo& n, const FrozenInputs* frozen) {
  const CallParameters& p = v.parameters;
  auto w = build_werktabel(p, c.ref(v), n.counts, &registry_);
  if (!w) return std::unexpected(w.error());
  auto apps = store_.pact().applications(c.id);
  if (!apps) return std::unexpected(apps.error());
  auto decisions = store_.pact().redistributions(c.id);
  if (!decisions) return std::unexpected(decisions.error());
  const RedistributionDecision* decision = nullptr;
  if (frozen) {
    if (frozen->decision) {
      auto it =
          std::ranges::find(*decisions, frozen->decision->number, &RedistributionDecision::number);
      if (it == decisions->end()) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("call '{}': redistribution decision {} is not stored", c.id,
                                      frozen->decision->number));
      }
      decision = &*it;
    }
  } else {
    decision = decision_in_force(*decisions, today_);
  }
  auto rights = rights_in_force(*w, participations(*apps), p, decision);
  if (!rights) return std::unexpected(rights.error());
  Participants out;
  out.table = std::move(rights->table);
  out.decision = rights->decision;
  out.outside_decision = std::move(rights->outside_decision);
  out.after_deadline = today_ > p.application_deadline;
  out.held = held_applications(*apps);
  out.applications = std::move(*apps);
  return out;
}

Result<Participants> PactService::participants(std::string_view call_id) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const ParameterVersion& v = c->version_on(today_);
  auto n = counts(*c, v);
  if (!n) return std::unexpected(n.error());
  return participants(*c, v, *n, nullptr);
}

Result<RedistributionDecision> PactService::decide_redistribution(std::string_view call_id,
                                                                  std::string note) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const ParameterVersion& v = c->version_on(today_);
  auto n = counts(*c, v);
  if (!n) return std::unexpected(n.error());
  auto w = build_werktabel(v.parameters, c->ref(v), n->counts, &registry_);
  if (!w) return std::unexpected(w.error());
  auto apps = store_.pact().applications(c->id);
  if (!apps) return std::unexpected(apps.error());
  auto decisions = store_.pact().redistributions(c->id);
  if (!decisions) return std::unexpected(decisions.error());
  const RedistributionDecision* previous = decisions->empty() ? nullptr : &decisions->back();
  auto d = pact::decide_redistribution(*w, without_held(*apps, held_applications(*apps)),
                                       v.parameters, today_, previous);
  if (!d) return std::unexpected(d.error());
  d->note = std::move(note);
  d->counts_origin = n->origin;
  auto number = store_.pact().record_redistribution(*d, actor_);
  if (!number) return std::unexpected(number.error());
  auto stored = store_.pact().redistributions(c->id);
  if (!stored) return std::unexpected(stored.error());
  return stored->back();
}

Result<std::vector<RedistributionDecision>> PactService::redistributions(std::string_view call_id) {
  return store_.pact().redistributions(call_id);
}

Result<std::vector<SettlementUnit>> PactService::units(const Call& c, const Participants& parts) {
  return units(parameters(c), parts);
}

Result<std::vector<SettlementUnit>> PactService::units(const CallParameters& p,
                                                       const Participants& parts) {
  auto built = build_units(parts.table, consortia(without_held(parts.applications, parts.held)), p,
                           registry_);
  if (!built) return std::unexpected(built.error());
  return apply_mergers(without_held(std::move(*built), parts.held), registry_, p.counts_on,
                       p.period_end);
}

Result<PactService::Results> PactService::results_of_engine(const CallParameters& p,
                                                            const EngineResults& engine) {
  const MonthRange period = p.period_months();
  auto computed = engine.compute(period);
  if (!computed) return std::unexpected(computed.error());
  auto chosen = choose_results(std::nullopt, std::move(*computed));
  if (!chosen) return std::unexpected(chosen.error());
  auto end = engine.data_end();
  if (!end) return std::unexpected(end.error());
  return Results{std::move(*chosen), "measurement engine, " + engine.origin,
                 std::max(period.first(), std::min(period.last(), *end)),
                 SourceRef{{}, engine.data}};
}

Result<PactService::Results> PactService::results(const Call& c, const CallParameters& p,
                                                  const std::optional<SourceRef>& frozen) {
  const MonthRange period = p.period_months();
  if (frozen && frozen->data) {
    if (engine_ && engine_->data == *frozen->data) return results_of_engine(p, *engine_);
    if (!engine_factory_) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("call '{}': the results of {} need the measurement engine",
                                    c.id, frozen->to_string()));
    }
    auto engine = engine_factory_(*frozen->data);
    if (!engine) return std::unexpected(engine.error());
    return results_of_engine(p, *engine);
  }
  std::optional<int64_t> import_id;
  if (frozen && frozen->table) import_id = frozen->table->import_id;
  auto imported = store_.pact().pact_results(c.id, import_id);
  if (!imported) return std::unexpected(imported.error());
  if (!*imported && import_id) {
    return make_error(ErrorCode::kNotFound, fmt::format("call '{}': results table {} is not stored",
                                                        c.id, frozen->to_string()));
  }
  if (*imported) {
    Results r;
    r.table.by_nis = (*imported)->by_nis;
    auto chosen = choose_results(std::move(r.table), std::nullopt);
    if (!chosen) return std::unexpected(chosen.error());
    r.table = std::move(*chosen);
    const auto& i = (*imported)->import;
    r.origin = fmt::format("VDAB results table {} imported {}", i.file, i.imported_at);
    r.last = last_result_month(r.table, period.first());
    r.source = SourceRef{TableImportRef{i.import_id, i.file, i.sha256}, {}};
    return r;
  }
  if (!engine_) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("call '{}': no results; import VDAB's results table (lap pact "
                                  "import-results) or measure data",
                                  c.id));
  }
  return results_of_engine(p, *engine_);
}

Result<PactService::Standing> PactService::standing(std::string_view call_id,
                                                    const FrozenInputs* frozen) {
  auto c = call(call_id);
  if (!c) return std::unexpected(c.error());
  const ParameterVersion* v = frozen ? c->version(frozen->call_version) : &c->version_on(today_);
  if (!v) {
    return make_error(ErrorCode::kNotFound, fmt::format("call '{}' has no parameter version {}",
                                                        call_id, frozen->call_version));
  }
  auto n = frozen ? counts_from(*c, *v, frozen->counts) : counts(*c, *v);
  if (!n) return std::unexpected(n.error());
  auto parts = participants(*c, *v, *n, frozen);
  if (!parts) return std::unexpected(parts.error());
  auto u = units(v->parameters, *parts);
  if (!u) return std::unexpected(u.error());
  auto r =
      results(*c, v->parameters, frozen ? std::optional<SourceRef>(frozen->results) : std::nullopt);
  if (!r) return std::unexpected(r.error());
  FrozenInputs inputs{v->number, parts->decision, n->source, r->source};
  return Standing{std::move(*c), v->number,     std::move(*parts),
                  std::move(*u), std::move(*r), std::move(inputs)};
}

Result<Progress> PactService::progress(std::string_view call_id, std::optional<Month> through) {
  auto st = standing(call_id, nullptr);
  if (!st) return std::unexpected(st.error());
  const Call* c = &st->call;
  const ParameterVersion& v = *c->version(st->version);
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
  out.inputs = st->inputs;
  out.after_deadline = st->participants.after_deadline;
  return out;
}

std::vector<PaymentStatement> PactService::compute_statements(const Standing& st) const {
  const CallParameters& p = st.parameters();
  const VersionRef version = st.call.ref(*st.call.version(st.version));
  std::vector<PaymentStatement> out;
  for (const auto& unit : st.units) {
    const int64_t result =
        cumulative_result(unit, st.results.table, p.period_months(), p.period_months().last())
            .confirmed;
    const SettlementInput in = settlement_input(unit, st.participants.applications, result);
    out.push_back(pact::settle(unit, p, version, in));
    out.back().inputs = st.inputs;
  }
  return out;
}

Result<Statements> PactService::statements(std::string_view call_id) {
  auto st = standing(call_id, nullptr);
  if (!st) return std::unexpected(st.error());
  Statements out;
  out.version = st->call.ref(*st->call.version(st->version));
  out.results_origin = st->results.origin;
  out.held = st->participants.held;
  out.inputs = st->inputs;
  out.after_deadline = st->participants.after_deadline;
  out.statements = compute_statements(*st);
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

Result<std::vector<StatementCheck>> PactService::verify_settlement(std::string_view call_id) {
  auto payments = store_.pact().pact_payments(call_id);
  if (!payments) return std::unexpected(payments.error());
  // One recomputation per distinct set of recorded inputs.
  std::vector<std::pair<FrozenInputs, std::vector<PaymentStatement>>> computed;
  std::vector<StatementCheck> out;
  for (const auto& payment : *payments) {
    StatementCheck check{payment.unit_id, false, payment.statement_json, "", ""};
    auto inputs = store::payment_statement_inputs(payment.statement_json);
    if (!inputs) {
      check.problem = inputs.error().message;
      out.push_back(std::move(check));
      continue;
    }
    auto it = std::ranges::find(computed, *inputs, &decltype(computed)::value_type::first);
    if (it == computed.end()) {
      auto st = standing(call_id, &*inputs);
      if (!st) {
        check.problem = st.error().message;
        out.push_back(std::move(check));
        continue;
      }
      computed.emplace_back(*inputs, compute_statements(*st));
      it = computed.end() - 1;
    }
    auto mine = std::ranges::find(it->second, payment.unit_id, &PaymentStatement::unit_id);
    if (mine == it->second.end()) {
      check.problem = "the unit is not among the recomputed statements";
    } else {
      check.recomputed = store::payment_statement_json(*mine);
      check.identical = check.recomputed == check.recorded;
    }
    out.push_back(std::move(check));
  }
  return out;
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
  auto imported = store_.pact().pact_results(call_id, std::nullopt);
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
