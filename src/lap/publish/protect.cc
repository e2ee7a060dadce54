#include "lap/publish/protect.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "lap/publish/block_protector.h"

namespace lap::publish {

std::string_view to_id(Suppression s) {
  switch (s) {
    case Suppression::kNone:
      return "none";
    case Suppression::kPrimary:
      return "primary";
    case Suppression::kSecondary:
      return "secondary";
  }
  return "?";
}

std::optional<Suppression> suppression_from_id(std::string_view id) {
  for (Suppression s : {Suppression::kNone, Suppression::kPrimary, Suppression::kSecondary}) {
    if (to_id(s) == id) return s;
  }
  return std::nullopt;
}

bool operator<(const CellKey& a, const CellKey& b) {
  return std::tie(a.indicator, a.variant, a.period.kind, a.period.first, a.period.last, a.level,
                  a.code) < std::tie(b.indicator, b.variant, b.period.kind, b.period.first,
                                     b.period.last, b.level, b.code);
}

Protection::Protection(int k, std::vector<SuppressedCell> cells) : k_(k), cells_(std::move(cells)) {
  std::stable_sort(
      cells_.begin(), cells_.end(),
      [](const SuppressedCell& a, const SuppressedCell& b) { return a.cell < b.cell; });
  cells_.erase(std::unique(cells_.begin(), cells_.end(),
                           [](const SuppressedCell& a, const SuppressedCell& b) {
                             return a.cell == b.cell;
                           }),
               cells_.end());
}

Suppression Protection::lookup(const CellKey& key) const {
  auto it = std::lower_bound(cells_.begin(), cells_.end(), key,
                             [](const SuppressedCell& c, const CellKey& k) { return c.cell < k; });
  if (it == cells_.end() || !(it->cell == key)) return Suppression::kNone;
  return it->reason;
}

Result<ProtectResult> protect(std::span<const measure::InnerBlock> blocks,
                              const geo::Registry& registry, const ProtectOptions& options) {
  ProtectResult out;
  std::vector<SuppressedCell> cells;
  for (const measure::InnerBlock& b : blocks) {
    if (b.figures() > 64) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("{} {}: more than 64 figures in one block cannot be protected",
                                    measure::to_id(b.family), b.block.to_string()));
    }
    detail::BlockProtector p(b, registry, options);
    p.run();
    p.emit(cells, out.loss);
    out.sensitive_counts += p.sensitive_counts();
    out.witnesses += p.witnesses();
    out.unprotected += p.unprotected();
  }
  std::sort(out.loss.begin(), out.loss.end(), [](const Loss& a, const Loss& b) {
    return std::tie(a.indicator, a.variant) < std::tie(b.indicator, b.variant);
  });
  out.protection = Protection(options.k, std::move(cells));
  return out;
}

}  // namespace lap::publish
