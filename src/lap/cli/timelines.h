// Shared by `lap measure` and `lap explain`: builds the measurement timelines
// from a database snapshot or straight from a delivery's files.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/link/pseudonym.h"
#include "lap/measure/timeline.h"
#include "lap/store/store.h"

namespace lap::cli {

struct TimelineSource {
  std::string db;     // the database (used when `files` is empty)
  std::string files;  // a delivery directory: read the files, no database
  int64_t load = 0;   // 0: the latest load
  // The months of the timeline; default: the months of the work data.
  std::optional<MonthRange> months;
  // Only these persons (pseudonyms) and the keys linked to them.
  std::optional<std::vector<std::string>> persons;
  // The link run whose persons registrations carry: nullopt the load's latest
  // (resolved before reading, see `LoadedTimelines::link_run_id`), 0 none.
  std::optional<int64_t> link_run;
};

struct LoadedTimelines {
  std::unique_ptr<store::Store> store;  // null when read from files
  int64_t load_id = 0;                  // 0 when read from files
  std::optional<int64_t> link_run_id;   // the link run read; nullopt: none
  std::unique_ptr<measure::Timelines> timelines;
  double seconds = 0;  // time to read and build, or to map the timeline file
  // The load's timeline file (store/timeline_files.h) the timelines were
  // mapped from or written to; empty when none (files off, a person filter,
  // read from a delivery).
  std::string file;
  bool file_written = false;  // built now and written to `file`
  std::string file_error;     // why the built timelines could not be written
};

// From the database, the timelines are mapped from the load's timeline file
// when one matches, else built and written to it (unless a person filter
// narrows them). Errors as from the store or the files; kNotFound when the
// database has no load; kInvalidArgument when there are no work data to set
// the months.
Result<LoadedTimelines> load_timelines(const TimelineSource& source);

// The database's key without creating one: from $LAP_PSEUDONYM_KEY or an
// existing key file; nullopt when neither exists.
Result<std::optional<link::PseudonymKey>> existing_key(const std::string& key_path);

// A pseudonym (32 hex characters) or an INSZ (11 digits, separators allowed)
// turned into a pseudonym with the database's key.
Result<std::string> person_ref_of(std::string_view person, const std::string& key_path);

}  // namespace lap::cli
