// The Lokaal Activeringspact's calls and applications as JSON (docs/api.md):
// what the API answers, and reading request bodies into calls and
// applications with every problem named by its JSON pointer.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "lap/pact/application.h"
#include "lap/pact/call.h"
#include "lap/pact/rate.h"
#include "lap/pact/simulator.h"
#include "lap/server/api/json_input.h"

namespace lap::server::api {

nlohmann::json parameters_json(const pact::CallParameters& p);
// A call; with `today` also `today`, the `application_deadline` in force today
// and whether applying is still open (`applications_open`).
nlohmann::json call_json(const pact::Call& c, std::optional<Date> today = std::nullopt);
nlohmann::json application_json(const pact::Application& a);

// Reads call parameters over `base`; without a base every parameter but the
// optional ones (amount, rule, advance, consortia, cap) is required.
pact::CallParameters read_parameters(JsonInput& in, const nlohmann::json& o,
                                     const std::optional<pact::CallParameters>& base);
// Reads the content of an application (members, plan, actions, agreement,
// consortium) into `a`.
void read_application(JsonInput& in, const nlohmann::json& o, pact::Application& a);

// A what-if request (POST /api/v1/calls/{call}/simulation).
struct ScenarioRequest {
  pact::Scenario scenario;
  std::optional<Month> through;
  // `"participants": "all"`: the caller fills in the municipalities of the
  // werktabel (scenario.participants stays unset).
  bool all_participants = false;
};
// Reads a what-if request; every field is optional.
ScenarioRequest read_scenario(JsonInput& in, const nlohmann::json& o);

}  // namespace lap::server::api
