#include "lap/publish/protect.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iterator>
#include <mutex>
#include <thread>
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
  auto before = [](const SuppressedCell& a, const SuppressedCell& b) { return a.cell < b.cell; };
  if (!std::is_sorted(cells_.begin(), cells_.end(), before)) {
    std::stable_sort(cells_.begin(), cells_.end(), before);
  }
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
  for (const measure::InnerBlock& b : blocks) {
    if (b.figures() > 64) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("{} {}: more than 64 figures in one block cannot be protected",
                                    measure::to_id(b.family), b.block.to_string()));
    }
  }
  // Blocks are protected independently, on all threads; their results are
  // gathered in block order, so the outcome does not depend on the threads.
  struct BlockResult {
    std::vector<SuppressedCell> cells;
    std::vector<Loss> loss;
    int64_t sensitive = 0;
    int64_t witnesses = 0;
    int64_t unprotected = 0;
  };
  std::vector<BlockResult> results(blocks.size());
  std::atomic<size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto work = [&] {
    try {
      for (size_t i = next++; i < blocks.size(); i = next++) {
        detail::BlockProtector p(blocks[i], registry, options);
        p.run();
        BlockResult& r = results[i];
        p.emit(r.cells, r.loss);
        r.sensitive = p.sensitive_counts();
        r.witnesses = p.witnesses();
        r.unprotected = p.unprotected();
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = blocks.size();
    }
  };
  const size_t threads = std::min<size_t>(
      blocks.size(), options.threads > 0 ? static_cast<size_t>(options.threads)
                                         : std::max(1U, std::thread::hardware_concurrency()));
  {
    std::vector<std::jthread> pool;
    for (size_t t = 1; t < threads; ++t)
      pool.emplace_back(work);
    work();
  }
  if (failure) std::rethrow_exception(failure);

  ProtectResult out;
  std::vector<SuppressedCell> cells;
  for (BlockResult& r : results) {
    std::move(r.cells.begin(), r.cells.end(), std::back_inserter(cells));
    for (Loss& l : r.loss) {
      auto it = std::find_if(out.loss.begin(), out.loss.end(), [&](const Loss& x) {
        return x.indicator == l.indicator && x.variant == l.variant;
      });
      if (it == out.loss.end()) {
        out.loss.push_back(std::move(l));
        continue;
      }
      it->ocmw_cells += l.ocmw_cells;
      it->ocmw_primary += l.ocmw_primary;
      it->ocmw_secondary += l.ocmw_secondary;
      it->area_cells += l.area_cells;
      it->area_primary += l.area_primary;
      it->area_secondary += l.area_secondary;
    }
    out.sensitive_counts += r.sensitive;
    out.witnesses += r.witnesses;
    out.unprotected += r.unprotected;
    r = BlockResult{};
  }
  std::sort(out.loss.begin(), out.loss.end(), [](const Loss& a, const Loss& b) {
    return std::tie(a.indicator, a.variant) < std::tie(b.indicator, b.variant);
  });
  out.protection = Protection(options.k, std::move(cells));
  return out;
}

}  // namespace lap::publish
