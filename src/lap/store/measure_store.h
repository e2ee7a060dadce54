// Measurement runs: the figures computed from one load's snapshot, stored
// with the disclosure control that protects them (migration
// 0002_measurement.sql). A run is written once, in one transaction, and never
// changed; readers find it by id or as the latest run of a load.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/measure/figure.h"
#include "lap/publish/protect.h"

namespace lap::store {

// A measurement run: figures computed from one load's snapshot and the
// persons of one link run (migration 0010_pact_decisions.sql adds the latter).
struct MeasureRun {
  int64_t run_id = 0;
  int64_t load_id = 0;
  std::string created_at;  // ISO 8601 UTC
  Month first_month;       // the months measured
  Month last_month;
  Month data_end;             // the last month with work data
  std::string settings_json;  // e.g. {"exclude_art60":true}
  // The link run whose persons it counted (nullopt: the load had none).
  std::optional<int64_t> link_run_id;
};

// One stored figure (migration 0002_measurement.sql documents the columns).
struct StoredFigure {
  std::string indicator;
  std::string variant;
  std::string period;
  int32_t nis = 0;
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
};

// Sorts figures in the order a run's figures are read back: indicator,
// variant, period (as text), NIS.
void sort_figures(std::vector<StoredFigure>& figures);

// The stored figures of a run as the engine's figures, in order; the
// transitions (no indicator of measure/figure.h) are left out. The figures'
// variants point into `variants`, which must outlive them.
std::vector<measure::Figure> engine_figures(std::span<const StoredFigure> stored,
                                            std::set<std::string, std::less<>>& variants);

// The disclosure control of a run (lap/publish/protect.h), stored with it:
// the cells hidden from the public view and why.
struct RunProtection {
  publish::Protection protection;  // its k() is the run's k
  std::string method;              // e.g. "linked-witness/1"
  bool insiders = true;
  std::string loss_json;  // cells, primary and secondary per indicator and variant
};

class MeasureStore {
 public:
  virtual ~MeasureStore() = default;

  // Stores a run, its figures and its protection (when given) in one
  // transaction; returns the run id (`run.run_id` is ignored).
  virtual Result<int64_t> save_measure_run(const MeasureRun& run,
                                           const std::vector<StoredFigure>& figures,
                                           const RunProtection* protection) = 0;
  // The latest run of `load` (default: of the latest load that has a run);
  // nullopt when there is none.
  virtual Result<std::optional<MeasureRun>> latest_measure_run(std::optional<int64_t> load) = 0;
  // The run `run_id`; nullopt when there is none.
  virtual Result<std::optional<MeasureRun>> measure_run(int64_t run_id) = 0;
  // The figures of a run; `indicator` empty = all.
  virtual Result<std::vector<StoredFigure>> measure_figures(int64_t run_id,
                                                            std::string_view indicator) = 0;
  // The protection stored with a run; nullopt for a run stored without one.
  virtual Result<std::optional<RunProtection>> measure_protection(int64_t run_id) = 0;
};

}  // namespace lap::store
