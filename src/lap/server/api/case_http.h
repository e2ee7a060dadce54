// What the case routes share (cases_api.cc, case_followup_api.cc): a case as
// JSON, the case of a route's {case} when the user may see it, and the answer
// that reads a case again after a change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lap/server/api/api.h"
#include "lap/server/api/json_input.h"
#include "lap/store/case_store.h"

namespace lap::server::api {

// The longest reason or description a case accepts (bytes).
inline constexpr std::size_t kMaxCaseText = 1000;

// A case with all it holds, as docs/api.md shows it; `today` decides what is overdue.
nlohmann::json case_json(const store::CaseFile& f, Date today);
nlohmann::json action_json(const store::CaseAction& a, Date today);
nlohmann::json handover_json(const store::CaseHandover& h);
nlohmann::json transmission_json(const store::CaseTransmission& t, Date today);
nlohmann::json exemption_json(const store::CaseExemption& e, Date today);

// The 404 for a case that does not exist or that the user may not see.
Response no_such_case();

// The case of the route's {case} when the user may see it (permission
// `persons` and the relation of case_access.h); otherwise the audited refusal
// in `out`.
std::optional<store::CaseFile> visible_case(Environment& e, const Request& r, RequestContext& ctx,
                                            std::string_view route, std::string_view purpose,
                                            Response& out);

// The user and the side they act for.
store::CaseActor actor_of(const Principal& p);

// Reads case `id` again and answers it with `status`, audited under `purpose`.
Response case_response(Environment& e, const Principal& p, int64_t id, int status,
                       const std::string& purpose, std::string_view route);

// The text `key` of the body, 1..max bytes when present; a problem when required and absent.
std::optional<std::string> bounded_text(JsonInput& in, std::string_view key, std::size_t max,
                                        bool required);

// The number of the route's parameter `name` (nullopt when it is not one).
std::optional<int64_t> id_param(const Request& r, std::string_view name);

// A change of a case: the case must be visible; `change` answers.
template <typename Change>
Response change_case(Environment& e, const Request& r, RequestContext& ctx, std::string_view route,
                     Change change) {
  Response out;
  auto file = visible_case(e, r, ctx, route, "dossier bijwerken", out);
  if (!file) return out;
  return change(*file, *ctx.principal);
}

}  // namespace lap::server::api
