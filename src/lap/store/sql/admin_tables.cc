// SqlStore, administration (admin_store.h, migration 0015_admin.sql): settings,
// the contacts directory and account changes, each with its admin_event row in
// the same transaction.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

using nlohmann::json;

json nis_json(const std::optional<Nis>& nis) {
  return nis ? json(fmt::format("{:05d}", nis->code())) : json(nullptr);
}

// What `change` does, for the log: never the password or its hash.
json change_detail(const UserChange& change) {
  json d = json::object();
  if (change.role) d["role"] = *change.role;
  if (change.municipality) d["municipality"] = nis_json(*change.municipality);
  if (change.email) d["email"] = change.email->has_value() ? json(**change.email) : json(nullptr);
  if (change.disabled) d["disabled"] = *change.disabled;
  if (change.password_hash) d["password_reset"] = true;
  return d;
}

Status end_sessions(Database& db, std::string_view username) {
  LAP_TRY(end, db.prepare("DELETE FROM user_session WHERE user_id = (SELECT user_id FROM "
                          "app_user WHERE username = ?1)"));
  return end.bind(1, username).run();
}

cases::MunicipalityContacts read_contacts(const Statement& st) {
  cases::MunicipalityContacts c;
  c.nis = *Nis::from_int(static_cast<int>(st.int64(0)));
  c.ocmw = {st.text(1), st.text(2), st.text(3)};
  c.vdab = {st.text(4), st.text(5), st.text(6)};
  c.note = st.text(7);
  c.row_version = st.int64(8);
  c.updated_at = st.text(9);
  c.updated_by = st.text(10);
  return c;
}

constexpr std::string_view kContactColumns =
    "nis, ocmw_name, ocmw_phone, ocmw_email, vdab_name, vdab_phone, vdab_email, note, "
    "row_version, updated_at, updated_by";

json contacts_detail(const cases::MunicipalityContacts& c) {
  json days = json::array();
  for (const auto& d : c.consultation) {
    days.push_back({{"weekday", d.weekday},
                    {"from", d.start_time},
                    {"to", d.end_time},
                    {"frequency", cases::to_id(d.frequency)},
                    {"place", d.place}});
  }
  return {{"ocmw", {{"name", c.ocmw.name}, {"phone", c.ocmw.phone}, {"email", c.ocmw.email}}},
          {"vdab", {{"name", c.vdab.name}, {"phone", c.vdab.phone}, {"email", c.vdab.email}}},
          {"consultation", days},
          {"note", c.note}};
}

}  // namespace

Status SqlStore::admin_event(std::string_view actor, std::string_view action,
                             std::string_view subject, std::string_view detail) {
  LAP_TRY(st, db_.prepare("INSERT INTO admin_event (at, actor, action, subject, detail) VALUES "
                          "(?1, ?2, ?3, ?4, ?5)"));
  return st.bind(1, now_utc())
      .bind(2, actor)
      .bind(3, action)
      .bind(4, subject)
      .bind(5, detail)
      .run();
}

Result<int64_t> SqlStore::add_user(const UserRecord& user, std::string_view actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(id, insert_user(user));
    json d = {{"role", user.role},
              {"municipality", nis_json(user.municipality)},
              {"email", user.email ? json(*user.email) : json(nullptr)},
              {"disabled", user.disabled},
              {"citizen_tied", user.person_ref.has_value()}};
    LAP_TRY_STATUS(admin_event(actor, "user_added", user.username, d.dump()));
    return id;
  });
}

Status SqlStore::change_user(std::string_view username, const UserChange& change,
                             std::string_view actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(st, db_.prepare(
                    "UPDATE app_user SET role = COALESCE(?2, role), municipality = CASE WHEN ?3 "
                    "= 1 THEN ?4 ELSE municipality END, email = CASE WHEN ?5 = 1 THEN ?6 ELSE "
                    "email END, disabled = COALESCE(?7, disabled), password_hash = COALESCE(?8, "
                    "password_hash) WHERE username = ?1"));
    std::optional<int64_t> nis;
    if (change.municipality && *change.municipality) nis = (*change.municipality)->code();
    std::optional<int64_t> disabled;
    if (change.disabled) disabled = *change.disabled ? 1 : 0;
    std::optional<std::string> email;
    if (change.email) email = *change.email;
    st.bind(1, username)
        .bind(2, change.role)
        .bind(3, int64_t{change.municipality ? 1 : 0})
        .bind(4, nis)
        .bind(5, int64_t{change.email ? 1 : 0})
        .bind(6, email)
        .bind(7, disabled)
        .bind(8, change.password_hash);
    if (auto ran = st.run(); !ran) {
      return make_error(
          ErrorCode::kInvalidArgument,
          fmt::format("the account '{}' cannot be changed so: {}", username, ran.error().message));
    }
    if (db_.changes() == 0) {
      return make_error(ErrorCode::kNotFound, fmt::format("no user '{}'", username));
    }
    if (change.role || change.municipality || change.password_hash ||
        (change.disabled && *change.disabled)) {
      LAP_TRY_STATUS(end_sessions(db_, username));
    }
    return admin_event(actor, "user_changed", username, change_detail(change).dump());
  });
}

Result<std::map<std::string, std::string>> SqlStore::stored_settings() {
  LAP_TRY(st, db_.prepare("SELECT key, value FROM app_setting ORDER BY key"));
  std::map<std::string, std::string> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.emplace(st.text(0), st.text(1));
  }
  return out;
}

Status SqlStore::set_setting(std::string_view key, std::string_view value, std::string_view actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(old, db_.prepare("SELECT value FROM app_setting WHERE key = ?1"));
    old.bind(1, key);
    LAP_TRY(had, old.step());
    const json before = had ? json(old.text(0)) : json(nullptr);
    LAP_TRY(put, db_.prepare("INSERT INTO app_setting (key, value, updated_at, updated_by) VALUES "
                             "(?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET value = "
                             "excluded.value, updated_at = excluded.updated_at, updated_by = "
                             "excluded.updated_by"));
    LAP_TRY_STATUS(put.bind(1, key).bind(2, value).bind(3, now_utc()).bind(4, actor).run());
    const json d = {{"from", before}, {"to", value}};
    return admin_event(actor, "setting_changed", key, d.dump());
  });
}

Result<std::vector<cases::MunicipalityContacts>> SqlStore::contacts() {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM municipality_contact ORDER BY nis",
                                      kContactColumns)));
  std::vector<cases::MunicipalityContacts> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(read_contacts(st));
  }
  LAP_TRY(days, db_.prepare("SELECT nis, weekday, start_time, end_time, frequency, place FROM "
                            "consultation_day ORDER BY nis, position"));
  size_t at = 0;
  for (;;) {
    LAP_TRY(row, days.step());
    if (!row) break;
    const int64_t nis = days.int64(0);
    while (at < out.size() && out[at].nis.code() < nis)
      ++at;
    if (at == out.size()) break;
    out[at].consultation.push_back(
        {static_cast<int>(days.int64(1)), days.text(2), days.text(3),
         cases::frequency_from_id(days.text(4)).value_or(cases::Frequency::kWeekly), days.text(5)});
  }
  return out;
}

Result<std::optional<cases::MunicipalityContacts>> SqlStore::contacts_of(Nis nis) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM municipality_contact WHERE nis = ?1",
                                      kContactColumns)));
  st.bind(1, int64_t{nis.code()});
  LAP_TRY(row, st.step());
  if (!row) return std::optional<cases::MunicipalityContacts>();
  auto c = read_contacts(st);
  LAP_TRY(days, db_.prepare("SELECT weekday, start_time, end_time, frequency, place FROM "
                            "consultation_day WHERE nis = ?1 ORDER BY position"));
  days.bind(1, int64_t{nis.code()});
  for (;;) {
    LAP_TRY(day, days.step());
    if (!day) break;
    c.consultation.push_back(
        {static_cast<int>(days.int64(0)), days.text(1), days.text(2),
         cases::frequency_from_id(days.text(3)).value_or(cases::Frequency::kWeekly), days.text(4)});
  }
  return std::optional(std::move(c));
}

Result<int64_t> SqlStore::set_contacts(const cases::MunicipalityContacts& c,
                                       int64_t expected_version, std::string_view actor) {
  return in_transaction([&]() -> Result<int64_t> {
    const int64_t nis = c.nis.code();
    LAP_TRY(cur, db_.prepare("SELECT row_version FROM municipality_contact WHERE nis = ?1"));
    cur.bind(1, nis);
    LAP_TRY(found, cur.step());
    const int64_t version = found ? cur.int64(0) : 0;
    if (version != expected_version) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("the contacts of {:05d} were changed meanwhile (version {}, "
                                    "not {})",
                                    nis, version, expected_version));
    }
    LAP_TRY(put,
            db_.prepare("INSERT INTO municipality_contact (nis, ocmw_name, ocmw_phone, ocmw_email, "
                        "vdab_name, vdab_phone, vdab_email, note, row_version, updated_at, "
                        "updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON "
                        "CONFLICT (nis) DO UPDATE SET ocmw_name = excluded.ocmw_name, ocmw_phone = "
                        "excluded.ocmw_phone, ocmw_email = excluded.ocmw_email, vdab_name = "
                        "excluded.vdab_name, vdab_phone = excluded.vdab_phone, vdab_email = "
                        "excluded.vdab_email, note = excluded.note, row_version = "
                        "excluded.row_version, updated_at = excluded.updated_at, updated_by = "
                        "excluded.updated_by"));
    put.bind(1, nis)
        .bind(2, c.ocmw.name)
        .bind(3, c.ocmw.phone)
        .bind(4, c.ocmw.email)
        .bind(5, c.vdab.name)
        .bind(6, c.vdab.phone)
        .bind(7, c.vdab.email)
        .bind(8, c.note)
        .bind(9, version + 1)
        .bind(10, now_utc())
        .bind(11, actor);
    LAP_TRY_STATUS(put.run());
    LAP_TRY(clear, db_.prepare("DELETE FROM consultation_day WHERE nis = ?1"));
    LAP_TRY_STATUS(clear.bind(1, nis).run());
    for (size_t i = 0; i < c.consultation.size(); ++i) {
      const auto& d = c.consultation[i];
      LAP_TRY(day, db_.prepare("INSERT INTO consultation_day (nis, position, weekday, start_time, "
                               "end_time, frequency, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
      day.bind(1, nis)
          .bind(2, static_cast<int64_t>(i + 1))
          .bind(3, int64_t{d.weekday})
          .bind(4, d.start_time)
          .bind(5, d.end_time)
          .bind(6, cases::to_id(d.frequency))
          .bind(7, d.place);
      LAP_TRY_STATUS(day.run());
    }
    LAP_TRY_STATUS(admin_event(actor, "contacts_changed", fmt::format("{:05d}", nis),
                               contacts_detail(c).dump()));
    return version + 1;
  });
}

Result<std::vector<AdminEvent>> SqlStore::admin_events(int limit) {
  LAP_TRY(st, db_.prepare("SELECT event_id, at, actor, action, subject, detail FROM admin_event "
                          "ORDER BY event_id DESC LIMIT ?1"));
  st.bind(1, int64_t{limit});
  std::vector<AdminEvent> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
  return out;
}

}  // namespace lap::store::sql
