// `lap pact`: the Lokaal Activeringspact from the command line (SPEC §4) —
// calls, count and result tables, the werktabel, applications and their
// status, redistribution, monthly progress, payment statements, settlement and
// the what-if simulator. Every step is scriptable; files are written as XLSX,
// Belgian CSV or JSON by the extension of `--out`.
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/timelines.h"
#include "lap/measure/indicators.h"
#include "lap/measure/person.h"
#include "lap/pact/presets.h"
#include "lap/pact/service.h"
#include "lap/report/pact_export.h"

namespace lap::cli {
namespace {

using pact::PactService;

struct Common {
  std::string db = default_database();
  std::string today;  // YYYY-MM-DD; default: the system date
  std::string actor;  // default: the operating-system user
  std::string out;    // a file: .xlsx, .csv or .json
  bool json = false;  // JSON on standard output
};

int fail(const Error& e) {
  fmt::print(stderr, "lap pact: {}\n", e.message);
  return exit_code_for(e);
}

Result<Date> parse_date(std::string_view text, std::string_view option) {
  auto d = Date::parse(text);
  if (!d) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: '{}' is not a date YYYY-MM-DD", option, text));
  }
  return *d;
}

Result<Month> parse_month_option(std::string_view text, std::string_view option) {
  auto m = Month::parse(text);
  if (!m) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: '{}' is not a month YYYY-MM", option, text));
  }
  return *m;
}

Result<Money> parse_euros(std::string_view text, std::string_view option) {
  auto m = Money::parse(text);
  if (!m) {
    return make_error(
        ErrorCode::kInvalidArgument,
        fmt::format("{}: '{}' is not an amount in euros (e.g. 1000 or 41234.56)", option, text));
  }
  return *m;
}

Result<pact::Rate> parse_percent(std::string_view text, std::string_view option) {
  auto r = pact::Rate::parse_percent(text);
  if (!r) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: '{}' is not a percentage (e.g. 22.5)", option, text));
  }
  return *r;
}

// The engine's lap_result as monthly outflow starts, built on first use from
// the latest load of the database.
pact::EngineResults engine_for(const std::string& db, int64_t load) {
  struct Cache {
    std::optional<LoadedTimelines> loaded;
  };
  auto cache = std::make_shared<Cache>();
  auto timelines = [cache, db, load]() -> Result<const measure::Timelines*> {
    if (!cache->loaded) {
      auto loaded = load_timelines(TimelineSource{db, "", load, std::nullopt, std::nullopt});
      if (!loaded) return std::unexpected(loaded.error());
      cache->loaded = std::move(*loaded);
    }
    return cache->loaded->timelines.get();
  };
  pact::EngineResults engine;
  engine.origin = fmt::format("data load {}", load);
  engine.data_end = [timelines]() -> Result<Month> {
    auto t = timelines();
    if (!t) return std::unexpected(t.error());
    return measure::data_end(**t, measure::Settings{});
  };
  engine.compute = [timelines](MonthRange months) -> Result<pact::ResultsTable> {
    auto t = timelines();
    if (!t) return std::unexpected(t.error());
    pact::ResultsTable out;
    out.source = pact::ResultSource::kMeasurementEngine;
    const MonthRange range = (*t)->range();
    const MonthRange cut(std::max(months.first(), range.first()),
                         std::min(months.last(), range.last()));
    if (cut.empty()) return out;
    // Cumulative results per OCMW and month -> outflows starting in the month.
    std::map<Nis, std::map<Month, pact::MonthResult>> cumulative;
    for (const auto& f : measure::lap_result_monthly(**t, measure::Settings{}, cut))
      cumulative[f.ocmw][f.period.last] = {f.numerator, f.pending};
    for (const auto& [nis, by_month] : cumulative) {
      pact::MonthResult previous;
      for (Month m : cut) {
        auto it = by_month.find(m);
        const pact::MonthResult now = it == by_month.end() ? previous : it->second;
        const pact::MonthResult starts{now.confirmed - previous.confirmed,
                                       now.pending - previous.pending};
        if (starts.confirmed != 0 || starts.pending != 0) out.by_nis[nis][m] = starts;
        previous = now;
      }
    }
    return out;
  };
  return engine;
}

// Everything a pact subcommand needs: the store, the service, the registry.
struct Session {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<PactService> service;
  Date today;
};

Result<Session> open_session(const Common& c) {
  Session s;
  s.today = today_local();
  if (!c.today.empty()) {
    auto d = parse_date(c.today, "--today");
    if (!d) return std::unexpected(d.error());
    s.today = *d;
  }
  auto store = store::open_store(c.db, store::OpenMode::kCreate);
  if (!store) return std::unexpected(store.error());
  if (auto m = (*store)->migrate(); !m) return std::unexpected(m.error());
  s.store = std::move(*store);
  auto load = s.store->current_load();
  if (!load) return std::unexpected(load.error());
  std::optional<pact::EngineResults> engine;
  if (*load > 0) engine = engine_for(c.db, *load);
  s.service =
      std::make_unique<PactService>(*s.store, geo::Registry::builtin(), s.today,
                                    c.actor.empty() ? os_user() : c.actor, std::move(engine));
  if (auto p = s.service->ensure_presets(); !p) return std::unexpected(p.error());
  return s;
}

report::ExportContext export_context(const Session& s, std::string title) {
  report::ExportContext ctx;
  ctx.generated_on = s.today;
  ctx.call_title = std::move(title);
  ctx.names = report::registry_names(geo::Registry::builtin());
  return ctx;
}

// Writes `sheet` to --out (format by extension) and/or JSON to stdout.
int emit(const Common& c, const report::Sheet& sheet) {
  if (!c.out.empty()) {
    std::string ext = std::filesystem::path(c.out).extension().string();
    if (!ext.empty()) ext.erase(0, 1);
    auto format = report::parse_file_format(ext);
    if (!format) {
      return fail({ErrorCode::kInvalidArgument,
                   fmt::format("--out: '{}' must end in .xlsx, .csv or .json", c.out)});
    }
    if (auto w = report::write(sheet, *format, c.out); !w) return fail(w.error());
    fmt::print("written: {}\n", c.out);
  }
  if (c.json) {
    auto text = report::render(sheet, report::FileFormat::kJson);
    if (!text) return fail(text.error());
    fmt::print("{}\n", *text);
  }
  return kExitOk;
}

void add_common(CLI::App* cmd, Common& c, bool files) {
  cmd->add_option("--db", c.db, "the database (default $LAP_DB or lap.sqlite)");
  cmd->add_option("--today", c.today,
                  "the date to act on, YYYY-MM-DD (default: today); decides the parameter "
                  "version, the deadline and redistribution");
  cmd->add_option("--actor", c.actor, "who acts (recorded; default: the operating-system user)");
  if (files) {
    cmd->add_option("--out", c.out, "write the table to FILE.xlsx, FILE.csv or FILE.json");
    cmd->add_flag("--json", c.json, "print the table as JSON");
  }
}

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
    auto d = parse_date(text, option);
    if (!d) return std::unexpected(d.error());
    field = *d;
    return {};
  };
  if (!o.budget.empty()) {
    auto m = parse_euros(o.budget, "--budget");
    if (!m) return std::unexpected(m.error());
    p.budget = *m;
  }
  if (!o.amount.empty()) {
    auto m = parse_euros(o.amount, "--amount");
    if (!m) return std::unexpected(m.error());
    p.amount_per_outflow = *m;
  }
  if (!o.threshold.empty()) {
    auto r = parse_percent(o.threshold, "--threshold");
    if (!r) return std::unexpected(r.error());
    p.threshold = *r;
  }
  if (!o.advance.empty()) {
    auto r = parse_percent(o.advance, "--advance");
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
        "  v{} from {}{}\n    budget {}  counts on {}  threshold {}  € {} per outflow\n"
        "    period {}..{}  deadline {}  {}  advance {}  consortia {}  cap {}\n",
        v.number, v.valid_from.to_string(), v.note.empty() ? "" : " — " + v.note,
        p.budget.to_string_nl(), p.counts_on.to_string(), p.threshold.to_string(),
        p.amount_per_outflow.to_string(), p.period_start.to_string(), p.period_end.to_string(),
        p.application_deadline.to_string(), pact::settlement_rule_name(p.settlement_rule),
        p.advance.to_string(), p.consortia_allowed ? "yes" : "no",
        p.redistribution_cap ? "on" : "off");
  }
}

void register_call_commands(CLI::App& pact_cmd) {
  auto* calls = pact_cmd.add_subcommand("calls", "list the calls with their parameter versions");
  auto list_opts = std::make_shared<Common>();
  add_common(calls, *list_opts, false);
  calls->callback([list_opts] {
    set_command([list_opts] {
      auto s = open_session(*list_opts);
      if (!s) return fail(s.error());
      auto all = s->service->calls();
      if (!all) return fail(all.error());
      for (const auto& c : *all)
        print_call(c);
      return static_cast<int>(kExitOk);
    });
  });

  auto* create = pact_cmd.add_subcommand("create-call", "create a new call (validated)");
  auto c = std::make_shared<Common>();
  auto o = std::make_shared<CallOptions>();
  add_common(create, *c, false);
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
      auto s = open_session(*c);
      if (!s) return fail(s.error());
      auto p = parameters_from(*o, std::nullopt);
      if (!p) return fail(p.error());
      Date from = s->today;
      if (!o->valid_from.empty()) {
        auto d = parse_date(o->valid_from, "--valid-from");
        if (!d) return fail(d.error());
        from = *d;
      }
      auto call = pact::make_call(o->id, o->title, from, "", *p);
      if (auto made = s->service->create_call(call); !made) return fail(made.error());
      print_call(call);
      return static_cast<int>(kExitOk);
    });
  });

  auto* version = pact_cmd.add_subcommand(
      "add-version", "change a call's parameters from a date on (the old version stays)");
  auto vc = std::make_shared<Common>();
  auto vo = std::make_shared<CallOptions>();
  vo->amount.clear();
  vo->rule.clear();
  vo->advance.clear();
  add_common(version, *vc, false);
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
      auto s = open_session(*vc);
      if (!s) return fail(s.error());
      auto call = s->service->call(vo->id);
      if (!call) return fail(call.error());
      auto p = parameters_from(*vo, call->latest().parameters);
      if (!p) return fail(p.error());
      auto from = parse_date(vo->valid_from, "--valid-from");
      if (!from) return fail(from.error());
      if (auto added = s->service->add_version(vo->id, *from, vo->note, *p); !added) {
        return fail(added.error());
      }
      print_call(*s->service->call(vo->id));
      return static_cast<int>(kExitOk);
    });
  });
}

// ---- imported tables -------------------------------------------------------------

void register_import_commands(CLI::App& pact_cmd) {
  for (bool counts : {true, false}) {
    auto* cmd = pact_cmd.add_subcommand(
        counts ? "import-counts" : "import-results",
        counts ? "import a POD MI count table (podmi_counts.csv format) for a call; it wins "
                 "over counts from linked data"
               : "import VDAB's monthly results table (lap_results.csv format) for a call; it "
                 "wins over the measurement engine");
    auto c = std::make_shared<Common>();
    auto call = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    add_common(cmd, *c, false);
    cmd->add_option("--call", *call, "the call")->required();
    cmd->add_option("file", *file, "the CSV file")->required();
    cmd->callback([c, call, file, counts] {
      set_command([c, call, file, counts] {
        auto s = open_session(*c);
        if (!s) return fail(s.error());
        auto r = counts ? s->service->import_counts(*call, *file)
                        : s->service->import_results(*call, *file);
        if (!r) return fail(r.error());
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

void register_table_commands(CLI::App& pact_cmd) {
  auto* w = pact_cmd.add_subcommand(
      "werktabel",
      "N, drawing right M, baseline B, extra engagement E and target T per municipality");
  auto wc = std::make_shared<Common>();
  auto wo = std::make_shared<TableOptions>();
  add_common(w, *wc, true);
  w->add_option("--call", wo->call, "the call")->required();
  w->add_option("--on", wo->on,
                "use the parameter version in force on this date (default --today)");
  w->callback([wc, wo] {
    set_command([wc, wo] {
      auto s = open_session(*wc);
      if (!s) return fail(s.error());
      Date on = s->today;
      if (!wo->on.empty()) {
        auto d = parse_date(wo->on, "--on");
        if (!d) return fail(d.error());
        on = *d;
      }
      auto call = s->service->call(wo->call);
      if (!call) return fail(call.error());
      auto counts = s->service->counts(*call, call->version_on(on));
      if (!counts) return fail(counts.error());
      auto table = s->service->werktabel(wo->call, on);
      if (!table) return fail(table.error());
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

  auto* r = pact_cmd.add_subcommand(
      "participants", "the participants' rights: after the deadline with redistribution");
  auto rc = std::make_shared<Common>();
  auto ro = std::make_shared<TableOptions>();
  add_common(r, *rc, true);
  r->add_option("--call", ro->call, "the call")->required();
  r->callback([rc, ro] {
    set_command([rc, ro] {
      auto s = open_session(*rc);
      if (!s) return fail(s.error());
      auto call = s->service->call(ro->call);
      if (!call) return fail(call.error());
      auto parts = s->service->participants(ro->call);
      if (!parts) return fail(parts.error());
      const auto& t = parts->table;
      fmt::print(
          "{} participants of {} ({}); {}\n  pool {}, allocated {}, unallocated {}, "
          "budget {}\n",
          t.rows.size(), call->title, t.version.to_string(),
          parts->redistributed ? "redistributed after the deadline"
                               : "before the deadline: own rights, no redistribution yet",
          t.pool.to_string_nl(), t.allocated.to_string_nl(), t.unallocated.to_string_nl(),
          t.budget.to_string_nl());
      return emit(*rc, report::redistribution_sheet(t, export_context(*s, call->title)));
    });
  });

  auto* p = pact_cmd.add_subcommand(
      "progress",
      "monthly follow-up per participant: B, E, T, R, achieved and earned %, projection");
  auto pc = std::make_shared<Common>();
  auto po = std::make_shared<TableOptions>();
  add_common(p, *pc, true);
  p->add_option("--call", po->call, "the call")->required();
  p->add_option("--through", po->through, "the last month (default: the last month with results)");
  p->callback([pc, po] {
    set_command([pc, po] {
      auto s = open_session(*pc);
      if (!s) return fail(s.error());
      auto call = s->service->call(po->call);
      if (!call) return fail(call.error());
      std::optional<Month> through;
      if (!po->through.empty()) {
        auto m = parse_month_option(po->through, "--through");
        if (!m) return fail(m.error());
        through = *m;
      }
      auto progress = s->service->progress(po->call, through);
      if (!progress) return fail(progress.error());
      const auto& f = progress->follow_up;
      fmt::print("progress of {} ({}), results: {}\n", call->title, f.version.to_string(),
                 progress->results_origin);
      std::map<std::string, const pact::FollowUpRow*> last;
      for (const auto& row : f.rows)
        last[row.unit_id] = &row;
      fmt::print("  {:<12} {:>6} {:>5} {:>5} {:>6} {:>9} {:>9} {:>11} {:>14}\n", "unit", "B", "E",
                 "T", "R", "achieved", "earned", "projected R", "projected €");
      for (const auto& [unit, row] : last) {
        fmt::print("  {:<12} {:>6} {:>5} {:>5} {:>6} {:>9} {:>9} {:>11} {:>14}\n", unit, row->b,
                   row->e, row->t, row->r,
                   row->achieved_pct ? row->achieved_pct->to_percent_string(1) : "-",
                   row->earned_pct ? row->earned_pct->to_percent_string(1) : "-", row->projected_r,
                   row->projected_earned.to_string());
      }
      auto ctx = export_context(*s, call->title);
      ctx.result_source = f.source;
      return emit(*pc, report::follow_up_sheet(f, ctx));
    });
  });

  for (bool final : {false, true}) {
    auto* cmd = pact_cmd.add_subcommand(
        final ? "settle" : "statements",
        final ? "settle: record the final payment statements of running participants whose "
                "annual report is approved, and mark them settled"
              : "payment statements on the results known now (nothing recorded)");
    auto c = std::make_shared<Common>();
    auto o = std::make_shared<TableOptions>();
    add_common(cmd, *c, true);
    cmd->add_option("--call", o->call, "the call")->required();
    cmd->add_option("--statements", o->statements_dir,
                    "also write one filing document per unit (XLSX) into this directory");
    cmd->callback([c, o, final] {
      set_command([c, o, final] {
        auto s = open_session(*c);
        if (!s) return fail(s.error());
        auto call = s->service->call(o->call);
        if (!call) return fail(call.error());
        std::vector<pact::PaymentStatement> list;
        if (final) {
          auto settled = s->service->settle(o->call);
          if (!settled) return fail(settled.error());
          list = std::move(*settled);
          fmt::print("{} units settled\n", list.size());
        } else {
          auto st = s->service->statements(o->call);
          if (!st) return fail(st.error());
          list = std::move(st->statements);
          fmt::print("payment statements of {}, results: {}\n", call->title, st->results_origin);
        }
        for (const auto& st : list) {
          fmt::print("  {:<12} R {:>5}  earned {:>12}  advance paid {:>12}  balance {:>12}  {}\n",
                     st.unit_id, st.r, st.earned.to_string(), st.advance_paid.to_string(),
                     st.balance.to_string(), pact::payment_status_name(st.status));
        }
        auto ctx = export_context(*s, call->title);
        if (!o->statements_dir.empty()) {
          std::error_code ec;
          std::filesystem::create_directories(o->statements_dir, ec);
          auto written = report::write_payment_statements(list, ctx, o->statements_dir);
          if (!written) return fail(written.error());
          fmt::print("{} statements written to {}\n", written->size(), o->statements_dir);
        }
        return emit(*c, report::payments_sheet(list, ctx));
      });
    });
  }

  auto* sim = pact_cmd.add_subcommand(
      "simulate",
      "what if: another threshold, amount, budget or participants — new werktabel, "
      "projected cost and paid municipalities from current outflow");
  auto sc = std::make_shared<Common>();
  auto so = std::make_shared<TableOptions>();
  add_common(sim, *sc, true);
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
      auto s = open_session(*sc);
      if (!s) return fail(s.error());
      auto call = s->service->call(so->call);
      if (!call) return fail(call.error());
      pact::Scenario scenario;
      if (!so->threshold.empty()) {
        auto r = parse_percent(so->threshold, "--threshold");
        if (!r) return fail(r.error());
        scenario.threshold = *r;
      }
      if (!so->amount.empty()) {
        auto m = parse_euros(so->amount, "--amount");
        if (!m) return fail(m.error());
        scenario.amount_per_outflow = *m;
      }
      if (!so->budget.empty()) {
        auto m = parse_euros(so->budget, "--budget");
        if (!m) return fail(m.error());
        scenario.budget = *m;
      }
      if (so->participants == "all") {
        auto w = s->service->werktabel(so->call, s->today);
        if (!w) return fail(w.error());
        std::vector<Nis> all;
        for (const auto& row : w->rows)
          if (row.n > 0) all.push_back(row.nis);  // without N there is nothing to simulate
        scenario.participants = all;
      } else if (!so->participants.empty()) {
        std::vector<Nis> list;
        std::string_view rest = so->participants;
        while (!rest.empty()) {
          const size_t comma = rest.find(',');
          auto code = Nis::parse(rest.substr(0, comma));
          if (!code) {
            return fail(
                {ErrorCode::kInvalidArgument,
                 fmt::format("--participants: '{}' is not a NIS code", rest.substr(0, comma))});
          }
          list.push_back(*code);
          rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
        }
        scenario.participants = list;
      }
      std::optional<Month> through;
      if (!so->through.empty()) {
        auto m = parse_month_option(so->through, "--through");
        if (!m) return fail(m.error());
        through = *m;
      }
      auto result = s->service->simulate(so->call, scenario, through);
      if (!result) return fail(result.error());
      fmt::print(
          "simulation of {}: threshold {}, € {} per outflow, budget {}\n  {} participants, "
          "projected cost {}, {} municipalities paid\n",
          call->title, result->parameters.threshold.to_string(),
          result->parameters.amount_per_outflow.to_string(),
          result->parameters.budget.to_string_nl(), result->rows.size(),
          result->projected_cost.to_string_nl(), result->paid_municipalities);
      return emit(*sc, report::simulation_sheet(*result, export_context(*s, call->title)));
    });
  });
}

// ---- applications ---------------------------------------------------------------

struct ApplyOptions {
  std::string call, nis, consortium, name, settlement = "joint", plan, agreement;
  std::vector<std::string> members, actions;
  int64_t engagement = -1;
};

void print_application(const pact::Application& a) {
  std::string members;
  for (const auto& m : a.members) {
    members += (members.empty() ? "" : ", ") + m.nis.to_string();
    if (m.engagement) members += fmt::format(" (E {})", *m.engagement);
  }
  fmt::print("application {} to {}: {}{} [{}] version {}\n  members: {}\n", a.id, a.call_id,
             a.applicant, a.consortium_name ? " — " + *a.consortium_name : "",
             pact::application_status_name(a.status), a.row_version, members);
  if (!a.status_reason.empty()) fmt::print("  reason: {}\n", a.status_reason);
  if (a.advance_paid) fmt::print("  advance paid: {}\n", a.advance_paid->to_string_nl());
  if (a.annual_report_approved) {
    fmt::print("  annual report approved: {}\n", a.annual_report_approved->to_string());
  }
}

void register_application_commands(CLI::App& pact_cmd) {
  auto* apply = pact_cmd.add_subcommand(
      "apply", "a municipality (or a consortium) applies to a call: stored as a draft");
  auto c = std::make_shared<Common>();
  auto o = std::make_shared<ApplyOptions>();
  add_common(apply, *c, false);
  apply->add_option("--call", o->call, "the call")->required();
  apply->add_option("--nis", o->nis, "the municipality applying alone");
  apply->add_option("--engagement", o->engagement,
                    "extra outflows committed to (default: the maximum E)");
  apply->add_option("--consortium", o->consortium, "a consortium id (with --member)");
  apply->add_option("--name", o->name, "the consortium's name");
  apply->add_option("--member", o->members, "a member NIS code, or NIS=engagement (repeat)");
  apply->add_option("--settlement", o->settlement, "consortium settlement: joint or individual");
  apply->add_option("--plan", o->plan, "the plan of approach");
  apply->add_option("--action", o->actions, "an action of the plan (repeat)");
  apply->add_option("--agreement", o->agreement, "the cooperation agreement with VDAB (link)");
  apply->callback([c, o] {
    set_command([c, o] {
      auto s = open_session(*c);
      if (!s) return fail(s.error());
      pact::Application a;
      a.call_id = o->call;
      a.plan = o->plan;
      a.actions = o->actions;
      a.agreement_ref = o->agreement;
      if (o->consortium.empty() == o->nis.empty()) {
        return fail({ErrorCode::kInvalidArgument, "give either --nis or --consortium"});
      }
      if (!o->nis.empty()) {
        auto nis = Nis::parse(o->nis);
        if (!nis) return fail({ErrorCode::kInvalidArgument, "--nis: not a NIS code"});
        a.applicant = nis->to_string();
        a.members = {{*nis, std::nullopt}};
        if (o->engagement >= 0) a.members[0].engagement = o->engagement;
      } else {
        a.applicant = o->consortium;
        a.consortium_name = o->name.empty() ? o->consortium : o->name;
        if (o->settlement != "joint" && o->settlement != "individual") {
          return fail({ErrorCode::kInvalidArgument, "--settlement: joint or individual"});
        }
        a.consortium_settlement = o->settlement == "joint"
                                      ? pact::ConsortiumSettlement::kJoint
                                      : pact::ConsortiumSettlement::kIndividual;
        for (const auto& text : o->members) {
          const size_t eq = text.find('=');
          auto nis = Nis::parse(std::string_view(text).substr(0, eq));
          if (!nis) {
            return fail({ErrorCode::kInvalidArgument,
                         fmt::format("--member: '{}' is not NIS or NIS=engagement", text)});
          }
          pact::ApplicationMember m{*nis, std::nullopt};
          if (eq != std::string::npos) {
            try {
              m.engagement = std::stoll(text.substr(eq + 1));
            } catch (const std::exception&) {
              return fail({ErrorCode::kInvalidArgument,
                           fmt::format("--member: '{}' is not NIS=engagement", text)});
            }
          }
          a.members.push_back(m);
        }
      }
      auto id = s->service->apply(a);
      if (!id) return fail(id.error());
      print_application(*s->service->application(*id));
      return static_cast<int>(kExitOk);
    });
  });

  auto* list = pact_cmd.add_subcommand("applications", "the applications to a call");
  auto lc = std::make_shared<Common>();
  auto lcall = std::make_shared<std::string>();
  add_common(list, *lc, false);
  list->add_option("--call", *lcall, "the call")->required();
  list->callback([lc, lcall] {
    set_command([lc, lcall] {
      auto s = open_session(*lc);
      if (!s) return fail(s.error());
      auto apps = s->service->applications(*lcall);
      if (!apps) return fail(apps.error());
      for (const auto& a : *apps)
        print_application(a);
      return static_cast<int>(kExitOk);
    });
  });

  struct StatusOptions {
    int64_t id = 0;
    int64_t version = 0;  // 0: the current one (no check)
    std::string reason, advance_paid, approved;
  };
  using S = pact::ApplicationStatus;
  for (auto [name, to, help] :
       {std::tuple{"submit", S::kSubmitted, "submit a draft (up to the deadline)"},
        std::tuple{"approve", S::kApproved,
                   "approve a submitted application (records the advance)"},
        std::tuple{"refuse", S::kRefused, "refuse a submitted application (--reason)"},
        std::tuple{"start", S::kRunning, "an approved application starts running"},
        std::tuple{"annual-report", S::kRunning,
                   "record the council's approval of the annual report (--approved DATE)"}}) {
    auto* cmd = pact_cmd.add_subcommand(name, help);
    auto sc = std::make_shared<Common>();
    auto so = std::make_shared<StatusOptions>();
    const bool report = std::string_view(name) == "annual-report";
    add_common(cmd, *sc, false);
    cmd->add_option("id", so->id, "the application")->required();
    cmd->add_option("--version", so->version,
                    "the version you read (refused when someone changed it since)");
    if (to == S::kRefused) cmd->add_option("--reason", so->reason, "why")->required();
    if (to == S::kApproved) {
      cmd->add_option("--advance-paid", so->advance_paid,
                      "the advance actually paid in euros (default: the rule's advance)");
    }
    if (report) cmd->add_option("--approved", so->approved, "date of approval")->required();
    cmd->callback([sc, so, to, report] {
      set_command([sc, so, to, report] {
        auto s = open_session(*sc);
        if (!s) return fail(s.error());
        auto a = s->service->application(so->id);
        if (!a) return fail(a.error());
        const int64_t version = so->version > 0 ? so->version : a->row_version;
        Status done;
        if (report) {
          auto d = parse_date(so->approved, "--approved");
          if (!d) return fail(d.error());
          done = s->service->record_annual_report(so->id, version, *d);
        } else {
          std::optional<Money> advance;
          if (!so->advance_paid.empty()) {
            auto m = parse_euros(so->advance_paid, "--advance-paid");
            if (!m) return fail(m.error());
            advance = *m;
          }
          done = s->service->change_status(so->id, version, to, so->reason, advance);
        }
        if (!done) return fail(done.error());
        print_application(*s->service->application(so->id));
        return static_cast<int>(kExitOk);
      });
    });
  }
}

}  // namespace

void register_pact_command(CLI::App& app) {
  auto* pact_cmd = app.add_subcommand(
      "pact", "the Lokaal Activeringspact: calls, werktabel, applications, progress, settlement");
  pact_cmd->require_subcommand(1);
  register_call_commands(*pact_cmd);
  register_import_commands(*pact_cmd);
  register_table_commands(*pact_cmd);
  register_application_commands(*pact_cmd);
}

}  // namespace lap::cli
