#include "lap/cli/timelines.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "lap/cli/database_option.h"
#include "lap/formats/csv_reader.h"
#include "lap/formats/exchange.h"
#include "lap/geo/registry.h"
#include "lap/ingest/delivery_facts.h"
#include "lap/ingest/timeline_sink.h"
#include "lap/link/pseudonym.h"
#include "lap/store/timeline_files.h"

namespace lap::cli {
namespace {

// The first and last month of work_months.csv, by a quick scan (the real read
// validates every row).
Result<std::optional<MonthRange>> scan_work_months(const std::string& dir) {
  const std::string path =
      (std::filesystem::path(dir) / formats::file_name(formats::Source::kWorkMonths)).string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<MonthRange>();
  std::optional<Month> lo;
  std::optional<Month> hi;
  size_t first_col = 0;
  size_t last_col = 0;
  bool header = true;
  formats::CsvReader reader;
  auto s = reader.read_file(path, [&](const formats::CsvRecord& r) {
    if (header) {
      header = false;
      for (size_t i = 0; i < r.fields.size(); ++i) {
        if (r.fields[i] == "first_month") first_col = i;
        if (r.fields[i] == "last_month") last_col = i;
      }
      return true;
    }
    if (r.fields.size() <= std::max(first_col, last_col)) return true;
    auto a = Month::parse(r.fields[first_col]);
    auto b = Month::parse(r.fields[last_col]);
    if (a && (!lo || *a < *lo)) lo = *a;
    if (b && (!hi || *b > *hi)) hi = *b;
    return true;
  });
  if (!s) return std::unexpected(s.error());
  if (!lo || !hi || *hi < *lo) return std::optional<MonthRange>();
  return std::optional<MonthRange>(MonthRange(*lo, *hi));
}

// What a load's timeline file is named and what it must have been built from:
// the load (with its times, so that a database replaced by another is not
// mistaken for it), the link run and the months.
struct TimelineFileId {
  std::string name;
  std::string fingerprint;
};
Result<TimelineFileId> timeline_file_id(store::Store& store, int64_t load, int64_t link_run,
                                        MonthRange months) {
  auto loads = store.loads();
  if (!loads) return std::unexpected(loads.error());
  auto it = std::find_if(loads->begin(), loads->end(),
                         [load](const store::DataLoad& l) { return l.load_id == load; });
  if (it == loads->end()) {
    return make_error(ErrorCode::kNotFound, fmt::format("there is no data load {}", load));
  }
  const std::string span =
      fmt::format("{}..{}", months.first().to_string(), months.last().to_string());
  return TimelineFileId{fmt::format("load-{}-run-{}-{}.lapt", load, link_run, span),
                        fmt::format("load {} started {} finished {}; link run {}; months {}", load,
                                    it->started_at, it->finished_at, link_run, span)};
}

}  // namespace

// The database's key without creating one: from $LAP_PSEUDONYM_KEY or an
// existing key file; nullopt when neither exists.
Result<std::optional<link::PseudonymKey>> existing_key(const std::string& key_path) {
  std::error_code ec;
  const char* env = std::getenv(link::kPseudonymKeyEnv);
  if ((env == nullptr || *env == '\0') && !std::filesystem::exists(key_path, ec)) {
    return std::optional<link::PseudonymKey>();
  }
  auto key = link::load_or_create_key(key_path);
  if (!key) return std::unexpected(key.error());
  return std::optional<link::PseudonymKey>(*key);
}

Result<LoadedTimelines> load_timelines(const TimelineSource& source) {
  const auto started = std::chrono::steady_clock::now();
  LoadedTimelines out;
  std::optional<MonthRange> months = source.months;
  if (!source.files.empty()) {
    if (!months) {
      auto scanned = scan_work_months(source.files);
      if (!scanned) return std::unexpected(scanned.error());
      months = *scanned;
    }
  } else {
    auto store = store::open_store(source.db, store::OpenMode::kMustExist);
    if (!store) {
      // A missing database file is an I/O problem (exit code 4), as for `lap summary`.
      Error e = store.error();
      if (e.code == ErrorCode::kNotFound) e.code = ErrorCode::kIo;
      return std::unexpected(e);
    }
    if (auto s = (*store)->migrate(); !s) return std::unexpected(s.error());
    out.load_id = source.load;
    if (out.load_id == 0) {
      auto current = (*store)->current_load();
      if (!current) return std::unexpected(current.error());
      if (*current == 0) {
        return make_error(
            ErrorCode::kNotFound,
            fmt::format("{}: no data loads yet (lap import DIR)", store::display_url(source.db)));
      }
      out.load_id = *current;
    }
    if (!months) {
      auto range = (*store)->work_month_range(out.load_id);
      if (!range) return std::unexpected(range.error());
      months = *range;
    }
    out.store = std::move(*store);
  }
  if (!months) {
    return make_error(ErrorCode::kInvalidArgument,
                      "the data hold no work months, so the months to measure are unknown; give "
                      "them with --timeline YYYY-MM..YYYY-MM");
  }
  // From the load's timeline file when there is one; it is written after a build.
  std::optional<std::string> file_dir;
  TimelineFileId file_id;
  int64_t file_link_run = 0;
  if (source.files.empty() && !source.persons) {
    if (source.link_run) {
      file_link_run = *source.link_run;
    } else {
      auto latest = out.store->latest_link_run(out.load_id);
      if (!latest) return std::unexpected(latest.error());
      file_link_run = *latest ? (*latest)->run_id : 0;
    }
    file_dir = store::timeline_dir(source.db);
  }
  if (file_dir) {
    auto id = timeline_file_id(*out.store, out.load_id, file_link_run, *months);
    if (!id) return std::unexpected(id.error());
    file_id = std::move(*id);
    auto mapped = store::map_timeline_file(*file_dir, file_id.name, file_id.fingerprint);
    if (mapped && *mapped) {
      if (file_link_run != 0) out.link_run_id = file_link_run;
      out.timelines = std::make_unique<measure::Timelines>(std::move(**mapped));
      out.file = *file_dir + "/" + file_id.name;
      out.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      return out;
    }
    // No file, or one that cannot be read: built, and written if possible.
  }
  measure::TimelineBuilder builder(*months);
  ingest::TimelineSink sink(builder);
  if (!source.files.empty()) {
    // The database's key when there is one, so pseudonyms match; else a key
    // for this run only.
    auto key = existing_key(key_file_for(source.db));
    if (!key) return std::unexpected(key.error());
    link::PseudonymKey k{};
    if (*key) {
      k = **key;
    } else {
      randombytes_buf(k.data(), k.size());
    }
    link::Pseudonymiser pseudonymiser(k);
    auto s = ingest::read_delivery_facts(source.files, geo::Registry::builtin(), pseudonymiser,
                                         today_local(), sink);
    if (!s) return std::unexpected(s.error());
  } else {
    store::FactFilter filter;
    if (source.persons) filter.persons = *source.persons;
    filter.link_run = source.link_run;
    if (file_dir) filter.link_run = file_link_run;
    if (!filter.link_run) {
      auto latest = out.store->latest_link_run(out.load_id);
      if (!latest) return std::unexpected(latest.error());
      filter.link_run = *latest ? (*latest)->run_id : 0;
    }
    if (*filter.link_run != 0) out.link_run_id = filter.link_run;
    if (auto s = out.store->read_facts(out.load_id, filter, sink); !s) {
      return std::unexpected(s.error());
    }
  }
  out.timelines = std::make_unique<measure::Timelines>(builder.build());
  if (file_dir) {
    // A command that cannot write the file still measures; the next one builds again.
    if (auto s =
            store::save_timeline_file(*file_dir, file_id.name, file_id.fingerprint, *out.timelines);
        s) {
      out.file = *file_dir + "/" + file_id.name;
      out.file_written = true;
    } else {
      out.file_error = s.error().message;
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

Result<std::string> person_ref_of(std::string_view person, const std::string& key_path) {
  auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (person.size() == 32 && std::all_of(person.begin(), person.end(), is_hex)) {
    return std::string(person);
  }
  auto insz = Insz::parse(person, today_local());
  if (!insz) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--person must be an INSZ (11 digits, separators allowed) or a pseudonym "
                      "(32 hex characters)");
  }
  auto key = existing_key(key_path);
  if (!key) return std::unexpected(key.error());
  if (!*key) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("no pseudonym key ({} or ${}): an INSZ cannot be looked up; "
                                  "give the pseudonym instead",
                                  key_path, link::kPseudonymKeyEnv));
  }
  return link::Pseudonymiser(**key).person_ref(*insz);
}

}  // namespace lap::cli
