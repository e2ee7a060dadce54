// SqlStore, notifications (notification_store.h): written by the case tables
// in their own transactions (`notify`), read by their user, mailed by the
// server.
#include <fmt/format.h>

#include "lap/store/sql/case_common.h"
#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

constexpr std::string_view kColumns =
    "n.notification_id, n.username, n.case_id, n.kind, n.created_at, n.read_at, n.mailed_at";

Notification read_notification(const Statement& st) {
  Notification n;
  n.id = st.int64(0);
  n.username = st.text(1);
  n.case_id = st.int64(2);
  n.kind = st.text(3);
  n.created_at = st.text(4);
  n.read_at = opt_text(st, 5);
  n.mailed_at = opt_text(st, 6);
  return n;
}

}  // namespace

Status notify(Database& db, int64_t case_id, const std::optional<std::string>& username,
              std::string_view kind, const CaseActor& actor) {
  if (!username || username->empty() || *username == actor.username) return {};
  LAP_TRY(st, db.prepare("INSERT INTO notification (username, case_id, kind, created_at) VALUES "
                         "(?1, ?2, ?3, ?4)"));
  return st.bind(1, *username).bind(2, case_id).bind(3, kind).bind(4, now_utc()).run();
}

Result<std::vector<Notification>> SqlStore::notifications(std::string_view username, int limit) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM notification n WHERE n.username = ?1 ORDER "
                                      "BY n.notification_id DESC LIMIT ?2",
                                      kColumns)));
  st.bind(1, username).bind(2, int64_t{limit});
  std::vector<Notification> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(read_notification(st));
  }
  return out;
}

Status SqlStore::mark_notification_read(int64_t id, std::string_view username) {
  LAP_TRY(st, db_.prepare("UPDATE notification SET read_at = COALESCE(read_at, ?3) WHERE "
                          "notification_id = ?1 AND username = ?2"));
  LAP_TRY_STATUS(st.bind(1, id).bind(2, username).bind(3, now_utc()).run());
  if (db_.changes() != 1)
    return make_error(ErrorCode::kNotFound, fmt::format("there is no notification {}", id));
  return {};
}

Result<std::vector<Notification>> SqlStore::unmailed_notifications(int limit, int max_attempts) {
  LAP_TRY(st, db_.prepare(fmt::format(
                  "SELECT {}, u.email FROM notification n JOIN app_user u ON u.username = "
                  "n.username WHERE n.mailed_at IS NULL AND n.mail_attempts < ?2 AND u.email IS "
                  "NOT NULL AND u.disabled = 0 ORDER BY n.notification_id LIMIT ?1",
                  kColumns)));
  st.bind(1, int64_t{limit}).bind(2, int64_t{max_attempts});
  std::vector<Notification> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    Notification n = read_notification(st);
    n.email = st.text(7);
    out.push_back(std::move(n));
  }
  return out;
}

Status SqlStore::record_mailing(int64_t id, bool sent) {
  LAP_TRY(st, db_.prepare(sent ? "UPDATE notification SET mailed_at = ?2 WHERE notification_id = ?1"
                               : "UPDATE notification SET mail_attempts = mail_attempts + 1 "
                                 "WHERE notification_id = ?1 AND ?2 <> ''"));
  return st.bind(1, id).bind(2, now_utc()).run();
}

}  // namespace lap::store::sql
