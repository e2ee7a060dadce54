// Who the persons behind a figure are (docs/indicators.md, "Profielen"): the
// persons of one OCMW's figure counted per category of age, sex, months on
// leefloon in a row, GPMI, exemption and the ukrainian flag — in the
// denominator, the numerator and pending — so a user sees which groups the
// figure holds and for which the measure succeeds.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/explain.h"
#include "lap/measure/facts.h"
#include "lap/measure/figure.h"
#include "lap/measure/timeline.h"

namespace lap::measure {

// A person counted in a figure, with the role they have in it (never kNotCounted).
struct FigureMember {
  uint32_t person = 0;
  ExplainItem::Role role = ExplainItem::Role::kDenominator;
};

// Whether `person` may have a figure at the OCMW with index `ocmw` of the
// timelines: a leefloon entitlement, a category-05 registration or an
// activation measure there.
bool touches_ocmw(const Timelines& t, uint32_t person, uint16_t ocmw);

// The month a figure's persons are described in: the first month of a
// quarter, the last month of a half year or of a range (the LAP result), or
// the month itself.
Month reference_month(const Period& period);

// The persons behind OCMW `ocmw`'s figure `indicator`/`variant`/`period`, in
// person order, as `explain` counts them.
std::vector<FigureMember> figure_members(const Timelines& t, const Settings& s, Nis ocmw,
                                         Indicator indicator, std::string_view variant,
                                         const Period& period);

// The entitlement traits of the timelines' persons (rows of persons the
// timelines do not know are left out).
class ProfileTraits {
 public:
  ProfileTraits(const Timelines& t, std::span<const EntitlementTraits> rows);

  // The traits of the person's entitlement with the latest start on or before
  // the last day of `m` (nullptr: none started by then).
  const EntitlementTraits* as_of(uint32_t person, Month m) const;
  // The person's month of birth and sex: the first row that knows them.
  std::optional<Month> birth(uint32_t person) const;
  Sex sex(uint32_t person) const;

 private:
  std::span<const EntitlementTraits> of(uint32_t person) const;
  std::vector<uint32_t> offsets_;        // persons + 1
  std::vector<EntitlementTraits> rows_;  // by person, then start
};

struct ProfileCount {
  int64_t denominator = 0;  // every member
  int64_t numerator = 0;    // role kNumerator
  int64_t pending = 0;      // role kPending
};

struct ProfileCategory {
  std::string_view id;    // e.g. "25-34", "F", "yes"
  std::string_view name;  // Dutch, e.g. "25 tot en met 34 jaar"
  ProfileCount count;
};

struct ProfileTable {
  std::string_view id;                      // age, sex, leefloon_months, gpmi, exemption, ukrainian
  std::string_view name;                    // Dutch, e.g. "Leeftijd"
  std::vector<ProfileCategory> categories;  // every category, also the empty ones
};

// The profile of `members` in month `m`: a table per characteristic, each a
// partition of the members.
std::vector<ProfileTable> profile(const Timelines& t, const ProfileTraits& traits,
                                  std::span<const FigureMember> members, Month m);

}  // namespace lap::measure
