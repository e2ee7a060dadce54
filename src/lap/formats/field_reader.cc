#include "lap/formats/field_reader.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>

#include "lap/core/parse.h"

namespace lap::formats {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2099;
constexpr int64_t kProgressEvery = 8192;

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Counts the code points of valid UTF-8 text; nullopt when the bytes are not
// UTF-8 or contain a control character (C0, DEL or C1).
enum class TextIssue { kNone, kNotUtf8, kControl };
TextIssue scan_text(std::string_view s, size_t& chars) {
  chars = 0;
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t len = 0;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      return TextIssue::kNotUtf8;
    }
    if (i + len > s.size()) return TextIssue::kNotUtf8;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return TextIssue::kNotUtf8;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return TextIssue::kNotUtf8;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return TextIssue::kControl;
    ++chars;
    i += len;
  }
  return TextIssue::kNone;
}

// A header name is echoed in a problem only when it looks like a column name,
// so a data row mistaken for a header never prints personal data.
bool looks_like_column_name(std::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  });
}

// Turns the reader's `name:line:column: rule` message into a problem.
Problem csv_syntax_problem(const std::string& file, const std::string& message) {
  Problem p{file, 1, 1, "", message};
  std::string_view rest(message);
  if (rest.starts_with(file) && rest.size() > file.size() && rest[file.size()] == ':') {
    rest.remove_prefix(file.size() + 1);
    int64_t line = 0;
    int column = 0;
    auto [p1, e1] = std::from_chars(rest.data(), rest.data() + rest.size(), line);
    if (e1 == std::errc() && p1 < rest.data() + rest.size() && *p1 == ':') {
      auto [p2, e2] = std::from_chars(p1 + 1, rest.data() + rest.size(), column);
      if (e2 == std::errc() && p2 + 1 < rest.data() + rest.size() && *p2 == ':') {
        p.line = line;
        p.column = column;
        p.rule = std::string(std::string_view(p2 + 1, rest.data() + rest.size() - (p2 + 1)));
        if (p.rule.starts_with(" ")) p.rule.erase(0, 1);
      }
    }
  }
  return p;
}

// Maps the header onto `columns`; false (with problems) when the file must stop.
// "a;b;c", or "a;b;c (optional: d;e)" when the last ones may be missing.
std::string column_list(std::span<const std::string_view> columns, size_t optional_columns) {
  const size_t required = columns.size() - optional_columns;
  std::string list = fmt::format("{}", fmt::join(columns.first(required), ";"));
  if (optional_columns > 0) {
    list += fmt::format(" (optional: {})", fmt::join(columns.subspan(required), ";"));
  }
  return list;
}

// The last `optional_columns` of `columns` may be missing.
bool check_header(const CsvRecord& record, std::span<const std::string_view> columns,
                  size_t optional_columns, std::vector<int>& field_of_column,
                  const std::string& file, Problems& problems) {
  field_of_column.assign(columns.size(), -1);
  size_t known = 0;
  for (auto name : record.fields) {
    if (std::find(columns.begin(), columns.end(), name) != columns.end()) ++known;
  }
  if (known == 0) {
    problems.add(make_problem(file, record.line, 1, "",
                              fmt::format("the first line must be the header naming the columns {}",
                                          column_list(columns, optional_columns))));
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    std::string_view name = record.fields[i];
    auto it = std::find(columns.begin(), columns.end(), name);
    if (it == columns.end()) {
      ok = false;
      bool echo = looks_like_column_name(name);
      problems.add(
          make_problem(file, record.line, record.column_of(i), echo ? name : std::string_view(),
                       fmt::format("unknown column{}; the columns are {}", echo ? "" : " name",
                                   column_list(columns, optional_columns))));
      continue;
    }
    auto col = static_cast<size_t>(it - columns.begin());
    if (field_of_column[col] >= 0) {
      ok = false;
      problems.add(
          make_problem(file, record.line, record.column_of(i), name,
                       fmt::format("column named twice (first at column {})",
                                   record.column_of(static_cast<size_t>(field_of_column[col])))));
      continue;
    }
    field_of_column[col] = static_cast<int>(i);
  }
  for (size_t col = 0; col + optional_columns < columns.size(); ++col) {
    if (field_of_column[col] < 0) {
      ok = false;
      problems.add(make_problem(file, record.line, 1, columns[col], "required column is missing"));
    }
  }
  return ok;
}

}  // namespace

void Fields::problem(size_t column, std::string rule) {
  ok_ = false;
  problems_.add(make_problem(file_, line(), position(column), columns_[column], std::move(rule)));
}

bool Fields::require(size_t column) {
  if (!empty(column)) return true;
  problem(column, "a value is required");
  return false;
}

std::optional<Date> Fields::date(size_t column) {
  if (!require(column)) return std::nullopt;
  auto d = Date::parse(value(column));
  if (!d || d->year() < kMinYear || d->year() > kMaxYear) {
    problem(column, "must be a date YYYY-MM-DD (a real day, year 1900-2099)");
    return std::nullopt;
  }
  return *d;
}

std::optional<Month> Fields::month(size_t column) {
  if (!require(column)) return std::nullopt;
  auto m = Month::parse(value(column));
  if (!m || m->year() < kMinYear || m->year() > kMaxYear) {
    problem(column, "must be a month YYYY-MM (year 1900-2099)");
    return std::nullopt;
  }
  return *m;
}

std::optional<Nis> Fields::nis(size_t column, const geo::Registry& registry) {
  if (!require(column)) return std::nullopt;
  auto n = Nis::parse(value(column));
  if (!n) {
    problem(column, "must be a NIS code of 5 digits");
    return std::nullopt;
  }
  if (registry.find(*n) == nullptr) {
    problem(column, fmt::format("NIS code {} is not a Flemish municipality of the reference data",
                                n->to_string()));
    return std::nullopt;
  }
  return *n;
}

std::optional<Insz> Fields::insz(size_t column, Date today) {
  if (!require(column)) return std::nullopt;
  auto i = Insz::parse(value(column), today);
  if (!i) {
    problem(column, fmt::format("not a valid INSZ: {}", insz_problem_text(i.error())));
    return std::nullopt;
  }
  return *i;
}

std::optional<std::string> Fields::text(size_t column, size_t max_chars) {
  if (!require(column)) return std::nullopt;
  std::string_view v = value(column);
  size_t chars = 0;
  switch (scan_text(v, chars)) {
    case TextIssue::kNotUtf8:
      problem(column, "text is not valid UTF-8");
      return std::nullopt;
    case TextIssue::kControl:
      problem(column, "text contains a control character");
      return std::nullopt;
    case TextIssue::kNone:
      break;
  }
  if (chars > max_chars) {
    problem(column, fmt::format("text is longer than {} characters", max_chars));
    return std::nullopt;
  }
  if (v.front() == ' ' || v.back() == ' ') {
    problem(column, "text starts or ends with a space");
    return std::nullopt;
  }
  return std::string(v);
}

std::optional<bool> Fields::flag(size_t column) {
  if (!require(column)) return std::nullopt;
  std::string_view v = value(column);
  if (v == "0") return false;
  if (v == "1") return true;
  problem(column, "must be 0 or 1");
  return std::nullopt;
}

std::optional<int64_t> Fields::integer(size_t column, int64_t min, int64_t max) {
  if (!require(column)) return std::nullopt;
  std::string_view v = value(column);
  // Digits only: a sign is not part of the exchange formats' integers.
  const auto n = all_digits(v) ? parse_integer<int64_t>(v) : std::nullopt;
  if (!n || *n < min || *n > max) {
    problem(column, fmt::format("must be an integer {}-{}", min, max));
    return std::nullopt;
  }
  return n;
}

std::optional<int64_t> Fields::count(size_t column) {
  if (!require(column)) return std::nullopt;
  std::string_view v = value(column);
  const auto n = all_digits(v) ? parse_integer<int64_t>(v) : std::nullopt;
  if (!n) {
    problem(column, "must be a count: an integer >= 0");
    return std::nullopt;
  }
  return n;
}

std::optional<int> Fields::postcode(size_t column) {
  if (!require(column)) return std::nullopt;
  std::string_view v = value(column);
  if (v.size() != 4 || !all_digits(v) || v[0] == '0') {
    problem(column, "must be a postcode of 4 digits 1000-9999");
    return std::nullopt;
  }
  return parse_integer<int>(v);
}

std::optional<Sex> Fields::sex(size_t column) {
  if (!require(column)) return std::nullopt;
  std::string_view v = value(column);
  if (v == "M") return Sex::kMale;
  if (v == "F") return Sex::kFemale;
  if (v == "X") return Sex::kUnknown;
  problem(column, "must be one of M, F, X");
  return std::nullopt;
}

Result<int64_t> read_records(const Input& input, std::span<const std::string_view> columns,
                             Problems& problems, const ReadOptions& options,
                             const std::function<void(Fields&)>& on_record,
                             size_t optional_columns) {
  std::vector<int> field_of_column;
  size_t header_fields = 0;
  bool header_seen = false;
  int64_t rows = 0;
  int64_t bytes = 0;
  auto on_csv = [&](const CsvRecord& record) -> bool {
    bytes += static_cast<int64_t>(record.raw.size());
    if (!header_seen) {
      header_seen = true;
      header_fields = record.fields.size();
      return check_header(record, columns, optional_columns, field_of_column, input.name, problems);
    }
    ++rows;
    if (record.fields.size() != header_fields) {
      size_t at = std::min(record.fields.size(), header_fields);
      problems.add(make_problem(input.name, record.line,
                                at < record.fields.size() ? record.column_of(at) : 1, "",
                                fmt::format("the row has {} fields, the header {}",
                                            record.fields.size(), header_fields)));
    } else {
      Fields fields(record, field_of_column, columns, input.name, problems);
      on_record(fields);
    }
    if (options.progress && rows % kProgressEvery == 0) options.progress(rows, bytes);
    return true;
  };
  CsvReader reader;
  Status status = input.text ? reader.read_string(*input.text, input.name, on_csv)
                             : reader.read_file(input.name, on_csv);
  if (!status) {
    if (status.error().code != ErrorCode::kInvalidArgument) return std::unexpected(status.error());
    problems.add(csv_syntax_problem(input.name, status.error().message));
  } else if (!header_seen) {
    problems.add(make_problem(input.name, 1, 1, "", "the file is empty: a header row is required"));
  }
  if (options.progress) options.progress(rows, bytes);
  return rows;
}

}  // namespace lap::formats
