// Notifications of changes in the shared cases (migration 0014_cases.sql):
// written by the case store in the change's own transaction (case_store.h
// says which change notifies whom), read in the application, and mailed by
// the server's mailer. A notification names a case and what happened, never
// a person: the mail is a link to the case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"

namespace lap::store {

struct Notification {
  int64_t id = 0;
  std::string username;
  int64_t case_id = 0;
  // handover_proposed, handover_accepted, handover_declined, transmission_sent,
  // transmission_answered
  std::string kind;
  std::string created_at;
  std::optional<std::string> read_at;
  std::optional<std::string> mailed_at;
  std::optional<std::string> email;  // the user's address (unmailed_notifications only)
};

class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  // The user's latest `limit` notifications, newest first.
  virtual Result<std::vector<Notification>> notifications(std::string_view username, int limit) = 0;
  // Marks the user's notification read; kNotFound for another user's or an unknown one.
  virtual Status mark_notification_read(int64_t id, std::string_view username) = 0;
  // Notifications not mailed yet whose user has an e-mail address and that
  // failed fewer than `max_attempts` times, oldest first.
  virtual Result<std::vector<Notification>> unmailed_notifications(int limit, int max_attempts) = 0;
  // Records a mail sent (or, with `sent` false, one more failed attempt).
  virtual Status record_mailing(int64_t id, bool sent) = 0;
};

}  // namespace lap::store
