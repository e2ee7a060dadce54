// Benchmarks of the measurement engine (Google Benchmark; not a test).
//
//   LAP_BENCH_DELIVERY=DIR  a delivery written by `lap generate` (required)
//   LAP_BENCH_MONTHS=YYYY-MM..YYYY-MM  the timeline's months (default 2019-01..2025-12)
//
// The timelines are built once from the delivery's files (validated, as
// `lap measure --from-files` does); the benchmarks then time the computations
// only. bench/measure.sh runs this at flanders and belgium scale beside the
// PostgreSQL reference SQL.
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include <benchmark/benchmark.h>

#include "delivery_timelines.h"
#include "lap/core/month.h"
#include "lap/measure/bits.h"
#include "lap/measure/indicators.h"
#include "lap/measure/person.h"

namespace lap {
namespace {

const measure::Timelines& timelines() {
  return bench::delivery_timelines();
}

const measure::Settings kSettings{};

void BM_AllIndicatorsOneMonth(benchmark::State& state) {
  const auto& t = timelines();
  const Month m = *Month::parse("2023-06");
  size_t n = 0;
  for (auto _ : state)
    n = measure::compute(t, kSettings, MonthRange(m, m)).size();
  state.counters["figures"] = static_cast<double>(n);
  state.counters["persons"] = t.persons();
}

void BM_AllIndicatorsAllMonths(benchmark::State& state) {
  const auto& t = timelines();
  size_t n = 0;
  for (auto _ : state)
    n = measure::compute(t, kSettings, t.range()).size();
  state.counters["figures"] = static_cast<double>(n);
}

void BM_LapResultMonthly(benchmark::State& state) {
  const auto& t = timelines();
  const MonthRange call(*Month::parse("2023-12"), *Month::parse("2024-11"));
  for (auto _ : state)
    benchmark::DoNotOptimize(measure::lap_result_monthly(t, kSettings, call));
}

void BM_Transitions(benchmark::State& state) {
  const auto& t = timelines();
  const Month m0 = *Month::parse("2023-12");
  for (auto _ : state)
    benchmark::DoNotOptimize(measure::transitions(t, kSettings, m0, m0 + 12));
}

// Sustainable outflow (confirmed and pending starts) of every person for
// every month of 2024, on `threads` threads over person ranges.
void BM_SustainableOutflowOneYear(benchmark::State& state) {
  const auto& t = timelines();
  const int threads = static_cast<int>(state.range(0));
  const int lo = t.offset(*Month::parse("2024-01"));
  const int hi = lo + 11;
  const int l = measure::detail::data_end_offset(t, kSettings);
  int64_t confirmed = 0;
  int64_t pending = 0;
  for (auto _ : state) {
    std::vector<std::pair<int64_t, int64_t>> part(static_cast<size_t>(threads));
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k) {
      pool.emplace_back([&, k] {
        const uint32_t n = t.persons();
        const uint32_t begin = static_cast<uint32_t>(uint64_t{n} * k / threads);
        const uint32_t end = static_cast<uint32_t>(uint64_t{n} * (k + 1) / threads);
        uint64_t work[measure::bits::kMaxWords];
        uint64_t c[measure::bits::kMaxWords];
        uint64_t p[measure::bits::kMaxWords];
        int64_t cs = 0;
        int64_t ps = 0;
        for (uint32_t person = begin; person < end; ++person) {
          measure::detail::at_work_words(t, person, kSettings.exclude_art60, work);
          measure::detail::outflow_words(work, t.words(), t.months(), l, c, p);
          cs += measure::bits::count(c, t.months(), lo, hi);
          ps += measure::bits::count(p, t.months(), lo, hi);
        }
        part[static_cast<size_t>(k)] = {cs, ps};
      });
    }
    for (auto& th : pool)
      th.join();
    confirmed = pending = 0;
    for (auto [c, p] : part) {
      confirmed += c;
      pending += p;
    }
  }
  state.counters["confirmed_starts"] = static_cast<double>(confirmed);
  state.counters["pending_starts"] = static_cast<double>(pending);
  state.counters["persons"] = t.persons();
}

BENCHMARK(BM_AllIndicatorsOneMonth)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllIndicatorsAllMonths)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LapResultMonthly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Transitions)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SustainableOutflowOneYear)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace lap

BENCHMARK_MAIN();
