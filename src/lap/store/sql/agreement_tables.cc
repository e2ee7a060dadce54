// SqlStore, cooperation agreements (agreement_store.h, migration
// 0016_cooperation_agreements.sql): the registry and the action plans, each change
// with its admin_event row in the same transaction.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

using nlohmann::json;

constexpr std::string_view kAgreementColumns =
    "agreement_id, scope, area, title, status, concluded_on, expected_on, starts_on, ends_on, "
    "parties, steering_group, note, row_version, updated_at, updated_by";

std::string names_json(const std::vector<std::string>& names) {
  return json(names).dump();
}

std::vector<std::string> names_from(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<Date> opt_date_column(const Statement& st, int column) {
  if (st.is_null(column)) return std::nullopt;
  auto d = Date::parse(st.text(column));
  return d ? std::optional<Date>(*d) : std::nullopt;
}

pact::CooperationAgreement read_agreement(const Statement& st) {
  pact::CooperationAgreement a;
  a.id = st.int64(0);
  a.scope = pact::agreement_scope_from_id(st.text(1)).value_or(pact::AgreementScope::kMunicipality);
  a.area = st.text(2);
  a.title = st.text(3);
  a.status = pact::agreement_status_from_id(st.text(4)).value_or(pact::AgreementStatus::kToStart);
  a.concluded_on = opt_date_column(st, 5);
  a.expected_on = opt_date_column(st, 6);
  a.starts_on = opt_date_column(st, 7);
  a.ends_on = opt_date_column(st, 8);
  a.parties = names_from(st.text(9));
  a.steering_group = st.text(10);
  a.note = st.text(11);
  a.row_version = st.int64(12);
  a.updated_at = st.text(13);
  a.updated_by = st.text(14);
  return a;
}

pact::AgreementAction read_action(const Statement& st, int first) {
  pact::AgreementAction act;
  act.theme = st.text(first);
  act.domain = st.text(first + 1);
  act.code = st.text(first + 2);
  act.title = st.text(first + 3);
  act.lead = st.text(first + 4);
  act.partners = names_from(st.text(first + 5));
  act.status =
      pact::action_status_from_id(st.text(first + 6)).value_or(pact::ActionStatus::kPlanned);
  act.indicators = names_from(st.text(first + 7));
  return act;
}

constexpr std::string_view kActionColumns =
    "theme, action_domain, code, title, lead_partner, partners, status, indicators";

// What the log keeps of a change: the agreement's key facts, not its whole plan.
std::string agreement_detail(const pact::CooperationAgreement& a) {
  const json d = {
      {"scope", pact::to_id(a.scope)},
      {"area", a.area},
      {"title", a.title},
      {"status", pact::to_id(a.status)},
      {"concluded_on", a.concluded_on ? json(a.concluded_on->to_string()) : json(nullptr)},
      {"actions", a.actions.size()}};
  return d.dump();
}

// Binds the agreement's own columns as ?1..?11.
void bind_agreement(Statement& st, const pact::CooperationAgreement& a) {
  st.bind(1, pact::to_id(a.scope))
      .bind(2, a.area)
      .bind(3, a.title)
      .bind(4, pact::to_id(a.status))
      .bind(5, opt_date(a.concluded_on))
      .bind(6, opt_date(a.expected_on))
      .bind(7, opt_date(a.starts_on))
      .bind(8, opt_date(a.ends_on))
      .bind(9, names_json(a.parties))
      .bind(10, a.steering_group)
      .bind(11, a.note);
}

}  // namespace

Result<std::vector<pact::CooperationAgreement>> SqlStore::agreements() {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM cooperation_agreement ORDER BY agreement_id",
                                      kAgreementColumns)));
  std::vector<pact::CooperationAgreement> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(read_agreement(st));
  }
  LAP_TRY(acts, db_.prepare(fmt::format("SELECT agreement_id, {} FROM agreement_action ORDER BY "
                                        "agreement_id, position",
                                        kActionColumns)));
  size_t at = 0;
  for (;;) {
    LAP_TRY(row, acts.step());
    if (!row) break;
    const int64_t id = acts.int64(0);
    while (at < out.size() && out[at].id < id)
      ++at;
    if (at == out.size()) break;
    if (out[at].id == id) out[at].actions.push_back(read_action(acts, 1));
  }
  return out;
}

Result<std::optional<pact::CooperationAgreement>> SqlStore::agreement(int64_t id) {
  LAP_TRY(st,
          db_.prepare(fmt::format("SELECT {} FROM cooperation_agreement WHERE agreement_id = ?1",
                                  kAgreementColumns)));
  st.bind(1, id);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<pact::CooperationAgreement>();
  auto a = read_agreement(st);
  LAP_TRY(acts, db_.prepare(fmt::format("SELECT {} FROM agreement_action WHERE agreement_id = ?1 "
                                        "ORDER BY position",
                                        kActionColumns)));
  acts.bind(1, id);
  for (;;) {
    LAP_TRY(act, acts.step());
    if (!act) break;
    a.actions.push_back(read_action(acts, 0));
  }
  return std::optional(std::move(a));
}

Status SqlStore::write_agreement_actions(const pact::CooperationAgreement& a) {
  LAP_TRY(clear, db_.prepare("DELETE FROM agreement_action WHERE agreement_id = ?1"));
  LAP_TRY_STATUS(clear.bind(1, a.id).run());
  LAP_TRY(put, db_.prepare("INSERT INTO agreement_action (agreement_id, position, theme, "
                           "action_domain, code, title, lead_partner, partners, status, "
                           "indicators) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  for (size_t i = 0; i < a.actions.size(); ++i) {
    const auto& act = a.actions[i];
    put.reset();
    put.bind(1, a.id)
        .bind(2, static_cast<int64_t>(i + 1))
        .bind(3, act.theme)
        .bind(4, act.domain)
        .bind(5, act.code)
        .bind(6, act.title)
        .bind(7, act.lead)
        .bind(8, names_json(act.partners))
        .bind(9, pact::to_id(act.status))
        .bind(10, names_json(act.indicators));
    LAP_TRY_STATUS(put.run());
  }
  return {};
}

Result<int64_t> SqlStore::add_agreement(const pact::CooperationAgreement& a,
                                        std::string_view actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(put, db_.prepare("INSERT INTO cooperation_agreement (scope, area, title, status, "
                             "concluded_on, expected_on, starts_on, ends_on, parties, "
                             "steering_group, note, row_version, updated_at, updated_by) VALUES "
                             "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?13) "
                             "RETURNING agreement_id"));
    bind_agreement(put, a);
    put.bind(12, now_utc()).bind(13, actor);
    LAP_TRY(id, returned_id(put));
    auto stored = a;
    stored.id = id;
    LAP_TRY_STATUS(write_agreement_actions(stored));
    LAP_TRY_STATUS(
        admin_event(actor, "agreement_added", fmt::format("{}", id), agreement_detail(stored)));
    return id;
  });
}

Result<int64_t> SqlStore::change_agreement(const pact::CooperationAgreement& a,
                                           int64_t expected_version, std::string_view actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(cur,
            db_.prepare("SELECT row_version FROM cooperation_agreement WHERE agreement_id = ?1"));
    cur.bind(1, a.id);
    LAP_TRY(found, cur.step());
    if (!found) {
      return make_error(ErrorCode::kNotFound, fmt::format("no cooperation agreement {}", a.id));
    }
    const int64_t version = cur.int64(0);
    if (version != expected_version) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("cooperation agreement {} was changed meanwhile (version {}, "
                                    "not {})",
                                    a.id, version, expected_version));
    }
    LAP_TRY(put, db_.prepare("UPDATE cooperation_agreement SET scope = ?1, area = ?2, title = ?3, "
                             "status = ?4, concluded_on = ?5, expected_on = ?6, starts_on = ?7, "
                             "ends_on = ?8, parties = ?9, steering_group = ?10, note = ?11, "
                             "row_version = ?12, updated_at = ?13, updated_by = ?14 WHERE "
                             "agreement_id = ?15"));
    bind_agreement(put, a);
    put.bind(12, version + 1).bind(13, now_utc()).bind(14, actor).bind(15, a.id);
    LAP_TRY_STATUS(put.run());
    LAP_TRY_STATUS(write_agreement_actions(a));
    LAP_TRY_STATUS(
        admin_event(actor, "agreement_changed", fmt::format("{}", a.id), agreement_detail(a)));
    return version + 1;
  });
}

}  // namespace lap::store::sql
