// The mail of a notification (mailer.h): a link to the case and what
// happened, in Dutch, with no personal data; the message's headers.
#include "lap/server/mailer.h"

#include <gtest/gtest.h>

namespace lap::server {
namespace {

TEST(NotificationMail, ALinkToTheCaseAndNothingAboutThePerson) {
  store::Notification n;
  n.id = 3;
  n.username = "ocmw-11002";
  n.case_id = 42;
  n.kind = "transmission_sent";
  n.email = "an@ocmw.example";
  const Mail m = notification_mail(n, "https://lap.example/");
  EXPECT_EQ(m.to, "an@ocmw.example");
  EXPECT_EQ(m.subject, "Activeringspact: nieuwe doormelding (dossier 42)");
  EXPECT_NE(m.body.find("https://lap.example/#/dossier/42\n"), std::string::npos);
  EXPECT_NE(m.body.find("doormelding"), std::string::npos);
  EXPECT_EQ(m.body.find("ocmw-11002"), std::string::npos);
  const std::string text = mail_message(m, "noreply@lap.example", "1.2@activeringspact");
  EXPECT_NE(text.find("\r\nTo: <an@ocmw.example>\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nContent-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\n\r\nBeste,\r\n"), std::string::npos);
  EXPECT_EQ(text.find("\n\n"), std::string::npos);  // every line ends in CRLF
}

TEST(NotificationMail, AnUnreachableServerIsAnError) {
  MailSettings s;
  s.smtp_url = "smtp://127.0.0.1:1";  // nothing listens on port 1
  s.from = "noreply@lap.example";
  auto sent = send_mail(s, {"an@ocmw.example", "x", "y"});
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace lap::server
