// `lap user`: local accounts of the web application (docs/server.md).
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/server/auth/password.h"
#include "lap/server/auth/roles.h"
#include "lap/store/store.h"

namespace lap::cli {
namespace {

struct UserOptions {
  std::string db = default_database();
  std::string username, role, municipality;
  std::string insz;   // a citizen: whose record the account reads
  std::string email;  // where notifications are mailed
  bool password_stdin = false;
  bool enable = false;
};

int user_fail(const Error& e) {
  fmt::print(stderr, "lap user: {}\n", e.message);
  return exit_code_for(e);
}

Result<std::unique_ptr<store::Store>> open(const UserOptions& o) {
  auto store = store::open_store(o.db, store::OpenMode::kCreate);
  if (!store) return std::unexpected(store.error());
  if (auto m = (*store)->migrate(); !m) return std::unexpected(m.error());
  return store;
}

// The new password: one line from standard input, or a generated one (printed).
Result<std::string> new_password(const UserOptions& o, bool& generated) {
  generated = !o.password_stdin;
  if (generated) return server::auth::random_token().substr(0, 20);
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int add_user(const UserOptions& o) {
  auto role = server::auth::parse_role(o.role);
  if (!role) {
    return user_fail({ErrorCode::kInvalidArgument,
                      fmt::format("--role {}: one of ocmw_counsellor, vdab_mediator, "
                                  "wse_analyst, local_government, citizen, administrator",
                                  o.role)});
  }
  store::UserRecord user;
  user.username = o.username;
  user.role = std::string(server::auth::role_name(*role));
  user.created_by = os_user();
  if (o.username.empty() || o.username.size() > 64 ||
      o.username.find_first_of(" \t\r\n") != std::string::npos) {
    return user_fail(
        {ErrorCode::kInvalidArgument, "--username: 1 to 64 characters without spaces"});
  }
  if (server::auth::role_is_scoped(*role)) {
    auto nis = Nis::parse(o.municipality);
    if (o.municipality.empty() || !nis || !geo::Registry::builtin().find(*nis)) {
      return user_fail({ErrorCode::kInvalidArgument,
                        fmt::format("--municipality: the role {} needs the NIS code of a "
                                    "Flemish municipality",
                                    o.role)});
    }
    user.municipality = *nis;
  } else if (!o.municipality.empty()) {
    return user_fail(
        {ErrorCode::kInvalidArgument,
         fmt::format("--municipality: the role {} is not tied to one municipality", o.role)});
  }
  if (!o.email.empty()) {
    if (o.email.size() > 254 || o.email.find('@') == std::string::npos ||
        o.email.find_first_of(" \t\r\n<>,;") != std::string::npos) {
      return user_fail({ErrorCode::kInvalidArgument, "--email: one e-mail address"});
    }
    user.email = o.email;
  }
  if ((*role == server::auth::Role::kCitizen) != !o.insz.empty()) {
    return user_fail({ErrorCode::kInvalidArgument,
                      "--insz: required for a citizen (whose own record the account reads), "
                      "refused for every other role"});
  }
  bool generated = false;
  auto password = new_password(o, generated);
  if (!password) return user_fail(password.error());
  auto hash = server::auth::hash_password(*password);
  if (!hash) return user_fail(hash.error());
  user.password_hash = *hash;
  auto store = open(o);
  if (!store) return user_fail(store.error());
  if (!o.insz.empty()) {
    // The account holds the person's pseudonym, never the INSZ; only an INSZ of the data.
    auto ref = (*store)->person_of_insz(o.insz);
    if (!ref) return user_fail(ref.error());
    if (!*ref) {
      return user_fail(
          {ErrorCode::kNotFound, "--insz: no person with this INSZ in the imported data"});
    }
    user.person_ref = **ref;
  }
  auto id = (*store)->admin().add_user(user, "cli:" + os_user());
  if (!id) return user_fail(id.error());
  fmt::print("user {} added: {}{}\n", user.username, user.role,
             user.municipality ? " of " + user.municipality->to_string() : "");
  if (generated) fmt::print("password: {}\n", *password);
  return kExitOk;
}

}  // namespace

void register_user_command(CLI::App& app) {
  auto* user = app.add_subcommand("user", "local accounts of the web application");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "add an account (the password hashed with argon2id)");
  auto a = std::make_shared<UserOptions>();
  add->add_option(
      "--db", a->db,
      "the database: an SQLite file or a postgresql:// URL (default $LAP_DB or lap.sqlite)");
  add->add_option("--username", a->username, "the sign-in name")->required();
  add->add_option("--role", a->role,
                  "ocmw_counsellor, vdab_mediator, wse_analyst, local_government, citizen or "
                  "administrator (domain.md §6)")
      ->required();
  add->add_option("--municipality", a->municipality,
                  "NIS code: required for ocmw_counsellor and local_government");
  add->add_option("--email", a->email,
                  "where notifications of case changes are mailed (lap serve --smtp)");
  add->add_option("--insz", a->insz,
                  "citizen: the INSZ of the person whose own record the account reads (stored "
                  "as the person's pseudonym)");
  add->add_flag("--password-stdin", a->password_stdin,
                "read the password (at least 12 characters) from the first line of standard "
                "input; otherwise one is generated and printed");
  add->callback([a] { set_command([a] { return add_user(*a); }); });

  auto* list = user->add_subcommand("list", "the accounts (never a password or hash)");
  auto l = std::make_shared<UserOptions>();
  list->add_option(
      "--db", l->db,
      "the database: an SQLite file or a postgresql:// URL (default $LAP_DB or lap.sqlite)");
  list->callback([l] {
    set_command([l] {
      auto store = open(*l);
      if (!store) return user_fail(store.error());
      auto users = (*store)->auth().users();
      if (!users) return user_fail(users.error());
      for (const auto& u : *users) {
        fmt::print("{:<24} {:<18} {:<6} {}{}\n", u.username, u.role,
                   u.municipality ? u.municipality->to_string() : "-", u.created_at,
                   u.disabled ? "  disabled" : "");
      }
      return static_cast<int>(kExitOk);
    });
  });

  auto* passwd = user->add_subcommand("password", "set a new password (ends the user's sessions)");
  auto p = std::make_shared<UserOptions>();
  passwd->add_option(
      "--db", p->db,
      "the database: an SQLite file or a postgresql:// URL (default $LAP_DB or lap.sqlite)");
  passwd->add_option("--username", p->username, "the account")->required();
  passwd->add_flag("--password-stdin", p->password_stdin,
                   "read the password from standard input; otherwise one is generated");
  passwd->callback([p] {
    set_command([p] {
      bool generated = false;
      auto password = new_password(*p, generated);
      if (!password) return user_fail(password.error());
      auto hash = server::auth::hash_password(*password);
      if (!hash) return user_fail(hash.error());
      auto store = open(*p);
      if (!store) return user_fail(store.error());
      store::UserChange change;
      change.password_hash = *hash;
      if (auto s = (*store)->admin().change_user(p->username, change, "cli:" + os_user()); !s)
        return user_fail(s.error());
      fmt::print("password of {} changed\n", p->username);
      if (generated) fmt::print("password: {}\n", *password);
      return static_cast<int>(kExitOk);
    });
  });

  for (bool disable : {true, false}) {
    auto* cmd = user->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "disable an account (ends its sessions)" : "enable a disabled account");
    auto d = std::make_shared<UserOptions>();
    cmd->add_option(
        "--db", d->db,
        "the database: an SQLite file or a postgresql:// URL (default $LAP_DB or lap.sqlite)");
    cmd->add_option("--username", d->username, "the account")->required();
    cmd->callback([d, disable] {
      set_command([d, disable] {
        auto store = open(*d);
        if (!store) return user_fail(store.error());
        store::UserChange change;
        change.disabled = disable;
        if (auto s = (*store)->admin().change_user(d->username, change, "cli:" + os_user()); !s) {
          return user_fail(s.error());
        }
        fmt::print("{} {}\n", d->username, disable ? "disabled" : "enabled");
        return static_cast<int>(kExitOk);
      });
    });
  }
}

}  // namespace lap::cli
