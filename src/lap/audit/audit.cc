#include "lap/audit/audit.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "lap/audit/block_audit.h"
#include "lap/audit/linear_program.h"

namespace lap::audit {
namespace {

using detail::Block;
using detail::Cell;
using detail::FigureKey;
using detail::State;
using measure::Indicator;
using measure::Period;
using publish::Level;

int ocmw_of(Block& b, Nis nis) {
  auto [it, inserted] = b.ocmw_index.try_emplace(nis.code(), static_cast<int>(b.ocmws.size()));
  if (inserted) b.ocmws.push_back(nis);
  return it->second;
}

int figure_of(Block& b, Indicator indicator, std::string_view variant, const Period& period) {
  FigureKey key{indicator, std::string(variant), period};
  auto [it, inserted] = b.figure_index.try_emplace(key, static_cast<int>(b.figures.size()));
  if (inserted) b.figures.push_back(std::move(key));
  return it->second;
}

}  // namespace

Result<AuditReport> audit(std::span<const measure::Figure> exact,
                          std::span<const publish::PublishedFigure> published,
                          const geo::Registry& registry, const AuditOptions& options) {
  std::map<BlockKey, Block> blocks;
  for (const measure::Figure& f : exact) {
    auto key = block_of(f.indicator, f.period);
    if (!key) continue;
    Block& b = blocks[*key];
    b.key = *key;
    b.last = std::max(b.last, f.period.last);
    const int x = ocmw_of(b, f.ocmw);
    const int fi = figure_of(b, f.indicator, f.variant, f.period);
    b.exact[{x, fi}].add({f.numerator, f.pending, f.denominator});
  }
  for (const publish::PublishedFigure& p : published) {
    auto key = block_of(p.indicator, p.period);
    if (!key) continue;
    Block& b = blocks[*key];
    b.key = *key;
    b.last = std::max(b.last, p.period.last);
    const int fi = figure_of(b, p.indicator, p.variant, p.period);
    Cell c;
    c.state = p.suppressed() ? State::kSuppressed : State::kShown;
    c.counts = {p.numerator, p.pending, p.denominator};
    if (p.area.level == Level::kOcmw) {
      auto nis = Nis::parse(p.area.code);
      if (!nis) {
        return make_error(ErrorCode::kInvalidArgument,
                          fmt::format("published OCMW code '{}' is not a NIS code", p.area.code));
      }
      b.view[{ocmw_of(b, *nis), fi}] = c;
    } else {
      b.area_view[{p.area.level, p.area.code}].emplace_back(fi, c);
    }
  }
  // The blocks are independent problems: audited on `threads` threads, each
  // with its own GLPK state, and the reports merged in block order.
  std::vector<Block*> order;
  order.reserve(blocks.size());
  for (auto& [key, b] : blocks)
    order.push_back(&b);
  std::vector<AuditReport> reports(order.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < order.size(); i = next++) {
      Block& b = *order[i];
      ++reports[i].blocks;
      detail::BlockAudit a(b, registry, options, reports[i]);
      if (auto s = a.run(); !s) {
        reports[i].errors.push_back(fmt::format("block {} {}: {}", detail::group_name(b.key.group),
                                                b.key.start.to_string(), s.error().message));
      }
    }
    release_solver_memory();
  };
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(order.size())));
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t)
    pool.emplace_back(work);
  for (auto& t : pool)
    t.join();
  AuditReport report;
  for (AuditReport& r : reports) {
    report.blocks += r.blocks;
    report.components += r.components;
    report.solves += r.solves;
    report.largest_component = std::max(report.largest_component, r.largest_component);
    report.primary_cells += r.primary_cells;
    report.sensitive_counts += r.sensitive_counts;
    report.exact_intervals += r.exact_intervals;
    if (r.narrowest != 0 && (report.narrowest == 0 || r.narrowest < report.narrowest)) {
      report.narrowest = r.narrowest;
    }
    report.findings.insert(report.findings.end(), r.findings.begin(), r.findings.end());
    report.errors.insert(report.errors.end(), r.errors.begin(), r.errors.end());
  }
  return report;
}

}  // namespace lap::audit
