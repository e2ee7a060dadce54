// Careers of synthetic persons through the positions of domain.md §3, in months.
// Internal to the generator: included by simulator.cc only.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "lap/generate/rng.h"
#include "lap/generate/simulator.h"

namespace lap::generate::career {

using formats::EmployerKind;
using formats::EntitlementKind;
using formats::Exemption;
using formats::Measure;
using formats::VdabCategory;
using formats::WorkType;

struct LlEp {
  Month first, last;
  int muni;
  EntitlementKind kind;
  bool ukrainian;
  bool gpmi;
  Exemption exemption;
};
struct RegEp {
  Month first, last;
  VdabCategory category;
  int muni;
};
struct WorkEp {
  Month first, last;
  WorkType type;
  EmployerKind employer;
};
struct MeasEp {
  Month first, last;
  Measure measure;
  int muni;
  std::optional<bool> new_inflow;
};

constexpr int kMaxDepth = 8;

// One synthetic person's career, month by month, until `to`.
class Career {
 public:
  Career(const World& world, const BehaviourParams& p, uint64_t seed, int muni, Month horizon)
      : world(world), params(p), rng(seed), muni(muni), to(horizon) {
    z = rng.normal();
  }

  const World& world;
  const BehaviourParams& params;
  Rng rng;
  int muni;
  Month to;
  double z = 0;                // employability, standard normal
  bool from_leefloon = false;  // set once the person has had a leefloon spell
  std::vector<LlEp> ll;
  std::vector<RegEp> reg;
  std::vector<WorkEp> work;
  std::vector<MeasEp> meas;

  int duration(double short_share, double short_mean, double long_mean) {
    double mean = rng.bernoulli(short_share) ? short_mean : long_mean;
    return 1 + rng.geometric(1.0 / mean);
  }

  EmployerKind employer(double se_share) {
    double u = rng.uniform();
    if (u < se_share) return EmployerKind::kSe;
    if (u < se_share + 0.08) return EmployerKind::kPublic;
    return EmployerKind::kNec;
  }

  void add_work(Month first, Month last, EmployerKind kind) {
    if (first > to) return;
    last = std::min(last, to);
    bool self =
        kind != EmployerKind::kOcmwArt60 && kind != EmployerKind::kSe && rng.bernoulli(0.04);
    work.push_back(
        {first, last, self ? WorkType::kSelf : WorkType::kEmp, self ? EmployerKind::kNone : kind});
  }

  void add_reg(Month first, Month last, VdabCategory cat, int at_muni) {
    if (first > to || last < first) return;
    reg.push_back({first, std::min(last, to), cat, at_muni});
  }

  void add_measure(Month first, Month last, Measure m, std::optional<bool> new_inflow = {}) {
    if (first > to) return;
    meas.push_back({first, std::min(last, to), m, muni, new_inflow});
  }

  // Jobs and gaps on the open labour market from month m on. Only persons who
  // came from the leefloon fall back on it (`depth` < kMaxDepth); the leefloon
  // inflow of everyone else is part of the leefloon segment's own inflow.
  void market(Month m, double se_share, int depth) {
    while (m <= to) {
      int job = rng.bernoulli(params.job_long_share) ? 3 + rng.geometric(1.0 / params.job_long_mean)
                                                     : 1 + rng.geometric(0.5);
      add_work(m, m + job - 1, employer(se_share));
      m = m + job;
      if (m > to) return;
      int gap = 1 + rng.geometric(1.0 / 7);
      double u = rng.uniform();
      if (u < params.back_to_ll_after_job && depth < kMaxDepth && from_leefloon) {
        leefloon(m + rng.uniform_int(0, 2), EntitlementKind::kLL, depth + 1);
        return;
      }
      if (u < params.back_to_ll_after_job + 0.25) return;  // leaves the labour market
      if (job >= 12 && rng.bernoulli(0.7)) {
        add_reg(m, m + gap - 1, VdabCategory::kCat01, muni);
      } else if (rng.bernoulli(0.3)) {
        add_reg(m, m + gap - 1, VdabCategory::kVrij, muni);
      }
      m = m + gap;
    }
  }

  VdabCategory other_category() {
    double u = rng.uniform();
    if (u < 0.4) return VdabCategory::kVrij;
    if (u < 0.7) return VdabCategory::kBit;
    if (u < 0.9) return VdabCategory::kCat01;
    return VdabCategory::kAnder;
  }

  // A leefloon (or ELL / MH) spell starting in month t0, and what follows it.
  void leefloon(Month t0, EntitlementKind kind, int depth) {
    if (t0 > to) return;
    from_leefloon = kind != EntitlementKind::kMH;
    double u = rng.uniform();
    Exemption ex = u < 0.07   ? Exemption::kHealth
                   : u < 0.10 ? Exemption::kEquity
                   : u < 0.16 ? Exemption::kStudy
                              : Exemption::kNone;
    bool gpmi = ex == Exemption::kStudy || rng.bernoulli(0.58);
    int d = duration(params.ll_short_share, params.ll_short_mean, params.ll_long_mean);
    if (kind == EntitlementKind::kMH) d = duration(0.6, 3, 12);
    Month end = t0 + d - 1;
    size_t my_ll = ll.size();
    ll.push_back({t0, std::min(end, to), muni, kind, false, gpmi, ex});

    // VDAB registration during the spell.
    const auto& info = world.municipalities()[static_cast<size_t>(muni)];
    double p_reg = info.vdab_reach * (ex == Exemption::kNone ? 1.0 : 0.15) * (1 + 0.15 * z);
    bool registered = kind != EntitlementKind::kMH && rng.bernoulli(std::clamp(p_reg, 0.0, 0.97));
    Month reg_first = t0 + (rng.bernoulli(0.45) ? 0 : rng.uniform_int(1, 3));
    // Side jobs while the leefloon continues.
    for (Month m = t0; m <= std::min(end, to); ++m) {
      if (rng.bernoulli(params.ll_side_job)) {
        int len = 1 + rng.geometric(0.6);
        add_work(m, m + len - 1, EmployerKind::kNec);
        m = m + len;
      }
    }
    if (end >= to) {
      if (registered && reg_first <= to) add_reg(reg_first, to, registration_category(), muni);
      return;
    }
    // How the spell ends.
    double w = params.ll_exit_work * (1 + 0.35 * z) * (registered ? 1.15 : 0.8);
    double s = params.ll_exit_short_job;
    double t = ex == Exemption::kNone && kind == EntitlementKind::kLL ? params.ll_exit_twe : 0.02;
    if (ex == Exemption::kHealth || ex == Exemption::kEquity) w *= 0.3;
    if (kind == EntitlementKind::kMH) w *= 0.5;
    double r = rng.uniform();
    Month reg_last = end;
    if (r < w) {
      Month start = rng.bernoulli(0.5) ? end : end + 1;
      reg_last = start - 1;
      if (registered && reg_first <= reg_last) {
        add_reg(reg_first, reg_last, registration_category(), muni);
      }
      market(start, 0.12, depth);
      return;
    }
    if (r < w + s) {
      if (registered && reg_first <= end) add_reg(reg_first, end, registration_category(), muni);
      int len = 1 + rng.geometric(0.6);
      add_work(end + 1, end + len, EmployerKind::kNec);
      if (rng.bernoulli(0.5) && depth < kMaxDepth) {
        leefloon(end + len + 1 + rng.uniform_int(0, 2), kind, depth + 1);
      } else if (rng.bernoulli(0.4)) {
        market(end + len + 2 + rng.geometric(1.0 / 6), 0.1, depth + 1);
      }
      return;
    }
    if (r < w + s + t) {
      if (registered && reg_first <= end) add_reg(reg_first, end, registration_category(), muni);
      twe(end + 1, my_ll, depth);
      return;
    }
    // Other exit: another benefit, moving, leaving the data.
    Month stale = end + (rng.bernoulli(0.4) ? rng.uniform_int(1, 3) : 0);
    if (registered && reg_first <= stale) add_reg(reg_first, stale, registration_category(), muni);
    if (depth < kMaxDepth && rng.bernoulli(params.ll_return_after_other)) {
      leefloon(end + 2 + rng.geometric(1.0 / 14), kind, depth + 1);
    } else if (rng.bernoulli(0.2)) {
      market(end + 2 + rng.geometric(1.0 / 12), 0.1, depth + 1);
    }
  }

  VdabCategory registration_category() {
    return rng.bernoulli(params.ll_vdab_cat05_share) ? VdabCategory::kCat05 : other_category();
  }

  // TWE-OCMW (art. 60 §7): an employment contract with the OCMW, then a job or not.
  void twe(Month start, size_t ll_index, int depth) {
    int d = 12 + rng.geometric(1.0 / 5);
    Month end = start + d - 1;
    add_measure(start, end, Measure::kTweOcmw);
    add_work(start, end, EmployerKind::kOcmwArt60);
    if (rng.bernoulli(params.twe_topup)) ll[ll_index].last = std::min(end, to);
    if (rng.bernoulli(0.2)) {
      // Workplace learning inside the trajectory.
      Month m = start + rng.uniform_int(0, std::max(0, d - 2));
      add_measure(m, m + rng.uniform_int(0, 1),
                  rng.bernoulli(0.7) ? Measure::kStage : Measure::kIbo);
    }
    if (end >= to) return;
    double u = rng.uniform();
    double soon = params.twe_work_soon * (1 + 0.25 * z);
    if (u < soon) {
      market(end + rng.uniform_int(1, 3), 0.25, depth + 1);
    } else if (u < soon + params.twe_work_later) {
      Month job = end + rng.uniform_int(4, 12);
      add_reg(end + 1, job - 1, VdabCategory::kCat01, muni);
      market(job, 0.2, depth + 1);
    } else if (u < soon + params.twe_work_later + params.twe_back_to_ll && depth < kMaxDepth) {
      leefloon(end + rng.uniform_int(1, 3), EntitlementKind::kLL, depth + 1);
    } else {
      add_reg(end + 1, end + 6 + rng.geometric(1.0 / 12), VdabCategory::kCat01, muni);
    }
  }

  // A displaced person from Ukraine arriving in month t0.
  void ukrainian(Month t0) {
    Month start = t0 + (rng.bernoulli(0.6) ? 0 : 1);
    if (start > to) return;
    bool registered = false;
    Month m = start;
    Month reg_from;
    for (; m <= to; ++m) {
      // VDAB stepped up its outreach to displaced Ukrainians from 2023 on (seeds/004).
      double hazard = params.ukr_vdab * (m.year() >= 2023 ? 1.7 : 1.0);
      if (!registered && m > start && rng.bernoulli(hazard)) {
        registered = true;
        reg_from = m;
      }
      if (m >= start + 2 &&
          rng.bernoulli(params.ukr_work * (1 + 0.3 * z) * (registered ? 1.6 : 0.7))) {
        Month ell_end = m + (rng.bernoulli(0.7) ? 0 : rng.uniform_int(1, 2));
        ll.push_back({start, std::min(ell_end, to), muni, EntitlementKind::kELL, true, false,
                      Exemption::kNone});
        if (registered) add_reg(reg_from, m - 1, ukrainian_category(), muni);
        market(m, 0.05, 1);
        return;
      }
      if (rng.bernoulli(params.ukr_exit_other)) break;
    }
    Month last = std::min(m, to);
    ll.push_back({start, last, muni, EntitlementKind::kELL, true, false, Exemption::kNone});
    if (registered && reg_from <= last) add_reg(reg_from, last, ukrainian_category(), muni);
  }

  VdabCategory ukrainian_category() {
    return rng.bernoulli(0.7) ? VdabCategory::kCat05 : VdabCategory::kVrij;
  }

  // A job seeker outside the leefloon registering in month t0.
  void jobseeker(Month t0, int depth) {
    if (t0 > to) return;
    double u = rng.uniform();
    VdabCategory cat = u < 0.58   ? VdabCategory::kCat01
                       : u < 0.70 ? VdabCategory::kBit
                       : u < 0.94 ? VdabCategory::kVrij
                                  : VdabCategory::kAnder;
    if (cat == VdabCategory::kCat01 && depth == 0) {
      int before = 6 + rng.geometric(1.0 / 24);
      add_work(t0 - before, t0 - 1, employer(0.03));
    }
    int d = duration(params.js_short_share, params.js_short_mean, params.js_long_mean);
    Month end = t0 + d - 1;
    // Measures during the registration.
    if (rng.bernoulli(0.08)) {
      Month m = t0 + rng.uniform_int(0, std::max(0, d - 1));
      add_measure(m, m + rng.uniform_int(1, 5), Measure::kOpleiding);
    }
    if (rng.bernoulli(0.02)) {
      Month m = t0 + rng.uniform_int(0, std::max(0, d - 1));
      add_measure(m, m, Measure::kStage);
    }
    if (d >= 12) {
      double r = rng.uniform();
      if (r < params.wijkwerken_rate) {
        Month m = t0 + rng.uniform_int(3, 8);
        Month e = m + 5 + rng.geometric(1.0 / 4);
        add_reg(t0, e, cat, muni);
        add_measure(m, e, Measure::kWijkWerken, rng.bernoulli(0.88));
        if (rng.bernoulli(0.023)) add_measure(m + 1, m + 1, Measure::kIbo);
        if (e >= to) return;
        if (rng.bernoulli(params.wijkwerken_work_soon * (1 + 0.2 * z))) {
          market(e + rng.uniform_int(1, 3), 0.05, depth + 1);
        } else if (rng.bernoulli(0.3)) {
          market(e + 4 + rng.geometric(1.0 / 8), 0.05, depth + 1);
        }
        return;
      }
      r -= params.wijkwerken_rate;
      bool lde = r < params.lde_rate;
      bool cm = !lde && r < params.lde_rate + params.maatwerk_rate;
      if (lde || cm) {
        Month m = t0 + rng.uniform_int(6, 11);
        int len = lde ? 12 + rng.geometric(1.0 / 12) : 24 + rng.geometric(1.0 / 30);
        Month e = m + len - 1;
        add_reg(t0, m - 1, cat, muni);
        add_measure(m, e, lde ? Measure::kLde : Measure::kCollectiefMaatwerk);
        add_work(m, e, EmployerKind::kSe);
        if (e >= to) return;
        if (rng.bernoulli(lde ? params.lde_nec_after : params.maatwerk_nec_after)) {
          Month job = e + rng.uniform_int(1, 2);
          int jl = 3 + rng.geometric(1.0 / params.job_long_mean);
          work.push_back({job, std::min(job + jl - 1, to), WorkType::kEmp, EmployerKind::kNec});
        } else {
          add_reg(e + 1, e + 3 + rng.geometric(1.0 / 8), VdabCategory::kCat01, muni);
        }
        return;
      }
    }
    add_reg(t0, end, cat, muni);
    if (end >= to) return;
    if (rng.bernoulli(std::clamp(params.js_exit_work * (1 + 0.2 * z), 0.0, 0.95))) {
      Month start = end + (rng.bernoulli(0.6) ? 1 : 0);
      if (rng.bernoulli(0.15)) {
        add_measure(start - 1, start - 1 + rng.uniform_int(0, 2), Measure::kIbo);
      }
      market(start, 0.04, depth + 1);
    } else if (depth < 3 && rng.bernoulli(0.2)) {
      jobseeker(end + 3 + rng.geometric(1.0 / 10), depth + 1);
    }
  }
};

}  // namespace lap::generate::career
