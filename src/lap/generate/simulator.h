// The person-level simulation behind `lap generate`.
//
// Persons are simulated one at a time, month by month, as careers through the
// positions of domain.md §3 (leefloon, VDAB registration, TWE-OCMW and other
// measures, work), then turned into source records with day-level dates.
// Each person draws from its own random stream (seed, person number), so the
// output is deterministic for a seed and memory stays bounded: nothing about
// a person is kept once it has been handed to the sink.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "lap/generate/identity.h"
#include "lap/generate/records.h"
#include "lap/generate/world.h"

namespace lap::generate {

// Behavioural parameters (monthly rates and probabilities), tuned so that the
// calibration report lands on the observed Flemish figures.
struct BehaviourParams {
  // Leefloon spells: a mixture of short and long spells (months).
  double ll_short_share = 0.42;
  double ll_short_mean = 5;
  double ll_long_mean = 26;
  // How a leefloon spell ends (non-exempt clients, before the employability adjustment).
  double ll_exit_work = 0.52;
  double ll_exit_short_job = 0.08;
  double ll_exit_twe = 0.22;
  // Small jobs while the leefloon continues (monthly hazard).
  double ll_side_job = 0.005;
  double ll_return_after_other = 0.15;
  double ll_vdab_cat05_share = 0.90;
  double twe_topup = 0.36;       // leefloon continues as a top-up during TWE-OCMW
  double twe_work_soon = 0.45;   // job within 3 months after TWE-OCMW
  double twe_work_later = 0.24;  // job 4-12 months after TWE-OCMW
  double twe_back_to_ll = 0.10;
  // Displaced Ukrainians.
  double ukr_bis_share = 0.75;
  double ukr_bis_replaced = 0.8;
  double ukr_exit_other = 0.012;
  double ukr_work = 0.022;
  double ukr_vdab = 0.095;
  // VDAB job seekers outside the leefloon.
  double js_stock = 100000;
  double js_short_share = 0.5;
  double js_short_mean = 4;
  double js_long_mean = 18;
  double js_exit_work = 0.65;
  double wijkwerken_rate = 0.06;       // of long-term job seekers
  double wijkwerken_work_soon = 0.15;  // job within 3 months after wijk-werken
  double lde_rate = 0.006;
  double maatwerk_rate = 0.018;
  double lde_nec_after = 0.52;
  double maatwerk_nec_after = 0.27;
  // Labour market after assistance.
  double job_long_share = 0.8;
  double job_long_mean = 30;
  double back_to_ll_after_job = 0.12;
};

struct SimulationStats {
  int64_t persons = 0;
  int64_t persons_written = 0;
};

class Simulator {
 public:
  Simulator(const World& world, uint64_t seed, BehaviourParams params = {});

  // Generates every person and hands those with any record in the data window
  // to `sink`. `progress` (may be empty) is called now and then with the
  // number of persons made so far.
  SimulationStats run(PersonSink& sink, const std::function<void(int64_t)>& progress);

 private:
  const World& world_;
  uint64_t seed_;
  BehaviourParams params_;
};

}  // namespace lap::generate
