#include "lap/measure/explain.h"

#include <algorithm>

#include <fmt/format.h>

#include "lap/measure/indicators.h"
#include "lap/measure/person.h"

namespace lap::measure {

namespace {

using Role = ExplainItem::Role;

std::string yes_no(bool b) {
  return b ? "yes" : "no";
}

Month month_of_index(int32_t index) {
  return Month::from_index(index);
}

std::string months_text(int32_t start, int32_t end) {
  return month_of_index(start).to_string() + ".." +
         (end == kOpenMonth ? std::string("running") : month_of_index(end).to_string());
}

// "at work in e+k" style checks for trajectories.
std::string work_list(const Timelines& t, uint32_t p, Month e, std::initializer_list<int> ks,
                      const Settings& s) {
  std::string out;
  for (int k : ks) {
    if (!out.empty()) out += ", ";
    out += fmt::format("e+{} {}", k, at_work(t, p, e + k, s) ? "work" : "-");
  }
  return out;
}

}  // namespace

std::string_view to_string(ExplainItem::Role r) {
  switch (r) {
    case Role::kNotCounted:
      return "not counted";
    case Role::kDenominator:
      return "denominator";
    case Role::kNumerator:
      return "numerator";
    case Role::kPending:
      return "pending";
  }
  return "?";
}

Explanation explain(const Timelines& t, uint32_t p, Month m, const Settings& s,
                    std::optional<MonthRange> lap_period) {
  Explanation ex;
  ex.person = p;
  ex.month = m;
  const Month l = data_end(t, s);
  const auto lf = leefloner(t, p, m);
  const bool reg = registered(t, p, m);
  const Period pm = Period::month(m);
  const Period pq = Period::quarter(m);

  // Facts.
  ex.facts.push_back(fmt::format("month {}, data end L = {}, art. 60 months {}", m.to_string(),
                                 l.to_string(), s.exclude_art60 ? "excluded" : "counted"));
  ex.facts.push_back(
      fmt::format("at work: {} (EMP regular {}, EMP NEC {}, EMP OCMW_ART60 {}, SELF {})",
                  yes_no(at_work(t, p, m, s)), yes_no(t.test(p, Column::kEmpRegular, m)),
                  yes_no(t.test(p, Column::kEmpNec, m)), yes_no(t.test(p, Column::kEmpArt60, m)),
                  yes_no(t.test(p, Column::kSelf, m))));
  if (lf) {
    ex.facts.push_back(fmt::format("leefloner: yes, OCMW {}, {}{}", lf->ocmw.to_string(),
                                   to_code(lf->kind), lf->ukrainian ? ", ukrainian" : ""));
  } else {
    ex.facts.push_back("leefloner: no");
  }
  ex.facts.push_back(
      fmt::format("registered at VDAB: {}, category 05: {}", yes_no(reg), yes_no(cat05(t, p, m))));
  ex.facts.push_back(fmt::format("outflow starting in {}: {}", m.to_string(),
                                 to_string(outflow_status(t, p, m, s))));
  ex.facts.push_back(fmt::format("position: {}", to_id(position(t, p, m, s))));
  const auto tx = transition_ocmw(t, p, m);
  ex.facts.push_back(fmt::format("transitions attributed to: {}",
                                 tx ? tx->to_string() : std::string("Flanders only")));

  auto add = [&](Indicator ind, std::string variant, Period period, std::optional<Nis> x, Role r,
                 std::string reason) {
    ex.items.push_back(ExplainItem{ind, std::move(variant), period, x, r, std::move(reason)});
  };

  // Reach, ukrainian reach, outflow rate.
  if (!lf) {
    add(Indicator::kReach, "all", pm, std::nullopt, Role::kNotCounted,
        "not leefloner in the month");
    add(Indicator::kOutflowRate, "all", pm, std::nullopt, Role::kNotCounted,
        "not leefloner in the month, so not in the cohort");
  } else {
    const Nis x = lf->ocmw;
    const Role rr = reg ? Role::kNumerator : Role::kDenominator;
    const std::string why = reg ? "leefloner and registered at VDAB"
                                : "leefloner, but not registered at VDAB in the month";
    add(Indicator::kReach, "all", pm, x, rr, why);
    add(Indicator::kReach, std::string(to_code(lf->kind)), pm, x, rr, why);
    if (lf->kind == EntitlementKind::kELL && lf->ukrainian) {
      add(Indicator::kUkrainianReach, "all", pm, x, rr, why);
    }
    // Outflow rate: the earliest confirmed, else pending, start in the window.
    const Month last_s = std::min(m + 11, l);
    std::optional<Month> conf;
    std::optional<Month> pend;
    for (Month s2 = m; s2 <= last_s; ++s2) {
      const OutflowStatus st = outflow_status(t, p, s2, s);
      if (st == OutflowStatus::kConfirmed && !conf) conf = s2;
      if (st == OutflowStatus::kPending && !pend) pend = s2;
    }
    Role r = Role::kDenominator;
    std::string reason =
        fmt::format("in the cohort of {}; no sustainable outflow starting in {}..{}", x.to_string(),
                    m.to_string(), last_s.to_string());
    if (conf) {
      r = Role::kNumerator;
      reason = fmt::format("confirmed sustainable outflow starting in {}", conf->to_string());
    } else if (pend) {
      r = Role::kPending;
      reason = fmt::format("pending sustainable outflow starting in {} (data end {})",
                           pend->to_string(), l.to_string());
    }
    add(Indicator::kOutflowRate, "all", pm, x, r, reason);
    if (reg) {
      add(Indicator::kOutflowRate, "vdab", pm, x, r, reason);
    } else {
      add(Indicator::kOutflowRate, "vdab", pm, x, Role::kNotCounted,
          "not registered at VDAB in the month");
    }
  }

  // Indicative reach and TWE-OCMW activity.
  std::vector<Nis> cat05_at;
  for (const Cat05Span& c : t.cat05(p)) {
    if (c.ocmw != kNoOcmw && c.start_month <= m.index() && m.index() <= c.end_month) {
      cat05_at.push_back(t.ocmw(c.ocmw));
    }
  }
  std::vector<Nis> twe_at;
  for (const MeasureSpan& ms : t.measures(p)) {
    if (ms.measure == Measure::kTweOcmw && ms.start_month <= m.index() &&
        m.index() <= ms.end_month) {
      twe_at.push_back(t.ocmw(ms.organiser));
    }
  }
  for (auto* v : {&cat05_at, &twe_at}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  for (Nis x : cat05_at) {
    add(Indicator::kReachIndicative, "all", pm, x, Role::kNumerator,
        "category-05 registration attributed to this OCMW covers the month");
  }
  for (Nis x : twe_at) {
    add(Indicator::kReachIndicative, "all", pm, x, Role::kNumerator,
        "TWE-OCMW measure organised by this OCMW covers the month");
    add(Indicator::kTweActive, "all", pm, x, Role::kNumerator,
        "TWE-OCMW measure organised by this OCMW covers the month");
  }
  if (cat05_at.empty() && twe_at.empty() && lf) {
    add(Indicator::kReachIndicative, "all", pm, lf->ocmw, Role::kDenominator,
        "leefloner, but neither a category-05 registration nor a TWE-OCMW measure here");
  }

  // LAP result.
  const MonthRange lp = lap_period.value_or(MonthRange(m, m));
  const auto lo = lap_outflow(t, p, s, lp, lp.last());
  if (lo) {
    add(Indicator::kLapResult, "all", Period::range(lp.first(), lp.last()), lo->ocmw,
        lo->status == OutflowStatus::kConfirmed ? Role::kNumerator : Role::kPending,
        fmt::format("earliest qualifying start {} ({})", lo->start.to_string(),
                    to_string(lo->status)));
  } else {
    add(Indicator::kLapResult, "all", Period::range(lp.first(), lp.last()), std::nullopt,
        Role::kNotCounted,
        "no start s in the period with a confirmed or pending outflow, leefloner in s-1 or s "
        "and registered at VDAB in s-1 or s");
  }

  // cat05 outflow for the quarter.
  for (const Cat05Span& c : t.cat05(p)) {
    const Month e = Month::from_index(c.start_month);
    if (c.ocmw == kNoOcmw || e < pq.first || e > pq.last) continue;
    bool num = false;
    for (Month k = e + 1; k <= e + 12; ++k)
      num = num || at_work(t, p, k, s);
    add(Indicator::kCat05Outflow, "all", pq, t.ocmw(c.ocmw),
        num ? Role::kNumerator : (e + 12 > l ? Role::kPending : Role::kDenominator),
        fmt::format("category-05 registration starting {}; at work in {}..{}: {}",
                    Date::from_days(c.start_day).to_string(), (e + 1).to_string(),
                    (e + 12).to_string(), yes_no(num)));
    break;  // the earliest registration of the quarter only
  }

  // Trajectories ended in the quarter.
  for (const MeasureSpan& ms : t.measures(p)) {
    if (!ms.ended() || ms.organiser == kNoOcmw) continue;
    const Month e = Month::from_index(ms.end_month);
    if (e < pq.first || e > pq.last) continue;
    const Nis x = t.ocmw(ms.organiser);
    const std::string span = months_text(ms.start_month, ms.end_month);
    switch (ms.measure) {
      case Measure::kTweOcmw:
        add(Indicator::kTweExit, "all", pq, x, Role::kDenominator,
            fmt::format("TWE-OCMW trajectory {} ended; {}", span,
                        work_list(t, p, e, {1, 2, 3, 6, 9, 12}, s)));
        break;
      case Measure::kWijkWerken:
        add(Indicator::kWijkWerken, "work_any3", pq, x,
            ms.new_inflow ? Role::kDenominator : Role::kNotCounted,
            fmt::format("wijk-werken trajectory {} ended{}; {}", span,
                        ms.new_inflow ? "" : " (not new inflow)",
                        work_list(t, p, e, {1, 2, 3}, s)));
        break;
      case Measure::kLde:
      case Measure::kCollectiefMaatwerk:
        add(Indicator::kSeThroughput, ms.measure == Measure::kLde ? "lde" : "collectief_maatwerk",
            pq, x, t.test(p, Column::kEmpNec, e + 3) ? Role::kNumerator : Role::kDenominator,
            fmt::format("trajectory {} ended; EMP NEC in e+3: {}", span,
                        yes_no(t.test(p, Column::kEmpNec, e + 3))));
        break;
      default:
        break;
    }
  }
  return ex;
}

std::vector<std::string> to_lines(const Explanation& e) {
  std::vector<std::string> out = e.facts;
  for (const ExplainItem& it : e.items) {
    out.push_back(fmt::format(
        "{}/{} {} {}: {} — {}", to_id(it.indicator), it.variant, it.period.to_string(),
        it.ocmw ? it.ocmw->to_string() : std::string("-"), to_string(it.role), it.reason));
  }
  return out;
}

}  // namespace lap::measure
