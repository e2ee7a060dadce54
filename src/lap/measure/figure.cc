#include "lap/measure/figure.h"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace lap::measure {

namespace {

constexpr std::array<std::pair<Indicator, std::string_view>, 13> kIndicatorIds{{
    {Indicator::kReach, "reach"},
    {Indicator::kReachIndicative, "reach_indicative"},
    {Indicator::kLapResult, "lap_result"},
    {Indicator::kOutflowRate, "outflow_rate"},
    {Indicator::kCat05Outflow, "cat05_outflow"},
    {Indicator::kTweActive, "twe_active"},
    {Indicator::kTweExit, "twe_exit"},
    {Indicator::kWijkWerken, "wijk_werken"},
    {Indicator::kSeThroughput, "se_throughput"},
    {Indicator::kUkrainianReach, "ukrainian_reach"},
    {Indicator::kHandoverLeadTime, "handover_lead_time"},
    {Indicator::kTransmissionsInTime, "transmissions_in_time"},
    {Indicator::kLeeflonersWithAction, "leefloners_with_action"},
}};

}  // namespace

std::string_view to_id(Indicator i) {
  for (const auto& [value, id] : kIndicatorIds) {
    if (value == i) return id;
  }
  return "?";
}

std::optional<Indicator> indicator_from_id(std::string_view id) {
  for (const auto& [value, name] : kIndicatorIds) {
    if (name == id) return value;
  }
  return std::nullopt;
}

std::string Period::to_string() const {
  switch (kind) {
    case Kind::kMonth:
      return first.to_string();
    case Kind::kQuarter:
      return fmt::format("{:04d}-Q{}", first.year(), first.quarter());
    case Kind::kHalfYear:
      return fmt::format("{:04d}-H{}", first.year(), first.month() <= 6 ? 1 : 2);
    case Kind::kRange:
      break;
  }
  return first.to_string() + ".." + last.to_string();
}

std::optional<Period> Period::parse(std::string_view text) {
  if (auto dots = text.find(".."); dots != std::string_view::npos) {
    auto a = Month::parse(text.substr(0, dots));
    auto b = Month::parse(text.substr(dots + 2));
    if (!a || !b || *b < *a) return std::nullopt;
    return range(*a, *b);
  }
  if (auto q = text.find("-Q"); q != std::string_view::npos && text.size() == q + 3) {
    const char digit = text[q + 2];
    if (digit < '1' || digit > '4') return std::nullopt;
    auto first = Month::parse(fmt::format("{}-{:02d}", text.substr(0, q), (digit - '1') * 3 + 1));
    if (!first) return std::nullopt;
    return quarter(*first);
  }
  if (auto h = text.find("-H"); h != std::string_view::npos && text.size() == h + 3) {
    const char digit = text[h + 2];
    if (digit < '1' || digit > '2') return std::nullopt;
    auto first = Month::parse(fmt::format("{}-{:02d}", text.substr(0, h), (digit - '1') * 6 + 1));
    if (!first) return std::nullopt;
    return half_year(*first);
  }
  auto m = Month::parse(text);
  if (!m) return std::nullopt;
  return month(*m);
}

std::string_view to_string(OutflowStatus s) {
  switch (s) {
    case OutflowStatus::kNone:
      return "none";
    case OutflowStatus::kConfirmed:
      return "confirmed";
    case OutflowStatus::kPending:
      return "pending";
    case OutflowStatus::kFailed:
      return "failed";
  }
  return "?";
}

std::string_view to_id(Position p) {
  switch (p) {
    case Position::kWorkEmp:
      return "WORK_EMP";
    case Position::kWorkSelf:
      return "WORK_SELF";
    case Position::kRmi:
      return "RMI";
    case Position::kActivation:
      return "ACTIVATION";
    case Position::kJobseeker:
      return "JOBSEEKER";
    case Position::kOther:
      return "OTHER";
  }
  return "?";
}

}  // namespace lap::measure
