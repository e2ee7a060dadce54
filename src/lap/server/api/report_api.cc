// GET /api/v1/semester-report (docs/report.md, docs/api.md "The semestrial
// report"): the semestrial policy report of the latest run for VDAB and WSE
// (permission `reports`), always from the public view — it is a document to
// hand round — as JSON (the findings, for the page), HTML (its own page, also
// shown in the web page's frame), XLSX (a sheet per indicator) or PDF
// (printed by headless Chromium). GET /api/v1/fact-sheet: the municipal fact
// sheet of one municipality for whoever may see figures, also always public.
#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lap/report/fact_sheet.h"
#include "lap/report/figure_sheet.h"
#include "lap/report/print_pdf.h"
#include "lap/report/semester_report.h"
#include "lap/report/xlsx.h"
#include "lap/server/api/api.h"
#include "lap/server/api/dashboard_documents.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;

// The run's half years, newest first.
std::vector<measure::Period> half_years(const PublishedRun& run) {
  std::set<measure::Period, decltype([](const measure::Period& a, const measure::Period& b) {
             return a.first > b.first;
           })>
      found;
  for (const measure::Figure& f : run.figures)
    if (f.period.kind == measure::Period::Kind::kHalfYear) found.insert(f.period);
  return {found.begin(), found.end()};
}

// The regiegebieden of the run's last month, by name.
std::vector<std::string> regiegebieden(const geo::Registry& registry, Date on) {
  std::set<std::string> names;
  for (const geo::Municipality* m : registry.valid_on(on))
    if (!m->regiegebied.empty()) names.insert(m->regiegebied);
  return {names.begin(), names.end()};
}

Response document(std::string content_type, std::string body, std::string_view disposition,
                  const std::string& file) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("content-disposition",
                         fmt::format("{}; filename=\"{}\"", disposition, file));
  r.headers.emplace_back("cache-control", "private, no-store");
  return r;
}

// The half year asked for (default: the run's latest whole one), or the answer refusing it.
std::variant<measure::Period, Response> chosen_half_year(const Request& r,
                                                         const PublishedRun& run) {
  if (!run.protected_run()) {
    return Response::problem(409, "conflict",
                             "De meting is zonder afscherming bewaard; het rapport toont alleen "
                             "de publieke cijfers. Voer lap measure opnieuw uit.");
  }
  const std::vector<measure::Period> halves = half_years(run);
  if (halves.empty()) {
    return Response::problem(404, "not_found",
                             "De meting bevat geen volledig halfjaar; meet een periode die een "
                             "heel halfjaar bevat.");
  }
  if (auto text = r.query_param("half_year")) {
    auto p = measure::Period::parse(*text);
    if (!p || p->kind != measure::Period::Kind::kHalfYear) {
      return Response::problem(400, "bad_request", "half_year: een halfjaar, bv. 2025-H1");
    }
    return *p;
  }
  return halves.front();
}

Response refusal(const Error& e) {
  return Response::problem(e.code == ErrorCode::kNotFound ? 404 : 400,
                           e.code == ErrorCode::kNotFound ? "not_found" : "bad_request", e.message);
}

// The document as the format asks: html (framed by the app only, no scripts), pdf, xlsx; an
// empty optional for json or an unknown format.
std::optional<Response> as_document(std::string_view format, const std::string& stem,
                                    const std::function<std::string()>& html,
                                    const std::function<report::Workbook()>& workbook) {
  if (format == "html" || format == "pdf") {
    std::string page = html();
    if (format == "pdf") {
      auto pdf = report::pdf_bytes(page);
      if (!pdf) {
        return Response::problem(503, "unavailable",
                                 "De PDF kan nu niet gemaakt worden; download het rapport als "
                                 "HTML of XLSX.");
      }
      return document("application/pdf", std::move(*pdf), "attachment", stem + ".pdf");
    }
    Response out = document("text/html; charset=utf-8", std::move(page), "inline", stem + ".html");
    // The page is ours, without scripts: its own style only, framed by the app.
    out.headers.emplace_back(
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
    out.headers.emplace_back("x-frame-options", "SAMEORIGIN");
    return out;
  }
  if (format == "xlsx") {
    auto bytes = report::xlsx_bytes(workbook());
    if (!bytes) return Response::problem(500, "internal", "Het rekenblad kon niet gemaakt worden.");
    return document("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    std::move(*bytes), "attachment", stem + ".xlsx");
  }
  if (format != "json")
    return Response::problem(400, "bad_request", "format: json, html, xlsx of pdf");
  return std::nullopt;
}

Result<std::vector<formats::ContextFigureRow>> stored_context(Environment& env) {
  auto store = env.pool->lease();
  if (!store) return std::unexpected(store.error());
  return (*store)->context_figures();
}

Response semester_report(const Request& r, const PublishedRun& run, const geo::Registry& registry,
                         Date today, Environment& env) {
  auto chosen = chosen_half_year(r, run);
  if (auto* refused = std::get_if<Response>(&chosen)) return std::move(*refused);
  const measure::Period half = std::get<measure::Period>(chosen);
  const std::vector<measure::Period> halves = half_years(run);
  report::SemesterReportInput input;
  input.half_year = half;
  if (auto list = r.query_param("regiegebieden"); list && !list->empty()) {
    std::string_view rest = *list;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      input.regiegebieden.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  auto stored = stored_context(env);
  if (!stored) return problem_for(stored.error());
  input.context = std::move(*stored);
  input.k = run.protection->k();
  input.source = source_text(run);
  input.generated_on = today;
  auto doc = report::semester_report(run.hidden, registry, input);
  if (!doc) return refusal(doc.error());
  const std::string format(r.query_param("format").value_or("json"));
  if (auto file = as_document(
          format, fmt::format("beleidsrapport_{}", half.to_string()),
          [&] { return report::semester_report_html(*doc); },
          [&] { return report::semester_report_workbook(*doc); })) {
    return std::move(*file);
  }
  Json sections = Json::array();
  for (const report::ReportSection& s : doc->sections) {
    sections.push_back({{"indicator", measure::to_id(s.indicator.indicator)},
                        {"variant", s.indicator.variant},
                        {"title", s.indicator.title},
                        {"findings", s.sentences}});
  }
  Json context = Json::array();
  for (const report::ContextSection& s : doc->context) {
    context.push_back({{"figure", formats::to_code(s.figure)},
                       {"title", s.title},
                       {"period", s.period ? Json(s.period->to_string()) : Json()},
                       {"previous", s.previous ? Json(s.previous->to_string()) : Json()},
                       {"source", s.source},
                       {"findings", s.sentences}});
  }
  Json periods = Json::array();
  for (const auto& p : halves)
    periods.push_back(p.to_string());
  Json body = {{"run", run_json(run)},
               {"half_year", half.to_string()},
               {"previous", doc->previous.to_string()},
               {"half_years", periods},
               {"regiegebieden", input.regiegebieden},
               {"all_regiegebieden", regiegebieden(registry, run.run.last_month.last_day())},
               {"context", context},
               {"sections", sections}};
  Response out = Response::json(200, body.dump());
  out.headers.emplace_back("cache-control", "private, no-cache");
  return out;
}

// GET /api/v1/fact-sheet?nis=&half_year=&format=: the municipal fact sheet (docs/report.md,
// "Gemeentefiche"), from the public view for whoever may see figures.
Response fact_sheet(const Request& r, const PublishedRun& run, Environment& env) {
  auto nis_text = r.query_param("nis");
  auto nis = nis_text ? Nis::parse(*nis_text) : Result<Nis>(std::unexpected(Error{}));
  if (!nis || env.registry->find(*nis) == nullptr) {
    return Response::problem(400, "bad_request", "nis: de NIS-code van een Vlaamse gemeente");
  }
  auto chosen = chosen_half_year(r, run);
  if (auto* refused = std::get_if<Response>(&chosen)) return std::move(*refused);
  const measure::Period half = std::get<measure::Period>(chosen);
  report::FactSheetInput input;
  input.municipality = *nis;
  input.half_year = half;
  {
    auto store = env.pool->lease();
    if (!store) return problem_for(store.error());
    auto context = (*store)->context_figures();
    if (!context) return problem_for(context.error());
    auto agreements = (*store)->agreements();
    if (!agreements) return problem_for(agreements.error());
    input.context = std::move(*context);
    input.agreements = std::move(*agreements);
  }
  input.k = run.protection->k();
  input.source = source_text(run);
  input.generated_on = env.today();
  auto doc = report::fact_sheet(run.hidden, *env.registry, input);
  if (!doc) return refusal(doc.error());
  const std::string format(r.query_param("format").value_or("json"));
  if (auto file = as_document(
          format, fmt::format("gemeentefiche_{}_{}", nis->to_string(), half.to_string()),
          [&] { return report::fact_sheet_html(*doc); },
          [&] { return report::fact_sheet_workbook(*doc); })) {
    return std::move(*file);
  }
  Json indicators = Json::array();
  for (const report::FactSheetIndicator& i : doc->indicators) {
    auto pct = [](const publish::PublishedFigure* f) {
      return report::shown(f) ? Json(report::pct_text(*f)) : Json();
    };
    indicators.push_back({{"indicator", measure::to_id(i.indicator.indicator)},
                          {"variant", i.indicator.variant},
                          {"title", i.indicator.title},
                          {"municipality", pct(i.municipality.now)},
                          {"before", pct(i.municipality.before)},
                          {"flanders", pct(i.flanders.now)}});
  }
  Json body = {
      {"run", run_json(run)},
      {"municipality", {{"nis", doc->municipality.code}, {"name", doc->municipality.name}}},
      {"regiegebied", doc->regiegebied},
      {"province", doc->province},
      {"half_year", half.to_string()},
      {"previous", doc->previous.to_string()},
      {"half_years",
       [&] {
         Json all = Json::array();
         for (const auto& p : half_years(run))
           all.push_back(p.to_string());
         return all;
       }()},
      {"findings", doc->findings},
      {"indicators", indicators},
      {"agreements", doc->agreements.size()}};
  Response out = Response::json(200, body.dump());
  out.headers.emplace_back("cache-control", "private, no-cache");
  return out;
}

}  // namespace

void add_report_routes(Service& service, Environment& env) {
  RunCatalog* runs = env.runs.get();
  const geo::Registry* registry = env.registry;
  Environment* e = &env;
  service.router().add(
      "GET", "/api/v1/semester-report", [runs, registry, e](const Request& r, RequestContext& ctx) {
        if (auto d = deny_unless(ctx, auth::Permission::kReports)) return *d;
        // The report is always the public view, whoever asks.
        auto found = run_for(*runs, publish::View::public_view());
        if (auto* response = std::get_if<Response>(&found)) return *response;
        return semester_report(r, *std::get<std::shared_ptr<const PublishedRun>>(found), *registry,
                               e->today(), *e);
      });
  service.router().add(
      "GET", "/api/v1/fact-sheet", [runs, e](const Request& r, RequestContext& ctx) {
        if (auto d = deny_unless(ctx, auth::Permission::kAggregates)) return *d;
        // Always the public view: a fact sheet is for a council, whoever asks.
        auto found = run_for(*runs, publish::View::public_view());
        if (auto* response = std::get_if<Response>(&found)) return *response;
        return fact_sheet(r, *std::get<std::shared_ptr<const PublishedRun>>(found), *e);
      });
}

}  // namespace lap::server::api
