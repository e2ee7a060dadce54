#include "lap/cli/pact_session.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/timelines.h"
#include "lap/measure/indicators.h"
#include "lap/measure/person.h"

namespace lap::cli {

pact::EngineResults engine_for(const std::string& db, const pact::DataRef& data) {
  struct Cache {
    std::shared_ptr<const measure::Timelines> timelines;
  };
  auto cache = std::make_shared<Cache>();
  return engine_over(
      [cache, db, data]() -> Result<std::shared_ptr<const measure::Timelines>> {
        if (!cache->timelines) {
          auto loaded = load_timelines(TimelineSource{db, "", data.load_id, std::nullopt,
                                                      std::nullopt, data.link_run_id.value_or(0)});
          if (!loaded) return std::unexpected(loaded.error());
          cache->timelines = std::move(loaded->timelines);
        }
        return cache->timelines;
      },
      data);
}

pact::EngineResults engine_over(
    const std::function<Result<std::shared_ptr<const measure::Timelines>>()>& timelines,
    const pact::DataRef& data) {
  pact::EngineResults engine;
  engine.data = data;
  engine.origin = data.link_run_id
                      ? fmt::format("data load {}, link run {}", data.load_id, *data.link_run_id)
                      : fmt::format("data load {}", data.load_id);
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

int pact_fail(const Error& e) {
  fmt::print(stderr, "lap pact: {}\n", e.message);
  return exit_code_for(e);
}

Result<Date> parse_date_option(std::string_view text, std::string_view option) {
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

Result<Money> parse_euros_option(std::string_view text, std::string_view option) {
  auto m = Money::parse(text);
  if (!m) {
    return make_error(
        ErrorCode::kInvalidArgument,
        fmt::format("{}: '{}' is not an amount in euros (e.g. 1000 or 41234.56)", option, text));
  }
  return *m;
}

Result<pact::Rate> parse_percent_option(std::string_view text, std::string_view option) {
  auto r = pact::Rate::parse_percent(text);
  if (!r) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: '{}' is not a percentage (e.g. 22.5)", option, text));
  }
  return *r;
}

Result<PactSession> open_pact_session(const PactOptions& c) {
  PactSession s;
  s.today = today_local();
  if (!c.today.empty()) {
    auto d = parse_date_option(c.today, "--today");
    if (!d) return std::unexpected(d.error());
    s.today = *d;
  }
  auto store = store::open_store(c.db, store::OpenMode::kCreate);
  if (!store) return std::unexpected(store.error());
  if (auto m = (*store)->migrate(); !m) return std::unexpected(m.error());
  s.store = std::move(*store);
  auto data = pact::current_data(*s.store);
  if (!data) return std::unexpected(data.error());
  std::optional<pact::EngineResults> engine;
  if (data->load_id > 0) engine = engine_for(c.db, *data);
  s.service =
      std::make_unique<pact::PactService>(*s.store, geo::Registry::builtin(), s.today,
                                          c.actor.empty() ? os_user() : c.actor, std::move(engine));
  s.service->set_engine_factory([db = c.db](const pact::DataRef& d) -> Result<pact::EngineResults> {
    return engine_for(db, d);
  });
  if (auto p = s.service->ensure_presets(); !p) return std::unexpected(p.error());
  return s;
}

report::ExportContext export_context(const PactSession& s, std::string title) {
  report::ExportContext ctx;
  ctx.generated_on = s.today;
  ctx.call_title = std::move(title);
  ctx.names = report::registry_names(geo::Registry::builtin());
  return ctx;
}

// Writes `sheet` to --out (format by extension) and/or JSON to stdout.
Result<std::string> read_file_bytes(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return make_error(ErrorCode::kIo, fmt::format("{}: cannot open file", path));
  std::string out;
  std::string chunk(1 << 20, '\0');
  while (std::feof(f.get()) == 0 && std::ferror(f.get()) == 0) {
    const size_t n = std::fread(chunk.data(), 1, chunk.size(), f.get());
    if (n == 0) break;
    out.append(chunk.data(), n);
  }
  if (std::ferror(f.get())) return make_error(ErrorCode::kIo, fmt::format("{}: read error", path));
  return out;
}

int emit(const PactOptions& c, const report::Sheet& sheet) {
  if (!c.out.empty()) {
    std::string ext = std::filesystem::path(c.out).extension().string();
    if (!ext.empty()) ext.erase(0, 1);
    auto format = report::parse_file_format(ext);
    if (!format) {
      return pact_fail({ErrorCode::kInvalidArgument,
                        fmt::format("--out: '{}' must end in .xlsx, .csv or .json", c.out)});
    }
    if (auto w = report::write(sheet, *format, c.out); !w) return pact_fail(w.error());
    fmt::print("written: {}\n", c.out);
  }
  if (c.json) {
    auto text = report::render(sheet, report::FileFormat::kJson);
    if (!text) return pact_fail(text.error());
    fmt::print("{}\n", *text);
  }
  return kExitOk;
}

void add_pact_options(CLI::App* cmd, PactOptions& c, bool files) {
  cmd->add_option(
      "--db", c.db,
      "the database: an SQLite file or a postgresql:// URL (default $LAP_DB or lap.sqlite)");
  cmd->add_option("--today", c.today,
                  "the date to act on, YYYY-MM-DD (default: today); decides the parameter "
                  "version, the deadline and redistribution");
  cmd->add_option("--actor", c.actor, "who acts (recorded; default: the operating-system user)");
  if (files) {
    cmd->add_option("--out", c.out, "write the table to FILE.xlsx, FILE.csv or FILE.json");
    cmd->add_flag("--json", c.json, "print the table as JSON");
  }
}

}  // namespace lap::cli
