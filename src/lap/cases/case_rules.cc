#include "lap/cases/case_rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace lap::cases {
namespace {

constexpr std::array kKinds = {
    Label{"intake", "Intake"},
    Label{"screening", "Screening"},
    Label{"training", "Opleiding"},
    Label{"jobcoaching", "Jobcoaching"},
    Label{"twe_ocmw", "TWE-OCMW (art. 60)"},
    Label{"wijk_werken", "Wijk-werken"},
    Label{"social_economy", "Sociale economie"},
    Label{"childcare", "Kinderopvang"},
    Label{"mobility", "Mobiliteit"},
    Label{"language", "Taal"},
    Label{"care", "Zorg"},
    Label{"other", "Andere"},
};

constexpr std::array kStatuses = {
    Label{"planned", "gepland"},
    Label{"in_progress", "lopend"},
    Label{"done", "afgerond"},
    Label{"cancelled", "geannuleerd"},
};

constexpr std::array kAnswers = {
    Label{"sanction_considered", "sanctie overwogen"},
    Label{"no_sanction", "geen sanctie"},
    Label{"other", "andere"},
};

constexpr std::array kExemptions = {
    Label{"health", "gezondheid"},
    Label{"equity", "billijkheid"},
};

// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ`.
std::optional<int64_t> epoch_seconds(std::string_view t) {
  if (t.size() != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
    return std::nullopt;
  auto date = Date::parse(t.substr(0, 10));
  if (!date) return std::nullopt;
  int64_t part[3] = {0, 0, 0};
  for (std::size_t i = 0; i < 3; ++i) {
    const char* first = t.data() + 11 + (3 * i);
    auto [end, ec] = std::from_chars(first, first + 2, part[i]);
    if (ec != std::errc() || end != first + 2) return std::nullopt;
  }
  if (part[0] > 23 || part[1] > 59 || part[2] > 60) return std::nullopt;
  const int64_t days = *date - *Date::parse("1970-01-01");
  return (days * 86400) + (part[0] * 3600) + (part[1] * 60) + part[2];
}

}  // namespace

std::span<const Label> action_kinds() {
  return kKinds;
}

std::span<const Label> action_statuses() {
  return kStatuses;
}

std::span<const Label> transmission_answers() {
  return kAnswers;
}

std::span<const Label> exemption_kinds() {
  return kExemptions;
}

bool review_due(Date review, Date today) {
  return review - today <= kReviewReminderDays;
}

Date yearly_review(Date granted) {
  const int day = std::min(granted.day(), Date::days_in_month(granted.year() + 1, granted.month()));
  return *Date::from_ymd(granted.year() + 1, granted.month(), day);
}

std::optional<std::string_view> dutch_label(std::span<const Label> labels, std::string_view id) {
  for (const auto& l : labels)
    if (l.id == id) return l.dutch;
  return std::nullopt;
}

bool overdue(std::string_view status, const std::optional<Date>& due, Date today) {
  return due && *due < today && (status == "planned" || status == "in_progress");
}

std::optional<double> hours_between(std::string_view from, std::string_view to) {
  auto a = epoch_seconds(from);
  auto b = epoch_seconds(to);
  if (!a || !b || *b < *a) return std::nullopt;
  return std::round(static_cast<double>(*b - *a) / 360.0) / 10.0;
}

}  // namespace lap::cases
