#include "lap/generate/context_figures.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "lap/formats/schema.h"
#include "lap/generate/rng.h"

namespace lap::generate {
namespace {

using formats::ContextFigure;
using formats::ContextFigureRow;
using formats::ContextPeriod;

// A municipality's own level of each figure: drawn once per municipality, so the years of one
// place move together.
struct Level {
  double employment = 0;   // share of the population 20-64 at work
  double non_active = 0;   // share of the population 15-64 not active
  double job_seekers = 0;  // per inhabitant
  double unqualified = 0;  // share of school leavers
  double rmi = 0;          // per inhabitant
};

Level level_of(const geo::Municipality& m, uint64_t seed) {
  Rng rng(mix_seed(seed, 0xC0'7E'87, static_cast<uint64_t>(m.nis.code())));
  const double urban = m.centrumstad ? 1.0 : 0.0;
  Level l;
  l.employment = 0.70 + 0.08 * rng.uniform() - 0.04 * urban;
  l.non_active = 0.19 + 0.07 * rng.uniform() + 0.03 * urban;
  l.job_seekers = 0.025 + 0.02 * rng.uniform() + 0.015 * urban;
  l.unqualified = 0.04 + 0.06 * rng.uniform() + 0.03 * urban;
  l.rmi = 0.002 + 0.004 * rng.uniform() + 0.008 * urban;
  return l;
}

int64_t round_count(double x) {
  return static_cast<int64_t>(std::llround(std::max(0.0, x)));
}

}  // namespace

std::vector<ContextFigureRow> context_figures(const geo::Registry& registry,
                                              const ContextOptions& options) {
  std::vector<ContextFigureRow> out;
  for (int year = options.from_year; year <= options.to_year; ++year) {
    const ContextPeriod whole{year, 0};
    const ContextPeriod september{year, 9};
    const double t = year - 2019;  // years since 2019
    for (const geo::Municipality* m : registry.valid_on(whole.last_day())) {
      const Level l = level_of(*m, options.seed);
      Rng noise(mix_seed(options.seed, static_cast<uint64_t>(m->nis.code()),
                         static_cast<uint64_t>(year)));
      const double population = m->population_2022 * (1.0 + 0.004 * (t - 3));
      const double working_age = population * 0.58;  // 20-64
      auto add = [&](ContextFigure figure, ContextPeriod period, int64_t value,
                     std::optional<int64_t> denominator, const char* source) {
        out.push_back({m->nis, figure, period, value, denominator, source});
      };
      const int64_t base = round_count(working_age);
      const double rate = std::min(0.9, l.employment + 0.003 * t + 0.004 * (noise.uniform() - 0.5));
      add(ContextFigure::kEmploymentRate, whole, round_count(base * rate), base,
          "synthetisch, naar Steunpunt Werk");
      add(ContextFigure::kNonActive, whole,
          round_count(population * 0.64 * l.non_active * (1.0 - 0.01 * t + 0.01 * noise.uniform())),
          std::nullopt, "synthetisch, naar Steunpunt Werk");
      // Job seekers fell after 2020 and rose again from 2022.
      const double cycle = year <= 2020 ? 1.08 : year == 2021 ? 0.95 : 0.97 + 0.02 * (year - 2022);
      add(ContextFigure::kJobSeekers, whole,
          round_count(population * l.job_seekers * cycle * (0.97 + 0.06 * noise.uniform())),
          std::nullopt, "synthetisch, naar VDAB");
      const int64_t leavers = std::max<int64_t>(1, round_count(population * 0.011));
      add(ContextFigure::kUnqualifiedSchoolLeavers, whole,
          std::min(leavers, round_count(leavers * l.unqualified * (1.0 - 0.02 * t) *
                                        (0.9 + 0.2 * noise.uniform()))),
          leavers, "synthetisch, naar het schoolverlatersrapport van VDAB");
      auto rmi = options.rmi.find({m->nis, year});
      add(ContextFigure::kRmiEntitled, september,
          rmi != options.rmi.end() ? rmi->second
                                   : round_count(population * l.rmi * (1.0 - 0.01 * t)),
          std::nullopt,
          options.rmi.empty() ? "synthetisch, naar POD Maatschappelijke Integratie"
                              : "POD MI-tabel van de gegevenslading (synthetisch)");
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ContextFigureRow& a, const ContextFigureRow& b) {
                     return std::tie(a.figure, a.period) < std::tie(b.figure, b.period);
                   });
  return out;
}

std::string context_figures_csv(const std::vector<ContextFigureRow>& rows) {
  std::string out;
  for (size_t i = 0; i < formats::kContextColumns.size(); ++i)
    out += fmt::format("{}{}", i == 0 ? "" : ";", formats::kContextColumns[i]);
  out += '\n';
  for (const ContextFigureRow& r : rows) {
    out += fmt::format("{};{};{};{};{};{}\n",
                       r.nis ? r.nis->to_string() : std::string(formats::kFlandersNis),
                       formats::to_code(r.figure), r.period.to_string(), r.value,
                       r.denominator ? fmt::format("{}", *r.denominator) : "", r.source);
  }
  return out;
}

}  // namespace lap::generate
