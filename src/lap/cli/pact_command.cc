// `lap pact`: the Lokaal Activeringspact from the command line (domain.md §4) —
// calls, count and result tables, the werktabel, applications and their
// status (pact_applications.cc), redistribution, monthly progress, payment
// statements, settlement and the what-if simulator. Every step is scriptable;
// files are written as XLSX, Belgian CSV or JSON by the extension of `--out`.
#include <filesystem>
#include <map>
#include <memory>
#include <tuple>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/pact_session.h"
#include "lap/pact/presets.h"

namespace lap::cli {
namespace {

// ---- calls ---------------------------------------------------------------------

struct CallOptions {
  std::string id, title, note, valid_from;
  std::string budget, counts_on, threshold, amount = "1000", period_start, period_end, deadline;
  std::string rule = "pro_rata", advance = "50";
  bool consortia = false, no_cap = false;
};

Result<pact::CallParameters> parameters_from(const CallOptions& o,
                                             std::optional<pact::CallParameters> base) {
  pact::CallParameters p = base.value_or(pact::CallParameters{});
  auto set_date = [](const std::string& text, std::string_view option, Date& field) -> Status {
    if (text.empty()) return {};
    auto d = parse_date_option(text, option);
    if (!d) return std::unexpected(d.error());
    field = *d;
    return {};
  };
  if (!o.budget.empty()) {
    auto m = parse_euros_option(o.budget, "--budget");
    if (!m) return std::unexpected(m.error());
    p.budget = *m;
  }
  if (!o.amount.empty()) {
    auto m = parse_euros_option(o.amount, "--amount");
    if (!m) return std::unexpected(m.error());
    p.amount_per_outflow = *m;
  }
  if (!o.threshold.empty()) {
    auto r = parse_percent_option(o.threshold, "--threshold");
    if (!r) return std::unexpected(r.error());
    p.threshold = *r;
  }
  if (!o.advance.empty()) {
    auto r = parse_percent_option(o.advance, "--advance");
    if (!r) return std::unexpected(r.error());
    p.advance = *r;
  }
  if (!o.rule.empty()) {
    auto r = pact::parse_settlement_rule(o.rule);
    if (!r) return std::unexpected(r.error());
    p.settlement_rule = *r;
  }
  for (auto [text, option, field] :
       {std::tuple{&o.counts_on, "--counts-on", &p.counts_on},
        std::tuple{&o.period_start, "--period-start", &p.period_start},
        std::tuple{&o.period_end, "--period-end", &p.period_end},
        std::tuple{&o.deadline, "--deadline", &p.application_deadline}}) {
    if (auto s = set_date(*text, option, *field); !s) return std::unexpected(s.error());
  }
  if (o.consortia) p.consortia_allowed = true;
  if (o.no_cap) p.redistribution_cap = false;
  return p;
}

void print_call(const pact::Call& c) {
  fmt::print("{}  {}\n", c.id, c.title);
  for (const auto& v : c.versions) {
    const auto& p = v.parameters;
    fmt::print(
        "  v{} from {}{}\n    budget {}  counts on {}  threshold {}  {} per outflow\n"
        "    period {}..{}  deadline {}  {}  advance {}  consortia {}  cap {}\n",
        v.number, v.valid_from.to_string(), v.note.empty() ? "" : " — " + v.note,
        p.budget.to_string_nl(), p.counts_on.to_string(), p.threshold.to_string_nl(),
        p.amount_per_outflow.to_string_nl(), p.period_start.to_string(), p.period_end.to_string(),
        p.application_deadline.to_string(), pact::settlement_rule_name(p.settlement_rule),
        p.advance.to_string_nl(), p.consortia_allowed ? "yes" : "no",
        p.redistribution_cap ? "on" : "off");
  }
}

void register_calls_command(CLI::App& pact_cmd) {
  auto* calls = pact_cmd.add_subcommand("calls", "list the calls with their parameter versions");
  auto list_opts = std::make_shared<PactOptions>();
  add_pact_options(calls, *list_opts, false);
  calls->callback([list_opts] {
    set_command([list_opts] {
      auto s = open_pact_session(*list_opts);
      if (!s) return pact_fail(s.error());
      auto all = s->service->calls();
      if (!all) return pact_fail(all.error());
      for (const auto& c : *all)
        print_call(c);
      return static_cast<int>(kExitOk);
    });
  });
}

void register_create_call_command(CLI::App& pact_cmd) {
  auto* create = pact_cmd.add_subcommand("create-call", "create a new call (validated)");
  auto c = std::make_shared<PactOptions>();
  auto o = std::make_shared<CallOptions>();
  add_pact_options(create, *c, false);
  create->add_option("--id", o->id, "call id: lower-case letters, digits and '-'")->required();
  create->add_option("--title", o->title, "title, e.g. 'Lokaal Activeringspact 2026'")->required();
  create->add_option("--valid-from", o->valid_from, "version 1 applies from (default --today)");
  create->add_option("--budget", o->budget, "total budget in euros")->required();
  create->add_option("--counts-on", o->counts_on, "reference date of the counts N")->required();
  create->add_option("--threshold", o->threshold, "baseline threshold in %, e.g. 20")->required();
  create->add_option("--amount", o->amount, "euros per extra outflow (default 1000)");
  create->add_option("--period-start", o->period_start, "first day of the period")->required();
  create->add_option("--period-end", o->period_end, "last day of the period")->required();
  create->add_option("--deadline", o->deadline, "last day to apply")->required();
  create->add_option("--rule", o->rule, "settlement rule: pro_rata or pro_rata_with_floor");
  create->add_option("--advance", o->advance, "advance in % of E × amount (default 50)");
  create->add_flag("--consortia", o->consortia, "allow consortia inside a referentieregio");
  create->add_flag("--no-cap", o->no_cap, "no cap on redistributed rights");
  create->callback([c, o] {
    set_command([c, o] {
      auto s = open_pact_session(*c);
      if (!s) return pact_fail(s.error());
      auto p = parameters_from(*o, std::nullopt);
      if (!p) return pact_fail(p.error());
      Date from = s->today;
      if (!o->valid_from.empty()) {
        auto d = parse_date_option(o->valid_from, "--valid-from");
        if (!d) return pact_fail(d.error());
        from = *d;
      }
      auto call = pact::make_call(o->id, o->title, from, "", *p);
      if (auto made = s->service->create_call(call); !made) return pact_fail(made.error());
      print_call(call);
      return static_cast<int>(kExitOk);
    });
  });
}

void register_add_version_command(CLI::App& pact_cmd) {
  auto* version = pact_cmd.add_subcommand(
      "add-version", "change a call's parameters from a date on (the old version stays)");
  auto vc = std::make_shared<PactOptions>();
  auto vo = std::make_shared<CallOptions>();
  vo->amount.clear();
  vo->rule.clear();
  vo->advance.clear();
  add_pact_options(version, *vc, false);
  version->add_option("--call", vo->id, "the call")->required();
  version->add_option("--valid-from", vo->valid_from, "the new version applies from")->required();
  version->add_option("--note", vo->note, "why, e.g. 'threshold lowered to 20%'")->required();
  version->add_option("--budget", vo->budget, "new budget in euros");
  version->add_option("--counts-on", vo->counts_on, "new reference date");
  version->add_option("--threshold", vo->threshold, "new threshold in %");
  version->add_option("--amount", vo->amount, "new euros per extra outflow");
  version->add_option("--period-start", vo->period_start, "new first day");
  version->add_option("--period-end", vo->period_end, "new last day");
  version->add_option("--deadline", vo->deadline, "new deadline");
  version->add_option("--rule", vo->rule, "new settlement rule");
  version->add_option("--advance", vo->advance, "new advance in %");
  version->callback([vc, vo] {
    set_command([vc, vo] {
      auto s = open_pact_session(*vc);
      if (!s) return pact_fail(s.error());
      auto call = s->service->call(vo->id);
      if (!call) return pact_fail(call.error());
      auto p = parameters_from(*vo, call->latest().parameters);
      if (!p) return pact_fail(p.error());
      auto from = parse_date_option(vo->valid_from, "--valid-from");
      if (!from) return pact_fail(from.error());
      if (auto added = s->service->add_version(vo->id, *from, vo->note, *p); !added) {
        return pact_fail(added.error());
      }
      print_call(*s->service->call(vo->id));
      return static_cast<int>(kExitOk);
    });
  });
}

// ---- imported tables -------------------------------------------------------------

// `import-counts` (counts = true) and `import-results`.
void register_import_command(CLI::App& pact_cmd, bool counts) {
  auto* cmd = pact_cmd.add_subcommand(
      counts ? "import-counts" : "import-results",
      counts ? "import a POD MI count table (podmi_counts.csv format) for a call; it wins "
               "over counts from linked data"
             : "import VDAB's monthly results table (lap_results.csv format) for a call; it "
               "wins over the measurement engine");
  auto c = std::make_shared<PactOptions>();
  auto call = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  add_pact_options(cmd, *c, false);
  cmd->add_option("--call", *call, "the call")->required();
  cmd->add_option("file", *file, "the CSV file")->required();
  cmd->callback([c, call, file, counts] {
    set_command([c, call, file, counts] {
      auto s = open_pact_session(*c);
      if (!s) return pact_fail(s.error());
      if (auto known = s->service->call(*call); !known) return pact_fail(known.error());
      auto bytes = read_file_bytes(*file);
      if (!bytes) return pact_fail(bytes.error());
      const pact::TableFile table{*file, *bytes};
      auto r = counts ? s->service->import_counts(*call, table)
                      : s->service->import_results(*call, table);
      if (!r) return pact_fail(r.error());
      if (!r->problems.empty()) {
        for (const auto& p : r->problems)
          fmt::print(stderr, "{}\n", p);
        fmt::print(stderr, "lap pact: {} refused, nothing stored\n", *file);
        return static_cast<int>(kExitInvalidInput);
      }
      if (r->changed) {
        fmt::print("{}: {} rows imported for {}\n", *file, r->rows, *call);
      } else {
        fmt::print("{}: imported before, nothing changed\n", *file);
      }
      return static_cast<int>(kExitOk);
    });
  });
}

// ---- werktabel, participants, progress, statements ---------------------------------

struct TableOptions {
  std::string call;
  std::string on;       // werktabel: the date whose parameter version applies
  std::string through;  // progress, simulate
  std::string statements_dir;
  // simulate
  std::string threshold, amount, budget, participants;
};

void register_werktabel_command(CLI::App& pact_cmd) {
  auto* w = pact_cmd.add_subcommand(
      "werktabel",
      "N, drawing right M, baseline B, extra engagement E and target T per municipality");
  auto wc = std::make_shared<PactOptions>();
  auto wo = std::make_shared<TableOptions>();
  add_pact_options(w, *wc, true);
  w->add_option("--call", wo->call, "the call")->required();
  w->add_option("--on", wo->on,
                "use the parameter version in force on this date (default --today)");
  w->callback([wc, wo] {
    set_command([wc, wo] {
      auto s = open_pact_session(*wc);
      if (!s) return pact_fail(s.error());
      Date on = s->today;
      if (!wo->on.empty()) {
        auto d = parse_date_option(wo->on, "--on");
        if (!d) return pact_fail(d.error());
        on = *d;
      }
      auto call = s->service->call(wo->call);
      if (!call) return pact_fail(call.error());
      auto counts = s->service->counts(*call, call->version_on(on));
      if (!counts) return pact_fail(counts.error());
      auto table = s->service->werktabel(wo->call, on);
      if (!table) return pact_fail(table.error());
      int64_t e = 0;
      for (const auto& r : table->rows)
        e += r.e;
      fmt::print(
          "werktabel {} ({}), counts: {}\n  {} municipalities, N = {}, budget {}, Σ E = {}\n",
          call->title, table->version.to_string(), counts->origin, table->rows.size(),
          grouped(table->total_n), table->budget.to_string_nl(), grouped(e));
      return emit(*wc, report::werktabel_sheet(*table, export_context(*s, call->title)));
    });
  });
}

void register_participants_command(CLI::App& pact_cmd) {
  auto* r = pact_cmd.add_subcommand(
      "participants", "the participants' rights: after the deadline with redistribution");
  auto rc = std::make_shared<PactOptions>();
  auto ro = std::make_shared<TableOptions>();
  add_pact_options(r, *rc, true);
  r->add_option("--call", ro->call, "the call")->required();
  r->callback([rc, ro] {
    set_command([rc, ro] {
      auto s = open_pact_session(*rc);
      if (!s) return pact_fail(s.error());
      auto call = s->service->call(ro->call);
      if (!call) return pact_fail(call.error());
      auto parts = s->service->participants(ro->call);
      if (!parts) return pact_fail(parts.error());
      const auto& t = parts->table;
      fmt::print(
          "{} participants of {} ({}); {}\n  pool {}, allocated {}, unallocated {}, "
          "budget {}\n",
          t.rows.size(), call->title, t.version.to_string(), rights_basis_text(*parts),
          t.pool.to_string_nl(), t.allocated.to_string_nl(), t.unallocated.to_string_nl(),
          t.budget.to_string_nl());
      auto ctx = export_context(*s, call->title);
      ctx.rights = report::RightsBasis{parts->decision, parts->after_deadline};
      return emit(*rc, report::redistribution_sheet(t, ctx));
    });
  });
}

// `--through MONTH` of progress and simulate (nullopt when not given).
Result<std::optional<Month>> through_option(const std::string& text) {
  if (text.empty()) return std::optional<Month>();
  auto m = parse_month_option(text, "--through");
  if (!m) return std::unexpected(m.error());
  return std::optional<Month>(*m);
}

// `13,8%`, or `-` without an engagement (E = 0).
std::string percent_nl(const std::optional<pact::Rate>& r) {
  return r ? r->to_percent_string_nl(1) : "-";
}

// The last month of every unit: achieved and earned % (pro rata, rule 6) and
// the subsidy the call's settlement rule grants, on R now and on the projected R.
void print_progress(const pact::FollowUp& f) {
  std::map<std::string, const pact::FollowUpRow*> last;
  for (const auto& row : f.rows)
    last[row.unit_id] = &row;
  static constexpr std::string_view kLine =
      "  {:<12} {:>6} {:>5} {:>5} {:>6} {:>9} {:>9} {:>9} {:>16} {:>11} {:>17}\n";
  fmt::print(kLine, "unit", "B", "E", "T", "R", "achieved", "earned", "subsidy", "subsidy €",
             "projected R", "proj. subsidy €");
  for (const auto& [unit, row] : last) {
    fmt::print(kLine, unit, row->b, row->e, row->t, row->r, percent_nl(row->achieved_pct),
               percent_nl(row->earned_pct), percent_nl(row->subsidy_pct),
               row->subsidy.to_string_nl(), row->projected_r,
               row->projected_subsidy.to_string_nl());
  }
}

void register_progress_command(CLI::App& pact_cmd) {
  auto* p = pact_cmd.add_subcommand(
      "progress",
      "monthly follow-up per participant: B, E, T, R, achieved and earned %, the subsidy "
      "under the call's settlement rule, projection");
  auto pc = std::make_shared<PactOptions>();
  auto po = std::make_shared<TableOptions>();
  add_pact_options(p, *pc, true);
  p->add_option("--call", po->call, "the call")->required();
  p->add_option("--through", po->through, "the last month (default: the last month with results)");
  p->callback([pc, po] {
    set_command([pc, po] {
      auto s = open_pact_session(*pc);
      if (!s) return pact_fail(s.error());
      auto call = s->service->call(po->call);
      if (!call) return pact_fail(call.error());
      auto through = through_option(po->through);
      if (!through) return pact_fail(through.error());
      auto progress = s->service->progress(po->call, *through);
      if (!progress) return pact_fail(progress.error());
      const auto& f = progress->follow_up;
      fmt::print("progress of {} ({}), results: {}, settlement rule: {}\n", call->title,
                 f.version.to_string(), progress->results_origin,
                 pact::settlement_rule_name(f.rule));
      print_progress(f);
      auto ctx = export_context(*s, call->title);
      ctx.result_source = f.source;
      ctx.rights = report::RightsBasis{progress->inputs.decision, progress->after_deadline};
      ctx.inputs = progress->inputs;
      return emit(*pc, report::follow_up_sheet(f, ctx));
    });
  });
}

// `statements` (final = false) and `settle` (final = true).
void register_statements_command(CLI::App& pact_cmd, bool final) {
  auto* cmd = pact_cmd.add_subcommand(
      final ? "settle" : "statements",
      final ? "settle: record the final payment statements of running participants whose "
              "annual report is approved, and mark them settled"
            : "payment statements on the results known now (nothing recorded)");
  auto c = std::make_shared<PactOptions>();
  auto o = std::make_shared<TableOptions>();
  add_pact_options(cmd, *c, true);
  cmd->add_option("--call", o->call, "the call")->required();
  cmd->add_option("--statements", o->statements_dir,
                  "also write one filing document per unit (XLSX) into this directory");
  cmd->callback([c, o, final] {
    set_command([c, o, final] {
      auto s = open_pact_session(*c);
      if (!s) return pact_fail(s.error());
      auto call = s->service->call(o->call);
      if (!call) return pact_fail(call.error());
      std::vector<pact::PaymentStatement> list;
      if (final) {
        auto settled = s->service->settle(o->call);
        if (!settled) return pact_fail(settled.error());
        list = std::move(*settled);
        fmt::print("{} units settled\n", list.size());
      } else {
        auto st = s->service->statements(o->call);
        if (!st) return pact_fail(st.error());
        list = std::move(st->statements);
        fmt::print("payment statements of {}, results: {}\n", call->title, st->results_origin);
      }
      for (const auto& st : list) {
        fmt::print("  {:<12} R {:>5}  earned {:>16}  advance paid {:>16}  balance {:>16}  {}\n",
                   st.unit_id, st.r, st.earned.to_string_nl(), st.advance_paid.to_string_nl(),
                   st.balance.to_string_nl(), pact::payment_status_name(st.status));
      }
      auto ctx = export_context(*s, call->title);
      if (!list.empty()) {
        ctx.inputs = list.front().inputs;
        ctx.rights = report::RightsBasis{list.front().inputs.decision, true};
      }
      if (!o->statements_dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(o->statements_dir, ec);
        auto written = report::write_payment_statements(list, ctx, o->statements_dir);
        if (!written) return pact_fail(written.error());
        fmt::print("{} statements written to {}\n", written->size(), o->statements_dir);
      }
      return emit(*c, report::payments_sheet(list, ctx));
    });
  });
}

// The scenario of `simulate` from its options (`all` participants: every
// municipality of the werktabel with N > 0).
Result<pact::Scenario> scenario_from(const TableOptions& o, PactSession& s) {
  pact::Scenario scenario;
  if (!o.threshold.empty()) {
    auto r = parse_percent_option(o.threshold, "--threshold");
    if (!r) return std::unexpected(r.error());
    scenario.threshold = *r;
  }
  if (!o.amount.empty()) {
    auto m = parse_euros_option(o.amount, "--amount");
    if (!m) return std::unexpected(m.error());
    scenario.amount_per_outflow = *m;
  }
  if (!o.budget.empty()) {
    auto m = parse_euros_option(o.budget, "--budget");
    if (!m) return std::unexpected(m.error());
    scenario.budget = *m;
  }
  if (o.participants == "all") {
    auto w = s.service->werktabel(o.call, s.today);
    if (!w) return std::unexpected(w.error());
    std::vector<Nis> all;
    for (const auto& row : w->rows)
      if (row.n > 0) all.push_back(row.nis);  // without N there is nothing to simulate
    scenario.participants = all;
  } else if (!o.participants.empty()) {
    std::vector<Nis> list;
    std::string_view rest = o.participants;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      auto code = Nis::parse(rest.substr(0, comma));
      if (!code) {
        return make_error(
            ErrorCode::kInvalidArgument,
            fmt::format("--participants: '{}' is not a NIS code", rest.substr(0, comma)));
      }
      list.push_back(*code);
      rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    }
    scenario.participants = list;
  }
  return scenario;
}

void register_simulate_command(CLI::App& pact_cmd) {
  auto* sim = pact_cmd.add_subcommand(
      "simulate",
      "what if: another threshold, amount, budget or participants — new werktabel, "
      "projected cost and paid municipalities from current outflow");
  auto sc = std::make_shared<PactOptions>();
  auto so = std::make_shared<TableOptions>();
  add_pact_options(sim, *sc, true);
  sim->add_option("--call", so->call, "the call")->required();
  sim->add_option("--threshold", so->threshold, "threshold in %");
  sim->add_option("--amount", so->amount, "euros per extra outflow");
  sim->add_option("--budget", so->budget, "budget in euros");
  sim->add_option("--participants", so->participants,
                  "'all' (every municipality with N > 0), or NIS codes separated by commas "
                  "(default: the participating applications)");
  sim->add_option("--through", so->through,
                  "outflow of the 12 months ending here (default: the last month with data)");
  sim->callback([sc, so] {
    set_command([sc, so] {
      auto s = open_pact_session(*sc);
      if (!s) return pact_fail(s.error());
      auto call = s->service->call(so->call);
      if (!call) return pact_fail(call.error());
      auto scenario = scenario_from(*so, *s);
      if (!scenario) return pact_fail(scenario.error());
      auto through = through_option(so->through);
      if (!through) return pact_fail(through.error());
      auto result = s->service->simulate(so->call, *scenario, *through);
      if (!result) return pact_fail(result.error());
      fmt::print(
          "simulation of {}: threshold {}, {} per outflow, budget {}\n  {} participants, "
          "projected cost {}, {} municipalities paid\n",
          call->title, result->parameters.threshold.to_string_nl(),
          result->parameters.amount_per_outflow.to_string_nl(),
          result->parameters.budget.to_string_nl(), result->rows.size(),
          result->projected_cost.to_string_nl(), result->paid_municipalities);
      return emit(*sc, report::simulation_sheet(*result, export_context(*s, call->title)));
    });
  });
}

}  // namespace

void register_pact_command(CLI::App& app) {
  auto* pact_cmd = app.add_subcommand(
      "pact", "the Lokaal Activeringspact: calls, werktabel, applications, progress, settlement");
  pact_cmd->require_subcommand(1);
  register_calls_command(*pact_cmd);
  register_create_call_command(*pact_cmd);
  register_add_version_command(*pact_cmd);
  register_import_command(*pact_cmd, true);
  register_import_command(*pact_cmd, false);
  register_werktabel_command(*pact_cmd);
  register_participants_command(*pact_cmd);
  register_progress_command(*pact_cmd);
  register_statements_command(*pact_cmd, false);
  register_statements_command(*pact_cmd, true);
  register_simulate_command(*pact_cmd);
  register_pact_application_commands(*pact_cmd);
  register_pact_decision_commands(*pact_cmd);
  register_pact_demo_command(*pact_cmd);
}

}  // namespace lap::cli
