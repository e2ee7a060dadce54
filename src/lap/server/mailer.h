// Mailing notifications (docs/server.md "Notifications"): a notification of a
// change in a case becomes a short Dutch e-mail with a link to the case and no
// personal data, sent through an SMTP server with libcurl's SMTP client.
// `NotificationMailer` runs in `lap serve --smtp URL`: every interval it mails
// the notifications not mailed yet (the outbox the case store writes in the
// change's own transaction) and records each mail sent or failed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "lap/core/error.h"
#include "lap/server/store_pool.h"
#include "lap/store/notification_store.h"

namespace lap::server {

struct MailSettings {
  std::string smtp_url;    // smtp://host:port (or smtps://)
  std::string from;        // the sender's address
  std::string public_url;  // where users open the application, e.g. https://lap.example
  std::chrono::seconds interval{10};
  int max_attempts = 5;  // a notification whose mail failed this often is given up
};

struct Mail {
  std::string to;
  std::string subject;  // ASCII
  std::string body;     // UTF-8 plain text
};

// The mail of a notification: what happened and a link to the case; nothing about the person.
Mail notification_mail(const store::Notification& n, const std::string& public_url);

// The message as sent: headers (Date, From, To, Subject, MIME) and the body with CRLF line ends.
std::string mail_message(const Mail& mail, const std::string& from, std::string_view message_id);

// Sends one mail; kIo with libcurl's reason when the server refuses or cannot be reached.
Status send_mail(const MailSettings& settings, const Mail& mail);

class NotificationMailer {
 public:
  NotificationMailer(StorePool& pool, MailSettings settings);
  ~NotificationMailer();
  NotificationMailer(const NotificationMailer&) = delete;
  NotificationMailer& operator=(const NotificationMailer&) = delete;

  // Mails what waits now; the number of mails sent.
  int run_once();

 private:
  void loop();

  StorePool& pool_;
  MailSettings settings_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace lap::server
