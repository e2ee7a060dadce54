#include "lap/measure/person.h"

#include <algorithm>

#include "lap/measure/bits.h"

namespace lap::measure {

Month data_end(const Timelines& t, const Settings& s) {
  const Month last = t.range().last();
  const Month l = s.data_end.value_or(t.latest_work_month().value_or(last));
  return std::min(l, last);
}

bool at_work_emp(const Timelines& t, uint32_t person, Month m, const Settings& s) {
  return t.test(person, Column::kEmpRegular, m) ||
         (!s.exclude_art60 && t.test(person, Column::kEmpArt60, m));
}

bool at_work(const Timelines& t, uint32_t person, Month m, const Settings& s) {
  return at_work_emp(t, person, m, s) || t.test(person, Column::kSelf, m);
}

std::optional<LeeflonerMonth> leefloner(const Timelines& t, uint32_t person, Month m) {
  const int r = t.offset(m);
  if (r < 0 || r >= t.months()) return std::nullopt;
  for (const LeeflonerSpan& sp : t.leefloner(person)) {
    if (sp.first <= r && r <= sp.last) {
      return LeeflonerMonth{t.ocmw(sp.ocmw), sp.kind, sp.ukrainian};
    }
  }
  return std::nullopt;
}

bool registered(const Timelines& t, uint32_t person, Month m) {
  return t.test(person, Column::kRegistered, m);
}

bool cat05(const Timelines& t, uint32_t person, Month m) {
  return t.test(person, Column::kCat05, m);
}

OutflowStatus outflow_status(const Timelines& t, uint32_t person, Month s, const Settings& st) {
  const Month l = data_end(t, st);
  if (s > l) return OutflowStatus::kNone;
  if (!at_work(t, person, s, st)) return OutflowStatus::kFailed;
  int k = 0;
  for (Month m = s; m <= std::min(s + 3, l); ++m)
    k += at_work(t, person, m, st) ? 1 : 0;
  if (k >= 3) return OutflowStatus::kConfirmed;
  if (s + 3 > l && k + ((s + 3) - l) >= 3) return OutflowStatus::kPending;
  return OutflowStatus::kFailed;
}

Position position(const Timelines& t, uint32_t person, Month m, const Settings& s) {
  if (at_work_emp(t, person, m, s)) return Position::kWorkEmp;
  if (t.test(person, Column::kSelf, m)) return Position::kWorkSelf;
  if (t.test(person, Column::kEntitlement, m)) return Position::kRmi;
  if (t.test(person, Column::kActivation, m)) return Position::kActivation;
  if (t.test(person, Column::kRegistered, m)) return Position::kJobseeker;
  return Position::kOther;
}

std::optional<Nis> transition_ocmw(const Timelines& t, uint32_t person, Month m0) {
  auto starts = t.entitlement_starts(person);
  auto it =
      std::upper_bound(starts.begin(), starts.end(), m0.index(),
                       [](int32_t month, const EntitlementStart& e) { return month < e.month; });
  if (it == starts.begin()) return std::nullopt;
  const uint16_t x = std::prev(it)->ocmw;
  if (x == kNoOcmw) return std::nullopt;
  return t.ocmw(x);
}

namespace detail {

int data_end_offset(const Timelines& t, const Settings& s) {
  return t.offset(data_end(t, s));
}

void at_work_words(const Timelines& t, uint32_t person, bool exclude_art60, uint64_t* out) {
  const uint64_t* emp = t.bits(person, Column::kEmpRegular);
  const uint64_t* self = t.bits(person, Column::kSelf);
  const uint64_t* art60 = t.bits(person, Column::kEmpArt60);
  const uint64_t art60_mask = exclude_art60 ? 0 : ~uint64_t{0};
  for (int k = 0; k < t.words(); ++k)
    out[k] = emp[k] | self[k] | (art60[k] & art60_mask);
}

void outflow_words(const uint64_t* at_work, int words, int months, int l, uint64_t* confirmed,
                   uint64_t* pending) {
  uint64_t a[bits::kMaxWords] = {};
  uint64_t a1[bits::kMaxWords];
  uint64_t a2[bits::kMaxWords];
  uint64_t a3[bits::kMaxWords];
  // Work after L is not looked at: the window s..s+3 is cut at L.
  bits::for_range(months, 0, l, [&](int k, uint64_t m) { a[k] = at_work[k] & m; });
  bits::shift_down(a, words, 1, a1);
  bits::shift_down(a, words, 2, a2);
  bits::shift_down(a, words, 3, a3);
  for (int k = 0; k < words; ++k) {
    // At work in s and in at least 2 of s+1..s+3.
    confirmed[k] = a[k] & ((a1[k] & a2[k]) | (a1[k] & a3[k]) | (a2[k] & a3[k]));
    pending[k] = 0;
  }
  // Only s in L-2..L can be pending: s = L and s = L-1 whenever at work in s
  // (3 of 4 stay reachable), s = L-2 when also at work in L-1 or L.
  for (int s = std::max(l - 2, 0); s <= l && s < months; ++s) {
    const bool at_s = bits::test(a, months, s);
    if (!at_s || bits::test(confirmed, months, s)) continue;
    if (s == l - 2 && !bits::test(a, months, s + 1) && !bits::test(a, months, s + 2)) continue;
    bits::set(pending, s);
  }
}

}  // namespace detail

}  // namespace lap::measure
