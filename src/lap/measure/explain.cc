#include "lap/measure/explain.h"

#include <algorithm>

#include <fmt/format.h>

#include "lap/measure/indicators.h"
#include "lap/measure/person.h"

namespace lap::measure {

namespace {

using Role = ExplainItem::Role;

// The English or the Dutch text.
std::string_view tr(bool nl, std::string_view en, std::string_view dutch) {
  return nl ? dutch : en;
}

std::string yes_no(bool b, bool nl = false) {
  return std::string(b ? tr(nl, "yes", "ja") : tr(nl, "no", "nee"));
}

std::string_view status_text(OutflowStatus st, bool nl) {
  if (!nl) return to_string(st);
  switch (st) {
    case OutflowStatus::kNone:
      return "geen";
    case OutflowStatus::kConfirmed:
      return "bevestigd";
    case OutflowStatus::kPending:
      return "lopend";
    case OutflowStatus::kFailed:
      return "niet gehaald";
  }
  return "?";
}

Month month_of_index(int32_t index) {
  return Month::from_index(index);
}

std::string months_text(int32_t start, int32_t end, bool nl) {
  return month_of_index(start).to_string() + ".." +
         (end == kOpenMonth ? std::string(tr(nl, "running", "lopend"))
                            : month_of_index(end).to_string());
}

// "at work in e+k" style checks for trajectories.
std::string work_list(const Timelines& t, uint32_t p, Month e, std::initializer_list<int> ks,
                      const Settings& s, bool nl) {
  std::string out;
  for (int k : ks) {
    if (!out.empty()) out += ", ";
    out += fmt::format("e+{} {}", k, at_work(t, p, e + k, s) ? tr(nl, "work", "werk") : "-");
  }
  return out;
}

// Builds one person's explanation for one month, section by section.
struct Explainer {
  const Timelines& t;
  uint32_t p;
  Month m;
  const Settings& s;
  bool nl;  // Dutch texts
  Month l;  // the data end
  Period pm;
  Period pq;
  std::optional<LeeflonerMonth> lf;
  bool reg;
  Explanation ex;

  Explainer(const Timelines& timelines, uint32_t person, Month month, const Settings& settings,
            bool dutch)
      : t(timelines),
        p(person),
        m(month),
        s(settings),
        nl(dutch),
        l(data_end(timelines, settings)),
        pm(Period::month(month)),
        pq(Period::quarter(month)),
        lf(leefloner(timelines, person, month)),
        reg(registered(timelines, person, month)) {
    ex.person = person;
    ex.month = month;
  }

  auto text(std::string_view en, std::string_view dutch) const {
    return fmt::runtime(nl ? dutch : en);
  }
  std::string yn(bool b) const { return yes_no(b, nl); }
  void add(Indicator ind, std::string variant, Period period, std::optional<Nis> x, Role r,
           std::string reason) {
    ex.items.push_back(ExplainItem{ind, std::move(variant), period, x, r, std::move(reason)});
  }

  // The facts of the month.
  void add_facts() {
    ex.facts.push_back(fmt::format(
        text("month {}, data end L = {}, art. 60 months {}",
             "maand {}, einde gegevens L = {}, maanden art. 60 {}"),
        m.to_string(), l.to_string(),
        s.exclude_art60 ? tr(nl, "excluded", "niet meegeteld") : tr(nl, "counted", "meegeteld")));
    ex.facts.push_back(fmt::format(
        text("at work: {} (EMP regular {}, EMP NEC {}, EMP OCMW_ART60 {}, SELF {})",
             "aan het werk: {} (EMP gewoon {}, EMP NEC {}, EMP OCMW_ART60 {}, SELF {})"),
        yn(at_work(t, p, m, s)), yn(t.test(p, Column::kEmpRegular, m)),
        yn(t.test(p, Column::kEmpNec, m)), yn(t.test(p, Column::kEmpArt60, m)),
        yn(t.test(p, Column::kSelf, m))));
    if (lf) {
      ex.facts.push_back(
          fmt::format(text("leefloner: yes, OCMW {}, {}{}", "leefloner: ja, OCMW {}, {}{}"),
                      lf->ocmw.to_string(), to_code(lf->kind),
                      lf->ukrainian ? tr(nl, ", ukrainian", ", Oekraïens") : ""));
    } else {
      ex.facts.emplace_back(tr(nl, "leefloner: no", "leefloner: nee"));
    }
    ex.facts.push_back(fmt::format(text("registered at VDAB: {}, category 05: {}",
                                        "ingeschreven bij VDAB: {}, categorie 05: {}"),
                                   yn(reg), yn(cat05(t, p, m))));
    ex.facts.push_back(fmt::format(text("outflow starting in {}: {}", "uitstroom vanaf {}: {}"),
                                   m.to_string(), status_text(outflow_status(t, p, m, s), nl)));
    ex.facts.push_back(
        fmt::format(text("position: {}", "positie: {}"), to_id(position(t, p, m, s))));
    const auto tx = transition_ocmw(t, p, m);
    ex.facts.push_back(fmt::format(
        text("transitions attributed to: {}", "transities toegewezen aan: {}"),
        tx ? tx->to_string() : std::string(tr(nl, "Flanders only", "enkel Vlaanderen"))));
  }

  // Reach, ukrainian reach, outflow rate.
  void add_reach_and_outflow() {
    if (!lf) {
      add(Indicator::kReach, "all", pm, std::nullopt, Role::kNotCounted,
          std::string(tr(nl, "not leefloner in the month", "geen leefloner in de maand")));
      add(Indicator::kOutflowRate, "all", pm, std::nullopt, Role::kNotCounted,
          std::string(tr(nl, "not leefloner in the month, so not in the cohort",
                         "geen leefloner in de maand, dus niet in het cohort")));
    } else {
      const Nis x = lf->ocmw;
      const Role rr = reg ? Role::kNumerator : Role::kDenominator;
      const std::string why(
          reg ? tr(nl, "leefloner and registered at VDAB", "leefloner en ingeschreven bij VDAB")
              : tr(nl, "leefloner, but not registered at VDAB in the month",
                   "leefloner, maar niet ingeschreven bij VDAB in de maand"));
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
          fmt::format(text("in the cohort of {}; no sustainable outflow starting in {}..{}",
                           "in het cohort van {}; geen duurzame uitstroom vanaf {}..{}"),
                      x.to_string(), m.to_string(), last_s.to_string());
      if (conf) {
        r = Role::kNumerator;
        reason = fmt::format(text("confirmed sustainable outflow starting in {}",
                                  "bevestigde duurzame uitstroom vanaf {}"),
                             conf->to_string());
      } else if (pend) {
        r = Role::kPending;
        reason = fmt::format(text("pending sustainable outflow starting in {} (data end {})",
                                  "lopende duurzame uitstroom vanaf {} (einde gegevens {})"),
                             pend->to_string(), l.to_string());
      }
      add(Indicator::kOutflowRate, "all", pm, x, r, reason);
      if (reg) {
        add(Indicator::kOutflowRate, "vdab", pm, x, r, reason);
      } else {
        add(Indicator::kOutflowRate, "vdab", pm, x, Role::kNotCounted,
            std::string(tr(nl, "not registered at VDAB in the month",
                           "niet ingeschreven bij VDAB in de maand")));
      }
    }
  }

  // Indicative reach and TWE-OCMW activity.
  void add_indicative_reach() {
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
          std::string(
              tr(nl, "category-05 registration attributed to this OCMW covers the month",
                 "inschrijving in categorie 05 toegewezen aan dit OCMW loopt in de maand")));
    }
    for (Nis x : twe_at) {
      const std::string twe(tr(nl, "TWE-OCMW measure organised by this OCMW covers the month",
                               "TWE-OCMW-maatregel van dit OCMW loopt in de maand"));
      add(Indicator::kReachIndicative, "all", pm, x, Role::kNumerator, twe);
      add(Indicator::kTweActive, "all", pm, x, Role::kNumerator, twe);
    }
    if (cat05_at.empty() && twe_at.empty() && lf) {
      add(Indicator::kReachIndicative, "all", pm, lf->ocmw, Role::kDenominator,
          std::string(tr(nl,
                         "leefloner, but neither a category-05 registration nor a TWE-OCMW measure "
                         "here",
                         "leefloner, maar hier geen inschrijving in categorie 05 en geen "
                         "TWE-OCMW-maatregel")));
    }
  }

  // The LAP result over `lap_period` (the month alone when none).
  void add_lap_result(std::optional<MonthRange> lap_period) {
    const MonthRange lp = lap_period.value_or(MonthRange(m, m));
    const auto lo = lap_outflow(t, p, s, lp, lp.last());
    if (lo) {
      add(Indicator::kLapResult, "all", Period::range(lp.first(), lp.last()), lo->ocmw,
          lo->status == OutflowStatus::kConfirmed ? Role::kNumerator : Role::kPending,
          fmt::format(text("earliest qualifying start {} ({})", "vroegste geldige start {} ({})"),
                      lo->start.to_string(), status_text(lo->status, nl)));
    } else {
      add(Indicator::kLapResult, "all", Period::range(lp.first(), lp.last()), std::nullopt,
          Role::kNotCounted,
          std::string(
              tr(nl,
                 "no start s in the period with a confirmed or pending outflow, leefloner "
                 "in s-1 or s and registered at VDAB in s-1 or s",
                 "geen start s in de periode met bevestigde of lopende uitstroom, leefloner "
                 "in s-1 of s en ingeschreven bij VDAB in s-1 of s")));
    }
  }

  // Reach and ukrainian reach over a half year: once, at the OCMW and with the
  // kind of the last leefloner month in it (docs/indicators.md, "Halfjaren").
  void add_half_year_reach(const Period& half) {
    std::optional<LeeflonerMonth> last;
    Month last_month = half.first;
    int months = 0;
    bool registered_once = false;
    for (Month k = half.first; k <= half.last; ++k) {
      const auto here = leefloner(t, p, k);
      if (!here) continue;
      ++months;
      last = here;
      last_month = k;
      registered_once = registered_once || registered(t, p, k);
    }
    ex.facts.push_back(
        fmt::format(text("half year {}, data end L = {}", "halfjaar {}, einde gegevens L = {}"),
                    half.to_string(), l.to_string()));
    if (!last) {
      ex.facts.emplace_back(tr(nl, "leefloner: in no month", "leefloner: in geen enkele maand"));
      add(Indicator::kReach, "all", half, std::nullopt, Role::kNotCounted,
          std::string(tr(nl, "not leefloner in the half year", "geen leefloner in het halfjaar")));
      return;
    }
    lf = last;
    ex.facts.push_back(fmt::format(text("leefloner: {} months, the last {} at OCMW {}, {}{}",
                                        "leefloner: {} maanden, de laatste {} bij OCMW {}, {}{}"),
                                   months, last_month.to_string(), last->ocmw.to_string(),
                                   to_code(last->kind),
                                   last->ukrainian ? tr(nl, ", ukrainian", ", Oekraïens") : ""));
    const Nis x = last->ocmw;
    const Role rr = registered_once ? Role::kNumerator : Role::kDenominator;
    const std::string why = fmt::format(
        registered_once
            ? text("leefloner in {} months of the half year, the last at this OCMW; registered at "
                   "VDAB in one of them",
                   "leefloner in {} maanden van het halfjaar, de laatste bij dit OCMW; "
                   "ingeschreven bij VDAB in een van die maanden")
            : text("leefloner in {} months of the half year, the last at this OCMW; registered at "
                   "VDAB in none of them",
                   "leefloner in {} maanden van het halfjaar, de laatste bij dit OCMW; in geen "
                   "van die maanden ingeschreven bij VDAB"),
        months);
    add(Indicator::kReach, "all", half, x, rr, why);
    add(Indicator::kReach, std::string(to_code(last->kind)), half, x, rr, why);
    if (last->kind == EntitlementKind::kELL && last->ukrainian)
      add(Indicator::kUkrainianReach, "all", half, x, rr, why);
  }
  // Indicative reach and TWE-OCMW activity over a half year: once per OCMW.
  void add_half_year_indicative(const Period& half) {
    auto covers = [&](int32_t start, int32_t end) {
      return start <= half.last.index() && half.first.index() <= end;
    };
    std::vector<Nis> cat05_at;
    for (const Cat05Span& c : t.cat05(p))
      if (c.ocmw != kNoOcmw && covers(c.start_month, c.end_month))
        cat05_at.push_back(t.ocmw(c.ocmw));
    std::vector<Nis> twe_at;
    for (const MeasureSpan& ms : t.measures(p)) {
      if (ms.measure == Measure::kTweOcmw && ms.organiser != kNoOcmw &&
          covers(ms.start_month, ms.end_month)) {
        twe_at.push_back(t.ocmw(ms.organiser));
      }
    }
    for (auto* v : {&cat05_at, &twe_at}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    for (Nis x : cat05_at) {
      add(Indicator::kReachIndicative, "all", half, x, Role::kNumerator,
          std::string(tr(nl, "a category-05 registration attributed to this OCMW in the half year",
                         "inschrijving in categorie 05 toegewezen aan dit OCMW in het halfjaar")));
    }
    for (Nis x : twe_at) {
      const std::string twe(tr(nl, "a TWE-OCMW measure organised by this OCMW in the half year",
                               "TWE-OCMW-maatregel van dit OCMW in het halfjaar"));
      add(Indicator::kReachIndicative, "all", half, x, Role::kNumerator, twe);
      add(Indicator::kTweActive, "all", half, x, Role::kNumerator, twe);
    }
    if (!lf) return;
    const Nis x = lf->ocmw;
    const bool twe_here = std::binary_search(twe_at.begin(), twe_at.end(), x);
    if (!twe_here && !std::binary_search(cat05_at.begin(), cat05_at.end(), x)) {
      add(Indicator::kReachIndicative, "all", half, x, Role::kDenominator,
          std::string(tr(nl,
                         "leefloner, but neither a category-05 registration nor a TWE-OCMW measure "
                         "here in the half year",
                         "leefloner, maar hier in het halfjaar geen inschrijving in categorie 05 "
                         "en geen TWE-OCMW-maatregel")));
    }
    if (!twe_here) {
      add(Indicator::kTweActive, "all", half, x, Role::kDenominator,
          std::string(tr(nl, "leefloner, but no TWE-OCMW measure here in the half year",
                         "leefloner, maar hier in het halfjaar geen TWE-OCMW-maatregel")));
    }
  }
  // Category-05 outflow for a quarter or a half year: the earliest start in it.
  void add_cat05_outflow(const Period& pq) {
    for (const Cat05Span& c : t.cat05(p)) {
      const Month e = Month::from_index(c.start_month);
      if (c.ocmw == kNoOcmw || e < pq.first || e > pq.last) continue;
      bool num = false;
      for (Month k = e + 1; k <= e + 12; ++k)
        num = num || at_work(t, p, k, s);
      add(Indicator::kCat05Outflow, "all", pq, t.ocmw(c.ocmw),
          num ? Role::kNumerator : (e + 12 > l ? Role::kPending : Role::kDenominator),
          fmt::format(text("category-05 registration starting {}; at work in {}..{}: {}",
                           "inschrijving in categorie 05 vanaf {}; aan het werk in {}..{}: {}"),
                      Date::from_days(c.start_day).to_string(), (e + 1).to_string(),
                      (e + 12).to_string(), yn(num)));
      break;  // the earliest registration of the quarter only
    }
  }

  // Trajectories ended in a quarter or a half year.
  void add_trajectories(const Period& pq) {
    for (const MeasureSpan& ms : t.measures(p)) {
      if (!ms.ended() || ms.organiser == kNoOcmw) continue;
      const Month e = Month::from_index(ms.end_month);
      if (e < pq.first || e > pq.last) continue;
      const Nis x = t.ocmw(ms.organiser);
      const std::string span = months_text(ms.start_month, ms.end_month, nl);
      switch (ms.measure) {
        case Measure::kTweOcmw:
          add(Indicator::kTweExit, "all", pq, x, Role::kDenominator,
              fmt::format(
                  text("TWE-OCMW trajectory {} ended; {}", "TWE-OCMW-traject {} beëindigd; {}"),
                  span, work_list(t, p, e, {1, 2, 3, 6, 9, 12}, s, nl)));
          break;
        case Measure::kWijkWerken:
          add(Indicator::kWijkWerken, "work_any3", pq, x,
              ms.new_inflow ? Role::kDenominator : Role::kNotCounted,
              fmt::format(
                  text("wijk-werken trajectory {} ended{}; {}",
                       "wijk-werkentraject {} beëindigd{}; {}"),
                  span, ms.new_inflow ? "" : tr(nl, " (not new inflow)", " (geen nieuwe instroom)"),
                  work_list(t, p, e, {1, 2, 3}, s, nl)));
          break;
        case Measure::kLde:
        case Measure::kCollectiefMaatwerk:
          add(Indicator::kSeThroughput, ms.measure == Measure::kLde ? "lde" : "collectief_maatwerk",
              pq, x,
              t.test(p, Column::kEmpNec, e + 3) ? Role::kNumerator
              : e + 3 > l                       ? Role::kPending
                                                : Role::kDenominator,
              fmt::format(text("trajectory {} ended; EMP NEC in e+3: {}",
                               "traject {} beëindigd; EMP NEC in e+3: {}"),
                          span, yn(t.test(p, Column::kEmpNec, e + 3))));
          break;
        default:
          break;
      }
    }
  }
};

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
                    std::optional<MonthRange> lap_period, Language language) {
  Explainer x(t, p, m, s, language == Language::kDutch);
  x.add_facts();
  x.add_reach_and_outflow();
  x.add_indicative_reach();
  x.add_lap_result(lap_period);
  x.add_cat05_outflow(x.pq);
  x.add_trajectories(x.pq);
  return std::move(x.ex);
}

Explanation explain_half_year(const Timelines& t, uint32_t p, const Period& half, const Settings& s,
                              Language language) {
  Explainer x(t, p, half.first, s, language == Language::kDutch);
  x.lf.reset();  // set from the half year's leefloner months
  x.add_half_year_reach(half);
  x.add_half_year_indicative(half);
  x.add_cat05_outflow(half);
  x.add_trajectories(half);
  return std::move(x.ex);
}

Explanation explain_for(const Timelines& t, uint32_t p, const Period& period, const Settings& s,
                        Language language) {
  if (period.kind == Period::Kind::kHalfYear) return explain_half_year(t, p, period, s, language);
  std::optional<MonthRange> lap_period;
  if (period.kind == Period::Kind::kRange) lap_period = MonthRange(period.first, period.last);
  const Month m = period.kind == Period::Kind::kQuarter ? period.first : period.last;
  return explain(t, p, m, s, lap_period, language);
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
