// The protection of one block (protect.h explains the method). Internal to
// lap_publish. block_protector.cc holds the block's cells and what is hidden;
// witnesses.cc the search for witnesses.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "lap/geo/registry.h"
#include "lap/measure/inner.h"
#include "lap/publish/areas.h"
#include "lap/publish/protect.h"
#include "lap/publish/rule.h"

namespace lap::publish::detail {

// A set of figures of the block, one bit each (at most 64 figures).
using FigureMask = uint64_t;

// Calls f(figure) for every figure of the mask.
template <typename F>
void for_bits(FigureMask m, F&& f) {
  while (m != 0) {
    f(std::countr_zero(m));
    m &= m - 1;
  }
}

// What hiding a cell costs: an OCMW cell 1000 (times 3 for the headline
// variant `all`) plus its units up to 999; an area's cell far more.
inline constexpr int64_t kOcmwWeight = 1000;
inline constexpr int64_t kHeadlineWeight = 3;
inline constexpr int64_t kRegiegebiedWeight = 50 * kOcmwWeight;
inline constexpr int64_t kProvinceWeight = 300 * kOcmwWeight;
inline constexpr int64_t kFlandersWeight = 100000 * kOcmwWeight;

// The width proven for one sensitive count by the witnesses chosen so far, in
// total and through each OCMW they touch (a partner, or an area's member) that
// could be an insider.
class Coverage {
 public:
  Coverage(int64_t width, bool insiders) : width_(width), insiders_(insiders) {}
  // The width an attacker cannot rule out from the published cells alone,
  // plus the width left in the worst case, without the witnesses through any
  // one OCMW (which knows its own cells) — with a witness that touches
  // `outsiders` and moves the count up or down added. Done at done().
  int64_t progress(std::array<int, 2> outsiders = {-1, -1}, int64_t up = 0, int64_t down = 0) const;
  int64_t done() const { return 2 * width_; }
  void add(std::array<int, 2> outsiders, int64_t up, int64_t down);

 private:
  struct Through {
    int x = -1;
    int64_t up = 0;
    int64_t down = 0;
  };
  int64_t width_;
  bool insiders_;
  int64_t up_ = 0;
  int64_t down_ = 0;
  std::vector<Through> through_;
};

class BlockProtector {
 public:
  // REQUIRES: b.figures() <= 64.
  BlockProtector(const measure::InnerBlock& b, const geo::Registry& registry,
                 const ProtectOptions& options);

  // Primary suppression, then witnesses for every sensitive count.
  void run();

  // The suppressed cells of the block and its counts of cells.
  void emit(std::vector<SuppressedCell>& out, std::vector<Loss>& loss) const;

  int64_t sensitive_counts() const { return sensitive_; }
  int64_t witnesses() const { return witnesses_; }
  // Sensitive counts for which no set of witnesses was found (0 unless a bug).
  int64_t unprotected() const { return unprotected_; }

 private:
  // Units moved per step of a witness: Y gains coef units of each signature,
  // the partner Z (when there is one) the opposite.
  struct Move {
    std::array<int16_t, 4> sig{};
    std::array<int16_t, 4> coef{};
    int terms = 0;
    FigureMask footprint = 0;        // figures whose numbers change
    std::array<int16_t, 64> mass{};  // per figure: change of the units with a role, at Y
  };
  // A count of a primary cell that must be protected.
  struct Form {
    bool aggregate = false;
    int index = 0;  // OCMW or aggregate index
    int figure = 0;
    Quantity quantity = Quantity::kNumerator;
  };
  // Aggregates containing exactly one of two OCMWs (at most 8).
  struct Areas {
    std::array<int16_t, 8> index{};
    uint8_t size = 0;
    uint8_t with_y = 0;  // bit i: index[i] contains Y (else Z)
  };
  // A move through one partner (z = -1: none) in one direction.
  struct Candidate {
    int move = 0;
    int y = 0;
    int z = -1;
    int direction = 0;  // +1: the count goes up
    int step = 0;       // |change of the count| per step
    Areas areas;
  };
  // What the chosen witnesses of one direction take from the inner cells and
  // the listed cells (only decreases count, so any subset stays feasible):
  // (kind, entity, signature or figure) -> units. Kinds: 0 inner cells of an
  // OCMW, 1 listed cells of an OCMW, 2 listed cells of an aggregate.
  struct Consumption {
    struct Entry {
      int kind;
      int entity;
      int item;
      int64_t units;
    };
    std::vector<Entry> entries;
    int64_t get(int kind, int entity, int item) const;
    void add(int kind, int entity, int item, int64_t units);
  };
  struct Undo {
    std::vector<std::pair<int, FigureMask>> ocmws;
    std::vector<std::pair<int, FigureMask>> aggregates;
  };
  struct Aggregate {
    Area area;
    std::vector<int> members;  // OCMW indices
    int64_t weight = 0;        // cost of suppressing one of its cells
  };

  void build_moves();
  void add_move(const std::vector<std::pair<int, int>>& terms);
  int coefficient(int signature, int figure, Quantity q) const;
  const std::vector<std::pair<int, int>>& moves_for(int figure, Quantity q);
  void collect_forms(std::vector<Form>& forms);
  void protect(const Form& form);
  // The OCMW that knows the form's count already: its own OCMW, or the one
  // member of an area whose part is the whole count (-1: none).
  int knower_of(const Form& form) const;
  // Chooses witnesses for `form` among partners of `tiers` tiers; returns the
  // cost and the number of witnesses, or nullopt when they cannot reach the
  // width (the suppressions stay committed; undo them through `undo`).
  std::optional<std::pair<int64_t, int>> select(const Form& form, int tiers, Undo& undo);
  void candidates(const Form& form, int tiers, std::vector<Candidate>& out);
  int64_t available(const Candidate& c, const Consumption& used) const;
  void consume(const Candidate& c, int64_t steps, Consumption& used) const;

  // Aggregates containing exactly one of y and z (z = -1: all of y's).
  Areas areas_between(int y, int z) const;
  int64_t cost(FigureMask figures, int y, int z, const Areas& areas) const;
  void commit(FigureMask figures, int y, int z, Undo& u);
  void undo(const Undo& u);

  const measure::InnerBlock& block_;
  ProtectOptions options_;
  int n_ = 0;          // OCMWs
  int ns_ = 0;         // signatures
  int nf_ = 0;         // figures
  int64_t width_ = 0;  // k - 1: the values beside the true one an attacker must not rule out
  std::vector<uint8_t> roles_;          // ns_ x nf_
  std::vector<int64_t> figure_weight_;  // per figure: cost multiplier of its OCMW cells
  std::vector<Move> moves_;
  size_t singles_ = 0;  // moves_[0, singles_) are single moves, the rest pairs of swaps
  std::map<std::pair<int, int>, std::vector<std::pair<int, int>>>
      moves_by_form_;           // -> (move, delta)
  std::vector<Counts> counts_;  // n_ x nf_
  std::vector<int64_t> mass_;   // n_ x nf_: units with any role
  std::vector<Aggregate> aggregates_;
  std::vector<Counts> aggregate_counts_;  // aggregates x nf_
  std::vector<int64_t> aggregate_mass_;
  std::vector<std::vector<int>> parents_;  // per OCMW: aggregate indices, sorted
  std::vector<int> province_;              // per OCMW: its province aggregate (or -1)
  std::vector<FigureMask> listed_;         // per OCMW: figures with a non-zero number
  std::vector<FigureMask> primary_;
  std::vector<FigureMask> suppressed_;
  std::vector<FigureMask> aggregate_listed_;
  std::vector<FigureMask> aggregate_primary_;
  std::vector<FigureMask> aggregate_suppressed_;
  std::vector<int> present_;  // signatures with a unit anywhere in the block
  int64_t sensitive_ = 0;
  int64_t witnesses_ = 0;
  int64_t unprotected_ = 0;
};

}  // namespace lap::publish::detail
