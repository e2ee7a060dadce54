// Published-run files: the tables `lap serve` publishes for a measurement run
// (published_runs.h: the figures per OCMW, every area rolled up, the public
// view and the protection), built once — by `lap measure` right after the
// run, or by the server the first time it meets a run without one — and read
// back in a fraction of the time building takes (docs/storage.md,
// "Published-run files").
//
// A file is a header — magic "LAPPUBRN", format version, a layout tag (byte
// order and record sizes), the payload's size and XXH3-64 checksum, and a
// fingerprint naming what the tables were built from (run, load, creation
// time, the reference data of the areas) — followed by the payload: a table of
// the distinct strings, then the records, each field at a fixed width in the
// machine's byte order. Reading checks all of it, every enumeration value and
// string index included, and refuses the file otherwise; it is then built
// again. The tables hold counts of the protected statistics, never a person.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "lap/core/error.h"
#include "lap/geo/registry.h"
#include "lap/server/api/published_runs.h"
#include "lap/store/measure_store.h"

namespace lap::server::api {

inline constexpr uint32_t kPublishedFileVersion = 1;

// `run-<run id>.lapp`
std::string published_file_name(const store::MeasureRun& run);

// What a run's tables are built from: the run, its load and creation time,
// and a hash of the areas of `registry` (names, provinces, regiegebieden,
// centrumsteden), since the roll-up depends on them.
std::string published_fingerprint(const store::MeasureRun& run, const geo::Registry& registry);

// The file's bytes for `published` (its `run` field is not stored).
std::string encode_published_run(const PublishedRun& published, std::string_view fingerprint);

// The tables of `run` from `bytes`. kFailedPrecondition when the file is of
// another version or layout or was made for another fingerprint; kIo when it
// is damaged.
Result<std::shared_ptr<PublishedRun>> decode_published_run(std::string_view bytes,
                                                           const store::MeasureRun& run,
                                                           std::string_view fingerprint);

// The published tables of `run` from its file in `dir`; null when there is
// none or it must be rebuilt (it is then removed).
Result<std::shared_ptr<PublishedRun>> read_published_run_file(const std::string& dir,
                                                              const store::MeasureRun& run,
                                                              const geo::Registry& registry);

// Writes the file of `published` in `dir` (through a temporary file).
Status write_published_run_file(const std::string& dir, const PublishedRun& published,
                                const geo::Registry& registry);

}  // namespace lap::server::api
