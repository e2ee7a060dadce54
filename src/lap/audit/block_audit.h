// The audit of one block (audit.h): the published cells of a block, the
// linear programs that model them, and the interval of every sensitive count.
// Internal to lap_audit.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lap/audit/audit.h"
#include "lap/audit/linear_program.h"
#include "lap/audit/model.h"

namespace lap::audit::detail {

using measure::Indicator;
using measure::Period;
using publish::Counts;
using publish::Level;
using publish::Quantity;

struct FigureKey {
  Indicator indicator = Indicator::kReach;
  std::string variant;
  Period period;
  bool operator<(const FigureKey& o) const {
    return std::tie(indicator, variant, period.kind, period.first, period.last) <
           std::tie(o.indicator, o.variant, o.period.kind, o.period.first, o.period.last);
  }
};

enum class State : uint8_t { kAbsent, kShown, kSuppressed };

struct Cell {
  State state = State::kAbsent;
  Counts counts;  // published numbers (kShown)
};

struct AreaData {
  Level level = Level::kFlanders;
  std::string code;
  std::vector<int> members;   // OCMW indices, ascending
  std::vector<int> children;  // area indices partitioning it (empty: none known)
  std::vector<Cell> cells;    // per figure
};

// The exact figures and the published cells of one block, as read.
struct Block {
  BlockKey key;
  Month last;
  std::vector<Nis> ocmws;
  std::map<int, int> ocmw_index;
  std::vector<FigureKey> figures;
  std::map<FigureKey, int> figure_index;
  std::map<std::pair<int, int>, Counts> exact;  // (OCMW, figure)
  std::map<std::pair<int, int>, Cell> view;     // (OCMW, figure)
  std::map<std::pair<Level, std::string>, std::vector<std::pair<int, Cell>>> area_view;
};

// One sensitive count to optimise.
struct Objective {
  publish::CellKey cell;
  Quantity quantity = Quantity::kNumerator;
  int64_t value = 0;
  int figure = 0;
  std::vector<int> ocmws;  // whose units it sums (suppressed ones; the rest is `constant`)
  int64_t constant = 0;
};

// A row over the units of several OCMWs: sum over `ocmws` of the figure's
// quantity, compared with `value`.
struct Row {
  int figure = 0;
  Quantity quantity = Quantity::kNumerator;
  std::vector<int> ocmws;
  int64_t value = 0;
  bool at_least = false;  // >= value (the mass of a listed cell); else ==
  bool mass = false;      // the units with any role in the figure
};

class BlockAudit {
 public:
  BlockAudit(Block& b, const geo::Registry& registry, const AuditOptions& options,
             AuditReport& report)
      : b_(b), registry_(registry), options_(options), report_(report) {}

  Status run();

 private:
  Status build_areas();
  void add_rows_and_objectives();
  Status solve();
  using TermsFn = std::function<Terms(int, Quantity, const std::vector<int>&, bool)>;
  Status optimise(LinearProgram& lp, const std::vector<size_t>& ids, const TermsFn& terms);
  std::optional<int> owner() const;

  Block& b_;
  const geo::Registry& registry_;
  const AuditOptions& options_;
  AuditReport& report_;
  std::optional<BlockModel> model_;
  std::vector<std::vector<Coefficients>> coef_;  // per figure, per unit kind
  std::vector<AreaData> areas_;
  std::vector<Row> rows_;
  std::vector<Objective> objectives_;
  std::vector<std::vector<int>> row_groups_;  // OCMWs each row or objective ties together
};

std::string_view group_name(Group g);

}  // namespace lap::audit::detail
