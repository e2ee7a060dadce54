// Shared by `lap audit-run` and `lap report`: a stored measurement run read
// back with its figures and its protection.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lap/core/error.h"
#include "lap/measure/figure.h"
#include "lap/store/store.h"

namespace lap::cli {

struct StoredRun {
  store::MeasureRun info;
  std::optional<store::RunProtection> protection;  // nullopt: stored without one
  std::set<std::string, std::less<>> variants;     // the storage of the figures' variants
  std::vector<measure::Figure> figures;            // exact, per OCMW
};

// The run `run` of the database (0: the latest), with its figures and
// protection; kNotFound when there is no such run.
Result<StoredRun> read_stored_run(store::Store& store, int64_t run);

}  // namespace lap::cli
