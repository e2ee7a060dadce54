// The synthetic Flanders the generator simulates: municipality weights for
// each population segment, their VDAB reach, and the monthly stock and inflow
// schedules, all derived from the reference data, the scale and the seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/geo/registry.h"

namespace lap::generate {

// A month the generator's own constants name (always valid).
inline Month ym(int year, int month) {
  return *Month::from_ym(year, month);
}

enum class Scale { kTiny, kFlanders, kBelgium };

// Parses `tiny`, `flanders` or `belgium`.
std::optional<Scale> scale_from(std::string_view s);
std::string_view to_string(Scale s);

struct MunicipalityInfo {
  const geo::Municipality* ref = nullptr;  // a code of the 2019-2024 list
  double leefloon_weight = 0;              // share of the Flemish leefloon stock (sums to 1)
  double ukrainian_weight = 0;             // share of displaced Ukrainians (sums to 1)
  double jobseeker_weight = 0;             // share of VDAB job seekers (sums to 1)
  double vdab_reach = 0;                   // chance that a leefloner of this OCMW registers at VDAB
};

class World {
 public:
  World(const geo::Registry& registry, Scale scale, uint64_t seed, Month from, Month to);

  Scale scale() const { return scale_; }
  // Persons multiplier against Flanders (tiny 0.02, flanders 1, belgium ~1.78).
  double factor() const { return factor_; }
  Month from() const { return from_; }
  Month to() const { return to_; }
  // First month simulated (persons entering earlier would not reach the data).
  Month burn_in_start() const { return from_ - 96; }

  const std::vector<MunicipalityInfo>& municipalities() const { return munis_; }
  const std::vector<double>& cumulative_leefloon() const { return cum_ll_; }
  const std::vector<double>& cumulative_ukrainian() const { return cum_ukr_; }
  const std::vector<double>& cumulative_jobseeker() const { return cum_js_; }
  const std::vector<double>& cumulative_population() const { return cum_pop_; }

  // Observed-like Flemish leefloon (LL) stock in month m, before scaling.
  static double flemish_leefloon_stock(Month m);
  // Flemish arrivals of displaced Ukrainians entitled to ELL in month m, before scaling.
  static double flemish_ukrainian_arrivals(Month m);

 private:
  Scale scale_;
  double factor_;
  Month from_;
  Month to_;
  std::vector<MunicipalityInfo> munis_;
  std::vector<double> cum_ll_, cum_ukr_, cum_js_, cum_pop_;
};

}  // namespace lap::generate
