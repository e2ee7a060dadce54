// The per-person, per-month building blocks of the indicators (domain.md §3,
// docs/indicators.md): at work, leefloner, registered, sustainable outflow,
// socio-economic position. These scalar functions state the definitions
// plainly; `lap explain` and the tests use them. The bulk computations in
// indicators.h use the word-level helpers in `detail`, which must agree.
#pragma once

#include <cstdint>
#include <optional>

#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/figure.h"
#include "lap/measure/timeline.h"

namespace lap::measure {

// L: the data end month after defaults and the cut to the timeline.
Month data_end(const Timelines& t, const Settings& s);

// An EMP month with a counted employer kind (OCMW_ART60 only when
// `exclude_art60` is off).
bool at_work_emp(const Timelines& t, uint32_t person, Month m, const Settings& s);
// at_work_emp or a SELF month.
bool at_work(const Timelines& t, uint32_t person, Month m, const Settings& s);

struct LeeflonerMonth {
  Nis ocmw;
  EntitlementKind kind = EntitlementKind::kLL;
  bool ukrainian = false;
};
// The winning LL/ELL entitlement in `m`, or nullopt when not leefloner.
std::optional<LeeflonerMonth> leefloner(const Timelines& t, uint32_t person, Month m);

bool registered(const Timelines& t, uint32_t person, Month m);
bool cat05(const Timelines& t, uint32_t person, Month m);

// Status of a sustainable outflow starting in `s`; kNone when s > L.
OutflowStatus outflow_status(const Timelines& t, uint32_t person, Month s, const Settings& st);

Position position(const Timelines& t, uint32_t person, Month m, const Settings& s);
// The OCMW a person's transitions from `m0` are attributed to: that of the
// entitlement (any kind) with the latest start on or before the end of `m0`.
std::optional<Nis> transition_ocmw(const Timelines& t, uint32_t person, Month m0);

namespace detail {

// Offset of L from the timeline's first month (may be negative).
int data_end_offset(const Timelines& t, const Settings& s);
// The person's at-work months (W words).
void at_work_words(const Timelines& t, uint32_t person, bool exclude_art60, uint64_t* out);
// Confirmed and pending outflow start months (W words each), from the at-work
// words, `months` months and the offset `l` of L.
void outflow_words(const uint64_t* at_work, int words, int months, int l, uint64_t* confirmed,
                   uint64_t* pending);

}  // namespace detail

}  // namespace lap::measure
