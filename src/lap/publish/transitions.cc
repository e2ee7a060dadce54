#include "lap/publish/transitions.h"

#include <algorithm>
#include <cstddef>

namespace lap::publish {
namespace {

using measure::kPositionCount;
using measure::Position;
using measure::TransitionMatrix;

constexpr size_t kColumns = static_cast<size_t>(kPositionCount);

bool small(int64_t n, int k) {
  return n >= 1 && n < k;
}

int64_t count(const TransitionMatrix& m, int row, size_t column) {
  return m.counts[static_cast<size_t>(row) * kColumns + column];
}

// Whether the persons of `cells` (a set of columns of one row), together, may
// be shown or known as a sum: not small, and not small without one OCMW.
bool safe_sum(const measure::Transitions& tr, int row, const std::array<bool, kColumns>& cells,
              int k) {
  int64_t all = 0;
  for (size_t b = 0; b < kColumns; ++b)
    if (cells[b]) all += count(tr.flanders, row, b);
  if (small(all, k)) return false;
  for (const auto& x : tr.per_ocmw) {
    int64_t own = 0;
    for (size_t b = 0; b < kColumns; ++b)
      if (cells[b]) own += count(x, row, b);
    if (small(all - own, k)) return false;
  }
  return true;
}

SeenTransitionRow protected_row(const measure::Transitions& tr, int row, int k) {
  SeenTransitionRow out;
  out.from = static_cast<Position>(row);
  std::array<bool, kColumns> hidden{};
  int n_hidden = 0;
  for (size_t b = 0; b < kColumns; ++b) {
    std::array<bool, kColumns> one{};
    one[b] = true;
    if (!safe_sum(tr, row, one, k)) {
      hidden[b] = true;
      out.suppression[b] = Suppression::kPrimary;
      ++n_hidden;
    }
  }
  // The row total is known (it is on the diagonal of the matrix of a month
  // against itself): hide more cells until the hidden ones are safe together.
  while (n_hidden > 0 && (n_hidden < 2 || !safe_sum(tr, row, hidden, k))) {
    std::optional<size_t> next;
    for (size_t b = 0; b < kColumns; ++b) {
      if (hidden[b]) continue;
      // Smallest count first; empty cells last (they add no persons).
      auto rank = [&](size_t c) {
        const int64_t n = count(tr.flanders, row, c);
        return n == 0 ? INT64_MAX : n;
      };
      if (!next || rank(b) < rank(*next)) next = b;
    }
    if (!next) break;  // the whole row is hidden
    hidden[*next] = true;
    out.suppression[*next] = Suppression::kSecondary;
    ++n_hidden;
  }
  for (size_t b = 0; b < kColumns; ++b)
    if (!hidden[b]) out.cells[b] = count(tr.flanders, row, b);
  std::array<bool, kColumns> all{};
  all.fill(true);
  if (safe_sum(tr, row, all, k)) {
    int64_t total = 0;
    for (size_t b = 0; b < kColumns; ++b)
      total += count(tr.flanders, row, b);
    out.total = total;
  }
  return out;
}

}  // namespace

int SeenTransitionMatrix::hidden_cells() const {
  int n = 0;
  for (const auto& r : rows)
    n += static_cast<int>(std::count(r.cells.begin(), r.cells.end(), std::nullopt));
  return n;
}

SeenTransitionMatrix exact_matrix(const TransitionMatrix& m) {
  SeenTransitionMatrix out;
  out.ocmw = m.ocmw;
  out.exact = true;
  for (int a = 0; a < kTransitionRows; ++a) {
    auto& row = out.rows[static_cast<size_t>(a)];
    row.from = static_cast<Position>(a);
    int64_t total = 0;
    for (size_t b = 0; b < kColumns; ++b) {
      row.cells[b] = count(m, a, b);
      total += count(m, a, b);
    }
    row.total = total;
  }
  return out;
}

SeenTransitionMatrix protected_flanders(const measure::Transitions& tr, int k) {
  SeenTransitionMatrix out;
  out.ocmw = tr.flanders.ocmw;
  for (int a = 0; a < kTransitionRows; ++a)
    out.rows[static_cast<size_t>(a)] = protected_row(tr, a, k);
  out.exact = out.hidden_cells() == 0 &&
              std::all_of(out.rows.begin(), out.rows.end(),
                          [](const SeenTransitionRow& r) { return r.total.has_value(); });
  return out;
}

SeenTransitions seen_transitions(const measure::Transitions& tr, const View& view, int k) {
  SeenTransitions out{tr.from, tr.to, {}, {}};
  if (view.kind == View::Kind::kExact) {
    out.flanders = exact_matrix(tr.flanders);
    for (const auto& m : tr.per_ocmw)
      out.per_ocmw.push_back(exact_matrix(m));
    return out;
  }
  out.flanders = protected_flanders(tr, k);
  if (view.kind == View::Kind::kOwner) {
    for (const auto& m : tr.per_ocmw)
      if (m.ocmw == view.owner) out.per_ocmw.push_back(exact_matrix(m));
  }
  return out;
}

}  // namespace lap::publish
