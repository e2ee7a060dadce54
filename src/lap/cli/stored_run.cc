#include "lap/cli/stored_run.h"

#include <fmt/format.h>

namespace lap::cli {

Result<StoredRun> read_stored_run(store::Store& store, int64_t run) {
  auto found = run != 0 ? store.measure_run(run) : store.latest_measure_run(std::nullopt);
  if (!found) return std::unexpected(found.error());
  if (!*found) {
    return make_error(ErrorCode::kNotFound, run != 0 ? fmt::format("there is no run {}", run)
                                                     : "there is no measurement run (lap measure)");
  }
  StoredRun out;
  out.info = **found;
  auto protection = store.measure_protection(out.info.run_id);
  if (!protection) return std::unexpected(protection.error());
  out.protection = std::move(*protection);
  auto stored = store.measure_figures(out.info.run_id, "");
  if (!stored) return std::unexpected(stored.error());
  out.figures = store::engine_figures(*stored, out.variants);
  return out;
}

}  // namespace lap::cli
