// The HTTP vocabulary of the server without any network library: a request,
// a response, the per-request context and a router from method + path pattern
// to handler.
//
// Only `server/http/` knows Boost.Beast; it turns the bytes on the wire into a
// `Request`, asks the `Router` (through `Router::dispatch`) for a `Response`
// and writes it back. Everything here is plain data and tests without sockets.
//
// Patterns are absolute paths whose segments are literals or `{name}`
// parameters: `/api/v1/calls/{id}`. A parameter matches one non-empty segment;
// its percent-decoded value is in `Request::params`. When several patterns
// match a path, the one with the most literal segments wins (so `/calls/new`
// beats `/calls/{id}`).
//
// Thread safety: routes, middleware and the fallback are registered before the
// server starts; afterwards `dispatch` is const and may run on many threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lap/server/auth/roles.h"

namespace lap::server {

// Header names are stored in lower case.
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", ... as sent
  std::string path;    // the target without the query string, not decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;
  std::string remote_address;  // the socket's peer: "127.0.0.1" or "::1"
  // The client behind trusted proxies (client_address.h); set by
  // Service::handle, the peer address when no proxy is trusted.
  std::string client_address;
  // Filled by the router: the decoded `{name}` segments of the matched route.
  std::map<std::string, std::string, std::less<>> params;

  // The first header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view name) const;
  // The first query parameter with this name.
  std::optional<std::string_view> query_param(std::string_view name) const;
  // A path parameter of the matched route (empty when absent).
  std::string_view param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  Headers headers;  // besides Content-Type and Content-Length
  std::string body;

  // A JSON document (already serialised).
  static Response json(int status, std::string body);
  // The problem document of every error:
  // {"error":{"code":"not_found","message":"..."}}.
  static Response problem(int status, std::string_view code, std::string_view message);
};

// The signed-in user of a request (set by the session middleware).
struct Principal {
  int64_t user_id = 0;
  std::string username;
  auth::Role role = auth::Role::kCitizen;
  std::optional<int> municipality;        // NIS code of a scoped role
  std::optional<std::string> person_ref;  // a citizen: the pseudonym of their own record
  std::string session_sha256;             // the stored form of the session token
  std::string csrf_token;
};

// What the server knows about a request besides the request itself. Filled by
// the router (the route) and by middleware (the signed-in user).
struct RequestContext {
  // The matched route's index in `Router::routes()`, or one of the indices
  // below for requests without a route.
  std::size_t route_index = 0;
  std::string_view route_pattern;  // "/api/v1/calls/{id}"; never the raw path
  std::optional<Principal> principal;
};

using Handler = std::function<Response(const Request&, RequestContext&)>;
// Wraps the rest of the chain: may answer itself (401, 403) or call `next`.
using Middleware = std::function<Response(const Request&, RequestContext&, const Handler& next)>;

// One registered route, as the OpenAPI comparison and the metrics see it.
struct RouteInfo {
  std::string method;
  std::string pattern;
};

class Router {
 public:
  // The pseudo routes after the registered ones in `route_infos()`: the
  // fallback (static files), unknown paths (404), wrong methods (405) and
  // requests the HTTP layer refused before routing (400, 413, 431).
  static constexpr std::string_view kFallbackPattern = "(static)";
  static constexpr std::string_view kNotFoundPattern = "(not found)";
  static constexpr std::string_view kMethodNotAllowedPattern = "(method not allowed)";
  static constexpr std::string_view kRejectedPattern = "(rejected)";

  // Registers `handler` for `method` and `pattern`. Throws std::invalid_argument
  // for a malformed pattern or a duplicate (a programming error).
  void add(std::string_view method, std::string_view pattern, Handler handler);
  // Answers GET and HEAD requests that match no route (static files).
  void set_fallback(Handler handler);
  // Middleware run around every handler, the first added outermost.
  void use(Middleware middleware);

  // The registered routes in registration order.
  std::vector<RouteInfo> routes() const;
  // The registered routes followed by the four pseudo routes; indices match
  // `RequestContext::route_index`.
  std::vector<RouteInfo> route_infos() const;

  // Finds the route, fills `request.params` and the context, and runs the
  // middleware and the handler. 404 and 405 (with `Allow`) are problem
  // responses; HEAD falls back to GET. Exceptions of handlers propagate.
  Response dispatch(Request& request, RequestContext& context) const;

 private:
  struct Segment {
    std::string text;
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    int literals = 0;
    Handler handler;
  };

  Response run(const Handler& handler, const Request& request, RequestContext& context) const;

  std::vector<Route> routes_;
  Handler fallback_;
  std::vector<Middleware> middleware_;
};

// Splits `/a/b%20c/` into its percent-decoded segments {"a", "b c"}; nullopt
// for an invalid escape or a decoded NUL.
std::optional<std::vector<std::string>> split_path(std::string_view path);
// Decodes %XX (and `+` as space when `plus_is_space`); nullopt when invalid or
// when it decodes to NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code
// points above U+10FFFF). Decoded paths and query parameters must be.
bool valid_utf8(std::string_view text);
// Parses `a=1&b=x%20y` into decoded pairs; malformed escapes are kept raw.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);
// Sets `request.path` (not decoded) and `request.query` (parsed) from a request
// target `/a/b?x=1`.
void set_target(Request& request, std::string_view target);
// Escapes `text` for inclusion in a JSON string (without the quotes).
std::string json_escape(std::string_view text);
// The reason phrase of a status code ("Not Found").
std::string_view status_reason(int status);

}  // namespace lap::server
