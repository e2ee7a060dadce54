// The rules of case collaboration between an OCMW and VDAB (domain.md §7) that
// need no store: the lists of action kinds and statuses with their Dutch
// labels, when an action is overdue, and how long a warm handover took.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "lap/core/date.h"

namespace lap::cases {

struct Label {
  std::string_view id;     // as stored and in the API
  std::string_view dutch;  // as users read it
};

// intake, screening, training, jobcoaching, twe_ocmw, wijk_werken,
// social_economy, childcare, mobility, language, care, other.
std::span<const Label> action_kinds();
// planned, in_progress, done, cancelled.
std::span<const Label> action_statuses();
// The OCMW's answer to a transmission: sanction_considered, no_sanction, other.
std::span<const Label> transmission_answers();
// health, equity.
std::span<const Label> exemption_kinds();

// The Dutch label of an id of `labels`; nullopt for an unknown id.
std::optional<std::string_view> dutch_label(std::span<const Label> labels, std::string_view id);

// Whether an action with `status` due on `due` is overdue on `today`: its due
// date has passed and it is still planned or in progress.
bool overdue(std::string_view status, const std::optional<Date>& due, Date today);

// How many days before its review date an exemption appears on the work list.
inline constexpr int kReviewReminderDays = 30;
// Whether an exemption reviewed by `review` is due for review on `today`
// (within kReviewReminderDays, or past).
bool review_due(Date review, Date today);
// The yearly review date of an exemption granted on `granted`: the same day a
// year later (28 February for 29 February).
Date yearly_review(Date granted);

// The hours from `from` to `to`, two ISO 8601 UTC times (`2026-12-01T09:00:00Z`),
// rounded to one decimal; nullopt when either does not parse or `to` is earlier.
std::optional<double> hours_between(std::string_view from, std::string_view to);

}  // namespace lap::cases
