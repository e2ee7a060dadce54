// The timelines of the benchmarks, built once from the delivery named by the
// environment:
//   LAP_BENCH_DELIVERY=DIR  a delivery written by `lap generate` (required)
//   LAP_BENCH_MONTHS=YYYY-MM..YYYY-MM  the timeline's months (default 2019-01..2025-12)
// The files are validated and pseudonymised with a random key, as `lap
// measure --from-files` does. Exits when the delivery cannot be read.
#pragma once

#include "lap/measure/timeline.h"

namespace lap::bench {

const measure::Timelines& delivery_timelines();

}  // namespace lap::bench
