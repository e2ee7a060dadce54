// An independent audit of what one view of a measurement run discloses
// (domain.md §5, docs/indicators.md "Kleine aantallen"): it models what an
// attacker sees — every published cell of the run, how figures are sums of
// units (model.h), that units are never negative and that a listed cell is not
// empty — and computes, with a linear-programming solver (GLPK), for every
// count of 1..k-1 persons of a primary cell the interval it can be narrowed
// to. Protection holds when no such count is shown, determined exactly, or
// narrowed to fewer than k values.
//
// The audit takes the exact figures and the published view, and nothing from
// the protector (lap/publish/protect.h): it finds the primary cells, the
// areas and the relations between figures itself.
//
// Each block (a month, a half year, a quarterly indicator's half year with its
// two quarters, a LAP call) is a
// separate problem; inside it, aggregate rows implied by published parts are
// dropped and the rest splits into independent components (mostly a
// regiegebied each), one linear program per component.
//
// Thread-safe: each block is solved on one worker thread with its own GLPK state.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/geo/registry.h"
#include "lap/measure/figure.h"
#include "lap/publish/publication.h"
#include "lap/publish/rule.h"

namespace lap::audit {

struct AuditOptions {
  int k = 5;
  Month data_end;  // L of the run
  publish::View view = publish::View::public_view();
  int threads = 2;  // blocks are audited in parallel
};

// A count of 1..k-1 persons that the view does not protect.
struct Finding {
  publish::CellKey cell;
  publish::Quantity quantity = publish::Quantity::kNumerator;
  int64_t value = 0;
  int64_t low = 0;              // the interval an attacker can narrow it to
  std::optional<int64_t> high;  // nullopt: no upper bound
  bool shown = false;           // the cell itself is published
};

struct AuditReport {
  int64_t blocks = 0;
  int64_t components = 0;         // linear programs built
  int64_t solves = 0;             // optimisations (two per count)
  int64_t largest_component = 0;  // variables of the largest linear program
  int64_t primary_cells = 0;      // primary cells outside the viewer's own OCMW
  int64_t sensitive_counts = 0;
  int64_t exact_intervals = 0;  // counts whose interval was computed exactly
  // The fewest values of those exact intervals (0 = none). The other counts
  // were shown to keep at least k values by points found on the way.
  int64_t narrowest = 0;
  std::vector<Finding> findings;
  std::vector<std::string> errors;  // blocks the model cannot explain (a bug somewhere)
  bool ok() const { return findings.empty() && errors.empty(); }
};

// Audits `published` (the view of the run for `options.view`) against the
// exact per-OCMW figures of the run.
Result<AuditReport> audit(std::span<const measure::Figure> exact,
                          std::span<const publish::PublishedFigure> published,
                          const geo::Registry& registry, const AuditOptions& options);

}  // namespace lap::audit
