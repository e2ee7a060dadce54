#include "lap/server/api/case_access.h"

#include "lap/cases/case_rules.h"
#include "lap/measure/person.h"

namespace lap::server::api {
namespace {

Month end_of(const measure::Timelines& t) {
  return measure::data_end(t, measure::Settings{});
}

}  // namespace

Result<std::vector<std::string>> person_refs(Environment& env, int64_t load,
                                             const std::string& ref) {
  auto store = env.pool->lease();
  if (!store) return std::unexpected(store.error());
  return (*store)->linked_persons(load, ref);
}

bool case_relation(const store::CaseRecord& c, int nis, Date today) {
  if (c.ocmw_nis != nis) return false;
  if (c.status == "open") return true;
  return c.closed_on && cases::yearly_review(*c.closed_on) > today;
}

Result<bool> related(Environment& env, const Principal& p, const measure::Timelines* t,
                     std::optional<uint32_t> person, const std::string& ref, Date today) {
  if (t && person && has_relation(*t, *person, p, end_of(*t))) return true;
  if (p.role != auth::Role::kOcmwCounsellor || !p.municipality) return false;
  auto store = env.pool->lease();
  if (!store) return std::unexpected(store.error());
  auto cases = (*store)->cases_of(std::vector{ref});
  if (!cases) return std::unexpected(cases.error());
  for (const auto& c : *cases)
    if (case_relation(c, *p.municipality, today)) return true;
  return false;
}

bool may_see_case(const Principal& p, const store::CaseRecord& c, const measure::Timelines* t,
                  Date today) {
  std::optional<uint32_t> person;
  if (t) {
    if (auto key = pseudonym_from_hex(c.person_ref)) person = t->find(*key);
  }
  if (p.role == auth::Role::kOcmwCounsellor) {
    if (!p.municipality || *p.municipality != c.ocmw_nis) return false;
    return case_relation(c, *p.municipality, today) ||
           (person && has_relation(*t, *person, p, end_of(*t)));
  }
  if (p.role == auth::Role::kVdabMediator) {
    return person && has_relation(*t, *person, p, end_of(*t));
  }
  return false;
}

std::optional<int> case_ocmw(const Principal& p, const measure::Timelines& t, uint32_t person) {
  if (p.role == auth::Role::kOcmwCounsellor) return p.municipality;
  if (p.role != auth::Role::kVdabMediator) return std::nullopt;
  const Month end = end_of(t);
  const int first = t.offset(end - kRelationMonths);
  std::optional<int> latest_last;
  std::optional<int> ocmw;
  for (const auto& span : t.leefloner(person)) {
    if (span.last < first) continue;
    if (!latest_last || span.last >= *latest_last) {
      latest_last = span.last;
      ocmw = t.ocmw(span.ocmw).code();
    }
  }
  return ocmw;
}

}  // namespace lap::server::api
