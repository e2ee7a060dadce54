// Sign-in, the current session and sign-out; the middleware that puts the
// signed-in user on every API request and checks the CSRF token.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/server/api/api.h"
#include "lap/server/api/json_input.h"
#include "lap/server/auth/password.h"

namespace lap::server::api {
namespace {

bool is_state_changing(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

nlohmann::json principal_json(const Principal& p) {
  nlohmann::json j = {{"username", p.username},
                      {"role", auth::role_name(p.role)},
                      {"role_label", auth::role_dutch(p.role)},
                      {"csrf_token", p.csrf_token}};
  j["municipality"] = p.municipality ? nlohmann::json(*p.municipality) : nlohmann::json(nullptr);
  return j;
}

}  // namespace

void add_session_routes(Service& service, Environment& env) {
  auth::Authenticator* authenticator = env.authenticator;
  ConcurrencyLimit* limit = env.concurrency;

  service.router().use([authenticator, limit](const Request& request, RequestContext& context,
                                              const Handler& next) -> Response {
    // Only the API's own routes; static files, /healthz and /metrics pass.
    if (!context.route_pattern.starts_with("/api/")) return next(request, context);
    if (auto cookies = request.header("cookie")) {
      if (auto token = auth::cookie_value(*cookies, auth::kSessionCookie)) {
        auto resolved = authenticator->resolve(*token);
        if (!resolved) return problem_for(resolved.error());
        context.principal = std::move(*resolved);
      }
    }
    bool is_public = false;
    for (const auto& r : route_permissions()) {
      if (r.public_route && r.method == request.method && r.pattern == context.route_pattern) {
        is_public = true;
      }
    }
    // One user, or one address before sign-in, gets a few workers at most.
    std::optional<ConcurrencyLimit::Permit> permit =
        limit == nullptr
            ? std::nullopt
            : limit->try_acquire(context.principal
                                     ? fmt::format("user {}", context.principal->user_id)
                                     : fmt::format("address {}", request.client_address));
    if (limit != nullptr) {
      if (!permit) {
        auto busy =
            Response::problem(429, "too_many_requests",
                              "U hebt al verschillende verzoeken lopen; wacht tot die klaar zijn.");
        busy.headers.emplace_back("Retry-After", "1");
        return busy;
      }
    }
    if (is_public) return next(request, context);
    if (!context.principal) {
      return Response::problem(401, "unauthenticated", "Meld u eerst aan.");
    }
    if (is_state_changing(request.method)) {
      auto sent = request.header("x-csrf-token");
      if (!sent || !auth::constant_time_equal(*sent, context.principal->csrf_token)) {
        return Response::problem(403, "csrf",
                                 "Het CSRF-token ontbreekt of klopt niet; laad de pagina opnieuw.");
      }
    }
    return next(request, context);
  });

  service.router().add(
      "POST", "/api/v1/session",
      [authenticator](const Request& request, RequestContext&) -> Response {
        // Only JSON: a cross-site HTML form cannot send it, so no page elsewhere can
        // sign a visitor in to an account of its choosing.
        auto type = request.header("content-type");
        if (!type || !type->starts_with("application/json")) {
          return Response::problem(415, "unsupported_media_type",
                                   "Aanmelden verwacht Content-Type: application/json.");
        }
        auto body = parse_body(request.body);
        if (body.is_discarded() || !body.is_object() || !body.contains("username") ||
            !body.contains("password") || !body["username"].is_string() ||
            !body["password"].is_string()) {
          return Response::problem(400, "bad_request",
                                   R"(Verwacht {"username": "...", "password": "..."} als JSON.)");
        }
        auto outcome =
            authenticator->login(body["username"].get<std::string>(),
                                 body["password"].get<std::string>(), request.client_address);
        if (!outcome) return problem_for(outcome.error());
        using Kind = auth::LoginOutcome::Kind;
        if (outcome->kind == Kind::kThrottled) {
          Response r =
              Response::problem(429, "too_many_attempts",
                                "Te veel mislukte aanmeldpogingen; probeer het later opnieuw.");
          r.headers.emplace_back("retry-after", std::to_string(outcome->retry_after_seconds));
          return r;
        }
        if (outcome->kind == Kind::kRefused) {
          return Response::problem(401, "invalid_credentials",
                                   "Gebruikersnaam of wachtwoord is onjuist.");
        }
        Response r = Response::json(200, principal_json(outcome->principal).dump());
        r.headers.emplace_back(
            "set-cookie", auth::session_cookie(outcome->token,
                                               authenticator->settings().absolute_timeout_seconds));
        r.headers.emplace_back("cache-control", "no-store");
        return r;
      });

  service.router().add(
      "GET", "/api/v1/session", [](const Request&, RequestContext& context) -> Response {
        Response r = Response::json(200, principal_json(*context.principal).dump());
        r.headers.emplace_back("cache-control", "no-store");
        return r;
      });

  service.router().add("DELETE", "/api/v1/session",
                       [authenticator](const Request&, RequestContext& context) -> Response {
                         if (auto s = authenticator->logout(*context.principal); !s) {
                           return problem_for(s.error());
                         }
                         Response r;
                         r.status = 204;
                         r.content_type.clear();
                         r.headers.emplace_back("set-cookie", auth::expired_session_cookie());
                         return r;
                       });
}

std::optional<Response> deny_unless(const RequestContext& context, auth::Permission permission) {
  if (!context.principal) return Response::problem(401, "unauthenticated", "Meld u eerst aan.");
  if (!auth::allowed(context.principal->role, permission)) {
    return Response::problem(403, "forbidden", "Uw rol geeft geen toegang tot deze gegevens.");
  }
  return std::nullopt;
}

Response problem_for(const Error& error) {
  // The text of a database error (a constraint, a serialisation failure) names
  // tables, columns and values: it is for the server's log, not for clients.
  if (error.message.starts_with("database")) {
    fmt::print(stderr,
               R"({{"level":"warning","message":"{}"}})"
               "\n",
               json_escape(error.message));
    if (error.code == ErrorCode::kAlreadyExists || error.code == ErrorCode::kFailedPrecondition) {
      return Response::problem(409, "conflict",
                               "Deze wijziging botst met gegevens die intussen gewijzigd zijn; "
                               "laad de pagina opnieuw en probeer het nog eens.");
    }
    if (error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kNotFound) {
      return Response::problem(500, "internal", "De server kon dit verzoek niet beantwoorden.");
    }
  }
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return Response::problem(422, "invalid", dutch_invalid(error.message));
    case ErrorCode::kNotFound:
      return Response::problem(404, "not_found", error.message);
    case ErrorCode::kAlreadyExists:
      return Response::problem(409, "exists", error.message);
    case ErrorCode::kFailedPrecondition:
      return Response::problem(409, "conflict", error.message);
    case ErrorCode::kIo: {
      auto r = Response::problem(503, "unavailable",
                                 "De databank is even niet bereikbaar; probeer het zo opnieuw.");
      r.headers.emplace_back("Retry-After", "2");
      return r;
    }
    case ErrorCode::kInternal:
      break;
  }
  return Response::problem(500, "internal", "De server kon dit verzoek niet beantwoorden.");
}

}  // namespace lap::server::api
