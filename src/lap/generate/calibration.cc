#include "lap/generate/calibration.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace lap::generate {
namespace {

using formats::EmployerKind;
using formats::EntitlementKind;
using formats::Measure;
using formats::VdabCategory;
using formats::WorkType;

enum Flag : uint16_t {
  kWork = 1,         // at work (EMP or SELF), TWE-OCMW contracts excluded
  kNec = 2,          // employee in the regular economy
  kLL = 4,           // leefloon (LL)
  kLeefloner = 8,    // LL or ELL
  kUkrainian = 16,   // ELL of a displaced Ukrainian
  kRegistered = 32,  // any VDAB registration
  kCat05 = 64,       // VDAB category 05
  kTwe = 128,        // active in TWE-OCMW
};

}  // namespace

bool CalibrationMetric::within() const {
  if (!available || tolerance <= 0) return true;
  return std::abs(value - target) <= tolerance * std::abs(target);
}

Calibration::Calibration(const World& world)
    : world_(world), from_(world.from()), to_(world.to()) {}

void Calibration::mark(Month first, Month last, uint16_t flag) {
  first = std::max(first, from_);
  last = std::min(last, to_);
  for (Month m = first; m <= last; ++m)
    flags_[static_cast<size_t>(index(m))] |= flag;
}

bool Calibration::has(Month m, uint16_t flag) const {
  return covers(m) && (flags_[static_cast<size_t>(index(m))] & flag) != 0;
}

bool Calibration::any_work(Month first, Month last) const {
  for (Month m = first; m <= last; ++m) {
    if (has(m, kWork)) return true;
  }
  return false;
}

Calibration::Sep22 Calibration::mark_months(const PersonRecords& p) {
  const int months = (to_ - from_) + 1;
  flags_.assign(static_cast<size_t>(months), 0);
  auto last_month = [&](const std::optional<Date>& end) { return end ? Month::of(*end) : to_; };
  const Month sep22 = ym(2022, 9);
  Sep22 at;
  bool ukrainian = false;
  Date sep22_start;
  for (const auto& e : p.entitlements) {
    Month first = Month::of(e.start);
    Month last = last_month(e.end);
    if (e.kind == EntitlementKind::kLL) mark(first, last, kLL | kLeefloner);
    if (e.kind == EntitlementKind::kELL) mark(first, last, kLeefloner);
    if (e.ukrainian) {
      mark(first, last, kUkrainian);
      ukrainian = true;
    }
    if (e.kind == EntitlementKind::kLL && first <= sep22 && sep22 <= last &&
        (at.ll_ocmw == 0 || e.start > sep22_start)) {
      at.ll_ocmw = e.ocmw.code();
      sep22_start = e.start;
    }
  }
  for (const auto& r : p.registrations) {
    Month first = Month::of(r.start);
    Month last = last_month(r.end);
    mark(first, last, kRegistered);
    if (r.category == VdabCategory::kCat05) {
      mark(first, last, kCat05);
      if (!ukrainian && first <= sep22 && sep22 <= last && r.ocmw) at.cat05_ocmw = r.ocmw->code();
    }
  }
  for (const auto& w : p.work) {
    if (w.employer == EmployerKind::kOcmwArt60) continue;
    mark(w.first, w.last, kWork);
    if (w.type == WorkType::kEmp && w.employer == EmployerKind::kNec) mark(w.first, w.last, kNec);
  }
  for (const auto& m : p.measures) {
    if (m.measure != Measure::kTweOcmw) continue;
    Month first = Month::of(m.start);
    Month last = last_month(m.end);
    mark(first, last, kTwe);
    if (first <= sep22 && sep22 <= last) at.twe_ocmw = m.organiser.code();
  }
  return at;
}

// Sept 2022: RMI clients (leefloon or TWE-OCMW), VDAB reach, TWE share; Ukrainians' reach.
void Calibration::count_sep22(const Sep22& at) {
  const Month sep22 = ym(2022, 9);
  if (covers(sep22)) {
    bool ll = has(sep22, kLL);
    bool twe = has(sep22, kTwe);
    if (ll) ++ll_sep22_;
    if (ll || twe) {
      ++rmi_sep22_;
      per_ocmw_[ll ? at.ll_ocmw : at.twe_ocmw].first++;
    }
    if (twe) {
      ++twe_sep22_;
      per_ocmw_[at.twe_ocmw].second++;
    }
    if (at.cat05_ocmw != 0) {
      ++cat05_sep22_;
      per_ocmw_[at.cat05_ocmw].second++;
    }
    if (ll) {
      reach_true_sep22_.den++;
      if (has(sep22, kRegistered)) reach_true_sep22_.num++;
    }
  }
  for (auto [month, ratio] :
       {std::pair{ym(2022, 11), &ukr_reach_nov22_}, std::pair{ym(2023, 3), &ukr_reach_mar23_}}) {
    if (has(month, kUkrainian)) {
      ratio->den++;
      if (has(month, kRegistered)) ratio->num++;
      if (month == ym(2022, 11)) ++ukr_nov22_;
    }
  }
}

// Sustainable outflow within 12 months of the leefloners of January 2022; outflow to work
// within 12 months of a cat05 inflow in 2021.
void Calibration::count_outflow(const PersonRecords& p) {
  auto sustainable_from = [&](Month s) {
    if (!has(s, kWork) || !covers(s + 3)) return false;
    int months = 0;
    for (int k = 0; k < 4; ++k)
      months += has(s + k, kWork) ? 1 : 0;
    return months >= 3;
  };
  const Month jan22 = ym(2022, 1);
  if (has(jan22, kLeefloner) && covers(jan22 + 14)) {
    bool outflow = false;
    for (int k = 0; k < 12 && !outflow; ++k)
      outflow = sustainable_from(jan22 + k);
    sustainable_2022_.den++;
    sustainable_2022_.num += outflow ? 1 : 0;
    if (has(jan22, kRegistered)) {
      sustainable_vdab_2022_.den++;
      sustainable_vdab_2022_.num += outflow ? 1 : 0;
    }
  }
  for (const auto& r : p.registrations) {
    Month s = Month::of(r.start);
    if (r.category != VdabCategory::kCat05 || s.year() != 2021 || !covers(s + 12)) continue;
    cat05_outflow_2021_.den++;
    cat05_outflow_2021_.num += any_work(s + 1, s + 12) ? 1 : 0;
  }
}

// Measures that ended: what follows.
void Calibration::count_after_measures(const PersonRecords& p) {
  for (const auto& m : p.measures) {
    if (!m.end) continue;
    Month e = Month::of(*m.end);
    if (e < from_) continue;
    switch (m.measure) {
      case Measure::kTweOcmw:
        if (covers(e + 3) && e.year() <= 2024) {
          twe_work_3_.den++;
          twe_work_3_.num += has(e + 3, kWork) ? 1 : 0;
        }
        if (covers(e + 12)) {
          twe_work_12_.den++;
          twe_work_12_.num += any_work(e + 1, e + 12) ? 1 : 0;
        }
        break;
      case Measure::kWijkWerken:
        if (m.new_inflow.value_or(false) && covers(e + 3)) {
          wijkwerken_3_.den++;
          wijkwerken_3_.num += any_work(e + 1, e + 3) ? 1 : 0;
        }
        break;
      case Measure::kLde:
      case Measure::kCollectiefMaatwerk: {
        if (!covers(e + 3)) break;
        Ratio& r = m.measure == Measure::kLde ? lde_nec_3_ : maatwerk_nec_3_;
        r.den++;
        r.num += has(e + 3, kNec) ? 1 : 0;
        break;
      }
      default:
        break;
    }
  }
}

void Calibration::add(const PersonRecords& p) {
  ++persons_;
  const Sep22 at = mark_months(p);
  count_sep22(at);
  count_outflow(p);
  count_after_measures(p);
}

std::vector<CalibrationMetric> Calibration::metrics() const {
  const double f = world_.factor();
  bool has22 = from_ <= ym(2021, 1) && to_ >= ym(2023, 3);
  std::vector<CalibrationMetric> out;
  auto count = [&](std::string key, std::string desc, std::string source, double target,
                   int64_t value) {
    out.push_back({std::move(key), std::move(desc), std::move(source), target * f, 0.10,
                   static_cast<double>(value), false, has22});
  };
  auto rate = [&](std::string key, std::string desc, std::string source, double target,
                  const Ratio& r, double tol = 0.10) {
    out.push_back({std::move(key), std::move(desc), std::move(source), target, tol, r.value(), true,
                   has22 && r.den > 0});
  };
  count("rmi_clients_2022_09", "RMI clients in Sept 2022 (leefloon LL or active in TWE-OCMW)",
        "POD MI via seeds/001: 40,756", 40756, rmi_sep22_);
  count("leefloon_2022_09", "persons with leefloon (LL) in Sept 2022",
        "POD MI via seeds/001: 37,362", 37362, ll_sep22_);
  count("ukrainian_ell_2022_11", "displaced Ukrainians with equivalent leefloon in Nov 2022",
        "POD MI via seeds/004: 17,285", 17285, ukr_nov22_);
  Ratio indicative{cat05_sep22_ + twe_sep22_, rmi_sep22_};
  rate("indicative_reach_2022_09",
       "indicative VDAB reach Sept 2022: (cat05 registrations, Ukrainians excluded, + TWE-OCMW) / "
       "RMI clients",
       "VDAB via seeds/001 and 004: 56%", 0.56, indicative);
  // Spread over municipalities with at least 30 RMI clients (scaled).
  std::vector<double> shares;
  for (const auto& [nis, c] : per_ocmw_) {
    if (nis != 0 && c.first >= 30) shares.push_back(static_cast<double>(c.second) / c.first);
  }
  std::sort(shares.begin(), shares.end());
  auto quantile = [&](double q) {
    if (shares.empty()) return 0.0;
    return shares[static_cast<size_t>(std::lround(q * static_cast<double>(shares.size() - 1)))];
  };
  bool spread = has22 && shares.size() >= 10;
  out.push_back(
      {"indicative_reach_p05_municipalities",
       "5th percentile of the indicative reach over municipalities with >= 30 RMI clients",
       "seeds/001: varies from 30% to 70%", 0.30, 0.15, quantile(0.05), true, spread});
  out.push_back(
      {"indicative_reach_p95_municipalities",
       "95th percentile of the indicative reach over municipalities with >= 30 RMI clients",
       "seeds/001: varies from 30% to 70%", 0.70, 0.15, quantile(0.95), true, spread});
  rate("reach_linked_2022_09", "leefloners (LL) registered at VDAB in any category, Sept 2022",
       "seeds/004: 'can reach 60%' (reported only)", 0.60, reach_true_sep22_, 0.0);
  rate("sustainable_outflow_12m_2022",
       "leefloners (LL/ELL) of Jan 2022 with a sustainable outflow starting in 2022",
       "LAP threshold basis, seeds/001: ~22%", 0.22, sustainable_2022_);
  rate("sustainable_outflow_12m_vdab_2022",
       "same, for those registered at VDAB in Jan 2022 (reported only)", "-", 0.0,
       sustainable_vdab_2022_, 0.0);
  rate("cat05_outflow_12m_2021",
       "cat05 inflows of 2021 with a month at work in the 12 months after the start month",
       "VDAB via seeds/001: 44% (seeds/004: 43.2%)", 0.44, cat05_outflow_2021_);
  Ratio twe_share{twe_sep22_, rmi_sep22_};
  rate("twe_share_2022_09", "RMI clients active in TWE-OCMW, Sept 2022", "VDAB via seeds/004: 13%",
       0.13, twe_share);
  rate("twe_work_end_plus_3",
       "TWE-OCMW trajectories ended 2019-2024 at work 3 months after the end",
       "VDAB via seeds/004: 39.5%", 0.395, twe_work_3_);
  rate("twe_work_within_12", "TWE-OCMW trajectories with work in the 12 months after the end",
       "VDAB via seeds/004: 67%", 0.67, twe_work_12_);
  rate("wijkwerken_work_within_3",
       "wijk-werken trajectories of new inflow with work in the 3 months after the end",
       "VDAB via seeds/004: 14.4%", 0.144, wijkwerken_3_);
  rate("lde_nec_end_plus_3", "LDE trajectories: regular economy 3 months after the end",
       "VDAB via seeds/004: 49.5%", 0.495, lde_nec_3_);
  rate("maatwerk_nec_end_plus_3",
       "collectief maatwerk trajectories: regular economy 3 months after the end",
       "VDAB via seeds/004: 25.5%", 0.255, maatwerk_nec_3_);
  rate("ukrainian_reach_2022_11", "Ukrainians with ELL registered at VDAB, Nov 2022",
       "VDAB via seeds/004: 34.6%", 0.346, ukr_reach_nov22_);
  rate("ukrainian_reach_2023_03", "Ukrainians with ELL registered at VDAB, March 2023",
       "VDAB via seeds/001: 54%", 0.54, ukr_reach_mar23_);
  // Municipality sizes: the two largest OCMWs and the link with population.
  std::vector<std::pair<int64_t, int>> sizes;
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  int n = 0;
  for (const auto& m : world_.municipalities()) {
    auto it = per_ocmw_.find(m.ref->nis.code());
    int64_t rmi = it == per_ocmw_.end() ? 0 : it->second.first;
    sizes.emplace_back(rmi, m.ref->nis.code());
    double x = m.ref->population_2022;
    double y = static_cast<double>(rmi);
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    ++n;
  }
  std::sort(sizes.rbegin(), sizes.rend());
  bool top = sizes.size() >= 2 && ((sizes[0].second == 11002 && sizes[1].second == 44021) ||
                                   (sizes[0].second == 44021 && sizes[1].second == 11002));
  out.push_back({"largest_ocmws_antwerpen_gent",
                 "1 when Antwerpen and Gent have the most RMI clients (Sept 2022)",
                 "population (Statbel): Antwerpen and Gent are the largest", 1, 0.001,
                 top ? 1.0 : 0.0, false, has22});
  double corr = 0;
  if (n > 1) {
    double cov = sxy - sx * sy / n;
    double vx = sxx - sx * sx / n;
    double vy = syy - sy * sy / n;
    if (vx > 0 && vy > 0) corr = cov / std::sqrt(vx * vy);
  }
  out.push_back({"rmi_population_correlation",
                 "correlation of RMI clients per municipality with its population (Sept 2022)",
                 "sizes follow the real populations", 0.9, 0.11, corr, false, has22});
  return out;
}

std::string Calibration::report(const std::vector<CalibrationMetric>& metrics) {
  std::string out = fmt::format("{:<38} {:>12} {:>12} {:>8}  {}\n", "calibration", "generated",
                                "observed", "within", "definition (source)");
  for (const auto& m : metrics) {
    auto show = [&](double v) {
      return m.rate ? fmt::format("{:.1f}%", v * 100) : fmt::format("{:.0f}", v);
    };
    std::string verdict = !m.available       ? "n/a"
                          : m.tolerance <= 0 ? "info"
                          : m.within()       ? fmt::format("±{:.0f}% ok", m.tolerance * 100)
                                             : "NO";
    out += fmt::format("{:<38} {:>12} {:>12} {:>8}  {} ({})\n", m.key,
                       m.available ? show(m.value) : "-", m.target == 0 ? "-" : show(m.target),
                       verdict, m.description, m.source);
  }
  return out;
}

}  // namespace lap::generate
