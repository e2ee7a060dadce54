#include "lap/pact/call.h"

#include <cassert>

namespace lap::pact {

std::string_view settlement_rule_name(SettlementRule rule) {
  switch (rule) {
    case SettlementRule::kProRata:
      return "pro_rata";
    case SettlementRule::kProRataWithFloor:
      return "pro_rata_with_floor";
  }
  return "pro_rata";
}

Result<SettlementRule> parse_settlement_rule(std::string_view text) {
  if (text == "pro_rata") return SettlementRule::kProRata;
  if (text == "pro_rata_with_floor") return SettlementRule::kProRataWithFloor;
  return make_error(
      ErrorCode::kInvalidArgument,
      "settlement rule: expected pro_rata or pro_rata_with_floor, got '" + std::string(text) + "'");
}

std::string VersionRef::to_string() const {
  return call_id + " v" + std::to_string(version) + " (from " + valid_from.to_string() + ")";
}

std::string VersionRef::to_string_nl() const {
  return call_id + ", versie " + std::to_string(version) + ", geldig vanaf " +
         valid_from.to_string_nl();
}

const ParameterVersion& Call::version_on(Date date) const {
  assert(!versions.empty());
  const ParameterVersion* found = &versions.front();
  for (const auto& v : versions) {
    if (v.valid_from <= date) found = &v;
  }
  return *found;
}

const ParameterVersion* Call::version(int number) const {
  for (const auto& v : versions)
    if (v.number == number) return &v;
  return nullptr;
}

Status Call::add_version(Date valid_from, std::string note, CallParameters parameters) {
  if (!versions.empty() && valid_from <= versions.back().valid_from) {
    return make_error(ErrorCode::kInvalidArgument,
                      "valid_from: must lie after " + versions.back().valid_from.to_string() +
                          ", the start of version " + std::to_string(versions.back().number));
  }
  int number = versions.empty() ? 1 : versions.back().number + 1;
  versions.push_back({number, valid_from, std::move(note), parameters});
  return {};
}

Call make_call(std::string id, std::string title, Date valid_from, std::string note,
               CallParameters parameters) {
  Call c{std::move(id), std::move(title), {}};
  c.versions.push_back({1, valid_from, std::move(note), parameters});
  return c;
}

}  // namespace lap::pact
