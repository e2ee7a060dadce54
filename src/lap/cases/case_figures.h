// The case figures of the dashboard (docs/indicators.md "Dossiercijfers"):
// per OCMW and month, how the shared cases of SPEC §7 are doing —
//  - handover_lead_time: the warm handovers decided in the month (numerator:
//    accepted; denominator: accepted or declined), with the lead time from
//    proposal to decision of each, for a median per area;
//  - transmissions_in_time: the transmissions due in the month (their
//    deadline in it): answered on or before the deadline (numerator) among
//    those answered or past their deadline (denominator); unanswered ones
//    whose deadline has not passed are pending, in no denominator;
//  - leefloners_with_action: the leefloners of the month at the OCMW
//    (measure::leefloner) with an agreed action in a case of theirs at that
//    OCMW made on or before the month's last day and not cancelled.
// Each figure is a family of inner cells (measure/inner.h), so the figures go
// through the same disclosure control (publish/protect.h) and audit as a
// measurement run's.
//
// Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/month.h"
#include "lap/measure/figure.h"
#include "lap/measure/inner.h"
#include "lap/measure/timeline.h"

namespace lap::cases {

// A decided handover of a case at `ocmw_nis`; times as ISO 8601 UTC.
struct HandoverFact {
  int ocmw_nis = 0;
  std::string proposed_at;
  std::string decided_at;
  bool accepted = false;
};

// A transmission of a case at `ocmw_nis`.
struct TransmissionFact {
  int ocmw_nis = 0;
  Date deadline;
  std::optional<Date> answered_on;
};

// The earliest agreed action (not cancelled) of a person's cases at `ocmw_nis`.
struct ActionFact {
  int ocmw_nis = 0;
  std::string person_ref;  // the pseudonym (32 hex)
  Date first_agreed;       // the day it was made (UTC)
};

struct CaseFacts {
  std::vector<HandoverFact> handovers;
  std::vector<TransmissionFact> transmissions;
  std::vector<ActionFact> actions;
};

// Case changes are stamped with the wall clock (UTC), deadlines and answers
// with the application's day; each figure's months end on its own clock (the
// two are the same day except in a demo or test run with a fixed day).
struct CaseFigureOptions {
  Date today;       // the application's day: deadlines before it have passed
  Date clock_day;   // the wall clock's UTC day
  int months = 12;  // how many months: handovers up to clock_day's, transmissions up to today's
  // The leefloners of the data (null: no leefloners_with_action), with the
  // last month they cover; that figure's months end there.
  const measure::Timelines* timelines = nullptr;
  std::optional<Month> leefloner_end;
};

struct CaseFigures {
  std::vector<measure::InnerBlock> blocks;  // one per figure and month with a unit
  std::vector<measure::Figure> figures;     // per OCMW, from the blocks
  // The months of each figure, oldest first (also those without units).
  std::map<measure::Indicator, std::vector<Month>> months;
  // The lead times (hours) of the handovers decided, per month and OCMW.
  std::map<std::pair<Month, int>, std::vector<double>> lead_hours;
};

CaseFigures compute_case_figures(const CaseFacts& facts, const CaseFigureOptions& options);

// The median of `values` (any order); nullopt when empty.
std::optional<double> median(std::vector<double> values);

}  // namespace lap::cases
