// Person-month timelines: the columnar in-memory store the indicators are
// computed from (domain.md §3, docs/indicators.md).
//
// `TimelineBuilder` takes the facts of facts.h in any order and `build()`s an
// immutable `Timelines`:
//
// - persons get dense indices 0..P-1; keys linked by identifier changes
//   (transitively) are one person. Persons are numbered in the order of their
//   representative key (the smallest key of the person).
// - per person, fixed-width month bitsets (one bit per month of the timeline's
//   range, W = ceil(months / 64) words) for the columns of `Column`, stored
//   interleaved: the words of one person are contiguous;
// - per person, compressed sparse rows of spans: the resolved leefloner months
//   (at most one OCMW per month, "latest start wins"), the category-05
//   registrations, the activation measures and the entitlement starts (for the
//   attribution of transitions).
//
// OCMWs and organisers are 16-bit indices into `ocmws()`. Months before or
// after the range are "nothing known": not stored in the bitsets or the
// leefloner spans. Measures and cat05 registrations keep their real months.
//
// `Timelines` is immutable after `build()` and safe to share between threads.
// It can be written as one image and used again without rebuilding, straight
// from a read-only memory mapping (timeline_image.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/facts.h"

namespace lap::measure {

// The bitset columns of a person's timeline.
enum class Column : uint8_t {
  kEmpRegular,   // EMP with any employer kind except OCMW_ART60
  kEmpNec,       // EMP with employer kind NEC (a subset of kEmpRegular)
  kEmpArt60,     // EMP with employer kind OCMW_ART60 (a TWE-OCMW contract)
  kSelf,         // SELF
  kRegistered,   // any VDAB registration covers the month
  kCat05,        // a category-05 registration covers the month
  kEntitlement,  // any entitlement (LL, ELL or MH) covers the month
  kActivation,   // a TWE_OCMW, LDE or COLLECTIEF_MAATWERK measure covers the month
};
inline constexpr int kColumnCount = 8;

inline constexpr uint16_t kNoOcmw = 0xFFFF;
// End month of an open (running) period.
inline constexpr int32_t kOpenMonth = INT32_MAX;

// Months `first..last` (offsets from the timeline's first month) in which the
// person is leefloner of one OCMW with one kind and ukrainian flag.
struct LeeflonerSpan {
  uint16_t first = 0;
  uint16_t last = 0;
  uint16_t ocmw = 0;
  EntitlementKind kind = EntitlementKind::kLL;
  bool ukrainian = false;
};

// A category-05 registration. Months are `Month::index()` values.
struct Cat05Span {
  int32_t start_day = 0;  // Date::days_since_epoch() of the start
  int32_t start_month = 0;
  int32_t end_month = kOpenMonth;
  uint16_t ocmw = kNoOcmw;  // kNoOcmw when the registration names none
};

// An activation measure. Months are `Month::index()` values.
struct MeasureSpan {
  int32_t start_month = 0;
  int32_t end_month = kOpenMonth;  // kOpenMonth when running
  uint16_t organiser = kNoOcmw;
  Measure measure = Measure::kTweOcmw;
  bool new_inflow = false;
  bool ended() const { return end_month != kOpenMonth; }
};

// For transitions: from `month` on (until the next entry), the entitlement with
// the latest start on or before the month is at `ocmw`.
struct EntitlementStart {
  int32_t month = 0;  // Month::index()
  uint16_t ocmw = 0;
};

class Timelines {
 public:
  // Move-only: the accessors read views into the timelines' own arrays or into
  // the image they were opened from.
  Timelines(Timelines&&) noexcept = default;
  Timelines& operator=(Timelines&&) noexcept = default;
  Timelines(const Timelines&) = delete;
  Timelines& operator=(const Timelines&) = delete;
  ~Timelines() = default;

  MonthRange range() const { return range_; }
  int months() const { return months_; }
  int words() const { return words_; }
  uint32_t persons() const { return static_cast<uint32_t>(view_.keys.size()); }

  // The person a key belongs to (directly or through identifier changes).
  std::optional<uint32_t> find(const PersonKey& key) const;
  // The representative (smallest) key of a person.
  const PersonKey& key(uint32_t person) const { return view_.keys[person]; }
  // All keys of a person, representative first.
  std::vector<PersonKey> keys_of(uint32_t person) const;

  // The OCMW table (sorted NIS codes); spans hold indices into it.
  std::span<const Nis> ocmws() const { return view_.ocmws; }
  Nis ocmw(uint16_t index) const { return view_.ocmws[index]; }
  std::optional<uint16_t> ocmw_index(Nis nis) const;

  // The latest `last` month of any work fact added (also outside the range).
  std::optional<Month> latest_work_month() const { return latest_work_; }

  // The W words of one column of one person.
  const uint64_t* bits(uint32_t person, Column c) const {
    return view_.words.data() +
           (static_cast<size_t>(person) * kColumnCount + static_cast<size_t>(c)) * words_;
  }
  // Whether column `c` is set for the person in month `m` (false outside the range).
  bool test(uint32_t person, Column c, Month m) const;
  // Offset of `m` from the range's first month (may be negative or >= months()).
  int offset(Month m) const { return m - range_.first(); }

  std::span<const LeeflonerSpan> leefloner(uint32_t p) const {
    return slice(view_.leefloner, view_.leefloner_offsets, p);
  }
  std::span<const Cat05Span> cat05(uint32_t p) const {
    return slice(view_.cat05, view_.cat05_offsets, p);
  }
  std::span<const MeasureSpan> measures(uint32_t p) const {
    return slice(view_.measures, view_.measure_offsets, p);
  }
  std::span<const EntitlementStart> entitlement_starts(uint32_t p) const {
    return slice(view_.starts, view_.start_offsets, p);
  }

  // Bytes held by the timelines (keys, bitsets, spans, offsets), or the size
  // of the image they were opened from.
  size_t memory_bytes() const;
  // Whether they were opened from an image rather than built.
  bool from_image() const { return image_ != nullptr; }

 private:
  friend class TimelineBuilder;
  friend class TimelineImage;
  friend struct TimelineImageSections;
  explicit Timelines(MonthRange range);
  // Points the views at the arrays below (after build()).
  void view_own_arrays();

  template <typename T>
  static std::span<const T> slice(std::span<const T> v, std::span<const uint32_t> off, uint32_t p) {
    return v.subspan(off[p], off[p + 1] - off[p]);
  }

  MonthRange range_;
  int months_ = 0;
  int words_ = 0;
  std::vector<PersonKey> keys_;  // sorted; index = person
  struct Alias {
    PersonKey key;
    uint32_t person;
  };
  std::vector<Alias> aliases_;  // non-representative keys, sorted by key
  std::vector<Nis> ocmws_;
  std::optional<Month> latest_work_;
  std::vector<uint64_t> words_data_;
  std::vector<LeeflonerSpan> leefloner_;
  std::vector<uint32_t> leefloner_offsets_;
  std::vector<Cat05Span> cat05_;
  std::vector<uint32_t> cat05_offsets_;
  std::vector<MeasureSpan> measures_;
  std::vector<uint32_t> measure_offsets_;
  std::vector<EntitlementStart> starts_;
  std::vector<uint32_t> start_offsets_;

  // What the accessors read: the arrays above, or the same arrays in an image.
  struct Views {
    std::span<const PersonKey> keys;
    std::span<const Alias> aliases;
    std::span<const Nis> ocmws;
    std::span<const uint64_t> words;
    std::span<const LeeflonerSpan> leefloner;
    std::span<const uint32_t> leefloner_offsets;
    std::span<const Cat05Span> cat05;
    std::span<const uint32_t> cat05_offsets;
    std::span<const MeasureSpan> measures;
    std::span<const uint32_t> measure_offsets;
    std::span<const EntitlementStart> starts;
    std::span<const uint32_t> start_offsets;
  };
  Views view_;
  std::shared_ptr<const void> image_;  // keeps an image's memory alive
  size_t image_bytes_ = 0;
};

// Collects facts and builds `Timelines`. Not thread-safe. Facts are kept in a
// compact form (person keys interned to 32-bit ids) until `build()`.
class TimelineBuilder {
 public:
  // `range` is the range of months the bitsets cover; it must hold at most
  // 64 * bits::kMaxWords months.
  explicit TimelineBuilder(MonthRange range);
  ~TimelineBuilder();
  TimelineBuilder(TimelineBuilder&&) noexcept;
  TimelineBuilder& operator=(TimelineBuilder&&) noexcept;

  void add(const EntitlementFact& f);
  void add(const RegistrationFact& f);
  void add(const WorkFact& f);
  void add(const MeasureFact& f);
  void add(const IdentifierChangeFact& f);

  // Builds the timelines; the builder is empty afterwards.
  Timelines build();

 private:
  struct Impl;
  struct OcmwIndex;
  // The steps of build(), in order (timeline.cc).
  static std::vector<uint32_t> assign_persons(Impl& in, Timelines& t);
  static void set_month_bits(Impl& in, Timelines& t, const std::vector<uint32_t>& person_of);
  static OcmwIndex index_ocmws(const Impl& in, Timelines& t);
  static void add_leefloner_spans(Impl& in, Timelines& t, const OcmwIndex& ocmw);
  static void add_cat05_spans(Impl& in, Timelines& t, const OcmwIndex& ocmw);
  static void add_measure_spans(Impl& in, Timelines& t, const OcmwIndex& ocmw);

  std::unique_ptr<Impl> impl_;
};

}  // namespace lap::measure
