// Request targets (`/path?query`) on arbitrary bytes: set_target splits and
// decodes them as the HTTP layer does, the router matches the path against
// API patterns, and a handler reads the query parameters the API handlers read
// (format, on, through, month, period, indicator, nis, purpose, ...).
//
// Whatever the bytes: the answer is 200, 400, 404 or 405 with a JSON body; a
// route only ever sees valid UTF-8; every value that parses survives printing
// and parsing again.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lap/core/date.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/measure/figure.h"
#include "lap/server/router.h"

namespace {

using namespace lap;
using namespace lap::server;
using Json = nlohmann::json;

void require(bool condition) {
  if (!condition) std::abort();
}

// A decoded text in a JSON string: escaped, it reads back as itself.
void check_escape(std::string_view text) {
  const Json back = Json::parse("\"" + json_escape(text) + "\"", nullptr, false);
  require(back.is_string() && back.get<std::string>() == text);
}

// A value printed and parsed again.
template <typename T>
bool same(const Result<T>& again, const T& value) {
  return again.has_value() && *again == value;
}

void check_values(const Request& r) {
  for (const auto& [key, value] : r.query) {
    require(valid_utf8(key) && valid_utf8(value));
    check_escape(key);
    check_escape(value);
  }
  for (const auto& [name, value] : r.params) {
    require(valid_utf8(value));
    check_escape(value);
  }
  for (std::string_view key : {"on", "approved"}) {
    if (auto text = r.query_param(key)) {
      if (auto d = Date::parse(*text)) require(same(Date::parse(d->to_string()), *d));
    }
  }
  for (std::string_view key : {"through", "month"}) {
    if (auto text = r.query_param(key)) {
      if (auto m = Month::parse(*text)) require(same(Month::parse(m->to_string()), *m));
    }
  }
  if (auto text = r.query_param("period")) {
    if (auto p = measure::Period::parse(*text)) {
      require(measure::Period::parse(p->to_string()) == p);
      require(p->first <= p->last);
    }
  }
  if (auto text = r.query_param("indicator")) {
    if (auto i = measure::indicator_from_id(*text)) require(measure::to_id(*i) == *text);
  }
  if (auto text = r.query_param("nis")) {
    if (auto n = Nis::parse(*text)) require(same(Nis::parse(n->to_string()), *n));
  }
}

const Router& router() {
  static const Router kRouter = [] {
    Router r;
    const Handler handler = [](const Request& request, RequestContext&) {
      check_values(request);
      return Response::json(200, "{}");
    };
    constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kRoutes = {{
        {"GET", "/api/v1/session"},
        {"POST", "/api/v1/session"},
        {"GET", "/api/v1/calls"},
        {"GET", "/api/v1/calls/{call}"},
        {"PUT", "/api/v1/calls/{call}/counts"},
        {"GET", "/api/v1/calls/{call}/werktabel"},
        {"GET", "/api/v1/calls/{call}/statements/{unit}"},
        {"POST", "/api/v1/calls/{call}/simulation"},
        {"GET", "/api/v1/applications/{id}"},
        {"GET", "/api/v1/dashboard/{nis}"},
        {"GET", "/api/v1/persons"},
        {"GET", "/api/v1/persons/{person}"},
    }};
    for (const auto& [method, pattern] : kRoutes)
      r.add(method, pattern, handler);
    r.set_fallback(handler);
    return r;
  }();
  return kRouter;
}

}  // namespace

// The entry point libFuzzer calls, by its fixed name.
extern "C" int LLVMFuzzerTestOneInput(  // NOLINT(readability-identifier-naming)
    const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<std::string_view, 5> kMethods = {"GET", "HEAD", "POST", "PUT",
                                                               "DELETE"};
  const std::string_view target(reinterpret_cast<const char*>(data + 1), size - 1);
  Request request;
  request.method = std::string(kMethods[data[0] % kMethods.size()]);
  set_target(request, target);
  require(request.path == target.substr(0, target.find('?')));
  RequestContext context;
  const Response response = router().dispatch(request, context);
  require(response.status == 200 || response.status == 400 || response.status == 404 ||
          response.status == 405);
  require(!Json::parse(response.body, nullptr, false).is_discarded());
  require(context.route_index <= router().route_infos().size());
  return 0;
}
