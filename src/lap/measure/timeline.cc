#include "lap/measure/timeline.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "lap/measure/bits.h"

namespace lap::measure {

namespace {

inline constexpr uint32_t kEmptySlot = UINT32_MAX;

// Interns 16-byte person keys to dense 32-bit ids (open addressing, linear
// probing). Pseudonyms are already uniformly distributed; the mix only guards
// against structured test keys.
class KeyInterner {
 public:
  uint32_t intern(const PersonKey& k) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash(k) & mask;; i = (i + 1) & mask) {
      const uint32_t s = slots_[i];
      if (s == kEmptySlot) {
        slots_[i] = static_cast<uint32_t>(keys_.size());
        keys_.push_back(k);
        return slots_[i];
      }
      if (keys_[s] == k) return s;
    }
  }
  std::vector<PersonKey>& keys() { return keys_; }
  void clear() {
    keys_ = {};
    slots_ = {};
  }

 private:
  static uint64_t hash(const PersonKey& k) {
    uint64_t a = 0;
    uint64_t b = 0;
    std::memcpy(&a, k.data(), 8);
    std::memcpy(&b, k.data() + 8, 8);
    uint64_t h = a ^ (b * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    return h;
  }
  void grow() {
    std::vector<uint32_t> slots(std::max<size_t>(16, slots_.size() * 2), kEmptySlot);
    const size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < keys_.size(); ++id) {
      size_t i = hash(keys_[id]) & mask;
      while (slots[i] != kEmptySlot)
        i = (i + 1) & mask;
      slots[i] = id;
    }
    slots_ = std::move(slots);
  }

  std::vector<PersonKey> keys_;
  std::vector<uint32_t> slots_;
};

int32_t month_of(Date d) {
  return Month::of(d).index();
}

enum class WorkKind : uint8_t { kRegular, kNec, kArt60, kSelf };

struct EntRec {
  uint32_t id;
  int32_t start_day;
  int32_t end_day;  // INT32_MAX when running
  int32_t start_month;
  int32_t end_month;  // kOpenMonth when running
  int32_t nis;
  EntitlementKind kind;
  bool ukrainian;
};

struct RegRec {
  uint32_t id;
  int32_t start_day;
  int32_t start_month;
  int32_t end_month;
  int32_t nis;  // 0 when none
  bool cat05;
};

struct WorkRec {
  uint32_t id;
  uint16_t first;  // offsets into the range, clipped
  uint16_t last;
  WorkKind kind;
};

struct MeasRec {
  uint32_t id;
  int32_t start_month;
  int32_t end_month;
  int32_t nis;
  Measure measure;
  bool new_inflow;
};

// Entitlement priority: latest start, then the later end (running latest), then
// the lower NIS code, then LL before ELL before MH.
bool ent_before(const EntRec& a, const EntRec& b) {
  return std::tuple(-static_cast<int64_t>(a.start_day), -static_cast<int64_t>(a.end_day), a.nis,
                    static_cast<int>(a.kind), a.ukrainian) <
         std::tuple(-static_cast<int64_t>(b.start_day), -static_cast<int64_t>(b.end_day), b.nis,
                    static_cast<int>(b.kind), b.ukrainian);
}

}  // namespace

struct TimelineBuilder::Impl {
  explicit Impl(MonthRange r) : range(r) {}
  MonthRange range;
  KeyInterner keys;
  std::vector<EntRec> ents;
  std::vector<RegRec> regs;
  std::vector<WorkRec> work;
  std::vector<MeasRec> measures;
  std::vector<std::pair<uint32_t, uint32_t>> changes;
  std::optional<Month> latest_work;
};

Timelines::Timelines(MonthRange range)
    : range_(range), months_(range.size()), words_((range.size() + 63) / 64) {}

void Timelines::view_own_arrays() {
  view_ = Views{keys_,  aliases_,       ocmws_,    words_data_,      leefloner_, leefloner_offsets_,
                cat05_, cat05_offsets_, measures_, measure_offsets_, starts_,    start_offsets_};
}

std::optional<uint32_t> Timelines::find(const PersonKey& key) const {
  const auto keys = view_.keys;
  auto it = std::lower_bound(keys.begin(), keys.end(), key);
  if (it != keys.end() && *it == key) return static_cast<uint32_t>(it - keys.begin());
  const auto aliases = view_.aliases;
  auto a = std::lower_bound(aliases.begin(), aliases.end(), key,
                            [](const Alias& x, const PersonKey& k) { return x.key < k; });
  if (a != aliases.end() && a->key == key) return a->person;
  return std::nullopt;
}

std::vector<PersonKey> Timelines::keys_of(uint32_t person) const {
  std::vector<PersonKey> out{view_.keys[person]};
  for (const Alias& a : view_.aliases) {
    if (a.person == person) out.push_back(a.key);
  }
  return out;
}

std::optional<uint16_t> Timelines::ocmw_index(Nis nis) const {
  const auto ocmws = view_.ocmws;
  auto it = std::lower_bound(ocmws.begin(), ocmws.end(), nis);
  if (it == ocmws.end() || *it != nis) return std::nullopt;
  return static_cast<uint16_t>(it - ocmws.begin());
}

bool Timelines::test(uint32_t person, Column c, Month m) const {
  return bits::test(bits(person, c), months_, offset(m));
}

size_t Timelines::memory_bytes() const {
  if (image_) return sizeof(*this) + image_bytes_;
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return sizeof(*this) + bytes(keys_) + bytes(aliases_) + bytes(ocmws_) + bytes(words_data_) +
         bytes(leefloner_) + bytes(leefloner_offsets_) + bytes(cat05_) + bytes(cat05_offsets_) +
         bytes(measures_) + bytes(measure_offsets_) + bytes(starts_) + bytes(start_offsets_);
}

TimelineBuilder::TimelineBuilder(MonthRange range) : impl_(std::make_unique<Impl>(range)) {
  if (range.size() > 64 * bits::kMaxWords) {
    throw std::invalid_argument("TimelineBuilder: range holds too many months");
  }
}
TimelineBuilder::~TimelineBuilder() = default;
TimelineBuilder::TimelineBuilder(TimelineBuilder&&) noexcept = default;
TimelineBuilder& TimelineBuilder::operator=(TimelineBuilder&&) noexcept = default;

void TimelineBuilder::add(const EntitlementFact& f) {
  impl_->ents.push_back(EntRec{impl_->keys.intern(f.person), f.start.days_since_epoch(),
                               f.end ? f.end->days_since_epoch() : INT32_MAX, month_of(f.start),
                               f.end ? month_of(*f.end) : kOpenMonth, f.ocmw.code(), f.kind,
                               f.ukrainian});
}

void TimelineBuilder::add(const RegistrationFact& f) {
  const bool cat05 = f.category == VdabCategory::kCat05;
  impl_->regs.push_back(RegRec{impl_->keys.intern(f.person), f.start.days_since_epoch(),
                               month_of(f.start), f.end ? month_of(*f.end) : kOpenMonth,
                               cat05 && f.ocmw ? f.ocmw->code() : 0, cat05});
}

void TimelineBuilder::add(const WorkFact& f) {
  if (!impl_->latest_work || *impl_->latest_work < f.last) impl_->latest_work = f.last;
  const MonthRange& r = impl_->range;
  const Month first = std::max(f.first, r.first());
  const Month last = std::min(f.last, r.last());
  if (last < first) return;
  WorkKind kind = WorkKind::kSelf;
  if (f.type == WorkType::kEmp) {
    kind = f.employer == EmployerKind::kOcmwArt60 ? WorkKind::kArt60
           : f.employer == EmployerKind::kNec     ? WorkKind::kNec
                                                  : WorkKind::kRegular;
  }
  impl_->work.push_back(WorkRec{impl_->keys.intern(f.person),
                                static_cast<uint16_t>(first - r.first()),
                                static_cast<uint16_t>(last - r.first()), kind});
}

void TimelineBuilder::add(const MeasureFact& f) {
  impl_->measures.push_back(MeasRec{impl_->keys.intern(f.person), month_of(f.start),
                                    f.end ? month_of(*f.end) : kOpenMonth, f.organiser.code(),
                                    f.measure, f.new_inflow.value_or(false)});
}

void TimelineBuilder::add(const IdentifierChangeFact& f) {
  const uint32_t a = impl_->keys.intern(f.old_person);
  const uint32_t b = impl_->keys.intern(f.new_person);
  impl_->changes.emplace_back(a, b);
}

// NIS code → index in Timelines::ocmws_, by direct lookup.
struct TimelineBuilder::OcmwIndex {
  std::vector<uint16_t> of = std::vector<uint16_t>(100000, kNoOcmw);
  uint16_t operator()(int32_t nis) const {
    return nis > 0 && nis < 100000 ? of[static_cast<size_t>(nis)] : kNoOcmw;
  }
};

// 1. Persons: union-find over the identifier changes; a person's representative is its smallest
// key, persons are ordered by it. Returns the person of every interned id.
std::vector<uint32_t> TimelineBuilder::assign_persons(Impl& in, Timelines& t) {
  std::vector<PersonKey>& keys = in.keys.keys();
  const auto n_ids = static_cast<uint32_t>(keys.size());
  std::vector<uint32_t> parent(n_ids);
  std::iota(parent.begin(), parent.end(), 0U);
  auto find = [&](uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (auto [a, b] : in.changes) {
    const uint32_t ra = find(a);
    const uint32_t rb = find(b);
    if (ra == rb) continue;
    // Keep the smaller key as the root so the root is the representative.
    if (keys[ra] < keys[rb]) {
      parent[rb] = ra;
    } else {
      parent[ra] = rb;
    }
  }
  std::vector<uint32_t> roots;
  for (uint32_t id = 0; id < n_ids; ++id) {
    if (find(id) == id) roots.push_back(id);
  }
  std::sort(roots.begin(), roots.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<uint32_t> person_of(n_ids);
  for (uint32_t p = 0; p < roots.size(); ++p)
    person_of[roots[p]] = p;
  for (uint32_t id = 0; id < n_ids; ++id) {
    const uint32_t r = find(id);
    if (r != id) {
      person_of[id] = person_of[r];
      t.aliases_.push_back({keys[id], person_of[r]});
    }
  }
  std::sort(t.aliases_.begin(), t.aliases_.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  t.keys_.resize(roots.size());
  for (uint32_t p = 0; p < roots.size(); ++p)
    t.keys_[p] = keys[roots[p]];
  in.keys.clear();
  return person_of;
}

// 2. The OCMW table: every NIS code the facts name, ascending.
TimelineBuilder::OcmwIndex TimelineBuilder::index_ocmws(const Impl& in, Timelines& t) {
  std::vector<int32_t> codes;
  codes.reserve(in.ents.size() + in.regs.size() + in.measures.size());
  for (const EntRec& e : in.ents)
    codes.push_back(e.nis);
  for (const RegRec& r : in.regs) {
    if (r.nis != 0) codes.push_back(r.nis);
  }
  for (const MeasRec& m : in.measures)
    codes.push_back(m.nis);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  if (codes.size() >= kNoOcmw) throw std::length_error("TimelineBuilder: too many OCMWs");
  OcmwIndex index;
  for (size_t i = 0; i < codes.size(); ++i) {
    t.ocmws_.push_back(*Nis::from_int(codes[i]));
    index.of[static_cast<size_t>(codes[i])] = static_cast<uint16_t>(i);
  }
  return index;
}

// 3. The monthly bitsets; the facts' ids become persons on the way.
void TimelineBuilder::set_month_bits(Impl& in, Timelines& t,
                                     const std::vector<uint32_t>& person_of) {
  const int n_months = t.months_;
  const int n_words = t.words_;
  const int32_t first_month = in.range.first().index();
  t.words_data_.assign(t.keys_.size() * kColumnCount * static_cast<size_t>(n_words), 0);
  auto col = [&](uint32_t p, Column c) {
    return t.words_data_.data() +
           (static_cast<size_t>(p) * kColumnCount + static_cast<size_t>(c)) * n_words;
  };
  auto set_months = [&](uint32_t p, Column c, int32_t first, int32_t last) {
    const int64_t lo = static_cast<int64_t>(first) - first_month;
    const int64_t hi = static_cast<int64_t>(last) - first_month;
    if (hi < 0 || lo >= n_months) return;
    bits::set_range(col(p, c), n_months, static_cast<int>(std::max<int64_t>(lo, 0)),
                    static_cast<int>(std::min<int64_t>(hi, n_months - 1)));
  };
  for (const WorkRec& w : in.work) {
    const uint32_t p = person_of[w.id];
    switch (w.kind) {
      case WorkKind::kNec:
        bits::set_range(col(p, Column::kEmpNec), n_months, w.first, w.last);
        [[fallthrough]];
      case WorkKind::kRegular:
        bits::set_range(col(p, Column::kEmpRegular), n_months, w.first, w.last);
        break;
      case WorkKind::kArt60:
        bits::set_range(col(p, Column::kEmpArt60), n_months, w.first, w.last);
        break;
      case WorkKind::kSelf:
        bits::set_range(col(p, Column::kSelf), n_months, w.first, w.last);
        break;
    }
  }
  in.work = {};
  for (RegRec& r : in.regs) {
    r.id = person_of[r.id];
    set_months(r.id, Column::kRegistered, r.start_month, r.end_month);
    if (r.cat05) set_months(r.id, Column::kCat05, r.start_month, r.end_month);
  }
  for (EntRec& e : in.ents) {
    e.id = person_of[e.id];
    set_months(e.id, Column::kEntitlement, e.start_month, e.end_month);
  }
  for (MeasRec& m : in.measures) {
    m.id = person_of[m.id];
    if (m.measure == Measure::kTweOcmw || m.measure == Measure::kLde ||
        m.measure == Measure::kCollectiefMaatwerk) {
      set_months(m.id, Column::kActivation, m.start_month, m.end_month);
    }
  }
}

// 4. Leefloner spans (per month the first entitlement in priority order that covers it, runs of
// equal months merged) and entitlement starts (the best entitlement of each start month).
void TimelineBuilder::add_leefloner_spans(Impl& in, Timelines& t, const OcmwIndex& ocmw) {
  const int n_months = t.months_;
  const int32_t first_month = in.range.first().index();
  const auto n_persons = static_cast<uint32_t>(t.keys_.size());
  std::sort(in.ents.begin(), in.ents.end(), [](const EntRec& a, const EntRec& b) {
    return a.id != b.id ? a.id < b.id : ent_before(a, b);
  });
  t.leefloner_offsets_.assign(n_persons + 1, 0);
  t.start_offsets_.assign(n_persons + 1, 0);
  std::vector<int32_t> winner(static_cast<size_t>(n_months), -1);
  size_t i = 0;
  for (uint32_t p = 0; p < n_persons; ++p) {
    const size_t begin = i;
    while (i < in.ents.size() && in.ents[i].id == p)
      ++i;
    if (begin != i) {
      int lo_touched = n_months;
      int hi_touched = -1;
      for (size_t k = begin; k < i; ++k) {
        const EntRec& e = in.ents[k];
        if (e.kind == EntitlementKind::kMH) continue;
        const int64_t lo = std::max<int64_t>(int64_t{e.start_month} - first_month, 0);
        const int64_t hi = std::min<int64_t>(int64_t{e.end_month} - first_month, n_months - 1);
        for (int64_t r = lo; r <= hi; ++r) {
          if (winner[static_cast<size_t>(r)] < 0) winner[static_cast<size_t>(r)] = int32_t(k);
        }
        if (lo <= hi) {
          lo_touched = std::min(lo_touched, static_cast<int>(lo));
          hi_touched = std::max(hi_touched, static_cast<int>(hi));
        }
      }
      for (int r = lo_touched; r <= hi_touched; ++r) {
        const int32_t w = winner[static_cast<size_t>(r)];
        if (w < 0) continue;
        const EntRec& e = in.ents[static_cast<size_t>(w)];
        const uint16_t x = ocmw(e.nis);
        LeeflonerSpan* last =
            t.leefloner_.size() > t.leefloner_offsets_[p] ? &t.leefloner_.back() : nullptr;
        if (last != nullptr && last->last + 1 == r && last->ocmw == x && last->kind == e.kind &&
            last->ukrainian == e.ukrainian) {
          last->last = static_cast<uint16_t>(r);
        } else {
          t.leefloner_.push_back(LeeflonerSpan{static_cast<uint16_t>(r), static_cast<uint16_t>(r),
                                               x, e.kind, e.ukrainian});
        }
        winner[static_cast<size_t>(r)] = -1;
      }
      // Entitlement starts: the best entitlement of each start month, ascending.
      const size_t s0 = t.starts_.size();
      for (size_t k = begin; k < i; ++k) {
        const EntRec& e = in.ents[k];
        if (t.starts_.size() == s0 || t.starts_.back().month != e.start_month) {
          t.starts_.push_back(EntitlementStart{e.start_month, ocmw(e.nis)});
        }
      }
      std::reverse(t.starts_.begin() + static_cast<std::ptrdiff_t>(s0), t.starts_.end());
    }
    t.leefloner_offsets_[p + 1] = static_cast<uint32_t>(t.leefloner_.size());
    t.start_offsets_[p + 1] = static_cast<uint32_t>(t.starts_.size());
  }
  in.ents = {};
  t.leefloner_.shrink_to_fit();
  t.starts_.shrink_to_fit();
}

namespace {

// Turns per-person counts (at p + 1) into offsets.
void accumulate_offsets(std::vector<uint32_t>& offsets) {
  for (size_t p = 1; p < offsets.size(); ++p)
    offsets[p] += offsets[p - 1];
}

}  // namespace

// 5. Category-05 registrations, ordered by start date then NIS code.
void TimelineBuilder::add_cat05_spans(Impl& in, Timelines& t, const OcmwIndex& ocmw) {
  std::erase_if(in.regs, [](const RegRec& r) { return !r.cat05; });
  std::sort(in.regs.begin(), in.regs.end(), [](const RegRec& a, const RegRec& b) {
    auto nis = [](const RegRec& r) { return r.nis == 0 ? INT32_MAX : r.nis; };
    return std::tuple(a.id, a.start_day, nis(a), a.end_month) <
           std::tuple(b.id, b.start_day, nis(b), b.end_month);
  });
  t.cat05_offsets_.assign(t.keys_.size() + 1, 0);
  for (const RegRec& r : in.regs) {
    t.cat05_.push_back(Cat05Span{r.start_day, r.start_month, r.end_month, ocmw(r.nis)});
    ++t.cat05_offsets_[r.id + 1];
  }
  accumulate_offsets(t.cat05_offsets_);
  in.regs = {};
}

// 6. Activation measures, ordered by start.
void TimelineBuilder::add_measure_spans(Impl& in, Timelines& t, const OcmwIndex& ocmw) {
  std::sort(in.measures.begin(), in.measures.end(), [](const MeasRec& a, const MeasRec& b) {
    return std::tuple(a.id, a.start_month, a.end_month, static_cast<int>(a.measure), a.nis,
                      a.new_inflow) < std::tuple(b.id, b.start_month, b.end_month,
                                                 static_cast<int>(b.measure), b.nis, b.new_inflow);
  });
  t.measure_offsets_.assign(t.keys_.size() + 1, 0);
  for (const MeasRec& m : in.measures) {
    t.measures_.push_back(
        MeasureSpan{m.start_month, m.end_month, ocmw(m.nis), m.measure, m.new_inflow});
    ++t.measure_offsets_[m.id + 1];
  }
  accumulate_offsets(t.measure_offsets_);
  in.measures = {};
}

Timelines TimelineBuilder::build() {
  Impl& in = *impl_;
  Timelines t(in.range);
  t.latest_work_ = in.latest_work;
  {
    const std::vector<uint32_t> person_of = assign_persons(in, t);
    set_month_bits(in, t, person_of);
  }
  in.changes = {};
  const OcmwIndex ocmw = index_ocmws(in, t);
  add_leefloner_spans(in, t, ocmw);
  add_cat05_spans(in, t, ocmw);
  add_measure_spans(in, t, ocmw);
  t.view_own_arrays();
  return t;
}

}  // namespace lap::measure
