#include "lap/link/compare.h"

#include <algorithm>
#include <cstdlib>

namespace lap::link {
namespace {

constexpr size_t kMaxLen = 64;

std::string_view clip(std::string_view s) {
  return s.substr(0, std::min(s.size(), kMaxLen));
}

// The decimal digits of v, most significant first, into out[0..n).
template <size_t N>
void digits_of(uint64_t v, std::array<uint8_t, N>& out) {
  for (size_t i = N; i-- > 0;) {
    out[i] = static_cast<uint8_t>(v % 10);
    v /= 10;
  }
}

// One substitution or one adjacent transposition apart (equal length digit
// strings that are not equal).
template <size_t N>
bool one_digit_apart(const std::array<uint8_t, N>& a, const std::array<uint8_t, N>& b) {
  size_t first = N, diffs = 0;
  for (size_t i = 0; i < N; ++i) {
    if (a[i] != b[i]) {
      if (first == N) first = i;
      ++diffs;
    }
  }
  if (diffs == 1) return true;
  return diffs == 2 && first + 1 < N && a[first] == b[first + 1] && a[first + 1] == b[first];
}

// Whether `part` is a whole word at the start or end of `whole` (word_ends of `whole`).
bool is_whole_word_of(std::string_view part, const NormalisedName& whole) {
  const std::string& w = whole.joined;
  if (part.size() < 3 || part.size() >= w.size()) return false;
  auto ends_at = [&](size_t i) { return i < 64 && ((whole.word_ends >> i) & 1U) != 0; };
  if (w.starts_with(part) && ends_at(part.size() - 1)) return true;
  return w.ends_with(part) && ends_at(w.size() - part.size() - 1);
}

// osa_distance(a, b) <= 1 in linear time: equal, or one substitution,
// insertion, deletion or transposition of two adjacent characters.
bool within_one_edit(std::string_view a, std::string_view b) {
  a = clip(a);
  b = clip(b);
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i])
    ++i;
  if (i == a.size()) return true;  // equal, or one character appended
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // transposition
  }
  return a.substr(i) == b.substr(i + 1);  // one character inserted into a
}

// An upper bound of jaro(a, b) from the characters the two strings share
// (jaro's matches are at most that many): lets compare_names skip the
// quadratic measure for names that cannot be close.
double jaro_bound(std::string_view a, std::string_view b) {
  a = clip(a);
  b = clip(b);
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1.0 : 0.0;
  // Characters counted in 32 classes (c & 31: the letters apart); sharing a
  // class can only raise the bound.
  std::array<uint8_t, 32> count{};
  for (char c : a)
    ++count[static_cast<unsigned char>(c) & 31U];
  size_t common = 0;
  for (char c : b) {
    uint8_t& n = count[static_cast<unsigned char>(c) & 31U];
    if (n > 0) {
      --n;
      ++common;
    }
  }
  if (common == 0) return 0.0;
  auto m = static_cast<double>(common);
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + 1.0) / 3.0;
}

// Whether jaro_winkler(a, b) >= threshold, skipping the full measure when the
// bound rules it out (Winkler adds at most 0.4 * (1 - jaro)).
bool jaro_winkler_at_least(std::string_view a, std::string_view b, double threshold) {
  double bound = jaro_bound(a, b);
  if (bound + 0.4 * (1.0 - bound) < threshold) return false;
  return jaro_winkler(a, b) >= threshold;
}

int phonetic_class(char c) {
  switch (c) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
      return 0;
    case 'b':
    case 'p':
      return 1;
    case 'd':
    case 't':
      return 2;
    case 'f':
    case 'v':
      return 3;
    case 'h':
    case 'k':
      return 4;
    case 'l':
      return 5;
    case 'm':
    case 'n':
      return 6;
    case 'r':
      return 7;
    case 's':
    case 'z':
    case 'S':
    case 'C':
      return 8;
    default:
      return -1;
  }
}

}  // namespace

double jaro(std::string_view a, std::string_view b) {
  a = clip(a);
  b = clip(b);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  size_t window = std::max(a.size(), b.size()) / 2;
  window = window > 0 ? window - 1 : 0;
  uint64_t a_matched = 0, b_matched = 0;
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t lo = i > window ? i - window : 0;
    size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if ((b_matched >> j) & 1U || a[i] != b[j]) continue;
      a_matched |= uint64_t{1} << i;
      b_matched |= uint64_t{1} << j;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0, j = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!((a_matched >> i) & 1U)) continue;
    while (!((b_matched >> j) & 1U))
      ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  double m = static_cast<double>(matches);
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
          (m - static_cast<double>(transpositions) / 2.0) / m) /
         3.0;
}

double jaro_winkler(std::string_view a, std::string_view b) {
  double j = jaro(a, b);
  if (j <= 0.7) return j;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
    ++prefix;
  return j + static_cast<double>(prefix) * 0.1 * (1.0 - j);
}

int osa_distance(std::string_view a, std::string_view b) {
  a = clip(a);
  b = clip(b);
  std::array<int, kMaxLen + 1> prev2{}, prev{}, cur{};
  for (size_t j = 0; j <= b.size(); ++j)
    prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        v = std::min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.size()];
}

std::string phonetic_code(std::string_view folded) {
  std::string key = transliteration_key(folded);
  std::string code;
  code.reserve(key.size());
  int last = -2;
  for (size_t i = 0; i < key.size(); ++i) {
    int c = phonetic_class(key[i]);
    if (c < 0) continue;
    // Cologne: d/t before s, z (and here the sh/ts classes) sound as s.
    if (c == 2 && i + 1 < key.size() && phonetic_class(key[i + 1]) == 8) c = 8;
    if (c == last) continue;
    last = c;
    if (c == 0 && !code.empty()) continue;
    code.push_back(static_cast<char>('0' + c));
  }
  return code;
}

NameLevel compare_names(const NormalisedName& a, const NormalisedName& b) {
  if (a.empty() || b.empty()) return NameLevel::kMissing;
  if (a.joined == b.joined) return NameLevel::kExact;
  if ((!a.core.empty() && a.core == b.core) || (!a.key.empty() && a.key == b.key) ||
      is_whole_word_of(a.joined, b) || is_whole_word_of(b.joined, a)) {
    return NameLevel::kVariant;
  }
  if (jaro_winkler_at_least(a.joined, b.joined, 0.92) ||
      jaro_winkler_at_least(a.key, b.key, 0.92)) {
    return NameLevel::kClose;
  }
  if (std::min(a.joined.size(), b.joined.size()) >= 4 && within_one_edit(a.joined, b.joined)) {
    return NameLevel::kClose;
  }
  return NameLevel::kDifferent;
}

DateLevel compare_dates(PartialDate a, PartialDate b) {
  if (a.missing() || b.missing()) return DateLevel::kMissing;
  if (!a.complete() || !b.complete()) {
    return a.year == b.year ? DateLevel::kYearOnly : DateLevel::kDifferent;
  }
  if (a == b) return DateLevel::kExact;
  if (a.year == b.year && a.day == b.month && a.month == b.day) return DateLevel::kDayMonthSwap;
  std::array<uint8_t, 8> da{}, db{};
  digits_of(static_cast<uint64_t>(a.packed()), da);
  digits_of(static_cast<uint64_t>(b.packed()), db);
  if (one_digit_apart(da, db) ||
      (a.year == b.year && a.month == b.month && std::abs(a.day - b.day) == 1)) {
    return DateLevel::kOneDigit;
  }
  return a.year == b.year ? DateLevel::kYearOnly : DateLevel::kDifferent;
}

InszLevel compare_insz(const NormalisedInsz& a, const NormalisedInsz& b) {
  if (a.missing() || b.missing()) return InszLevel::kMissing;
  if (a.digits == b.digits) return InszLevel::kEqual;
  std::array<uint8_t, 11> da{}, db{};
  digits_of(a.digits, da);
  digits_of(b.digits, db);
  if (one_digit_apart(da, db)) return InszLevel::kOneEdit;
  return a.digits % 100'000 == b.digits % 100'000 ? InszLevel::kSameSequence
                                                  : InszLevel::kDifferent;
}

AddressLevel compare_addresses(const NormalisedRecord& a, const NormalisedRecord& b) {
  if (a.street.empty() || b.street.empty()) return AddressLevel::kMissing;
  if (a.street == b.street) {
    return !a.house_number.empty() && a.house_number == b.house_number ? AddressLevel::kExact
                                                                       : AddressLevel::kStreet;
  }
  if (jaro_winkler_at_least(a.street, b.street, 0.92) ||
      (std::min(a.street.size(), b.street.size()) >= 5 && within_one_edit(a.street, b.street))) {
    return AddressLevel::kClose;
  }
  return AddressLevel::kDifferent;
}

Level compare_sex(Sex a, Sex b) {
  if (a == Sex::kUnknown || b == Sex::kUnknown) return Level::kMissing;
  return a == b ? Level::kExact : Level::kDifferent;
}

Level compare_postcodes(int a, int b) {
  if (a <= 0 || b <= 0) return Level::kMissing;
  if (a == b) return Level::kExact;
  return a / 100 == b / 100 ? Level::kClose : Level::kDifferent;
}

Level coarse(NameLevel l) {
  switch (l) {
    case NameLevel::kExact:
      return Level::kExact;
    case NameLevel::kVariant:
    case NameLevel::kClose:
      return Level::kClose;
    case NameLevel::kDifferent:
      return Level::kDifferent;
    case NameLevel::kMissing:
      break;
  }
  return Level::kMissing;
}

Level coarse(DateLevel l) {
  switch (l) {
    case DateLevel::kExact:
      return Level::kExact;
    case DateLevel::kDayMonthSwap:
    case DateLevel::kOneDigit:
    case DateLevel::kYearOnly:
      return Level::kClose;
    case DateLevel::kDifferent:
      return Level::kDifferent;
    case DateLevel::kMissing:
      break;
  }
  return Level::kMissing;
}

Level coarse(InszLevel l) {
  switch (l) {
    case InszLevel::kEqual:
      return Level::kExact;
    case InszLevel::kOneEdit:
    case InszLevel::kSameSequence:
      return Level::kClose;
    case InszLevel::kDifferent:
      return Level::kDifferent;
    case InszLevel::kMissing:
      break;
  }
  return Level::kMissing;
}

namespace {
constexpr std::string_view kInszLevels[] = {"equal", "one_edit", "same_sequence", "different",
                                            "missing"};
constexpr std::string_view kNameLevels[] = {"exact", "variant", "close", "different", "missing"};
constexpr std::string_view kDateLevels[] = {"exact",     "day_month_swap", "one_digit",
                                            "year_only", "different",      "missing"};
constexpr std::string_view kBinaryLevels[] = {"equal", "different", "missing"};
constexpr std::string_view kPostcodeLevels[] = {"equal", "same_region", "different", "missing"};
constexpr std::string_view kAddressLevels[] = {"exact", "same_street", "close", "different",
                                               "missing"};
constexpr FieldSpec kIdentityFields[kFieldCount] = {
    {"insz", kInszLevels, 4},       {"last_name", kNameLevels, 4}, {"first_name", kNameLevels, 4},
    {"birth_date", kDateLevels, 5}, {"sex", kBinaryLevels, 2},     {"postcode", kPostcodeLevels, 3},
    {"address", kAddressLevels, 4}};

uint8_t sex_level(Sex a, Sex b) {
  switch (compare_sex(a, b)) {
    case Level::kExact:
      return 0;
    case Level::kDifferent:
      return 1;
    default:
      return 2;
  }
}
}  // namespace

std::span<const FieldSpec> identity_fields() {
  return kIdentityFields;
}

PairLevels compare_records(const NormalisedRecord& a, const NormalisedRecord& b) {
  PairLevels p;
  NameLevel last = compare_names(a.last_name, b.last_name);
  NameLevel first = compare_names(a.first_name, b.first_name);
  if (last > NameLevel::kVariant || first > NameLevel::kVariant) {
    NameLevel cross_last = compare_names(a.last_name, b.first_name);
    NameLevel cross_first = compare_names(a.first_name, b.last_name);
    if (cross_last <= NameLevel::kVariant && cross_first <= NameLevel::kVariant &&
        std::max(cross_last, cross_first) < std::max(last, first)) {
      last = cross_last;
      first = cross_first;
      p.names_swapped = true;
    }
  }
  p.level[static_cast<int>(Field::kInsz)] = static_cast<uint8_t>(compare_insz(a.insz, b.insz));
  p.level[static_cast<int>(Field::kLastName)] = static_cast<uint8_t>(last);
  p.level[static_cast<int>(Field::kFirstName)] = static_cast<uint8_t>(first);
  p.level[static_cast<int>(Field::kBirthDate)] =
      static_cast<uint8_t>(compare_dates(a.birth, b.birth));
  p.level[static_cast<int>(Field::kSex)] = sex_level(a.sex, b.sex);
  p.level[static_cast<int>(Field::kPostcode)] =
      static_cast<uint8_t>(compare_postcodes(a.postcode, b.postcode));
  p.level[static_cast<int>(Field::kAddress)] = static_cast<uint8_t>(compare_addresses(a, b));
  return p;
}

}  // namespace lap::link
