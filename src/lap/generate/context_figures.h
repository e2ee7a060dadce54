// Synthetic context figures (kerncijfers, docs/formats.md "Kerncijfers") for the demo and
// the tests: per municipality and year an employment rate, the non-active, the job seekers
// without work and the unqualified school leavers, scaled on the municipality's population
// with a seeded spread and a gentle trend; and the RMI-gerechtigden of POD MI in September,
// taken from a load's POD MI counts when given. Made up, like the rest of the generated data.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lap/core/nis.h"
#include "lap/formats/schema.h"
#include "lap/geo/registry.h"

namespace lap::generate {

struct ContextOptions {
  int from_year = 2019;
  int to_year = 2025;
  uint64_t seed = 1;
  // (NIS, year) -> RMI-gerechtigden on 30 September (leefloon and equivalent leefloon), as the
  // POD MI counts of a load have them; a year without any is made up from the population.
  std::map<std::pair<Nis, int>, int64_t> rmi;
};

// The rows, by figure, period and NIS code; municipalities as they exist at the end of each
// period. No Vlaams Gewest rows: the report adds the municipalities up.
std::vector<formats::ContextFigureRow> context_figures(const geo::Registry& registry,
                                                       const ContextOptions& options);

// The rows as a kerncijfers.csv file (`;`, a header line, LF).
std::string context_figures_csv(const std::vector<formats::ContextFigureRow>& rows);

}  // namespace lap::generate
