// What a LAP figure was computed from (domain.md §6: measurement runs and
// settlements are computed from a frozen snapshot). Every payment statement
// records its inputs, so a settled statement can be recomputed from exactly
// the data it used and compared (`lap pact verify`):
//   * the call's parameter version,
//   * the redistribution decision in force (decision.h), if any,
//   * the counts N: an imported count table of the call (import id, file,
//     SHA-256) or a data load (its POD MI count table, else the leefloners in
//     its linked data),
//   * the results R: an imported VDAB results table (import id, file, SHA-256)
//     or the measurement engine on a data load and the link run whose persons
//     it counted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "lap/core/date.h"

namespace lap::pact {

// A redistribution decision of WSE (decision.h) by number.
struct DecisionRef {
  int64_t number = 0;  // 1, 2, ... per call
  Date decided_on;     // in force from this day

  // `beslissing 2 van 15-01-2024`.
  std::string to_string_nl() const;
  bool operator==(const DecisionRef&) const = default;
};

// An imported table of the call (store: pact_import), replaced or not.
struct TableImportRef {
  int64_t import_id = 0;
  std::string file;
  std::string sha256;
  bool operator==(const TableImportRef&) const = default;
};

// A data load and the link run whose persons were counted (nullopt: the load
// had no link run, or the figure does not depend on linking).
struct DataRef {
  int64_t load_id = 0;
  std::optional<int64_t> link_run_id;
  bool operator==(const DataRef&) const = default;
};

// Where counts or results came from: exactly one of `table` and `data`.
struct SourceRef {
  std::optional<TableImportRef> table;
  std::optional<DataRef> data;

  // `import 3 (podmi.csv, SHA-256 3f2a…)`, `data load 2, link run 5`.
  std::string to_string() const;
  bool operator==(const SourceRef&) const = default;
};

struct FrozenInputs {
  int call_version = 0;
  std::optional<DecisionRef> decision;
  SourceRef counts;
  SourceRef results;
  bool operator==(const FrozenInputs&) const = default;
};

}  // namespace lap::pact
