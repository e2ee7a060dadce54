// The JSON request bodies of the API on arbitrary bytes: the sign-in body
// (parse_body) and every body decoded with JsonInput (docs/api.md): a new call
// and a new version of one, an application, a status change, an annual report
// and a what-if simulation, each decoded the way its handler does.
//
// Whatever the bytes: no exception escapes, the 422 answer is a JSON document
// naming every problem, and a body decoded without problems gives values the
// answers can show again (call_json, application_json).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lap/pact/application.h"
#include "lap/pact/call.h"
#include "lap/pact/call_validation.h"
#include "lap/pact/presets.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_json.h"

namespace {

using namespace lap;
using namespace lap::server;
using namespace lap::server::api;
using Json = nlohmann::json;

void require(bool condition) {
  if (!condition) std::abort();
}

// The 422 answer: valid JSON with one entry per problem; nothing when ok.
void check_answer(const JsonInput& in) {
  const Response response = in.response();
  require(response.status == 422);
  const Json body = Json::parse(response.body, nullptr, false);
  require(!body.is_discarded());
  require(body["error"]["problems"].is_array());
  require(in.ok() == body["error"]["problems"].empty());
}

void sign_in(std::string_view text) {
  const Json body = parse_body(text);
  if (body.is_discarded() || !body.is_object()) return;
  if (body.contains("username") && body["username"].is_string()) {
    (void)body["username"].get<std::string>();
  }
}

void new_call(std::string_view text) {
  JsonInput in(text);
  const Json& o = in.root();
  auto id = in.text(o, "", "id", true);
  auto title = in.text(o, "", "title", true);
  auto valid_from = in.date(o, "", "valid_from", false);
  auto p = read_parameters(in, o, std::nullopt);
  check_answer(in);
  if (!in.ok()) return;
  require(id && title);
  (void)pact::validate_parameters(p);
  const pact::Call call = pact::make_call(*id, *title, valid_from.value_or(p.counts_on), "", p);
  (void)pact::validate_call(call);
  (void)call_json(call).dump();
}

void new_version(std::string_view text) {
  static const pact::CallParameters kBase = pact::lap_2024().latest().parameters;
  JsonInput in(text);
  const Json& o = in.root();
  auto valid_from = in.date(o, "", "valid_from", true);
  auto note = in.text(o, "", "note", true);
  auto p = read_parameters(in, o, kBase);
  check_answer(in);
  if (!in.ok()) return;
  require(valid_from && note);
  (void)parameters_json(p).dump();
}

void application(std::string_view text) {
  JsonInput in(text);
  pact::Application a;
  read_application(in, in.root(), a);
  check_answer(in);
  if (!in.ok()) return;
  require(!a.members.empty());
  (void)application_json(a).dump();
}

void status_change(std::string_view text) {
  JsonInput in(text);
  const Json& o = in.root();
  auto to = in.text(o, "", "status", true);
  (void)in.integer(o, "", "row_version", true);
  (void)in.text(o, "", "reason", false);
  (void)in.cents(o, "", "advance_paid_cents", false);
  if (to) (void)pact::parse_application_status(*to);
  check_answer(in);
}

void annual_report(std::string_view text) {
  JsonInput in(text);
  (void)in.integer(in.root(), "", "row_version", true);
  (void)in.date(in.root(), "", "approved", true);
  check_answer(in);
}

void simulation(std::string_view text) {
  JsonInput in(text);
  const ScenarioRequest request = read_scenario(in, in.root());
  check_answer(in);
  if (!in.ok()) return;
  require(!(request.all_participants && request.scenario.participants));
}

}  // namespace

// The entry point libFuzzer calls, by its fixed name.
extern "C" int LLVMFuzzerTestOneInput(  // NOLINT(readability-identifier-naming)
    const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sign_in(text);
  new_call(text);
  new_version(text);
  application(text);
  status_change(text);
  annual_report(text);
  simulation(text);
  return 0;
}
