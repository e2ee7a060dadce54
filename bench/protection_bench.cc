// Benchmark (not a test) of the disclosure control of a whole measurement run
// (lap/publish/protect.h) and of the alternatives it was chosen over, with the
// independent audit (lap/audit) as the judge. Prints Markdown tables.
//
//   LAP_BENCH_DELIVERY=DIR   a delivery written by `lap generate` (required)
//   LAP_BENCH_VIEWS=LIST     the views to audit, comma-separated (default
//                            public,ocmw:11002,ocmw:44021,ocmw:23009; empty: none)
//
// The run: every indicator 2019-01..2025-12 and the LAP 2023 and LAP 2024
// results month by month, as `lap measure` stores it. Methods:
//  - linked: linked suppression robust against one municipality's own cells
//    (what lap uses);
//  - linked, public only: the same protection without that robustness;
//  - cell key: the perturbative cell-key method (publish/cell_key.h).
// bench/protection.sh runs it; before this change the per-table rule hid 94% of
// the OCMW cells and the audit found 24,511 counts unprotected (docs/indicators.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "delivery_timelines.h"
#include "lap/audit/audit.h"
#include "lap/geo/registry.h"
#include "lap/measure/indicators.h"
#include "lap/measure/person.h"
#include "lap/publish/cell_key.h"
#include "lap/publish/protect.h"
#include "lap/publish/publication.h"

namespace lap {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

std::vector<publish::View> views_to_audit() {
  const char* env = std::getenv("LAP_BENCH_VIEWS");  // empty: no audit
  std::string text = env != nullptr ? env : "public,ocmw:11002,ocmw:44021,ocmw:23009";
  std::vector<publish::View> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (auto v = publish::View::parse(item)) out.push_back(*v);
  }
  return out;
}

void print_loss(const std::string& method, const std::vector<publish::Loss>& loss) {
  fmt::print("\n### {}: hidden OCMW cells\n\n", method);
  fmt::print(
      "| indicator | variant | OCMW cells | primary | secondary | secondary / others | "
      "area cells hidden |\n|---|---|---|---|---|---|---|\n");
  for (const auto& l : loss) {
    const int64_t others = l.ocmw_cells - l.ocmw_primary;
    fmt::print("| {} | {} | {} | {} | {} | {:.1f}% | {} of {} |\n", measure::to_id(l.indicator),
               l.variant, l.ocmw_cells, l.ocmw_primary, l.ocmw_secondary,
               others > 0 ? 100.0 * static_cast<double>(l.ocmw_secondary) / others : 0.0,
               l.area_primary + l.area_secondary, l.area_cells);
  }
}

void audit_views(const std::string& method, std::span<const measure::Figure> figures,
                 const publish::Protection& protection, Month data_end) {
  const auto exact = publish::roll_up(figures, geo::Registry::builtin());
  for (const publish::View& view : views_to_audit()) {
    auto cells = exact;
    publish::apply(cells, protection, view);
    audit::AuditOptions o;
    o.data_end = data_end;
    o.view = view;
    const auto started = std::chrono::steady_clock::now();
    auto r = audit::audit(figures, cells, geo::Registry::builtin(), o);
    if (!r) {
      fmt::print("audit failed: {}\n", r.error().message);
      continue;
    }
    fmt::print("| {} | {} | {} | {} | {} | {} | {:.1f} s |\n", method, view.to_string(),
               r->sensitive_counts, r->findings.size(), r->errors.size(), r->components,
               seconds_since(started));
  }
}

// The cell-key method against the exact figures, per indicator and variant
// (OCMW cells): information loss and what it gives away about small counts.
void cell_key(std::span<const measure::InnerBlock> blocks,
              std::span<const measure::Figure> figures) {
  const auto started = std::chrono::steady_clock::now();
  const auto noisy = publish::perturbed_cells(blocks, geo::Registry::builtin());
  const double secs = seconds_since(started);
  const auto exact = publish::roll_up(figures, geo::Registry::builtin());
  if (noisy.size() != exact.size()) {
    fmt::print("cell key: {} cells against {} exact ones\n", noisy.size(), exact.size());
    return;
  }
  struct Stats {
    int64_t cells = 0;
    int64_t changed = 0;
    double abs_pp = 0;  // percentage points
    int64_t with_pct = 0;
    int64_t abs_numerator = 0;  // persons
    int64_t small = 0;          // counts of 1..4
    int64_t small_exact = 0;    // published as they are
    int64_t small_as_zero = 0;  // published as 0
  };
  std::map<std::pair<measure::Indicator, std::string>, Stats> by;
  for (size_t i = 0; i < exact.size(); ++i) {
    const auto& e = exact[i];
    const auto& n = noisy[i];
    if (e.area.level != publish::Level::kOcmw) continue;
    Stats& s = by[{e.indicator, std::string(e.variant)}];
    ++s.cells;
    if (e.numerator != n.numerator || e.pending != n.pending || e.denominator != n.denominator) {
      ++s.changed;
    }
    s.abs_numerator += std::abs(e.numerator - n.numerator);
    if (e.denominator > 0 && n.denominator > 0) {
      s.abs_pp += std::abs(100.0 * static_cast<double>(e.numerator) / e.denominator -
                           100.0 * static_cast<double>(n.numerator) / n.denominator);
      ++s.with_pct;
    }
    for (auto [t, p] : {std::pair{e.numerator, n.numerator}, std::pair{e.pending, n.pending},
                        std::pair{e.denominator, n.denominator}}) {
      if (t < 1 || t > 4) continue;
      ++s.small;
      if (p == t) ++s.small_exact;
      if (p == 0) ++s.small_as_zero;
    }
  }
  fmt::print("\n### cell key: perturbed in {:.1f} s, nothing hidden\n\n", secs);
  fmt::print(
      "| indicator | variant | OCMW cells changed | mean error of the numerator (persons) | "
      "mean error (percentage points) | counts of 1-4 | shown as they are | shown as 0 |\n"
      "|---|---|---|---|---|---|---|---|\n");
  for (const auto& [key, s] : by) {
    fmt::print(
        "| {} | {} | {:.1f}% | {:.2f} | {:.2f} | {} | {:.1f}% | {:.1f}% |\n",
        measure::to_id(key.first), key.second,
        100.0 * static_cast<double>(s.changed) / std::max<int64_t>(s.cells, 1),
        static_cast<double>(s.abs_numerator) / static_cast<double>(std::max<int64_t>(s.cells, 1)),
        s.abs_pp / static_cast<double>(std::max<int64_t>(s.with_pct, 1)), s.small,
        100.0 * static_cast<double>(s.small_exact) / std::max<int64_t>(s.small, 1),
        100.0 * static_cast<double>(s.small_as_zero) / std::max<int64_t>(s.small, 1));
  }
  // Differencing: reach all - reach LL against the true ELL count, where that is 1..4.
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> num;
  for (const auto& n : noisy) {
    if (n.indicator == measure::Indicator::kReach && n.area.level == publish::Level::kOcmw) {
      num[{std::string(n.variant), n.period.to_string(), n.area.code}] = n.denominator;
    }
  }
  int64_t small_ell = 0;
  int64_t recovered = 0;
  for (const auto& e : exact) {
    if (e.indicator != measure::Indicator::kReach || e.variant != "ELL" ||
        e.area.level != publish::Level::kOcmw || e.denominator < 1 || e.denominator > 4) {
      continue;
    }
    ++small_ell;
    const auto p = e.period.to_string();
    auto all = num.find({"all", p, e.area.code});
    auto ll = num.find({"LL", p, e.area.code});
    if (all != num.end() && ll != num.end() && all->second - ll->second == e.denominator) {
      ++recovered;
    }
  }
  fmt::print(
      "\nDifferencing (cell key): reach all minus reach LL gives the true number of ELL "
      "leefloners for {} of the {} OCMW-months where it is 1 to 4 ({:.1f}%).\n",
      recovered, small_ell,
      100.0 * static_cast<double>(recovered) / std::max<int64_t>(small_ell, 1));
}

int run() {
  const measure::Timelines& t = bench::delivery_timelines();
  const measure::Settings settings;
  const Month first = *Month::parse("2019-01");
  const Month last = *Month::parse("2025-12");
  std::vector<measure::InnerBlock> blocks =
      measure::compute_inner(t, settings, MonthRange(first, last));
  for (const char* call : {"2023-12..2024-11", "2024-12..2025-11"})
    blocks.push_back(measure::lap_inner(t, settings, *MonthRange::parse(call)));
  std::vector<measure::Figure> figures;
  for (const auto& b : blocks)
    measure::append_figures(b, figures);
  const Month data_end = measure::data_end(t, settings);
  fmt::print("## Protection of one run: {} figures in {} blocks, k = 5\n", figures.size(),
             blocks.size());

  std::map<std::string, publish::ProtectResult> results;
  fmt::print("\n| method | seconds | sensitive counts | hidden cells |\n|---|---|---|---|\n");
  for (bool insiders : {true, false}) {
    publish::ProtectOptions o;
    o.insiders = insiders;
    const auto started = std::chrono::steady_clock::now();
    auto p = publish::protect(blocks, geo::Registry::builtin(), o);
    const double secs = seconds_since(started);
    if (!p) {
      fmt::print("protect failed: {}\n", p.error().message);
      return 1;
    }
    const std::string name = insiders ? "linked" : "linked, public only";
    fmt::print("| {} | {:.1f} | {} | {} |\n", name, secs, p->sensitive_counts,
               p->protection.cells().size());
    results.emplace(name, std::move(*p));
  }
  for (const auto& [name, p] : results)
    print_loss(name, p.loss);
  cell_key(blocks, figures);

  fmt::print(
      "\n### The audit (GLPK)\n\n| method | view | counts of 1-4 | not protected | model "
      "errors | linear programs | time |\n|---|---|---|---|---|---|---|\n");
  for (const auto& [name, p] : results)
    audit_views(name, figures, p.protection, data_end);
  return 0;
}

}  // namespace
}  // namespace lap

int main() {
  return lap::run();
}
