#include "delivery_timelines.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "lap/geo/registry.h"
#include "lap/ingest/delivery_facts.h"
#include "lap/ingest/timeline_sink.h"

namespace lap::bench {

const measure::Timelines& delivery_timelines() {
  static const std::unique_ptr<measure::Timelines> kTimelines = [] {
    const char* dir = std::getenv("LAP_BENCH_DELIVERY");
    if (dir == nullptr) {
      std::fprintf(stderr, "set LAP_BENCH_DELIVERY to a generated delivery directory\n");
      std::exit(2);
    }
    const char* months = std::getenv("LAP_BENCH_MONTHS");
    auto range = MonthRange::parse(months != nullptr ? months : "2019-01..2025-12");
    if (!range) std::exit(2);
    const auto started = std::chrono::steady_clock::now();
    measure::TimelineBuilder builder(*range);
    ingest::TimelineSink sink(builder);
    link::PseudonymKey key{};
    randombytes_buf(key.data(), key.size());
    auto s = ingest::read_delivery_facts(dir, geo::Registry::builtin(), link::Pseudonymiser(key),
                                         *Date::parse("2026-01-01"), sink);
    if (!s) {
      std::fprintf(stderr, "%s\n", s.error().message.c_str());
      std::exit(1);
    }
    auto t = std::make_unique<measure::Timelines>(builder.build());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "timelines: %u persons, %d months, %.1f MB, read and built in %.1f s\n",
                 t->persons(), t->months(), static_cast<double>(t->memory_bytes()) / 1e6, secs);
    return t;
  }();
  return *kTimelines;
}

}  // namespace lap::bench
