// The validating readers of the exchange files (docs/formats.md) and the CSV
// reader under them, on arbitrary bytes. The first byte picks the reader
// (0-5: the sources of an import in `kAllSources` order, 6: lap_results.csv,
// 7: the bare CSV reader); the rest is the file.
//
// Whatever the bytes, a reader must return normally with every broken rule
// as a problem inside the file, and hand out only rows whose canonical text
// can be built and hashed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lap/formats/csv_reader.h"
#include "lap/formats/exchange.h"
#include "lap/geo/registry.h"

namespace {

using namespace lap;
using namespace lap::formats;

void require(bool condition) {
  if (!condition) std::abort();
}

const ValidationContext& context() {
  static const ValidationContext kContext{&geo::Registry::builtin(), *Date::parse("2026-06-30")};
  return kContext;
}

// Every row handed out: a line inside the file, a canonical text and a hash.
template <typename Row>
RowFn<Row> row_check(int64_t lines) {
  return [lines](const Row& row, const RowHash& hash, int64_t line) {
    require(line >= 2 && line <= lines);
    require(hash_canonical(canonical_text(row)) == hash);
  };
}

// Problems lie inside the file (line 0 or 1 for problems of the whole file).
void check(const Result<int64_t>& rows, const Problems& problems, int64_t lines) {
  require(rows.has_value());
  require(*rows >= 0 && *rows <= lines);
  require(problems.list().size() <= problems.limit());
  require(problems.count() >= static_cast<int64_t>(problems.list().size()));
  for (const auto& p : problems.list()) {
    require(p.line >= 0 && p.line <= lines + 1);
    require(p.column >= 0);
    require(!p.to_string().empty());
  }
}

void read_csv(std::string_view text, char separator) {
  CsvReader reader(separator);
  auto status = reader.read_string(text, "fuzz.csv", [&](const CsvRecord& record) {
    require(record.line >= 1);
    for (size_t i = 0; i < record.fields.size(); ++i)
      require(record.column_of(i) >= 1);
    return true;
  });
  require(status.has_value() || status.error().code == ErrorCode::kInvalidArgument);
}

}  // namespace

// The entry point libFuzzer calls, by its fixed name.
extern "C" int LLVMFuzzerTestOneInput(  // NOLINT(readability-identifier-naming)
    const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int selector = data[0] % 8;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  int64_t lines = 1;
  for (char c : text)
    lines += c == '\n' || c == '\r';

  if (selector == 7) {
    read_csv(text, (data[0] & 0x80) != 0 ? ',' : ';');
    return 0;
  }
  Problems problems;
  Result<int64_t> rows = 0;
  if (selector == 6) {
    const auto input = Input::memory(std::string(kLapResultsFile), text);
    rows = read_lap_results(input, context(), problems,
                            [&](const LapResultRow& row, const RowHash&, int64_t line) {
                              require(line >= 2 && line <= lines);
                              require(row.confirmed >= 0 && row.pending >= 0);
                            });
    check(rows, problems, lines);
    return 0;
  }
  const Source source = kAllSources[selector];
  const auto input = Input::memory(std::string(file_name(source)), text);
  switch (source) {
    case Source::kRmiEntitlements:
      rows = read_rmi_entitlements(input, context(), problems, row_check<RmiEntitlementRow>(lines));
      break;
    case Source::kVdabRegistrations:
      rows = read_vdab_registrations(input, context(), problems,
                                     row_check<VdabRegistrationRow>(lines));
      break;
    case Source::kWorkMonths:
      rows = read_work_months(input, context(), problems, row_check<WorkSpanRow>(lines));
      break;
    case Source::kActivationMeasures:
      rows = read_activation_measures(input, context(), problems,
                                      row_check<ActivationMeasureRow>(lines));
      break;
    case Source::kPodmiCounts:
      rows = read_podmi_counts(input, context(), problems, row_check<PodmiCountRow>(lines));
      break;
    case Source::kIdentifierChanges:
      rows = read_identifier_changes(input, context(), problems,
                                     row_check<IdentifierChangeRow>(lines));
      break;
  }
  check(rows, problems, lines);
  return 0;
}
