// Administration (docs/api.md "Administration", SPEC §6: "users and settings; no
// person data"): accounts with their role, municipality, e-mail address and
// whether they are disabled, password resets, the settings (lap/core/settings.h)
// and the log of every change. Administrators only. A citizen's account shows
// no more than its name and role: whose record it reads stays out of sight, and
// citizens' accounts are made with `lap user add --insz` (an INSZ is person data).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lap/server/api/api.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/person_access.h"
#include "lap/server/auth/password.h"

namespace lap::server::api {
namespace {

using auth::Permission;
using auth::Role;
using Json = nlohmann::json;

constexpr int kEventsShown = 200;

Json user_json(const Environment& e, const store::UserRecord& u) {
  Json out = {{"username", u.username},     {"role", u.role},
              {"disabled", u.disabled},     {"email", u.email ? Json(*u.email) : Json(nullptr)},
              {"created_at", u.created_at}, {"created_by", u.created_by}};
  if (auto role = auth::parse_role(u.role)) out["role_label"] = auth::role_dutch(*role);
  out["municipality"] = nullptr;
  if (u.municipality) {
    out["municipality"] = {{"nis", fmt::format("{:05d}", u.municipality->code())}};
    if (const auto* m = e.registry->find(*u.municipality)) out["municipality"]["name"] = m->name;
  }
  return out;
}

Response created(const Json& body) {
  auto response = no_store_json(body);
  response.status = 201;
  return response;
}

// The role and municipality of a body, checked together: a scoped role needs one of the
// registry's municipalities, the others none. Citizens are not made here.
struct Scope {
  std::optional<Role> role;
  std::optional<std::optional<Nis>> municipality;
};

void read_scope(Environment& e, JsonInput& in, Scope& scope, const store::UserRecord* current) {
  const Json& o = in.root();
  if (auto role = in.text(o, "", "role", current == nullptr)) {
    scope.role = auth::parse_role(*role);
    if (!scope.role) {
      in.problem("/role", "must be one of the roles of docs/api.md");
    } else if (*scope.role == Role::kCitizen) {
      in.problem("/role", "a citizen's account is tied to an INSZ: lap user add --insz");
    }
  }
  if (o.contains("municipality")) {
    if (o["municipality"].is_null()) {
      scope.municipality = std::optional<Nis>();
    } else if (auto nis = in.nis(o, "", "municipality", false)) {
      if (e.registry->find(*nis) == nullptr) {
        in.problem("/municipality", "must be a Flemish municipality");
      } else {
        scope.municipality = nis;
      }
    }
  }
  if (!in.ok()) return;
  std::optional<Role> role = scope.role;
  if (!role && current) role = auth::parse_role(current->role);
  std::optional<Nis> nis;
  if (scope.municipality) {
    nis = *scope.municipality;
  } else if (current) {
    nis = current->municipality;
  }
  if (role && auth::role_is_scoped(*role) && !nis) {
    in.problem("/municipality", "is required for this role");
  } else if (role && !auth::role_is_scoped(*role) && nis) {
    if (scope.municipality || !scope.role) {
      in.problem("/municipality", "must be null for this role");
    } else {
      scope.municipality = std::optional<Nis>();  // a role without scope drops the old one
    }
  }
}

std::optional<std::optional<std::string>> read_email(JsonInput& in) {
  const Json& o = in.root();
  if (!o.contains("email")) return std::nullopt;
  if (o["email"].is_null()) return std::optional<std::string>();
  auto email = in.text(o, "", "email", false);
  if (!email) return std::nullopt;
  const auto at = email->find('@');
  if (email->size() > 200 || at == 0 || at == std::string::npos ||
      email->find('.', at) == std::string::npos || email->find(' ') != std::string::npos) {
    in.problem("/email", "must be an e-mail address");
    return std::nullopt;
  }
  return std::optional<std::string>(std::move(email));
}

// GET /api/v1/admin/users
Response list_users(Environment& e, const Request&, RequestContext&) {
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto users = (*store)->users();
  if (!users) return problem_for(users.error());
  Json items = Json::array();
  for (const auto& u : *users)
    items.push_back(user_json(e, u));
  return no_store_json({{"users", std::move(items)}});
}

// The answer with a one-time password: shown once, never stored or logged.
Result<std::pair<std::string, std::string>> fresh_password() {
  auto password = auth::random_password();
  auto hash = auth::hash_password(password);
  if (!hash) return std::unexpected(hash.error());
  return std::pair{std::move(password), std::move(*hash)};
}

// POST /api/v1/admin/users
Response add_user(Environment& e, const Request& r, RequestContext& ctx) {
  JsonInput in(r.body);
  auto username = in.text(in.root(), "", "username", true);
  if (username && (username->size() < 2 || username->size() > 64 ||
                   username->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") !=
                       std::string::npos)) {
    in.problem("/username", "must be 2 to 64 of a-z, 0-9, '.', '_' and '-'");
  }
  Scope scope;
  read_scope(e, in, scope, nullptr);
  auto email = read_email(in);
  if (!in.ok()) return in.response();
  auto password = fresh_password();
  if (!password) return problem_for(password.error());
  store::UserRecord u;
  u.username = *username;
  u.role = std::string(auth::role_name(*scope.role));
  if (scope.municipality) u.municipality = *scope.municipality;
  if (email) u.email = *email;
  u.password_hash = password->second;
  u.created_by = ctx.principal->username;
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto id = (*store)->admin().add_user(u, ctx.principal->username);
  if (!id && id.error().code == ErrorCode::kAlreadyExists) {
    return Response::problem(409, "conflict", "Er bestaat al een account met deze naam.");
  }
  if (!id) return problem_for(id.error());
  auto read = (*store)->user_by_name(u.username);
  if (!read || !*read) return problem_for({ErrorCode::kInternal, "account not read back"});
  return created({{"user", user_json(e, **read)}, {"password", password->first}});
}

// Refuses the change an administrator may not make to their own account: locking
// themselves out (disabling it, or taking away its role).
std::optional<Response> own_lockout(const RequestContext& ctx, std::string_view username,
                                    const store::UserChange& change) {
  if (username != ctx.principal->username) return std::nullopt;
  if ((change.disabled && *change.disabled) ||
      (change.role && *change.role != auth::role_name(Role::kAdministrator))) {
    return Response::problem(409, "conflict",
                             "U kunt uw eigen account niet uitschakelen of uw eigen rol niet "
                             "wijzigen; vraag het een andere beheerder.");
  }
  return std::nullopt;
}

Response changed(Environment& e, store::Store& s, std::string_view username,
                 const Json& extra = {}) {
  auto read = s.user_by_name(username);
  if (!read) return problem_for(read.error());
  if (!*read) return Response::problem(404, "not_found", "Geen account met deze naam.");
  Json body = {{"user", user_json(e, **read)}};
  if (extra.is_object()) body.update(extra);
  return no_store_json(body);
}

// PATCH /api/v1/admin/users/{username}
Response change_user(Environment& e, const Request& r, RequestContext& ctx) {
  const auto username = std::string(r.params.at("username"));
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto current = (*store)->user_by_name(username);
  if (!current) return problem_for(current.error());
  if (!*current) return Response::problem(404, "not_found", "Geen account met deze naam.");
  if ((*current)->person_ref) {
    return Response::problem(409, "conflict",
                             "Het account van een burger wordt beheerd met lap user.");
  }
  JsonInput in(r.body);
  Scope scope;
  read_scope(e, in, scope, &**current);
  store::UserChange change;
  change.email = read_email(in);
  change.disabled = in.boolean(in.root(), "", "disabled", false);
  if (!in.ok()) return in.response();
  if (scope.role) change.role = std::string(auth::role_name(*scope.role));
  change.municipality = scope.municipality;
  if (change.empty()) {
    in.problem("", "must change role, municipality, email or disabled");
    return in.response();
  }
  if (auto refused = own_lockout(ctx, username, change)) return *refused;
  auto done = (*store)->admin().change_user(username, change, ctx.principal->username);
  if (!done) return problem_for(done.error());
  return changed(e, **store, username);
}

// POST /api/v1/admin/users/{username}/password-reset
Response reset_password(Environment& e, const Request& r, RequestContext& ctx) {
  const auto username = std::string(r.params.at("username"));
  auto password = fresh_password();
  if (!password) return problem_for(password.error());
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto current = (*store)->user_by_name(username);
  if (!current) return problem_for(current.error());
  if (!*current) return Response::problem(404, "not_found", "Geen account met deze naam.");
  store::UserChange change;
  change.password_hash = password->second;
  auto done = (*store)->admin().change_user(username, change, ctx.principal->username);
  if (!done) return problem_for(done.error());
  return changed(e, **store, username, {{"password", password->first}});
}

// The settings in force with their bounds and labels.
Json settings_json(const Settings& s, const std::map<std::string, std::string>& stored) {
  Json items = Json::array();
  const Settings defaults;
  for (const auto& spec : setting_specs()) {
    const bool boolean = spec.kind == SettingKind::kBoolean;
    auto value_of = [&](const Settings& from) -> Json {
      const auto text = setting_value(from, spec.key);
      if (boolean) return text == "true";
      return std::stoll(text);
    };
    Json item = {{"key", spec.key},
                 {"label", spec.label},
                 {"help", spec.help},
                 {"kind", boolean ? "boolean" : "integer"},
                 {"value", value_of(s)},
                 {"default", value_of(defaults)},
                 {"stored", stored.contains(std::string(spec.key))}};
    if (!boolean) {
      item["min"] = spec.min;
      item["max"] = spec.max;
    }
    items.push_back(std::move(item));
  }
  return {{"settings", std::move(items)}};
}

// GET /api/v1/admin/settings
Response get_settings(Environment& e, const Request&, RequestContext&) {
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto stored = (*store)->stored_settings();
  if (!stored) return problem_for(stored.error());
  auto s = settings_from(*stored);
  if (!s) return problem_for(s.error());
  return no_store_json(settings_json(*s, *stored));
}

// PUT /api/v1/admin/settings/{key}  {"value": 7 | true}
Response put_setting(Environment& e, const Request& r, RequestContext& ctx) {
  const auto key = std::string(r.params.at("key"));
  const SettingSpec* spec = find_setting(key);
  if (!spec) return Response::problem(404, "not_found", "Geen instelling met deze naam.");
  JsonInput in(r.body);
  std::string text;
  if (spec->kind == SettingKind::kBoolean) {
    if (auto b = in.boolean(in.root(), "", "value", true)) text = *b ? "true" : "false";
  } else if (auto n = in.integer(in.root(), "", "value", true)) {
    text = std::to_string(*n);
  }
  if (!in.ok()) return in.response();
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto stored = (*store)->stored_settings();
  if (!stored) return problem_for(stored.error());
  auto next = settings_from(*stored);
  if (!next) return problem_for(next.error());
  if (auto ok = apply_setting(*next, key, text); !ok) {
    in.problem("/value", ok.error().message);
    return in.response();
  }
  if (auto ok = (*store)->admin().set_setting(key, text, ctx.principal->username); !ok) {
    return problem_for(ok.error());
  }
  if (e.settings) e.settings->set(*next);
  (*stored)[key] = text;
  return no_store_json(settings_json(*next, *stored));
}

// GET /api/v1/admin/events
Response events(Environment& e, const Request&, RequestContext&) {
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto found = (*store)->admin_events(kEventsShown);
  if (!found) return problem_for(found.error());
  Json items = Json::array();
  for (const auto& ev : *found) {
    items.push_back({{"event", ev.id},
                     {"at", ev.at},
                     {"actor", ev.actor},
                     {"action", ev.action},
                     {"subject", ev.subject},
                     {"detail", Json::parse(ev.detail, nullptr, false)}});
  }
  return no_store_json({{"events", std::move(items)}});
}

template <typename Handler>
auto administer(Environment* e, Handler handler) {
  return [e, handler](const Request& r, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kAdminister)) return *d;
    return handler(*e, r, ctx);
  };
}

}  // namespace

Settings settings_of(const Environment& env) {
  return env.settings ? env.settings->get() : Settings{};
}

void add_admin_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/admin/users", administer(e, list_users));
  router.add("POST", "/api/v1/admin/users", administer(e, add_user));
  router.add("PATCH", "/api/v1/admin/users/{username}", administer(e, change_user));
  router.add("POST", "/api/v1/admin/users/{username}/password-reset",
             administer(e, reset_password));
  router.add("GET", "/api/v1/admin/settings", administer(e, get_settings));
  router.add("PUT", "/api/v1/admin/settings/{key}", administer(e, put_setting));
  router.add("GET", "/api/v1/admin/events", administer(e, events));
}

}  // namespace lap::server::api
