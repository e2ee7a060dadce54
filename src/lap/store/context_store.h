// Context figures (migration 0017_context_figures.sql; docs/formats.md "Kerncijfers"):
// published statistics per municipality for part 1 of the semestrial report. An import is one
// transaction that replaces, for each (figure, period) in the file, every stored row of that
// figure and period; an import that would change nothing writes nothing. No person data.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/formats/exchange.h"

namespace lap::store {

struct ContextImport {
  std::string file;
  std::string sha256;
  std::string actor;
};

struct ContextImportResult {
  int64_t rows = 0;     // rows in the file
  int64_t changed = 0;  // rows added, changed or removed; 0: nothing was written
};

class ContextStore {
 public:
  virtual ~ContextStore() = default;

  // Replaces the stored rows of every (figure, period) of `rows` (validated by the caller)
  // with `rows`.
  virtual Result<ContextImportResult> import_context_figures(
      const ContextImport& info, std::span<const formats::ContextFigureRow> rows) = 0;
  // Every stored row, by figure, period and NIS code (the Vlaams Gewest first).
  virtual Result<std::vector<formats::ContextFigureRow>> context_figures() = 0;
};

}  // namespace lap::store
