#include "lap/audit/model.h"

namespace lap::audit {
namespace {

using measure::Indicator;
using measure::Period;

Coefficients outcome(bool numerator, bool pending) {
  return {numerator ? 1 : 0, pending ? 1 : 0, 1};
}

}  // namespace

std::optional<BlockKey> block_of(Indicator indicator, const Period& period) {
  switch (indicator) {
    case Indicator::kReach:
    case Indicator::kReachIndicative:
    case Indicator::kOutflowRate:
    case Indicator::kTweActive:
    case Indicator::kUkrainianReach:
      if (period.kind == Period::Kind::kHalfYear) return BlockKey{Group::kHalfYear, period.first};
      if (period.kind != Period::Kind::kMonth) return std::nullopt;
      return BlockKey{Group::kMonthly, period.first};
    case Indicator::kCat05Outflow:
    case Indicator::kTweExit:
    case Indicator::kWijkWerken:
    case Indicator::kSeThroughput: {
      if (period.kind != Period::Kind::kQuarter && period.kind != Period::Kind::kHalfYear)
        return std::nullopt;
      const Group g = indicator == Indicator::kCat05Outflow ? Group::kCat05Outflow
                      : indicator == Indicator::kTweExit    ? Group::kTweExit
                      : indicator == Indicator::kWijkWerken ? Group::kWijkWerken
                                                            : Group::kSeThroughput;
      return BlockKey{g, Period::half_year(period.first).first};
    }
    case Indicator::kLapResult:
      if (period.kind != Period::Kind::kRange) return std::nullopt;
      return BlockKey{Group::kLap, period.first};
    case Indicator::kHandoverLeadTime:
    case Indicator::kTransmissionsInTime:
    case Indicator::kLeeflonersWithAction: {
      if (period.kind != Period::Kind::kMonth) return std::nullopt;
      const Group g = indicator == Indicator::kHandoverLeadTime      ? Group::kCaseHandovers
                      : indicator == Indicator::kTransmissionsInTime ? Group::kCaseTransmissions
                                                                     : Group::kCaseActions;
      return BlockKey{g, period.first};
    }
  }
  return std::nullopt;
}

BlockModel::BlockModel(BlockKey key, Month last, Month data_end) : key_(key), last_(last) {
  const Month l = data_end;
  const Month m = key.start;
  switch (key.group) {
    case Group::kMonthly: {
      // A leefloner of the month: kind (LL, ELL, ELL with the ukrainian flag),
      // registered or not, and the outflow of the 12-month window: confirmed
      // needs a start s <= L-2, pending a start s >= L-2 (the window holds
      // starts m..min(m+11, L)).
      const bool confirmed = m <= l - 2;
      const bool pending = m <= l && m + 11 >= l - 2;
      for (int kind = 0; kind < 3; ++kind) {
        for (int reg = 0; reg < 2; ++reg) {
          kinds_.push_back({0, kind, reg, 0, 0, 0});
          if (confirmed) kinds_.push_back({0, kind, reg, 1, 0, 0});
          if (pending) kinds_.push_back({0, kind, reg, 2, 0, 0});
        }
      }
      kinds_.push_back({1, 0, 0, 0, 0, 0});  // active in TWE-OCMW at the OCMW
      kinds_.push_back({2, 0, 0, 0, 0, 0});  // a category-05 registration attributed to it
      break;
    }
    case Group::kHalfYear:
      // A leefloner of the half year: the kind of the last leefloner month,
      // registered in one of the leefloner months or not; a person active in
      // TWE-OCMW at the OCMW; a category-05 registration attributed to it.
      for (int kind = 0; kind < 3; ++kind) {
        for (int reg = 0; reg < 2; ++reg)
          kinds_.push_back({0, kind, reg, 0, 0, 0, 0});
      }
      kinds_.push_back({1, 0, 0, 0, 0, 0, 0});
      kinds_.push_back({2, 0, 0, 0, 0, 0, 0});
      break;
    case Group::kCat05Outflow: {
      // A person with the outcome of the earliest start in each quarter (-1:
      // none there); in the half year once, at the earliest. A person whose
      // two quarters fall to two OCMWs is, at the second, a unit counted in
      // the second quarter only (c = 1).
      std::vector<int> first{-1};
      std::vector<int> second{-1};
      for (const Kind& k : quarter_kinds(key.group, m, l))
        first.push_back(k.a);
      for (const Kind& k : quarter_kinds(key.group, m + 3, l))
        second.push_back(k.a);
      for (int x : first) {
        for (int y : second) {
          if (x >= 0 || y >= 0) kinds_.push_back({x, y, 0, 0, 0, 0, 0});
        }
      }
      for (int y : second) {
        if (y >= 0) kinds_.push_back({-1, y, 1, 0, 0, 0, 0});
      }
      break;
    }
    case Group::kTweExit:
    case Group::kWijkWerken:
    case Group::kSeThroughput:
      // A trajectory ending in the first or the second quarter.
      for (int q = 0; q < 2; ++q) {
        for (Kind k : quarter_kinds(key.group, m + 3 * q, l)) {
          k.g = q;
          kinds_.push_back(k);
        }
      }
      break;
    case Group::kCaseHandovers:
    case Group::kCaseActions:
      // A handover accepted or declined; a leefloner with or without an action.
      kinds_.push_back({0, 0, 0, 0, 0, 0});
      kinds_.push_back({1, 0, 0, 0, 0, 0});
      break;
    case Group::kCaseTransmissions:
      // Answered in time; late (answered late, or unanswered once its deadline
      // passed, which needs a deadline before the day L falls in); pending
      // (unanswered, its deadline not passed: a deadline in L or later).
      kinds_.push_back({1, 0, 0, 0, 0, 0});
      if (m <= l) kinds_.push_back({0, 0, 0, 0, 0, 0});
      if (m >= l) kinds_.push_back({2, 0, 0, 0, 0, 0});
      break;
    case Group::kLap:
      // A person's earliest qualifying start month, confirmed (needs s <= L-2)
      // or pending (s >= L-2); no start after L.
      for (Month s = m; s <= last; s = s + 1) {
        if (s > l) break;
        if (s <= l - 2) kinds_.push_back({s - m, 0, 0, 0, 0, 0});
        if (s >= l - 2) kinds_.push_back({s - m, 1, 0, 0, 0, 0});
      }
      break;
  }
}

std::vector<BlockModel::Kind> BlockModel::quarter_kinds(Group group, Month m, Month l) {
  std::vector<Kind> out;
  switch (group) {
    case Group::kCat05Outflow:
      // Work in the 12 months after the start month e of Q, or pending while
      // e+12 passes L.
      out.push_back({1, 0, 0, 0, 0, 0});
      if (m + 12 <= l) out.push_back({0, 0, 0, 0, 0, 0});
      if (m + 2 + 12 > l) out.push_back({2, 0, 0, 0, 0, 0});
      return out;
    case Group::kTweExit: {
      // A trajectory ending in month e of Q: at work at e+3 (no, as employee,
      // self-employed), at work in any of e+1..e+12, durably (e+3, +6, +9 and
      // +12), and whether e+3 and e+12 pass L; `open` = the durable outcome
      // not decided yet.
      for (int e = 0; e < 3; ++e) {
        const bool open3 = m + e + 3 > l;
        const bool open12 = m + e + 12 > l;
        for (int at3 = 0; at3 < 3; ++at3) {
          for (int any12 = 0; any12 < 2; ++any12) {
            if (at3 != 0 && any12 == 0) continue;  // e+3 lies in e+1..e+12
            for (int durable = 0; durable < 2; ++durable) {
              if (durable == 1 && at3 == 0) continue;  // durable needs e+3
              for (int open = 0; open < 2; ++open) {
                if (open == 1 && (durable == 1 || !open12)) continue;
                if (open == 0 && durable == 0 && open3 && open12) continue;  // no moment <= L
                if (open == 1 && !open3 && at3 == 0) continue;               // e+3 <= L failed
                Kind k{at3, any12, durable, open, open3 ? 1 : 0, open12 ? 1 : 0};
                bool seen = false;
                for (const Kind& x : out) {
                  seen = seen || (x.a == k.a && x.b == k.b && x.c == k.c && x.d == k.d &&
                                  x.e == k.e && x.f == k.f);
                }
                if (!seen) out.push_back(k);
              }
            }
          }
        }
      }
      return out;
    }
    case Group::kWijkWerken:
      // Work in e+1..e+3 (pending while e+3 passes L) and an overlap with
      // workplace learning.
      for (int any3 = 0; any3 < 2; ++any3) {
        for (int learning = 0; learning < 2; ++learning) {
          if (any3 == 1) {
            out.push_back({1, 0, learning, 0, 0, 0});
            continue;
          }
          if (m + 3 <= l) out.push_back({0, 0, learning, 0, 0, 0});
          if (m + 2 + 3 > l) out.push_back({0, 1, learning, 0, 0, 0});
        }
      }
      return out;
    case Group::kSeThroughput:
      // LDE or collectief maatwerk; NEC work at e+3 (pending while it passes L).
      for (int measure = 0; measure < 2; ++measure) {
        out.push_back({measure, 1, 0, 0, 0, 0});
        if (m + 3 <= l) out.push_back({measure, 0, 0, 0, 0, 0});
        if (m + 2 + 3 > l) out.push_back({measure, 2, 0, 0, 0, 0});
      }
      return out;
    default:
      break;
  }
  return out;
}

std::optional<Coefficients> BlockModel::quarter_role(Group group, const Kind& u,
                                                     std::string_view variant) {
  switch (group) {
    case Group::kTweExit: {
      const int at3 = u.a;
      const bool open3 = u.e == 1;
      const bool open12 = u.f == 1;
      if (variant == "work_end3") return outcome(at3 != 0, at3 == 0 && open3);
      if (variant == "employee_end3") return outcome(at3 == 1, at3 != 1 && open3);
      if (variant == "self_end3") return outcome(at3 == 2, at3 != 2 && open3);
      if (variant == "work_any12") return outcome(u.b == 1, u.b == 0 && open12);
      if (variant == "durable") return outcome(u.c == 1, u.d == 1);
      return std::nullopt;
    }
    case Group::kWijkWerken:
      if (variant == "work_any3") return outcome(u.a == 1, u.b == 1);
      if (variant == "learning") return outcome(u.c == 1, false);
      return std::nullopt;
    case Group::kSeThroughput: {
      const int measure = variant == "lde" ? 0 : variant == "collectief_maatwerk" ? 1 : -1;
      if (measure < 0) return std::nullopt;
      return u.a == measure ? outcome(u.b == 1, u.b == 2) : Coefficients{};
    }
    default:
      return std::nullopt;
  }
}

std::optional<Coefficients> BlockModel::role(const Kind& u, Indicator indicator,
                                             std::string_view variant, const Period& period) const {
  switch (key_.group) {
    case Group::kMonthly: {
      if (period != Period::month(key_.start)) return std::nullopt;
      const bool leefloner = u.a == 0;
      const bool reg = u.c == 1;
      switch (indicator) {
        case Indicator::kReach: {
          const bool in = variant == "all"   ? true
                          : variant == "LL"  ? u.b == 0
                          : variant == "ELL" ? u.b != 0
                                             : false;
          if (variant != "all" && variant != "LL" && variant != "ELL") return std::nullopt;
          return leefloner && in ? outcome(reg, false) : Coefficients{};
        }
        case Indicator::kUkrainianReach:
          if (variant != "all") return std::nullopt;
          return leefloner && u.b == 2 ? outcome(reg, false) : Coefficients{};
        case Indicator::kOutflowRate:
          if (variant != "all" && variant != "vdab") return std::nullopt;
          if (!leefloner || (variant == "vdab" && !reg)) return Coefficients{};
          return outcome(u.d == 1, u.d == 2);
        case Indicator::kReachIndicative:
          if (variant != "all") return std::nullopt;
          return leefloner ? Coefficients{0, 0, 1} : Coefficients{1, 0, 0};
        case Indicator::kTweActive:
          if (variant != "all") return std::nullopt;
          return leefloner ? Coefficients{0, 0, 1} : Coefficients{u.a == 1 ? 1 : 0, 0, 0};
        default:
          return std::nullopt;
      }
    }
    case Group::kHalfYear: {
      if (period != Period::half_year(key_.start)) return std::nullopt;
      const bool leefloner = u.a == 0;
      const bool reg = u.c == 1;
      switch (indicator) {
        case Indicator::kReach: {
          if (variant != "all" && variant != "LL" && variant != "ELL") return std::nullopt;
          const bool in = variant == "all" || (variant == "LL" ? u.b == 0 : u.b != 0);
          return leefloner && in ? outcome(reg, false) : Coefficients{};
        }
        case Indicator::kUkrainianReach:
          if (variant != "all") return std::nullopt;
          return leefloner && u.b == 2 ? outcome(reg, false) : Coefficients{};
        case Indicator::kReachIndicative:
          if (variant != "all") return std::nullopt;
          return leefloner ? Coefficients{0, 0, 1} : Coefficients{1, 0, 0};
        case Indicator::kTweActive:
          if (variant != "all") return std::nullopt;
          return leefloner ? Coefficients{0, 0, 1} : Coefficients{u.a == 1 ? 1 : 0, 0, 0};
        default:
          return std::nullopt;
      }
    }
    case Group::kCat05Outflow:
    case Group::kTweExit:
    case Group::kWijkWerken:
    case Group::kSeThroughput: {
      const Indicator expected = key_.group == Group::kCat05Outflow ? Indicator::kCat05Outflow
                                 : key_.group == Group::kTweExit    ? Indicator::kTweExit
                                 : key_.group == Group::kWijkWerken ? Indicator::kWijkWerken
                                                                    : Indicator::kSeThroughput;
      if (indicator != expected) return std::nullopt;
      // The first quarter (0), the second (1) or the half year (2).
      const int part = period == Period::quarter(key_.start)       ? 0
                       : period == Period::quarter(key_.start + 3) ? 1
                       : period == Period::half_year(key_.start)   ? 2
                                                                   : -1;
      if (part < 0) return std::nullopt;
      if (key_.group == Group::kCat05Outflow) {
        if (variant != "all") return std::nullopt;
        const int r = part == 0 ? u.a : part == 1 ? u.b : u.a >= 0 ? u.a : u.c == 1 ? -1 : u.b;
        return r < 0 ? Coefficients{} : outcome(r == 1, r == 2);
      }
      auto c = quarter_role(key_.group, u, variant);
      if (!c) return std::nullopt;
      if (part < 2 && u.g != part) return Coefficients{};
      return c;
    }
    case Group::kLap: {
      if (indicator != Indicator::kLapResult || variant != "all" ||
          period.kind != Period::Kind::kRange || period.first != key_.start ||
          period.last > last_) {
        return std::nullopt;
      }
      if (key_.start + u.a > period.last) return Coefficients{};
      return Coefficients{u.b == 0 ? 1 : 0, u.b == 1 ? 1 : 0, 0};
    }
    case Group::kCaseHandovers:
    case Group::kCaseTransmissions:
    case Group::kCaseActions: {
      const Indicator expected = key_.group == Group::kCaseHandovers ? Indicator::kHandoverLeadTime
                                 : key_.group == Group::kCaseTransmissions
                                     ? Indicator::kTransmissionsInTime
                                     : Indicator::kLeeflonersWithAction;
      if (indicator != expected || variant != "all" || period != Period::month(key_.start)) {
        return std::nullopt;
      }
      if (u.a == 2) return Coefficients{0, 1, 0};  // pending: in no denominator
      return outcome(u.a == 1, false);
    }
  }
  return std::nullopt;
}

std::optional<std::vector<Coefficients>> BlockModel::figure(Indicator indicator,
                                                            std::string_view variant,
                                                            const Period& period) const {
  std::vector<Coefficients> out;
  out.reserve(kinds_.size());
  for (const Kind& u : kinds_) {
    auto c = role(u, indicator, variant, period);
    if (!c) return std::nullopt;
    out.push_back(*c);
  }
  return out;
}

}  // namespace lap::audit
