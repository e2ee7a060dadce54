#include "lap/cases/case_figures.h"

#include <algorithm>
#include <set>

#include "lap/cases/case_rules.h"
#include "lap/core/nis.h"
#include "lap/core/pseudonym.h"
#include "lap/measure/person.h"

namespace lap::cases {
namespace {

using measure::Family;
using measure::Indicator;

// Units per (month, OCMW, signature) of one family, turned into blocks.
class Counter {
 public:
  Counter(Family family, int signatures) : family_(family), signatures_(signatures) {}

  void add(Month m, int ocmw_nis, int signature) {
    auto& row = cells_[m][ocmw_nis];
    if (row.empty()) row.assign(static_cast<size_t>(signatures_), 0);
    ++row[static_cast<size_t>(signature)];
  }

  void emit(std::vector<measure::InnerBlock>& out) const {
    for (const auto& [month, rows] : cells_) {
      measure::InnerBlock b;
      b.family = family_;
      b.block = measure::Period::month(month);
      for (const auto& [nis, row] : rows) {  // ascending NIS codes
        auto code = Nis::from_int(nis);
        if (!code) continue;
        b.ocmws.push_back(*code);
        b.counts.insert(b.counts.end(), row.begin(), row.end());
      }
      // No record keys: the cell-key method is not used for case figures.
      b.keys.assign(b.counts.size(), 0);
      if (!b.ocmws.empty()) out.push_back(std::move(b));
    }
  }

 private:
  Family family_;
  int signatures_;
  std::map<Month, std::map<int, std::vector<int64_t>>> cells_;
};

std::optional<Date> day_of(std::string_view iso_time) {
  auto d = Date::parse(iso_time.substr(0, 10));
  if (!d) return std::nullopt;
  return *d;
}

std::vector<Month> months_up_to(Month last, int n) {
  std::vector<Month> out;
  for (int i = n - 1; i >= 0; --i)
    out.push_back(last - i);
  return out;
}

void count_leefloners(const CaseFacts& facts, const CaseFigureOptions& o,
                      const std::vector<Month>& months, Counter& counter) {
  const measure::Timelines& t = *o.timelines;
  // The earliest agreed action per (person, OCMW).
  std::map<std::pair<uint32_t, int>, Date> first_action;
  for (const auto& a : facts.actions) {
    auto key = pseudonym_from_hex(a.person_ref);
    std::optional<uint32_t> person = key ? t.find(*key) : std::nullopt;
    if (!person) continue;
    auto [it, fresh] = first_action.try_emplace({*person, a.ocmw_nis}, a.first_agreed);
    if (!fresh && a.first_agreed < it->second) it->second = a.first_agreed;
  }
  std::vector<Month> covered;
  for (Month m : months)
    if (t.range().contains(m)) covered.push_back(m);
  for (uint32_t person = 0; person < t.persons(); ++person) {
    if (t.leefloner(person).empty()) continue;
    for (Month m : covered) {
      auto ll = measure::leefloner(t, person, m);
      if (!ll) continue;
      const int nis = ll->ocmw.code();
      auto it = first_action.find({person, nis});
      const bool with = it != first_action.end() && it->second <= m.last_day();
      counter.add(m, nis, with ? 1 : 0);
    }
  }
}

}  // namespace

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::ranges::sort(values);
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

CaseFigures compute_case_figures(const CaseFacts& facts, const CaseFigureOptions& o) {
  CaseFigures out;
  const std::vector<Month> decided = months_up_to(Month::of(o.clock_day), o.months);
  const std::vector<Month> due = months_up_to(Month::of(o.today), o.months);
  out.months[Indicator::kHandoverLeadTime] = decided;
  out.months[Indicator::kTransmissionsInTime] = due;

  Counter handovers(Family::kCaseHandovers, 2);
  for (const auto& h : facts.handovers) {
    auto day = day_of(h.decided_at);
    if (!day) continue;
    const Month m = Month::of(*day);
    if (m < decided.front() || m > decided.back()) continue;
    handovers.add(m, h.ocmw_nis, h.accepted ? 1 : 0);
    if (auto hours = hours_between(h.proposed_at, h.decided_at))
      out.lead_hours[{m, h.ocmw_nis}].push_back(*hours);
  }
  handovers.emit(out.blocks);

  Counter transmissions(Family::kCaseTransmissions, 3);
  for (const auto& x : facts.transmissions) {
    const Month m = Month::of(x.deadline);
    if (m < due.front() || m > due.back()) continue;
    int signature = 0;  // late: answered after the deadline, or not answered and past it
    if (x.answered_on && *x.answered_on <= x.deadline)
      signature = 1;
    else if (!x.answered_on && !(x.deadline < o.today))
      signature = 2;
    transmissions.add(m, x.ocmw_nis, signature);
  }
  transmissions.emit(out.blocks);

  if (o.timelines != nullptr && o.leefloner_end) {
    const std::vector<Month> months = months_up_to(*o.leefloner_end, o.months);
    out.months[Indicator::kLeeflonersWithAction] = months;
    Counter actions(Family::kCaseActions, 2);
    count_leefloners(facts, o, months, actions);
    actions.emit(out.blocks);
  }
  for (const auto& b : out.blocks)
    measure::append_figures(b, out.figures);
  return out;
}

}  // namespace lap::cases
