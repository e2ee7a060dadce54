#include "lap/measure/indicators.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <string_view>
#include <tuple>
#include <vector>

#include "lap/measure/bits.h"
#include "lap/measure/person.h"

namespace lap::measure {

namespace {

// Signature codes of the families (inner.h).
constexpr int kTweActiveSignature = 18;
constexpr int kCat05Signature = 19;
constexpr int kHalfTweActiveSignature = 6;
constexpr int kHalfCat05Signature = 7;

// Inner-cell counters per (block, OCMW index, signature), with the sums of the
// units' record keys.
class Cells {
 public:
  Cells(Family family, int blocks, int ocmws, int signatures)
      : family_(family),
        ocmws_(static_cast<size_t>(ocmws)),
        signatures_(static_cast<size_t>(signatures)),
        counts_(static_cast<size_t>(blocks) * ocmws_ * signatures_),
        keys_(counts_.size()) {}

  void add(int block, uint16_t ocmw, int signature, uint32_t key) {
    const size_t i =
        (static_cast<size_t>(block) * ocmws_ + ocmw) * signatures_ + static_cast<size_t>(signature);
    ++counts_[i];
    keys_[i] += key;
  }

  // The block `block` as inner cells, for the OCMWs with a unit in it.
  InnerBlock take(int block, Period period, const Timelines& t) const {
    InnerBlock out;
    out.family = family_;
    out.block = period;
    for (size_t x = 0; x < ocmws_; ++x) {
      const size_t at = (static_cast<size_t>(block) * ocmws_ + x) * signatures_;
      const auto first = counts_.begin() + static_cast<std::ptrdiff_t>(at);
      const auto last = first + static_cast<std::ptrdiff_t>(signatures_);
      if (std::all_of(first, last, [](int64_t c) { return c == 0; })) continue;
      out.ocmws.push_back(t.ocmw(static_cast<uint16_t>(x)));
      out.counts.insert(out.counts.end(), first, last);
      const auto key_first = keys_.begin() + static_cast<std::ptrdiff_t>(at);
      out.keys.insert(out.keys.end(), key_first,
                      key_first + static_cast<std::ptrdiff_t>(signatures_));
    }
    return out;
  }

 private:
  Family family_;
  size_t ocmws_;
  size_t signatures_;
  std::vector<int64_t> counts_;
  std::vector<uint32_t> keys_;
};

// A person's record key: 32 bits of the pseudonym (an HMAC, so uniform).
uint32_t record_key(const PersonKey& key) {
  uint32_t out = 0;
  std::memcpy(&out, key.data(), sizeof out);
  return out;
}

// A trajectory's record key: the person's, mixed with the trajectory's months.
uint32_t trajectory_key(uint32_t person_key, const MeasureSpan& m) {
  uint64_t h = (uint64_t{static_cast<uint32_t>(m.start_month)} << 32) ^
               static_cast<uint32_t>(m.end_month) ^ person_key;
  h *= 0x9E3779B97F4A7C15ULL;
  return static_cast<uint32_t>(h >> 32);
}

// Offsets relative to the timeline's first month.
struct Frame {
  int months = 0;  // M
  int words = 0;   // W
  int a = 0;       // first requested month
  int b = -1;      // last requested month
  int l = -1;      // L
  int q0 = 0;      // first month of the first whole quarter
  int quarters = 0;
  int h0 = 0;  // first month of the first whole half year
  int halves = 0;
  int32_t first_index = 0;  // Month::index() of offset 0

  int quarter_of(int64_t r) const {
    if (r < q0) return -1;
    const int64_t q = (r - q0) / 3;
    return q < quarters ? static_cast<int>(q) : -1;
  }
  // The quarterly families' blocks: the half years with a whole quarter
  // inside the months (inner.h). Quarter q lies in block group_of(q), as its
  // first (0) or second (1) quarter.
  int absolute_quarter(int q) const { return (first_index + q0) / 3 + q; }
  int group_of(int q) const { return absolute_quarter(q) / 2 - absolute_quarter(0) / 2; }
  int position_of(int q) const { return absolute_quarter(q) % 2; }
  int groups() const { return quarters == 0 ? 0 : group_of(quarters - 1) + 1; }
  int64_t offset(int32_t month_index) const { return int64_t{month_index} - first_index; }
};

// The counters of compute().
struct Accumulators {
  Accumulators(const Frame& f, int ocmws)
      : monthly(Family::kMonthly, f.b - f.a + 1, ocmws, 20),
        half(Family::kHalfYear, f.halves, ocmws, 8),
        cat05(Family::kCat05Outflow, f.groups(), ocmws, 32),
        twe(Family::kTweExit, f.groups(), ocmws, 2 * 96),
        wijk(Family::kWijkWerken, f.groups(), ocmws, 2 * 8),
        se(Family::kSeThroughput, f.groups(), ocmws, 2 * 6) {}
  Cells monthly;
  Cells half;
  Cells cat05;
  Cells twe;
  Cells wijk;
  Cells se;
};

// Adds the distinct (month, OCMW) pairs collected in `pairs` as units of
// `signature` in the monthly family.
void add_distinct(std::vector<uint32_t>& pairs, Cells& monthly, int signature, uint32_t key,
                  const Frame& f) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (uint32_t v : pairs) {
    const int r = static_cast<int>(v >> 16);
    const auto x = static_cast<uint16_t>(v & 0xFFFF);
    monthly.add(r - f.a, x, signature, key);
  }
  pairs.clear();
}

// Adds the distinct (half year, OCMW) pairs collected in `pairs` as units of
// `signature` in the half-year family.
void add_distinct_halves(std::vector<uint32_t>& pairs, Cells& half, int signature, uint32_t key) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (uint32_t v : pairs)
    half.add(static_cast<int>(v >> 16), static_cast<uint16_t>(v & 0xFFFF), signature, key);
  pairs.clear();
}

// Collects (half year, OCMW) pairs for the whole half years of the frame that
// [start, end] touches.
void collect_halves(int32_t start, int32_t end, uint16_t x, const Frame& f,
                    std::vector<uint32_t>& pairs) {
  if (f.halves == 0) return;
  const int64_t lo = std::max<int64_t>(f.offset(start), f.h0);
  const int64_t hi = std::min<int64_t>(f.offset(end), f.h0 + 6 * f.halves - 1);
  for (int64_t h = (lo - f.h0) / 6; lo <= hi && h <= (hi - f.h0) / 6; ++h)
    pairs.push_back(static_cast<uint32_t>(h) << 16 | x);
}

// A person's leefloner unit of each whole half year (inner.h, kHalfYear): the
// OCMW and kind of the last leefloner month in it, registered in any of them.
void add_leefloner_halves(std::span<const LeeflonerSpan> leef, const uint64_t* reg, const Frame& f,
                          Cells& half, uint32_t key) {
  for (int h = 0; h < f.halves; ++h) {
    const int lo = f.h0 + 6 * h;
    const int hi = lo + 5;
    const LeeflonerSpan* last = nullptr;
    int last_month = -1;
    bool registered = false;
    for (const LeeflonerSpan& sp : leef) {
      const int a = std::max<int>(sp.first, lo);
      const int b = std::min<int>(sp.last, hi);
      if (a > b) continue;
      if (b >= last_month) {
        last = &sp;
        last_month = b;
      }
      registered = registered || bits::any(reg, f.months, a, b);
    }
    if (last == nullptr) continue;
    const int kind = last->kind == EntitlementKind::kLL ? 0 : last->ukrainian ? 2 : 1;
    half.add(h, last->ocmw, kind * 2 + (registered ? 1 : 0), key);
  }
}

// A person's category-05 cohort units of one quarterly block (inner.h,
// kCat05Outflow): the outcome of the earliest start in each of its quarters.
struct Cat05Halves {
  int group = -1;
  std::array<int, 2> outcome{-1, -1};
  std::array<uint16_t, 2> ocmw{};

  void add(int g, int position, int result, uint16_t x, Cells& cells, uint32_t key) {
    if (g != group) flush(cells, key);
    group = g;
    if (outcome[static_cast<size_t>(position)] >= 0) return;  // not the earliest
    outcome[static_cast<size_t>(position)] = result;
    ocmw[static_cast<size_t>(position)] = x;
  }
  void flush(Cells& cells, uint32_t key) {
    if (group < 0) return;
    const int a = outcome[0];
    const int b = outcome[1];
    if (a >= 0 && b >= 0 && ocmw[0] != ocmw[1]) {
      cells.add(group, ocmw[0], (a + 1) * 4, key);
      cells.add(group, ocmw[1], 16 + b + 1, key);
    } else {
      cells.add(group, a >= 0 ? ocmw[0] : ocmw[1], (a + 1) * 4 + (b + 1), key);
    }
    group = -1;
    outcome = {-1, -1};
  }
};

// Collects (month, OCMW) pairs for the months of [start, end] inside the frame.
void collect_months(int32_t start, int32_t end, uint16_t x, const Frame& f,
                    std::vector<uint32_t>& pairs) {
  const int64_t lo = std::max<int64_t>(f.offset(start), f.a);
  const int64_t hi = std::min<int64_t>(f.offset(end), f.b);
  for (int64_t r = lo; r <= hi; ++r)
    pairs.push_back(static_cast<uint32_t>(r) << 16 | x);
}

// The signature of a TWE-OCMW trajectory ending in offset `e` (inner.h).
int twe_signature(const uint64_t* work, const uint64_t* emp, int n, int e, int l) {
  auto at = [&](int r) { return bits::test(work, n, r); };
  const bool open3 = e + 3 > l;
  const bool open12 = e + 12 > l;
  const bool w3 = at(e + 3);
  const bool any12 = bits::any(work, n, e + 1, e + 12);
  bool durable = true;
  bool durable_open = open12;
  for (int k : {3, 6, 9, 12}) {
    if (!at(e + k)) {
      durable = false;
      if (e + k <= l) durable_open = false;
    }
  }
  const int at3 = !w3 ? 0 : bits::test(emp, n, e + 3) ? 1 : 2;
  return at3 * 32 + (open3 ? 16 : 0) + (any12 ? 8 : 0) + (open12 ? 4 : 0) + (durable ? 2 : 0) +
         (durable_open && !durable ? 1 : 0);
}

// The bits a trajectory's outcome is read from: at work, as an employee
// (art. 60 months per the setting) and in the regular economy (NEC).
struct WorkBits {
  const uint64_t* work;
  const uint64_t* emp;
  const uint64_t* nec;
};

// One ended trajectory `ms` (TWE-OCMW, wijk-werken, LDE or collectief
// maatwerk) as a unit of its quarterly family: block `g`, the quarter at
// `position` in it (inner.h).
void add_trajectory(const MeasureSpan& ms, std::span<const MeasureSpan> meas, WorkBits b,
                    const Frame& f, int g, int position, Accumulators& acc, uint32_t unit_key) {
  const int n = f.months;
  const uint16_t x = ms.organiser;
  const int e = static_cast<int>(f.offset(ms.end_month));
  switch (ms.measure) {
    case Measure::kTweOcmw:
      acc.twe.add(g, x, position * 96 + twe_signature(b.work, b.emp, n, e, f.l), unit_key);
      break;
    case Measure::kWijkWerken: {
      if (!ms.new_inflow) break;
      const bool any3 = bits::any(b.work, n, e + 1, e + 3);
      const bool learning = std::any_of(meas.begin(), meas.end(), [&](const MeasureSpan& o) {
        return (o.measure == Measure::kIbo || o.measure == Measure::kStage) &&
               o.start_month <= ms.end_month && ms.start_month <= o.end_month;
      });
      acc.wijk.add(
          g, x, position * 8 + (any3 ? 4 : 0) + (!any3 && e + 3 > f.l ? 2 : 0) + (learning ? 1 : 0),
          unit_key);
      break;
    }
    case Measure::kLde:
    case Measure::kCollectiefMaatwerk: {
      const bool nec3 = bits::test(b.nec, n, e + 3);
      const int outcome = nec3 ? 1 : e + 3 > f.l ? 2 : 0;
      acc.se.add(g, x, position * 6 + (ms.measure == Measure::kLde ? 0 : 3) + outcome, unit_key);
      break;
    }
    default:
      break;
  }
}

void accumulate(const Timelines& t, const Settings& s, const Frame& f, Accumulators& acc) {
  const int n = f.months;
  const int w = f.words;
  std::vector<uint32_t> pairs;
  std::vector<uint32_t> half_pairs;
  uint64_t work[bits::kMaxWords];
  uint64_t emp[bits::kMaxWords];
  uint64_t confirmed[bits::kMaxWords];
  uint64_t pending[bits::kMaxWords];
  const uint64_t art60_mask = s.exclude_art60 ? 0 : ~uint64_t{0};

  for (uint32_t p = 0; p < t.persons(); ++p) {
    const auto leef = t.leefloner(p);
    const auto c05 = t.cat05(p);
    const auto meas = t.measures(p);
    if (leef.empty() && c05.empty() && meas.empty()) continue;
    const uint32_t key = record_key(t.key(p));
    // The at-work words are computed on first use only.
    bool have_work = false;
    auto need_work = [&] {
      if (!have_work) detail::at_work_words(t, p, s.exclude_art60, work);
      have_work = true;
    };
    const uint64_t* reg = t.bits(p, Column::kRegistered);

    // Leefloner-months: reach, ukrainian reach, outflow rate and the
    // denominators of reach_indicative and twe_active.
    const bool leef_in_range =
        !leef.empty() && leef.front().first <= f.b && leef.back().last >= f.a;
    if (leef_in_range) {
      need_work();
      detail::outflow_words(work, w, n, f.l, confirmed, pending);
      for (const LeeflonerSpan& sp : leef) {
        const int lo = std::max<int>(sp.first, f.a);
        const int hi = std::min<int>(sp.last, f.b);
        const int kind = sp.kind == EntitlementKind::kLL ? 0 : sp.ukrainian ? 2 : 1;
        for (int r = lo; r <= hi; ++r) {
          const bool is_reg = bits::test(reg, n, r);
          const int last_s = std::min(r + 11, f.l);
          const bool conf = bits::any(confirmed, n, r, last_s);
          const bool pend = !conf && bits::any(pending, n, r, last_s);
          const int outflow = conf ? 1 : pend ? 2 : 0;
          acc.monthly.add(r - f.a, sp.ocmw, (kind * 2 + (is_reg ? 1 : 0)) * 3 + outflow, key);
        }
      }
      add_leefloner_halves(leef, reg, f, acc.half, key);
    }

    // Category 05: reach_indicative numerator and the cat05_outflow cohorts.
    if (!c05.empty()) {
      int last_quarter = -1;
      Cat05Halves cohort;
      for (const Cat05Span& cs : c05) {
        if (cs.ocmw == kNoOcmw) continue;
        collect_months(cs.start_month, cs.end_month, cs.ocmw, f, pairs);
        collect_halves(cs.start_month, cs.end_month, cs.ocmw, f, half_pairs);
        const int64_t e = f.offset(cs.start_month);
        const int q = f.quarter_of(e);
        if (q < 0 || q == last_quarter) continue;  // spans are ordered by start, then NIS
        last_quarter = q;
        need_work();
        const int ei = static_cast<int>(e);
        const bool num = bits::any(work, n, ei + 1, ei + 12);
        cohort.add(f.group_of(q), f.position_of(q),
                   num             ? 1
                   : ei + 12 > f.l ? 2
                                   : 0,
                   cs.ocmw, acc.cat05, key);
      }
      cohort.flush(acc.cat05, key);
      add_distinct(pairs, acc.monthly, kCat05Signature, key, f);
      add_distinct_halves(half_pairs, acc.half, kHalfCat05Signature, key);
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
        if (ms.measure == Measure::kTweOcmw) {
          collect_months(ms.start_month, ms.end_month, x, f, pairs);
          collect_halves(ms.start_month, ms.end_month, x, f, half_pairs);
        }
        if (!ms.ended()) continue;
        const int q = f.quarter_of(f.offset(ms.end_month));
        if (q < 0) continue;
        const int g = f.group_of(q);
        const int position = f.position_of(q);
        need_work();
        add_trajectory(ms, meas, {work, emp, nec}, f, g, position, acc, trajectory_key(key, ms));
      }
      if (!pairs.empty()) add_distinct(pairs, acc.monthly, kTweActiveSignature, key, f);
      if (!half_pairs.empty())
        add_distinct_halves(half_pairs, acc.half, kHalfTweActiveSignature, key);
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
  f.h0 = f.a;
  while ((f.first_index + f.h0) % 6 != 0)
    ++f.h0;
  f.halves = f.b >= f.h0 + 5 ? (f.b - f.h0 + 1) / 6 : 0;
  return f;
}

bool figure_less(const Figure& x, const Figure& y) {
  return std::tuple(x.indicator, x.variant, x.period.first, x.period.last, x.ocmw) <
         std::tuple(y.indicator, y.variant, y.period.first, y.period.last, y.ocmw);
}

}  // namespace

std::vector<InnerBlock> compute_inner(const Timelines& t, const Settings& s, MonthRange months) {
  const Frame f = make_frame(t, s, months);
  const int n_ocmw = static_cast<int>(t.ocmws().size());
  const int n_months = f.b - f.a + 1;
  std::vector<InnerBlock> out;
  if (n_months <= 0 || n_ocmw == 0) return out;
  Accumulators acc(f, n_ocmw);
  accumulate(t, s, f, acc);
  const Month first = t.range().first();
  for (int mi = 0; mi < n_months; ++mi)
    out.push_back(acc.monthly.take(mi, Period::month(first + (f.a + mi)), t));
  for (int h = 0; h < f.halves; ++h)
    out.push_back(acc.half.take(h, Period::half_year(first + (f.h0 + 6 * h)), t));
  // A quarterly block is a half year when both its quarters are whole inside
  // the months, else the one quarter that is.
  std::vector<Period> groups;
  for (int q = 0; q < f.quarters; ++q) {
    const Month start = first + (f.q0 + 3 * q);
    if (static_cast<int>(groups.size()) == f.group_of(q))
      groups.push_back(Period::quarter(start));
    else
      groups.back() = Period::half_year(start);
  }
  for (const Cells* cells : {&acc.cat05, &acc.twe, &acc.wijk, &acc.se}) {
    for (size_t g = 0; g < groups.size(); ++g)
      out.push_back(cells->take(static_cast<int>(g), groups[g], t));
  }
  return out;
}

std::vector<Figure> compute(const Timelines& t, const Settings& s, MonthRange months) {
  std::vector<Figure> out;
  for (const InnerBlock& b : compute_inner(t, s, months))
    append_figures(b, out);
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

InnerBlock lap_inner(const Timelines& t, const Settings& s, MonthRange period) {
  InnerBlock out;
  out.family = Family::kLapResult;
  out.block = Period::range(period.first(), period.last());
  const LapWindow win = lap_window(t, s, period, period.last());
  const int n_ocmw = static_cast<int>(t.ocmws().size());
  const int n_months = period.size();
  if (n_ocmw == 0 || n_months == 0) return out;
  // Units per (start month of the period, status, OCMW); the result through m
  // is the sum over starts <= m.
  Cells cells(Family::kLapResult, 1, n_ocmw, 2 * n_months);
  const int p0 = t.offset(period.first());
  for (uint32_t p = 0; p < t.persons(); ++p) {
    uint16_t x = 0;
    bool conf = false;
    const int start = lap_earliest(t, p, s, win.lo, win.hi, win.l, x, conf);
    if (start < 0) continue;
    cells.add(0, x, 2 * (start - p0) + (conf ? 0 : 1), record_key(t.key(p)));
  }
  return cells.take(0, out.block, t);
}

std::vector<Figure> lap_result_monthly(const Timelines& t, const Settings& s, MonthRange period) {
  std::vector<Figure> out;
  append_figures(lap_inner(t, s, period), out);
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
