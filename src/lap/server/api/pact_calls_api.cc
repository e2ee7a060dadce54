// The routes of calls (docs/api.md, "Calls"): the list, a new call and its versions, the count
// and results tables a call uses, the werktabel.
#include "lap/pact/presets.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/pact_json.h"

namespace lap::server::api::pact_http {
namespace {

// The name an upload's problems cite (`name:line:column`) and the store records:
// `?file=` made safe (default `upload.csv`).
std::string upload_name(const Request& request) {
  return safe_file_name(request.query_param("file").value_or(""), "upload.csv");
}

// PUT .../counts and .../results: the same answer for both tables.
Response import_table(const Request& r, Session& s, bool counts) {
  const std::string call(r.param("call"));
  const pact::TableFile file{upload_name(r), r.body};
  auto imported =
      counts ? s.service->import_counts(call, file) : s.service->import_results(call, file);
  if (!imported) return problem_for(imported.error());
  if (!imported->problems.empty()) {
    Json list = Json::array();
    for (const auto& p : imported->problems)
      list.push_back(p);
    return json_response(422, {{"error",
                                {{"code", "invalid_file"},
                                 {"message", "Het bestand is geweigerd; er is niets opgeslagen."},
                                 {"problems", list}}}});
  }
  return json_response(200, {{"changed", imported->changed}, {"rows", imported->rows}});
}

}  // namespace

Response list_calls(const Request&, RequestContext&, Session& s) {
  auto calls = s.service->calls();
  if (!calls) return problem_for(calls.error());
  Json list = Json::array();
  for (const auto& c : *calls)
    list.push_back(call_json(c, s.today));
  return json_response(200, {{"calls", list}});
}

Response create_call(const Request& r, RequestContext&, Session& s) {
  JsonInput in(r.body);
  const Json& o = in.root();
  auto id = in.text(o, "", "id", true);
  auto title = in.text(o, "", "title", true);
  auto valid_from = in.date(o, "", "valid_from", false);
  auto p = read_parameters(in, o, std::nullopt);
  if (!in.ok()) return in.response();
  auto call = pact::make_call(*id, *title, valid_from.value_or(s.today), "", p);
  if (auto made = s.service->create_call(call); !made) return problem_for(made.error());
  return json_response(201, call_json(*s.service->call(*id), s.today));
}

Response get_call(const Request&, RequestContext&, Session& s, const pact::Call& call) {
  return json_response(200, call_json(call, s.today));
}

Response add_version(const Request& r, RequestContext&, Session& s, const pact::Call& call) {
  JsonInput in(r.body);
  const Json& o = in.root();
  auto valid_from = in.date(o, "", "valid_from", true);
  auto note = in.text(o, "", "note", true);
  auto p = read_parameters(in, o, call.latest().parameters);
  if (!in.ok()) return in.response();
  if (auto added = s.service->add_version(call.id, *valid_from, *note, p); !added) {
    return problem_for(added.error());
  }
  return json_response(201, call_json(*s.service->call(call.id), s.today));
}

Response import_counts(const Request& r, RequestContext&, Session& s) {
  return import_table(r, s, true);
}

Response import_results(const Request& r, RequestContext&, Session& s) {
  return import_table(r, s, false);
}

Response werktabel(const Request& r, RequestContext&, Session& s, const pact::Call& call) {
  Date on = s.today;
  if (auto text = r.query_param("on")) {
    auto d = Date::parse(*text);
    if (!d) return Response::problem(400, "bad_request", "on: moet een datum JJJJ-MM-DD zijn");
    on = *d;
  }
  auto table = s.service->werktabel(call.id, on);
  if (!table) return problem_for(table.error());
  return sheet_response(r, report::werktabel_sheet(*table, s.export_context(call.title)),
                        "werktabel_" + call.id);
}

}  // namespace lap::server::api::pact_http
