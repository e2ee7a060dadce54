// The calibration report of `lap generate`: the generated data measured
// against the observed Flemish figures it must reproduce (seeds/, domain.md §3).
//
// Computed from the records exactly as they are written (not from the
// simulation's internal state), with the definitions of domain.md §3, streaming:
// one person at a time.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lap/generate/records.h"
#include "lap/generate/world.h"

namespace lap::generate {

struct CalibrationMetric {
  std::string key;          // stable identifier, e.g. "rmi_clients_2022_09"
  std::string description;  // what is measured, with its definition
  std::string source;       // where the observed figure comes from
  double target = 0;        // observed figure (counts scaled to the chosen scale)
  double tolerance = 0.10;  // relative tolerance; 0 = reported only
  double value = 0;         // generated figure
  bool rate = false;        // a share (shown as %) rather than a count
  bool available = false;   // false when the data window does not cover it

  bool within() const;
};

class Calibration : public PersonSink {
 public:
  explicit Calibration(const World& world);
  void add(const PersonRecords& person) override;
  // The metrics, computed from everything added so far.
  std::vector<CalibrationMetric> metrics() const;
  // A plain-text table of the metrics.
  static std::string report(const std::vector<CalibrationMetric>& metrics);

 private:
  struct Ratio {
    int64_t num = 0;
    int64_t den = 0;
    double value() const {
      return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
    }
  };
  // The OCMWs of a person in September 2022 (NIS codes, 0 for none): of their leefloon, of
  // their category-05 registration (not Ukrainians), of their TWE-OCMW contract.
  struct Sep22 {
    int ll_ocmw = 0;
    int cat05_ocmw = 0;
    int twe_ocmw = 0;
  };
  int index(Month m) const { return m - from_; }
  bool covers(Month m) const { return m >= from_ && m <= to_; }
  // flags_ of the months first..last (clipped to the window) get `flag`.
  void mark(Month first, Month last, uint16_t flag);
  bool has(Month m, uint16_t flag) const;
  bool any_work(Month first, Month last) const;
  // The steps of add(): the person's months flagged, then the metrics counted.
  Sep22 mark_months(const PersonRecords& p);
  void count_sep22(const Sep22& at);
  void count_outflow(const PersonRecords& p);
  void count_after_measures(const PersonRecords& p);

  const World& world_;
  Month from_, to_;
  int64_t persons_ = 0;
  int64_t ll_sep22_ = 0, rmi_sep22_ = 0, twe_sep22_ = 0, cat05_sep22_ = 0, ukr_nov22_ = 0;
  Ratio reach_true_sep22_, sustainable_2022_, sustainable_vdab_2022_, cat05_outflow_2021_;
  Ratio twe_work_3_, twe_work_12_, wijkwerken_3_, lde_nec_3_, maatwerk_nec_3_;
  Ratio ukr_reach_nov22_, ukr_reach_mar23_;
  // Per municipality (NIS code): RMI clients, cat05 (non-Ukrainian) + TWE, Sept 2022.
  std::map<int, std::pair<int64_t, int64_t>> per_ocmw_;
  std::vector<uint16_t> flags_;  // per month of the window, reused per person
};

}  // namespace lap::generate
