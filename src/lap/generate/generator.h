// `lap generate`: a realistic synthetic Flanders in the exchange formats.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/generate/calibration.h"
#include "lap/generate/simulator.h"
#include "lap/generate/world.h"
#include "lap/generate/writer.h"
#include "lap/geo/registry.h"

namespace lap::generate {

struct GenerateOptions {
  Scale scale = Scale::kTiny;
  uint64_t seed = 1;
  Month from = *Month::from_ym(2019, 1);
  Month to = *Month::from_ym(2025, 12);
  std::string out_dir;  // empty: measure only, write no files
};

struct GenerateReport {
  SimulationStats stats;
  RowCounts rows;
  std::vector<CalibrationMetric> calibration;
};

// Checks the options (period inside 2010-01..2030-12, from <= to).
Status validate(const GenerateOptions& options);

// Generates the delivery. `progress` (may be empty) receives persons made so far.
Result<GenerateReport> generate(const GenerateOptions& options, const geo::Registry& registry,
                                const std::function<void(int64_t)>& progress = {});

// Writes manifest.json (scale, seed, period, row counts, calibration) into `dir`.
Status write_manifest(const std::string& dir, const GenerateOptions& options,
                      const GenerateReport& report);

}  // namespace lap::generate
