// The transitions matrix as a viewer sees it (docs/indicators.md, "Transities"
// and "Afscherming"; SPEC §6).
//
// A matrix publishes no row or column totals of its own, but a row total is a
// figure anyway: the matrix of a month against itself has the row totals on its
// diagonal, and a user may ask for any pair of months. So every row is
// protected as a table with a known total:
//
// - a count is *small* when it is 1..k-1;
// - primary: a cell is hidden when its count is small, or when the count
//   without the persons of one OCMW is small (that OCMW, which sees its own
//   matrix, would learn a small number of others);
// - secondary: a row with a hidden cell hides more cells, smallest first, until
//   at least two are hidden, their sum is not small and, for every OCMW, their
//   sum without that OCMW's persons is not small — or the whole row is hidden;
// - the row total is shown when it passes the primary rule itself.
//
// An exact view (WSE, VDAB) sees every matrix as it is; an owner view its own
// OCMW's matrix exactly and the protected Flemish one; the public view only the
// protected Flemish one.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/figure.h"
#include "lap/publish/protect.h"
#include "lap/publish/publication.h"

namespace lap::publish {

// The positions a row starts from: every position but OTHER (whose row is empty).
inline constexpr int kTransitionRows = measure::kPositionCount - 1;

struct SeenTransitionRow {
  measure::Position from = measure::Position::kWorkEmp;
  // Per destination position: the count, nullopt when hidden.
  std::array<std::optional<int64_t>, measure::kPositionCount> cells{};
  std::array<Suppression, measure::kPositionCount> suppression{};
  std::optional<int64_t> total;  // nullopt when hidden
};

struct SeenTransitionMatrix {
  Nis ocmw;            // Nis{} (code 0) for Flanders
  bool exact = false;  // nothing hidden
  std::array<SeenTransitionRow, kTransitionRows> rows{};
  int hidden_cells() const;
};

struct SeenTransitions {
  Month from;
  Month to;
  SeenTransitionMatrix flanders;
  std::vector<SeenTransitionMatrix> per_ocmw;  // by NIS; those the view may see
};

// The matrix as it is.
SeenTransitionMatrix exact_matrix(const measure::TransitionMatrix& m);
// The Flemish matrix protected with threshold `k`, the OCMWs of `tr.per_ocmw`
// as the insiders.
SeenTransitionMatrix protected_flanders(const measure::Transitions& tr, int k);
// What `view` sees of `tr`.
SeenTransitions seen_transitions(const measure::Transitions& tr, const View& view, int k);

}  // namespace lap::publish
