// Published figures as files for people and programs: a Belgian CSV with Dutch
// headings (`;`, decimal comma, UTF-8 byte order mark — opens as-is in Excel
// and LibreOffice with Belgian settings) and JSON with English keys for the
// API and tools. The columns are documented in docs/indicators.md.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "lap/core/error.h"
#include "lap/measure/figure.h"
#include "lap/publish/publication.h"
#include "lap/publish/transitions.h"

namespace lap::report {

// The Dutch name of an indicator (docs/indicators.md), e.g. "Bereik".
std::string_view dutch_name(measure::Indicator indicator);
// The Dutch name of a level, e.g. "regiegebied", "Vlaams Gewest".
std::string_view dutch_name(publish::Level level);
// The Dutch name of a socio-economic position of the transitions, e.g.
// "werknemer", "werkzoekende bij VDAB".
std::string_view dutch_name(measure::Position position);
// Why a cell is not shown, in Dutch: "minder dan 5 personen" (a small count
// of its own, k = 5) or "afgeschermd om een klein aantal elders te
// beschermen"; empty when shown.
std::string suppression_reason_nl(publish::Suppression s, int k);

// 100 * numerator / denominator with one decimal and a decimal comma
// ("56,3"); empty when the denominator is 0.
std::string percentage_nl(int64_t numerator, int64_t denominator);

// Columns:
// indicator;naam;variant;periode;niveau;code;gebied;teller;lopend;noemer;percentage;afgeschermd;reden
// (`reden` says why a suppressed cell is hidden, for suppression with k).
std::string figures_csv(std::span<const publish::PublishedFigure> figures, int k);

// Context written with the figures in JSON.
struct RunInfo {
  int64_t run_id = 0;  // 0 when not stored
  int64_t load_id = 0;
  std::string data_end;
  std::string view;  // public, internal, ocmw:NNNNN
  int k = 5;
  bool exclude_art60 = true;
};

// {"run": {...}, "figures": [{"indicator", "variant", "period", "level", "code", "name",
//  "numerator", "pending", "denominator", "suppressed", "suppression"}], "transitions": [...]}
// `suppression` is "primary", "secondary" or null.
// `transitions` as the run's view sees them (publish/transitions.h): a hidden
// cell is null; the OTHER row, always empty, is left out.
std::string figures_json(const RunInfo& run, std::span<const publish::PublishedFigure> figures,
                         std::span<const publish::SeenTransitions> transitions);

// The information loss of a protection as JSON: [{"indicator", "variant", "ocmw_cells",
// "ocmw_primary", "ocmw_secondary", "area_cells", "area_primary", "area_secondary"}].
std::string loss_json(std::span<const publish::Loss> loss);

// Writes `text` to `path` atomically (a temporary file renamed into place).
Status write_file(const std::string& path, std::string_view text);

}  // namespace lap::report
