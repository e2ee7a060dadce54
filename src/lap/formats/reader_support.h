// What the readers of exchange.h share (exchange.cc, person_readers.cc, count_readers.cc); not
// for use outside lap_formats: the rules every file has in common (a municipality exists on the
// date a row is about, periods end after they start, a file is a set of facts) and the canonical
// text of a row that its hash is taken over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/nis.h"
#include "lap/formats/exchange.h"
#include "lap/formats/field_reader.h"
#include "lap/geo/registry.h"

namespace lap::formats::internal {

// Separates the fields of a canonical text.
inline constexpr char kSep = '\x1f';

// A date as its canonical text, or "" when absent.
std::string opt_date(const std::optional<Date>& d);
std::string_view flag_text(bool b);

// "1970-01-01..2024-12-31, then 11002" or "from 2025-01-01".
std::string validity(const geo::Municipality& m);

// The rule "nis exists on the date the row is about".
void check_exists_on(Fields& f, size_t column, const geo::Registry& registry, Nis nis, Date date,
                     std::string_view date_column);

// end_date >= start_date.
void check_period(Fields& f, size_t end_column, const std::optional<Date>& start,
                  const std::optional<Date>& end);

// Rows identical to an earlier row (by canonical text, compared by hash).
class DuplicateCheck {
 public:
  void add(const RowHash& hash, int64_t line) { seen_.emplace_back(hash, line); }
  // One problem for every row equal to an earlier one; forgets the rows.
  void report(const std::string& file, Problems& problems);

 private:
  std::vector<std::pair<RowHash, int64_t>> seen_;
};

// Hands a row that passed the row rules to `on_row`, remembering its hash for the duplicate rule.
template <typename Row>
void deliver(const RowFn<Row>& on_row, DuplicateCheck& duplicates, const Row& row, int64_t line) {
  RowHash hash = hash_canonical(canonical_text(row));
  duplicates.add(hash, line);
  if (on_row) on_row(row, hash, line);
}

// Finishes a file: the duplicate rule, then the problems in file order.
void finish_file(const Input& input, DuplicateCheck& duplicates, Problems& problems,
                 size_t first_problem);

}  // namespace lap::formats::internal
