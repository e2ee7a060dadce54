// A call (oproep) of the Lokaal Activeringspact (LAP, domain.md §4).
//
// WSE launches a call with a budget that is split over the municipalities as
// drawing rights (trekkingsrechten). A call's parameters are VERSIONED: WSE
// lowered the threshold of LAP 2023 from 22.5% to 20% on 29 Sep 2023, and both
// values stay on record. A `ParameterVersion` is a complete snapshot of the
// parameters with the date from which it applies and a note saying why; the
// version in force on a date is the last one whose `valid_from` is on or before
// that date (the first version for earlier dates). Every table computed from a
// call carries the `VersionRef` it used.
//
// Plain values; no I/O. Validation lives in call_validation.h, presets in
// presets.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/core/month.h"
#include "lap/pact/rate.h"

namespace lap::pact {

// How the final payment is computed (domain.md §4 rule 6).
enum class SettlementRule {
  kProRata,           // `pro_rata`: pays what was earned; an excess advance is recovered
  kProRataWithFloor,  // `pro_rata_with_floor`: pays max(advance, earned) when R > B, else nothing
};

// `pro_rata` / `pro_rata_with_floor`.
std::string_view settlement_rule_name(SettlementRule rule);
Result<SettlementRule> parse_settlement_rule(std::string_view text);

struct CallParameters {
  Money budget;                                        // total budget of the call
  Date counts_on;                                      // reference date of the counts N
  Rate threshold;                                      // baseline share B = threshold × N
  Money amount_per_outflow = Money::from_euros(1000);  // paid per extra outflow
  Date period_start;                                   // first day of the project period
  Date period_end;                                     // last day of the project period
  Date application_deadline;                           // last day to apply
  SettlementRule settlement_rule = SettlementRule::kProRata;
  Rate advance;                    // share of E × amount paid on approval
  bool consortia_allowed = false;  // inside one referentieregio only
  // Caps redistributed rights at (N − B) × amount (domain.md §4 rule 2; the
  // system's own safeguard, on by default).
  bool redistribution_cap = true;

  // The months of the project period (results are measured per month).
  MonthRange period_months() const { return {Month::of(period_start), Month::of(period_end)}; }
};

struct ParameterVersion {
  int number = 1;  // 1, 2, ... in order of valid_from
  Date valid_from;
  std::string note;  // why this version exists ("threshold lowered to 20%")
  CallParameters parameters;
};

// Which call and parameter version a computed table used.
struct VersionRef {
  std::string call_id;
  int version = 1;
  Date valid_from;

  // `lap-2023 v2 (from 2023-09-29)`.
  std::string to_string() const;
  // For people: `lap-2023, versie 2, geldig vanaf 29 september 2023`.
  std::string to_string_nl() const;
  bool operator==(const VersionRef&) const = default;
};

struct Call {
  std::string id;                          // e.g. `lap-2023`: lower-case letters, digits and '-'
  std::string title;                       // e.g. `Lokaal Activeringspact 2023`
  std::vector<ParameterVersion> versions;  // ordered by valid_from, never empty

  // The version in force on `date` (the first version before it took effect).
  // Precondition: `versions` is not empty.
  const ParameterVersion& version_on(Date date) const;
  const ParameterVersion& latest() const { return versions.back(); }
  // Version `number`; nullptr when there is none.
  const ParameterVersion* version(int number) const;
  VersionRef ref(const ParameterVersion& v) const { return {id, v.number, v.valid_from}; }
  VersionRef ref_on(Date date) const { return ref(version_on(date)); }

  // Appends a version taking effect on `valid_from`, which must lie after the
  // latest version's. Does not validate the parameters (see validate_call).
  Status add_version(Date valid_from, std::string note, CallParameters parameters);
};

// A new call with a single version.
Call make_call(std::string id, std::string title, Date valid_from, std::string note,
               CallParameters parameters);

}  // namespace lap::pact
