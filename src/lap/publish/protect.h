// Disclosure control for a whole measurement run (domain.md §5, docs/indicators.md
// "Kleine aantallen"): which published cells to hide so that no cell of 1..k-1
// persons can be recomputed, or narrowed to fewer than k values, from what is
// shown — across every indicator, variant, period and level of the run.
//
// The model. Figures are sums of inner cells (measure/inner.h); a published
// cell (an OCMW's or an area's figure) fixes its numerator, pending count and
// denominator, and an attacker knows the inner cells are non-negative and that
// a listed cell is not all zero. Families and blocks share no inner cells, so
// each block (a month of the monthly indicators, a half year of their
// half-year figures, a half year of a quarterly family with its two quarters,
// a LAP call) is protected on its own.
//
// The method: linked cell suppression with explicit witnesses, a generalised
// hypercube method. Primary cells are those of the rule in rule.h. Every count
// of a primary cell that lies in 1..k-1 (a *sensitive* count) must be
// protected by a *witness*: a second set of inner cells, equal to the true
// ones except that units moved between two OCMWs Y and Z in opposite
// directions (a change of a unit's kind at Y and the reverse at Z, a unit
// moved from Z to Y, or two such changes that cancel in some figure; when
// nothing else works, units added or taken at Y alone), that leaves every
// published number unchanged, keeps every inner cell non-negative and every
// listed cell non-empty, and moves the sensitive count. A witness is valid when
// every cell whose numbers it changes is suppressed; witnesses going up and
// down by u and d prove that an attacker cannot narrow the count below
// u + d + 1 values. Cells are suppressed greedily, the cheapest witnesses per
// unit of width first: cells already suppressed cost nothing, OCMW cells 1000
// (3000 for the headline variant `all`) plus their units up to 999, areas much
// more (block_protector.h). With `insiders` on, the width must be reached also
// without the witnesses through any one OCMW, so that no single municipality
// that knows its own cells exactly (its own view) can narrow the count.
//
// Protection is monotone: suppressing more cells never invalidates a witness.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "lap/core/error.h"
#include "lap/geo/registry.h"
#include "lap/measure/figure.h"
#include "lap/measure/inner.h"
#include "lap/publish/areas.h"

namespace lap::publish {

// The method's id, stored with every protected run.
inline constexpr std::string_view kMethod = "linked-witness/1";

enum class Suppression : uint8_t { kNone, kPrimary, kSecondary };
std::string_view to_id(Suppression s);  // none, primary, secondary
std::optional<Suppression> suppression_from_id(std::string_view id);

// A cell of the published tables: one indicator, variant and period of one area.
struct CellKey {
  measure::Indicator indicator = measure::Indicator::kReach;
  std::string variant;
  measure::Period period;
  Level level = Level::kOcmw;
  std::string code;
  bool operator==(const CellKey&) const = default;
};
bool operator<(const CellKey& a, const CellKey& b);

struct SuppressedCell {
  CellKey cell;
  Suppression reason = Suppression::kPrimary;
};

struct ProtectOptions {
  int k = 5;  // counts of 1..k-1 are protected; k <= 1 protects nothing
  // Also protect against any one municipality that knows its own cells.
  bool insiders = true;
  // Threads protecting blocks at once; 0: one per core. The result is the same
  // for any number.
  int threads = 0;
};

// The cells one indicator and variant publishes, and how many are hidden.
struct Loss {
  measure::Indicator indicator = measure::Indicator::kReach;
  std::string variant;
  int64_t ocmw_cells = 0;  // listed OCMW cells (a figure with a non-zero number)
  int64_t ocmw_primary = 0;
  int64_t ocmw_secondary = 0;
  int64_t area_cells = 0;  // regiegebied, province, centrumsteden, Flanders
  int64_t area_primary = 0;
  int64_t area_secondary = 0;
};

// The suppression pattern of a run, for one k.
class Protection {
 public:
  Protection() = default;
  // `cells` in any order; a cell listed twice keeps its first reason.
  Protection(int k, std::vector<SuppressedCell> cells);

  int k() const { return k_; }
  Suppression lookup(const CellKey& key) const;
  std::span<const SuppressedCell> cells() const { return cells_; }  // sorted by cell

 private:
  int k_ = 0;
  std::vector<SuppressedCell> cells_;
};

struct ProtectResult {
  Protection protection;
  std::vector<Loss> loss;  // by indicator and variant
  int64_t sensitive_counts = 0;
  int64_t witnesses = 0;    // witnesses chosen (with or without new suppressions)
  int64_t unprotected = 0;  // sensitive counts no witnesses were found for (0 unless a bug)
};

// Protects every block; the blocks of one run (compute_inner and the
// lap_inner of each call), independently and in parallel. An error when a
// block has more than 64 figures.
Result<ProtectResult> protect(std::span<const measure::InnerBlock> blocks,
                              const geo::Registry& registry, const ProtectOptions& options);

}  // namespace lap::publish
