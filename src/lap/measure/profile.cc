#include "lap/measure/profile.h"

#include <algorithm>
#include <array>

#include "lap/measure/person.h"

namespace lap::measure {
namespace {

using Role = ExplainItem::Role;

// One characteristic and its categories, in the order `profile` numbers them.
struct Dimension {
  std::string_view id;
  std::string_view name;
  std::vector<std::pair<std::string_view, std::string_view>> categories;  // id, Dutch name
};

const std::array<Dimension, 6>& dimensions() {
  static const std::array<Dimension, 6> kDimensions = {{
      {"age",
       "Leeftijd",
       {{"<25", "jonger dan 25 jaar"},
        {"25-34", "25 tot en met 34 jaar"},
        {"35-44", "35 tot en met 44 jaar"},
        {"45-54", "45 tot en met 54 jaar"},
        {"55+", "55 jaar of ouder"},
        {"unknown", "onbekend"}}},
      {"sex", "Geslacht", {{"M", "man"}, {"F", "vrouw"}, {"X", "onbekend"}}},
      {"leefloon_months",
       "Maanden leefloon op rij",
       {{"none", "geen leefloon in de maand"},
        {"<6", "minder dan 6 maanden"},
        {"6-11", "6 tot en met 11 maanden"},
        {"12-23", "12 tot en met 23 maanden"},
        {"24+", "24 maanden of meer"}}},
      {"gpmi", "GPMI", {{"yes", "ja"}, {"no", "nee"}, {"unknown", "geen recht"}}},
      {"exemption",
       "Vrijstelling",
       {{"none", "geen"},
        {"health", "gezondheid"},
        {"equity", "billijkheid"},
        {"study", "studie"},
        {"unknown", "geen recht"}}},
      {"ukrainian", "Oekraïens", {{"yes", "ja"}, {"no", "nee"}, {"unknown", "geen recht"}}},
  }};
  return kDimensions;
}

size_t age_category(std::optional<Month> birth, Month m) {
  if (!birth || *birth > m) return 5;
  const int years = (m - *birth) / 12;  // full years, to the month
  if (years < 25) return 0;
  if (years < 35) return 1;
  if (years < 45) return 2;
  if (years < 55) return 3;
  return 4;
}

// Months in a row the person is leefloner (of any OCMW) up to and including `m`,
// within the timelines' range; 0 when not leefloner in `m`.
int leefloon_months(const Timelines& t, uint32_t person, Month m) {
  const int at = t.offset(m);
  const auto spans = t.leefloner(person);
  int run = 0;
  int next = at;  // the month the next span back must end just before
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    if (it->first > next) continue;  // a span after m
    if (run == 0) {
      if (it->last < at) return 0;  // m is not covered
    } else if (it->last + 1 != next) {
      break;
    }
    run += std::min<int>(it->last, at) - it->first + 1;
    next = it->first;
  }
  return run;
}

size_t months_category(int months) {
  if (months == 0) return 0;
  if (months < 6) return 1;
  if (months < 12) return 2;
  if (months < 24) return 3;
  return 4;
}

}  // namespace

bool touches_ocmw(const Timelines& t, uint32_t person, uint16_t ocmw) {
  for (const auto& s : t.leefloner(person))
    if (s.ocmw == ocmw) return true;
  for (const auto& s : t.cat05(person))
    if (s.ocmw == ocmw) return true;
  for (const auto& s : t.measures(person))
    if (s.organiser == ocmw) return true;
  return false;
}

Month reference_month(const Period& period) {
  return period.kind == Period::Kind::kQuarter ? period.first : period.last;
}

std::vector<FigureMember> figure_members(const Timelines& t, const Settings& s, Nis ocmw,
                                         Indicator indicator, std::string_view variant,
                                         const Period& period) {
  std::vector<FigureMember> out;
  const auto index = t.ocmw_index(ocmw);
  if (!index) return out;
  for (uint32_t person = 0; person < t.persons(); ++person) {
    if (!touches_ocmw(t, person, *index)) continue;
    const auto explanation = explain_for(t, person, period, s);
    for (const auto& item : explanation.items) {
      if (item.indicator != indicator || item.variant != variant || !(item.period == period) ||
          !item.ocmw || *item.ocmw != ocmw || item.role == Role::kNotCounted) {
        continue;
      }
      out.push_back({person, item.role});  // one per unit (a person may have several)
    }
  }
  return out;
}

ProfileTraits::ProfileTraits(const Timelines& t, std::span<const EntitlementTraits> rows) {
  // (person, index of the row), by person, then start, then the rows' order.
  std::vector<std::pair<uint32_t, size_t>> known;
  known.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i)
    if (auto p = t.find(rows[i].person)) known.emplace_back(*p, i);
  std::sort(known.begin(), known.end(), [&rows](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (rows[a.second].start != rows[b.second].start)
      return rows[a.second].start < rows[b.second].start;
    return a.second < b.second;
  });
  offsets_.assign(static_cast<size_t>(t.persons()) + 1, 0);
  rows_.reserve(known.size());
  for (const auto& [person, i] : known) {
    ++offsets_[person + 1];
    rows_.push_back(rows[i]);
  }
  for (size_t i = 1; i < offsets_.size(); ++i)
    offsets_[i] += offsets_[i - 1];
}

std::span<const EntitlementTraits> ProfileTraits::of(uint32_t person) const {
  if (person + 1 >= offsets_.size()) return {};
  return std::span(rows_).subspan(offsets_[person], offsets_[person + 1] - offsets_[person]);
}

const EntitlementTraits* ProfileTraits::as_of(uint32_t person, Month m) const {
  const Date end = m.last_day();
  const EntitlementTraits* found = nullptr;
  for (const auto& r : of(person)) {
    if (r.start > end) break;
    found = &r;
  }
  return found;
}

std::optional<Month> ProfileTraits::birth(uint32_t person) const {
  for (const auto& r : of(person))
    if (r.birth) return r.birth;
  return std::nullopt;
}

Sex ProfileTraits::sex(uint32_t person) const {
  for (const auto& r : of(person))
    if (r.sex != Sex::kUnknown) return r.sex;
  return Sex::kUnknown;
}

std::vector<ProfileTable> profile(const Timelines& t, const ProfileTraits& traits,
                                  std::span<const FigureMember> members, Month m) {
  std::vector<ProfileTable> tables;
  for (const auto& d : dimensions()) {
    ProfileTable table{d.id, d.name, {}};
    for (const auto& [id, name] : d.categories)
      table.categories.push_back({id, name, {}});
    tables.push_back(std::move(table));
  }
  auto count = [](ProfileCount& c, Role role) {
    ++c.denominator;
    if (role == Role::kNumerator) ++c.numerator;
    if (role == Role::kPending) ++c.pending;
  };
  for (const auto& member : members) {
    const uint32_t p = member.person;
    const EntitlementTraits* e = traits.as_of(p, m);
    const Sex sex = traits.sex(p);
    const std::array<size_t, 6> category = {
        age_category(traits.birth(p), m),
        sex == Sex::kMale     ? 0U
        : sex == Sex::kFemale ? 1U
                              : 2U,
        months_category(leefloon_months(t, p, m)),
        e == nullptr ? 2U
        : e->gpmi    ? 0U
                     : 1U,
        e == nullptr ? 4U : static_cast<size_t>(e->exemption),
        e == nullptr   ? 2U
        : e->ukrainian ? 0U
                       : 1U,
    };
    for (size_t d = 0; d < tables.size(); ++d)
      count(tables[d].categories[category[d]].count, member.role);
  }
  return tables;
}

}  // namespace lap::measure
