// Helpers for the measure tests: terse construction of facts and lookups of figures.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "lap/measure/facts.h"
#include "lap/measure/figure.h"
#include "lap/measure/timeline.h"

namespace lap::measure::testing {

inline PersonKey key(int i) {
  PersonKey k{};
  k[14] = static_cast<uint8_t>(i >> 8);
  k[15] = static_cast<uint8_t>(i);
  return k;
}
inline Month mon(std::string_view s) {
  return *Month::parse(s);
}
inline Date day(std::string_view s) {
  return *Date::parse(s);
}
inline std::optional<Date> opt_day(std::string_view s) {
  return s.empty() ? std::nullopt : std::optional<Date>(day(s));
}
inline Nis nis(int code) {
  return *Nis::from_int(code);
}

// A timeline under construction; months default to 2023-01..2024-12.
struct Case {
  explicit Case(MonthRange r = MonthRange(mon("2023-01"), mon("2024-12"))) : b(r) {}
  TimelineBuilder b;

  Case& ent(int p, int x, std::string_view start, std::string_view end = "",
            EntitlementKind k = EntitlementKind::kLL, bool ukrainian = false) {
    b.add(EntitlementFact{key(p), nis(x), k, ukrainian, day(start), opt_day(end)});
    return *this;
  }
  Case& reg(int p, std::string_view start, std::string_view end = "",
            VdabCategory c = VdabCategory::kCat01, int x = 0) {
    b.add(RegistrationFact{key(p), c, x == 0 ? std::nullopt : std::optional<Nis>(nis(x)),
                           day(start), opt_day(end)});
    return *this;
  }
  Case& cat05(int p, int x, std::string_view start, std::string_view end = "") {
    return reg(p, start, end, VdabCategory::kCat05, x);
  }
  Case& work(int p, std::string_view first, std::string_view last,
             EmployerKind e = EmployerKind::kNec) {
    b.add(WorkFact{key(p), mon(first), mon(last), WorkType::kEmp, e});
    return *this;
  }
  Case& self(int p, std::string_view first, std::string_view last) {
    b.add(WorkFact{key(p), mon(first), mon(last), WorkType::kSelf, EmployerKind::kNone});
    return *this;
  }
  Case& measure(int p, Measure m, int x, std::string_view start, std::string_view end = "",
                std::optional<bool> new_inflow = std::nullopt) {
    b.add(MeasureFact{key(p), m, nis(x), day(start), opt_day(end), new_inflow});
    return *this;
  }
  Case& change(int old_p, int new_p) {
    b.add(IdentifierChangeFact{key(old_p), key(new_p), day("2023-06-01")});
    return *this;
  }
  Timelines build() { return b.build(); }
};

// The figure for (indicator, variant, period, ocmw), or nullopt.
inline std::optional<Figure> find(const std::vector<Figure>& fs, Indicator ind,
                                  std::string_view variant, const Period& period, int x) {
  for (const Figure& f : fs) {
    if (f.indicator == ind && f.variant == variant && f.period == period && f.ocmw == nis(x)) {
      return f;
    }
  }
  return std::nullopt;
}

// (numerator, denominator, pending), all zero when the figure is absent.
struct Triple {
  int64_t num = 0;
  int64_t den = 0;
  int64_t pend = 0;
  bool operator==(const Triple&) const = default;
};
inline void PrintTo(const Triple& t, std::ostream* os) {
  *os << "{" << t.num << ", " << t.den << ", " << t.pend << "}";
}
inline Triple get(const std::vector<Figure>& fs, Indicator ind, std::string_view variant,
                  const Period& period, int x) {
  auto f = find(fs, ind, variant, period, x);
  if (!f) return {};
  return {f->numerator, f->denominator, f->pending};
}

}  // namespace lap::measure::testing
