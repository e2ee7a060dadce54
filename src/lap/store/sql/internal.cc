#include "lap/store/sql/internal.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lap::store::sql {
namespace {

// The fact table of each source, in the order of formats::Source.
constexpr std::array<std::string_view, 6> kFactTables = {"rmi_entitlement", "vdab_registration",
                                                         "work_span",       "activation_measure",
                                                         "podmi_count",     "identifier_change"};

}  // namespace

std::string_view fact_table(Source source) {
  return kFactTables[static_cast<size_t>(source)];
}

std::string now_utc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<std::string> opt_date(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->to_string();
}

Result<int64_t> returned_id(Statement& insert) {
  auto row = insert.step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return make_error(ErrorCode::kInternal, "database: INSERT returned no id");
  const int64_t id = insert.int64(0);
  // The statement is complete once its one row is read.
  auto end = insert.step();
  insert.reset();
  if (!end) return std::unexpected(end.error());
  return id;
}

std::string files_json(const std::vector<FileInfo>& files) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& f : files) {
    j.push_back({{"file", f.file},
                 {"source", std::string(formats::source_name(f.source))},
                 {"sha256", f.sha256},
                 {"rows", f.rows},
                 {"added", f.added},
                 {"retired", f.retired},
                 {"unchanged", f.unchanged}});
  }
  return j.dump();
}

Result<std::vector<FileInfo>> parse_files_json(const std::string& text) {
  std::vector<FileInfo> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) {
    return make_error(ErrorCode::kIo, "database: data_load.files_json is not a JSON array");
  }
  for (const auto& e : j) {
    FileInfo f;
    f.file = e.value("file", "");
    auto source = formats::source_from_name(e.value("source", ""));
    if (!source) return make_error(ErrorCode::kIo, "database: unknown source in files_json");
    f.source = *source;
    f.sha256 = e.value("sha256", "");
    f.rows = e.value("rows", int64_t{0});
    f.added = e.value("added", int64_t{0});
    f.retired = e.value("retired", int64_t{0});
    f.unchanged = e.value("unchanged", int64_t{0});
    out.push_back(std::move(f));
  }
  return out;
}

Result<Date> date_column(const Statement& st, int column, std::string_view what) {
  auto d = Date::parse(st.text(column));
  if (!d) return make_error(ErrorCode::kIo, fmt::format("database: {} is not a date", what));
  return *d;
}

Status require_call(Database& db, std::string_view call_id) {
  LAP_TRY(st, db.prepare("SELECT 1 FROM pact_call WHERE call_id = ?1"));
  st.bind(1, call_id);
  LAP_TRY(row, st.step());
  if (!row) return make_error(ErrorCode::kNotFound, fmt::format("there is no call '{}'", call_id));
  return {};
}

}  // namespace lap::store::sql
