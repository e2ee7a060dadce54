#include "lap/pact/call_validation.h"

namespace lap::pact {

Problems validate_parameters(const CallParameters& p) {
  Problems out;
  auto add = [&](const char* field, std::string rule) { out.push_back({field, std::move(rule)}); };
  const Money max_budget = Money::from_euros(10'000'000'000);
  if (p.budget <= Money()) add("budget", "must be more than €0");
  if (p.budget > max_budget) add("budget", "must be at most €10,000,000,000");
  if (p.amount_per_outflow <= Money()) add("amount_per_outflow", "must be more than €0");
  if (p.budget > Money() && p.amount_per_outflow > p.budget)
    add("amount_per_outflow", "must not exceed the budget");
  const Rate zero;
  const Rate hundred = Rate::basis_points(10000);
  if (p.threshold < zero || p.threshold > hundred) add("threshold", "must be between 0% and 100%");
  if (p.advance < zero || p.advance > hundred) add("advance", "must be between 0% and 100%");
  if (p.period_start.day() != 1) add("period_start", "must be the first day of a month");
  if (p.period_end.day() != Date::days_in_month(p.period_end.year(), p.period_end.month()))
    add("period_end", "must be the last day of a month");
  if (p.period_end <= p.period_start) {
    add("period_end", "must lie after period_start");
  } else if (Month::of(p.period_end) - Month::of(p.period_start) >= 60) {
    add("period_end", "the period must not exceed 5 years");
  }
  if (p.counts_on >= p.period_start) add("counts_on", "must lie before period_start");
  if (p.application_deadline < p.counts_on)
    add("application_deadline", "must not lie before counts_on");
  if (p.application_deadline > p.period_end)
    add("application_deadline", "must not lie after period_end");
  return out;
}

namespace {

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Problems validate_call(const Call& call) {
  Problems out;
  if (!valid_id(call.id))
    out.push_back({"id", "must be 1 to 40 lower-case letters, digits or '-'"});
  if (call.title.empty()) out.push_back({"title", "must not be empty"});
  if (call.versions.empty()) {
    out.push_back({"versions", "a call needs at least one parameter version"});
    return out;
  }
  for (size_t i = 0; i < call.versions.size(); ++i) {
    const auto& v = call.versions[i];
    std::string prefix = i == 0 ? "" : "v" + std::to_string(i + 1) + ".";
    if (v.number != static_cast<int>(i) + 1)
      out.push_back({prefix + "number", "must be " + std::to_string(i + 1)});
    if (i > 0 && v.valid_from <= call.versions[i - 1].valid_from)
      out.push_back({prefix + "valid_from", "must lie after the previous version's valid_from"});
    if (i > 0 && v.note.empty())
      out.push_back({prefix + "note", "must say why the parameters changed"});
    for (auto& p : validate_parameters(v.parameters))
      out.push_back({prefix + p.field, std::move(p.rule)});
  }
  return out;
}

}  // namespace lap::pact
