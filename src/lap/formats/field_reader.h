// The plumbing under the exchange readers (exchange.h): the header check, one
// record's fields by schema column, and the typed field rules of
// docs/formats.md ("Types"). Each accessor reports the broken rule at the
// field's `file:line:column` and returns nullopt; a row is valid when `ok()`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lap/core/date.h"
#include "lap/core/insz.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/formats/csv_reader.h"
#include "lap/formats/exchange.h"

namespace lap::formats {

// One data record, addressed by schema column index (the header may list the
// columns in any order). An optional column the header leaves out reads as an
// empty value.
class Fields {
 public:
  static constexpr size_t kMaxTextChars = 100;

  Fields(const CsvRecord& record, std::span<const int> field_of_column,
         std::span<const std::string_view> columns, const std::string& file, Problems& problems)
      : record_(record),
        field_of_column_(field_of_column),
        columns_(columns),
        file_(file),
        problems_(problems) {}

  std::string_view value(size_t column) const {
    const int field = field_of_column_[column];
    return field < 0 ? std::string_view() : record_.fields[static_cast<size_t>(field)];
  }
  bool empty(size_t column) const { return value(column).empty(); }
  // 1-based character column of the field in its line.
  int position(size_t column) const {
    const int field = field_of_column_[column];
    return field < 0 ? 1 : record_.column_of(static_cast<size_t>(field));
  }
  int64_t line() const { return record_.line; }
  bool ok() const { return ok_; }

  // Records a broken rule of `column` and marks the row invalid.
  void problem(size_t column, std::string rule);

  // Typed accessors: nullopt when the value is missing (for required columns)
  // or breaks its type rule; the problem has then been recorded.
  std::optional<Date> date(size_t column);
  std::optional<Month> month(size_t column);
  // Syntax and existence in the registry (not yet the date rule).
  std::optional<Nis> nis(size_t column, const geo::Registry& registry);
  std::optional<Insz> insz(size_t column, Date today);
  // UTF-8 without control characters, no leading or trailing space, at most
  // `max_chars` characters.
  std::optional<std::string> text(size_t column, size_t max_chars = kMaxTextChars);
  std::optional<bool> flag(size_t column);
  std::optional<int64_t> count(size_t column);
  std::optional<int> postcode(size_t column);
  std::optional<Sex> sex(size_t column);
  // An integer in [min, max], digits only.
  std::optional<int64_t> integer(size_t column, int64_t min, int64_t max);
  // A coded value: `parse` maps the text to the enum; `allowed` lists the codes.
  template <typename E>
  std::optional<E> code(size_t column, std::optional<E> (*parse)(std::string_view),
                        std::string_view allowed) {
    if (!require(column)) return std::nullopt;
    auto v = parse(value(column));
    if (!v) problem(column, std::string("must be one of ") + std::string(allowed));
    return v;
  }

  // True when the column has a value; otherwise records "a value is
  // required" and returns false.
  bool require(size_t column);

  // Parses an optional column with `parse` (one of the accessors above):
  // an empty value leaves `out` empty and is no problem. False on a problem.
  template <typename T, typename Fn>
  bool optional(size_t column, std::optional<T>& out, Fn&& parse) {
    out.reset();
    if (empty(column)) return true;
    out = parse(column);
    return out.has_value();
  }

 private:
  const CsvRecord& record_;
  std::span<const int> field_of_column_;
  std::span<const std::string_view> columns_;
  const std::string& file_;
  Problems& problems_;
  bool ok_ = true;
};

// Reads `input`: checks the header against `columns` and calls `on_record`
// for every data record that has as many fields as the header. The last
// `optional_columns` of `columns` may be left out of the header; every other
// column is required. Problems with the header stop the file. Returns the
// number of data records, or kIo.
Result<int64_t> read_records(const Input& input, std::span<const std::string_view> columns,
                             Problems& problems, const ReadOptions& options,
                             const std::function<void(Fields&)>& on_record,
                             size_t optional_columns = 0);

// A problem at a given place (for rules between rows).
inline Problem make_problem(const std::string& file, int64_t line, int column,
                            std::string_view column_name, std::string rule) {
  return Problem{file, line, column, std::string(column_name), std::move(rule)};
}

}  // namespace lap::formats
