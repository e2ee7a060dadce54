#include "lap/measure/indicators.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <tuple>

#include "lap/measure/bits.h"
#include "lap/measure/person.h"

namespace lap::measure {

namespace {

// The figures compute() produces, one slot per (indicator, variant).
enum MonthlySlot : uint8_t {
  kReachAll,
  kReachLL,
  kReachELL,
  kReachInd,
  kOutflowAll,
  kOutflowVdab,
  kTweActive,
  kUkrainian,
  kMonthlySlots,
};
enum QuarterlySlot : uint8_t {
  kCat05,
  kTweWorkEnd3,
  kTweWorkAny12,
  kTweDurable,
  kTweEmployeeEnd3,
  kTweSelfEnd3,
  kWwWorkAny3,
  kWwLearning,
  kSeLde,
  kSeCollectief,
  kQuarterlySlots,
};

struct SlotInfo {
  Indicator indicator;
  std::string_view variant;
};
constexpr std::array<SlotInfo, kMonthlySlots> kMonthlyInfo{{
    {Indicator::kReach, "all"},
    {Indicator::kReach, "LL"},
    {Indicator::kReach, "ELL"},
    {Indicator::kReachIndicative, "all"},
    {Indicator::kOutflowRate, "all"},
    {Indicator::kOutflowRate, "vdab"},
    {Indicator::kTweActive, "all"},
    {Indicator::kUkrainianReach, "all"},
}};
constexpr std::array<SlotInfo, kQuarterlySlots> kQuarterlyInfo{{
    {Indicator::kCat05Outflow, "all"},
    {Indicator::kTweExit, "work_end3"},
    {Indicator::kTweExit, "work_any12"},
    {Indicator::kTweExit, "durable"},
    {Indicator::kTweExit, "employee_end3"},
    {Indicator::kTweExit, "self_end3"},
    {Indicator::kWijkWerken, "work_any3"},
    {Indicator::kWijkWerken, "learning"},
    {Indicator::kSeThroughput, "lde"},
    {Indicator::kSeThroughput, "collectief_maatwerk"},
}};

struct Counts {
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
};

// Counters per (slot, period, OCMW index).
class Table {
 public:
  Table(int slots, int periods, int ocmws)
      : periods_(periods),
        ocmws_(ocmws),
        cells_(static_cast<size_t>(slots) * static_cast<size_t>(periods) *
               static_cast<size_t>(ocmws)) {}
  Counts& at(int slot, int period, uint16_t ocmw) {
    return cells_[(static_cast<size_t>(slot) * periods_ + static_cast<size_t>(period)) * ocmws_ +
                  ocmw];
  }
  void add(int slot, int period, uint16_t ocmw, bool numerator, bool pending) {
    Counts& c = at(slot, period, ocmw);
    c.numerator += numerator ? 1 : 0;
    c.denominator += 1;
    c.pending += pending ? 1 : 0;
  }

 private:
  size_t periods_;
  size_t ocmws_;
  std::vector<Counts> cells_;
};

// Offsets relative to the timeline's first month.
struct Frame {
  int months = 0;  // M
  int words = 0;   // W
  int a = 0;       // first requested month
  int b = -1;      // last requested month
  int l = -1;      // L
  int q0 = 0;      // first month of the first whole quarter
  int quarters = 0;
  int32_t first_index = 0;  // Month::index() of offset 0

  int quarter_of(int64_t r) const {
    if (r < q0) return -1;
    const int64_t q = (r - q0) / 3;
    return q < quarters ? static_cast<int>(q) : -1;
  }
  int64_t offset(int32_t month_index) const { return int64_t{month_index} - first_index; }
};

// Adds the distinct (month, OCMW) pairs collected in `pairs` as numerators.
void add_distinct(std::vector<uint32_t>& pairs, Table& table, std::initializer_list<int> slots,
                  const Frame& f) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (uint32_t v : pairs) {
    const int r = static_cast<int>(v >> 16);
    const auto x = static_cast<uint16_t>(v & 0xFFFF);
    for (int slot : slots)
      ++table.at(slot, r - f.a, x).numerator;
  }
  pairs.clear();
}

// Collects (month, OCMW) pairs for the months of [start, end] inside the frame.
void collect_months(int32_t start, int32_t end, uint16_t x, const Frame& f,
                    std::vector<uint32_t>& pairs) {
  const int64_t lo = std::max<int64_t>(f.offset(start), f.a);
  const int64_t hi = std::min<int64_t>(f.offset(end), f.b);
  for (int64_t r = lo; r <= hi; ++r)
    pairs.push_back(static_cast<uint32_t>(r) << 16 | x);
}

void accumulate(const Timelines& t, const Settings& s, const Frame& f, uint32_t begin, uint32_t end,
                Table& monthly, Table& quarterly) {
  const int n = f.months;
  const int w = f.words;
  std::vector<uint32_t> pairs;
  uint64_t work[bits::kMaxWords];
  uint64_t emp[bits::kMaxWords];
  uint64_t confirmed[bits::kMaxWords];
  uint64_t pending[bits::kMaxWords];
  const uint64_t art60_mask = s.exclude_art60 ? 0 : ~uint64_t{0};

  for (uint32_t p = begin; p < end; ++p) {
    const auto leef = t.leefloner(p);
    const auto c05 = t.cat05(p);
    const auto meas = t.measures(p);
    if (leef.empty() && c05.empty() && meas.empty()) continue;
    // The at-work words are computed on first use only.
    bool have_work = false;
    auto need_work = [&] {
      if (!have_work) detail::at_work_words(t, p, s.exclude_art60, work);
      have_work = true;
    };
    const uint64_t* reg = t.bits(p, Column::kRegistered);

    // Reach, ukrainian reach, outflow rate; denominators of reach_indicative and twe_active.
    const bool leef_in_range =
        !leef.empty() && leef.front().first <= f.b && leef.back().last >= f.a;
    if (leef_in_range) {
      need_work();
      detail::outflow_words(work, w, n, f.l, confirmed, pending);
      for (const LeeflonerSpan& sp : leef) {
        const int lo = std::max<int>(sp.first, f.a);
        const int hi = std::min<int>(sp.last, f.b);
        const int kind_slot = sp.kind == EntitlementKind::kLL ? kReachLL : kReachELL;
        const bool ukrainian = sp.kind == EntitlementKind::kELL && sp.ukrainian;
        for (int r = lo; r <= hi; ++r) {
          const int mi = r - f.a;
          const bool is_reg = bits::test(reg, n, r);
          monthly.add(kReachAll, mi, sp.ocmw, is_reg, false);
          monthly.add(kind_slot, mi, sp.ocmw, is_reg, false);
          if (ukrainian) monthly.add(kUkrainian, mi, sp.ocmw, is_reg, false);
          ++monthly.at(kReachInd, mi, sp.ocmw).denominator;
          ++monthly.at(kTweActive, mi, sp.ocmw).denominator;
          const int last_s = std::min(r + 11, f.l);
          const bool conf = bits::any(confirmed, n, r, last_s);
          const bool pend = !conf && bits::any(pending, n, r, last_s);
          monthly.add(kOutflowAll, mi, sp.ocmw, conf, pend);
          if (is_reg) monthly.add(kOutflowVdab, mi, sp.ocmw, conf, pend);
        }
      }
    }

    // Category 05: reach_indicative numerator and the cat05_outflow cohorts.
    if (!c05.empty()) {
      int last_quarter = -1;
      for (const Cat05Span& cs : c05) {
        if (cs.ocmw == kNoOcmw) continue;
        collect_months(cs.start_month, cs.end_month, cs.ocmw, f, pairs);
        const int64_t e = f.offset(cs.start_month);
        const int q = f.quarter_of(e);
        if (q < 0 || q == last_quarter) continue;  // spans are ordered by start, then NIS
        last_quarter = q;
        need_work();
        const int ei = static_cast<int>(e);
        const bool num = bits::any(work, n, ei + 1, ei + 12);
        quarterly.add(kCat05, q, cs.ocmw, num, !num && ei + 12 > f.l);
      }
      add_distinct(pairs, monthly, {kReachInd}, f);
    }

    // Activation measures.
    if (!meas.empty()) {
      const uint64_t* emp_regular = t.bits(p, Column::kEmpRegular);
      const uint64_t* art60 = t.bits(p, Column::kEmpArt60);
      for (int k = 0; k < w; ++k)
        emp[k] = emp_regular[k] | (art60[k] & art60_mask);
      const uint64_t* nec = t.bits(p, Column::kEmpNec);
      for (const MeasureSpan& ms : meas) {
        const uint16_t x = ms.organiser;
        if (x == kNoOcmw) continue;
        if (ms.measure == Measure::kTweOcmw)
          collect_months(ms.start_month, ms.end_month, x, f, pairs);
        if (!ms.ended()) continue;
        const int q = f.quarter_of(f.offset(ms.end_month));
        if (q < 0) continue;
        const int e = static_cast<int>(f.offset(ms.end_month));
        need_work();
        auto at = [&](int r) { return bits::test(work, n, r); };
        switch (ms.measure) {
          case Measure::kTweOcmw: {
            const bool p3 = e + 3 > f.l;
            const bool p12 = e + 12 > f.l;
            const bool w3 = at(e + 3);
            const bool any12 = bits::any(work, n, e + 1, e + 12);
            bool durable = true;
            bool durable_open = p12;
            for (int k : {3, 6, 9, 12}) {
              if (!at(e + k)) {
                durable = false;
                if (e + k <= f.l) durable_open = false;
              }
            }
            const bool emp3 = w3 && bits::test(emp, n, e + 3);
            const bool self3 = w3 && !emp3;
            quarterly.add(kTweWorkEnd3, q, x, w3, !w3 && p3);
            quarterly.add(kTweWorkAny12, q, x, any12, !any12 && p12);
            quarterly.add(kTweDurable, q, x, durable, !durable && durable_open);
            quarterly.add(kTweEmployeeEnd3, q, x, emp3, !emp3 && p3);
            quarterly.add(kTweSelfEnd3, q, x, self3, !self3 && p3);
            break;
          }
          case Measure::kWijkWerken: {
            if (!ms.new_inflow) break;
            const bool any3 = bits::any(work, n, e + 1, e + 3);
            quarterly.add(kWwWorkAny3, q, x, any3, !any3 && e + 3 > f.l);
            bool learning = false;
            for (const MeasureSpan& o : meas) {
              if ((o.measure == Measure::kIbo || o.measure == Measure::kStage) &&
                  o.start_month <= ms.end_month && ms.start_month <= o.end_month) {
                learning = true;
              }
            }
            quarterly.add(kWwLearning, q, x, learning, false);
            break;
          }
          case Measure::kLde:
          case Measure::kCollectiefMaatwerk: {
            const bool nec3 = bits::test(nec, n, e + 3);
            quarterly.add(ms.measure == Measure::kLde ? kSeLde : kSeCollectief, q, x, nec3,
                          !nec3 && e + 3 > f.l);
            break;
          }
          default:
            break;
        }
      }
      if (!pairs.empty()) add_distinct(pairs, monthly, {kTweActive, kReachInd}, f);
    }
  }
}

Frame make_frame(const Timelines& t, const Settings& s, MonthRange months) {
  Frame f;
  f.months = t.months();
  f.words = t.words();
  f.first_index = t.range().first().index();
  f.a = std::max(t.offset(months.first()), 0);
  f.b = std::min(t.offset(months.last()), t.months() - 1);
  f.l = detail::data_end_offset(t, s);
  if (f.b < f.a) {
    f.b = f.a - 1;
    return f;
  }
  f.q0 = f.a;
  while ((f.first_index + f.q0) % 3 != 0)
    ++f.q0;
  f.quarters = f.b >= f.q0 + 2 ? (f.b - f.q0 + 1) / 3 : 0;
  return f;
}

bool figure_less(const Figure& x, const Figure& y) {
  return std::tuple(x.indicator, x.variant, x.period.first, x.period.last, x.ocmw) <
         std::tuple(y.indicator, y.variant, y.period.first, y.period.last, y.ocmw);
}

}  // namespace

std::vector<Figure> compute(const Timelines& t, const Settings& s, MonthRange months) {
  const Frame f = make_frame(t, s, months);
  const int n_ocmw = static_cast<int>(t.ocmws().size());
  const int n_months = f.b - f.a + 1;
  std::vector<Figure> out;
  if (n_months <= 0 || n_ocmw == 0) return out;
  Table monthly(kMonthlySlots, n_months, n_ocmw);
  Table quarterly(kQuarterlySlots, std::max(f.quarters, 1), n_ocmw);
  accumulate(t, s, f, 0, t.persons(), monthly, quarterly);

  const Month first = t.range().first();
  auto emit = [&](const SlotInfo& info, Period period, uint16_t x, const Counts& c) {
    if (c.numerator == 0 && c.denominator == 0 && c.pending == 0) return;
    out.push_back(Figure{info.indicator, info.variant, period, t.ocmw(x), c.numerator,
                         c.denominator, c.pending});
  };
  for (int slot = 0; slot < kMonthlySlots; ++slot) {
    for (int mi = 0; mi < n_months; ++mi) {
      const Period period = Period::month(first + (f.a + mi));
      for (int x = 0; x < n_ocmw; ++x) {
        const auto xi = static_cast<uint16_t>(x);
        emit(kMonthlyInfo[static_cast<size_t>(slot)], period, xi, monthly.at(slot, mi, xi));
      }
    }
  }
  for (int slot = 0; slot < kQuarterlySlots; ++slot) {
    for (int q = 0; q < f.quarters; ++q) {
      const Period period = Period::quarter(first + (f.q0 + 3 * q));
      for (int x = 0; x < n_ocmw; ++x) {
        const auto xi = static_cast<uint16_t>(x);
        emit(kQuarterlyInfo[static_cast<size_t>(slot)], period, xi, quarterly.at(slot, q, xi));
      }
    }
  }
  std::sort(out.begin(), out.end(), figure_less);
  return out;
}

namespace {

// The earliest qualifying LAP start offset of a person in [lo, hi], or -1; sets
// the OCMW index and whether it is confirmed.
int lap_earliest(const Timelines& t, uint32_t p, const Settings& s, int lo, int hi, int l,
                 uint16_t& ocmw, bool& is_confirmed) {
  const auto leef = t.leefloner(p);
  if (leef.empty() || lo > hi) return -1;
  const int n = t.months();
  const int w = t.words();
  uint64_t work[bits::kMaxWords];
  uint64_t confirmed[bits::kMaxWords];
  uint64_t pending[bits::kMaxWords];
  uint64_t lf[bits::kMaxWords] = {};
  uint64_t lf1[bits::kMaxWords];
  uint64_t reg1[bits::kMaxWords];
  uint64_t window[bits::kMaxWords] = {};
  detail::at_work_words(t, p, s.exclude_art60, work);
  detail::outflow_words(work, w, n, l, confirmed, pending);
  for (const LeeflonerSpan& sp : leef)
    bits::set_range(lf, n, sp.first, sp.last);
  const uint64_t* reg = t.bits(p, Column::kRegistered);
  bits::shift_up(lf, w, 1, lf1);
  bits::shift_up(reg, w, 1, reg1);
  bits::set_range(window, n, lo, hi);
  for (int k = 0; k < w; ++k) {
    window[k] &= (confirmed[k] | pending[k]) & (lf[k] | lf1[k]) & (reg[k] | reg1[k]);
  }
  const int start = bits::first_set(window, w);
  if (start < 0) return -1;
  const LeeflonerSpan* in_s = nullptr;
  const LeeflonerSpan* in_prev = nullptr;
  for (const LeeflonerSpan& sp : leef) {
    if (sp.first <= start && start <= sp.last) in_s = &sp;
    if (sp.first <= start - 1 && start - 1 <= sp.last) in_prev = &sp;
  }
  ocmw = (in_s != nullptr ? in_s : in_prev)->ocmw;
  is_confirmed = bits::test(confirmed, n, start);
  return start;
}

struct LapWindow {
  int lo = 0;
  int hi = -1;
  int l = -1;
};

LapWindow lap_window(const Timelines& t, const Settings& s, MonthRange period, Month through) {
  LapWindow win;
  win.l = detail::data_end_offset(t, s);
  win.lo = std::max(t.offset(period.first()), 0);
  win.hi = std::min({t.offset(period.last()), t.offset(through), win.l, t.months() - 1});
  return win;
}

}  // namespace

std::optional<LapOutflow> lap_outflow(const Timelines& t, uint32_t person, const Settings& s,
                                      MonthRange period, Month through) {
  const LapWindow win = lap_window(t, s, period, through);
  uint16_t x = 0;
  bool conf = false;
  const int start = lap_earliest(t, person, s, win.lo, win.hi, win.l, x, conf);
  if (start < 0) return std::nullopt;
  return LapOutflow{t.range().first() + start, t.ocmw(x),
                    conf ? OutflowStatus::kConfirmed : OutflowStatus::kPending};
}

std::vector<Figure> lap_result_monthly(const Timelines& t, const Settings& s, MonthRange period) {
  std::vector<Figure> out;
  const LapWindow win = lap_window(t, s, period, period.last());
  const int n_ocmw = static_cast<int>(t.ocmws().size());
  const int n_months = period.size();
  if (n_ocmw == 0 || n_months == 0) return out;
  // Counts per (start month of the period, OCMW); the result through m is the
  // sum over starts <= m.
  Table table(1, n_months, n_ocmw);
  const int p0 = t.offset(period.first());
  for (uint32_t p = 0; p < t.persons(); ++p) {
    uint16_t x = 0;
    bool conf = false;
    const int start = lap_earliest(t, p, s, win.lo, win.hi, win.l, x, conf);
    if (start < 0) continue;
    table.add(0, start - p0, x, conf, !conf);
  }
  for (int x = 0; x < n_ocmw; ++x) {
    const auto xi = static_cast<uint16_t>(x);
    Counts sum;
    for (int mi = 0; mi < n_months; ++mi) {
      const Counts& c = table.at(0, mi, xi);
      sum.numerator += c.numerator;
      sum.pending += c.pending;
      if (sum.numerator == 0 && sum.pending == 0) continue;
      out.push_back(Figure{Indicator::kLapResult, "all",
                           Period::range(period.first(), period.first() + mi), t.ocmw(xi),
                           sum.numerator, 0, sum.pending});
    }
  }
  std::sort(out.begin(), out.end(), figure_less);
  return out;
}

std::vector<Figure> lap_result(const Timelines& t, const Settings& s, MonthRange period,
                               Month through) {
  const Month last = std::min(period.last(), through);
  std::vector<Figure> out;
  if (last < period.first()) return out;
  for (Figure& f : lap_result_monthly(t, s, MonthRange(period.first(), last))) {
    if (f.period.last == last) out.push_back(f);
  }
  return out;
}

Transitions transitions(const Timelines& t, const Settings& s, Month m0, Month m1) {
  Transitions out{m0, m1, {}, {}};
  std::vector<TransitionMatrix> per(t.ocmws().size());
  std::vector<bool> used(t.ocmws().size(), false);
  auto starts_before = [&](uint32_t p) -> uint16_t {
    const auto starts = t.entitlement_starts(p);
    auto it =
        std::upper_bound(starts.begin(), starts.end(), m0.index(),
                         [](int32_t month, const EntitlementStart& e) { return month < e.month; });
    return it == starts.begin() ? kNoOcmw : std::prev(it)->ocmw;
  };
  for (uint32_t p = 0; p < t.persons(); ++p) {
    const Position from = position(t, p, m0, s);
    if (from == Position::kOther) continue;
    const Position to = position(t, p, m1, s);
    const size_t cell = static_cast<size_t>(from) * kPositionCount + static_cast<size_t>(to);
    ++out.flanders.counts[cell];
    const uint16_t x = starts_before(p);
    if (x == kNoOcmw) continue;
    ++per[x].counts[cell];
    used[x] = true;
  }
  for (size_t x = 0; x < per.size(); ++x) {
    if (!used[x]) continue;
    per[x].ocmw = t.ocmw(static_cast<uint16_t>(x));
    out.per_ocmw.push_back(per[x]);
  }
  return out;
}

}  // namespace lap::measure
