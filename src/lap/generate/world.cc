#include "lap/generate/world.h"

#include <algorithm>
#include <cmath>

#include "lap/generate/rng.h"

namespace lap::generate {
namespace {

// Linear interpolation in a table of (month index, value), flat outside it.
double interpolate(const std::vector<std::pair<Month, double>>& table, Month m) {
  if (m <= table.front().first) return table.front().second;
  for (size_t i = 1; i < table.size(); ++i) {
    if (m <= table[i].first) {
      auto [m0, v0] = table[i - 1];
      auto [m1, v1] = table[i];
      double t = static_cast<double>(m - m0) / static_cast<double>(m1 - m0);
      return v0 + t * (v1 - v0);
    }
  }
  return table.back().second;
}

std::vector<double> cumulative(const std::vector<MunicipalityInfo>& munis,
                               double MunicipalityInfo::*field) {
  std::vector<double> out;
  double sum = 0;
  for (const auto& m : munis) {
    sum += m.*field;
    out.push_back(sum);
  }
  return out;
}

}  // namespace

std::optional<Scale> scale_from(std::string_view s) {
  if (s == "tiny") return Scale::kTiny;
  if (s == "flanders") return Scale::kFlanders;
  if (s == "belgium") return Scale::kBelgium;
  return std::nullopt;
}

std::string_view to_string(Scale s) {
  switch (s) {
    case Scale::kTiny:
      return "tiny";
    case Scale::kFlanders:
      return "flanders";
    case Scale::kBelgium:
      return "belgium";
  }
  return "?";
}

double World::flemish_leefloon_stock(Month m) {
  // RMI clients 2020 41,982, 2021 41,091, Sept 2022 40,756 of whom 37,362 on leefloon
  // (POD MI, seeds/001 and 004); the later years follow the renewed rise.
  static const std::vector<std::pair<Month, double>> kTable = {
      {ym(2015, 1), 38600},  {ym(2019, 1), 38900},  {ym(2020, 3), 38700},
      {ym(2020, 12), 39300}, {ym(2021, 12), 37900}, {ym(2022, 9), 37362},
      {ym(2023, 12), 37900}, {ym(2024, 12), 38700}, {ym(2026, 1), 39300}};
  return interpolate(kTable, m);
}

double World::flemish_ukrainian_arrivals(Month m) {
  // Temporary protection from March 2022; 17,285 on equivalent leefloon in Nov 2022.
  static const std::vector<std::pair<Month, double>> kTable = {
      {ym(2022, 2), 0},     {ym(2022, 3), 3900}, {ym(2022, 4), 4800}, {ym(2022, 5), 3300},
      {ym(2022, 6), 2300},  {ym(2022, 7), 1700}, {ym(2022, 8), 1400}, {ym(2022, 9), 1200},
      {ym(2022, 10), 1000}, {ym(2022, 11), 850}, {ym(2022, 12), 700}, {ym(2023, 6), 520},
      {ym(2024, 6), 380},   {ym(2025, 12), 260}};
  if (m < ym(2022, 3)) return 0;
  return interpolate(kTable, m);
}

World::World(const geo::Registry& registry, Scale scale, uint64_t seed, Month from, Month to)
    : scale_(scale), from_(from), to_(to) {
  switch (scale) {
    case Scale::kTiny:
      factor_ = 0.02;
      break;
    case Scale::kFlanders:
      factor_ = 1.0;
      break;
    case Scale::kBelgium:
      factor_ = 11.8 / 6.63;  // Belgium's population over the Flemish Region's
      break;
  }
  Rng rng(mix_seed(seed, 0x5EED0001));
  Date ref = *Date::from_ymd(2024, 12, 31);
  for (const geo::Municipality* m : registry.valid_on(ref)) {
    MunicipalityInfo info;
    info.ref = m;
    double pop = m->population_2022;
    double urban = 0.85;
    int code = m->nis.code();
    if (code == 11002) {
      urban = 4.3;  // Antwerpen
    } else if (code == 44021) {
      urban = 4.0;  // Gent
    } else if (m->centrumstad) {
      urban = 2.0;
    }
    double noise = std::exp(0.3 * rng.normal());
    info.leefloon_weight = pop * urban * noise;
    info.ukrainian_weight = pop * (m->centrumstad ? 1.3 : 1.0) * std::exp(0.35 * rng.normal());
    info.jobseeker_weight = pop *
                            (code == 11002    ? 2.0
                             : m->centrumstad ? 1.5
                                              : 1.0) *
                            std::exp(0.15 * rng.normal());
    // VDAB reach of the OCMW's clients: 30-70% (seeds/001), Antwerpen above 70%,
    // Roeselare, Turnhout, Hasselt and Sint-Niklaas near 60% (seeds/004).
    double reach = 0.575 + 0.15 * rng.normal();
    if (code == 11002) reach = 0.86;
    if (code == 36015 || code == 13040 || code == 71022 || code == 46021) reach = 0.72;
    info.vdab_reach = std::clamp(reach, 0.22, 0.84);
    munis_.push_back(info);
  }
  cum_ll_ = cumulative(munis_, &MunicipalityInfo::leefloon_weight);
  cum_ukr_ = cumulative(munis_, &MunicipalityInfo::ukrainian_weight);
  cum_js_ = cumulative(munis_, &MunicipalityInfo::jobseeker_weight);
  cum_pop_.clear();
  double sum = 0;
  for (const auto& m : munis_) {
    sum += m.ref->population_2022;
    cum_pop_.push_back(sum);
  }
  // Normalise the weights to shares.
  for (auto& m : munis_) {
    m.leefloon_weight /= cum_ll_.back();
    m.ukrainian_weight /= cum_ukr_.back();
    m.jobseeker_weight /= cum_js_.back();
  }
}

}  // namespace lap::generate
