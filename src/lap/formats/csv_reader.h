// Streaming reader for `;`-separated UTF-8 CSV (RFC 4180 quoting), built on libcsv.
//
// The reader calls back once per record with the record's fields and the
// physical line it starts on, so callers can report `file:line:column`.
// Blank lines are skipped; a UTF-8 byte-order mark at the start is dropped.
// Not thread-safe; one reader per file.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"

namespace lap::formats {

struct CsvRecord {
  std::span<const std::string_view> fields;
  int64_t line = 0;      // 1-based physical line where the record starts
  std::string_view raw;  // the record's raw text (for locating columns)
  // 1-based character column where field `index` starts in its line
  // (quotes included). Computed on demand; meant for error messages.
  int column_of(size_t index) const;
};

// Return false from the callback to stop reading early (not an error).
using CsvRecordFn = std::function<bool(const CsvRecord&)>;

class CsvReader {
 public:
  explicit CsvReader(char separator = ';');

  // Reads a whole file. Errors: the file cannot be opened (kIo) or is not
  // well-formed CSV (kInvalidArgument, message `file:line:column: rule`).
  Status read_file(const std::string& path, const CsvRecordFn& on_record);
  // Same for text in memory; `name` is used in messages.
  Status read_string(std::string_view text, std::string_view name, const CsvRecordFn& on_record);

 private:
  class Parse;
  char separator_;
};

// Quotes a field for writing when it contains the separator, a quote or a line break.
std::string csv_escape(std::string_view field, char separator = ';');

// The same for a text meant to be read by people in a spreadsheet: a text that
// a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
// carriage return) gets a leading apostrophe, so `=HYPERLINK(...)` in a name
// stays text. Numbers are written with csv_escape (a negative count stays a number).
std::string csv_text(std::string_view text, char separator = ';');

}  // namespace lap::formats
