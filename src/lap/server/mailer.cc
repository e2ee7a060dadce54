#include "lap/server/mailer.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include <curl/curl.h>
#include <fmt/format.h>

namespace lap::server {
namespace {

std::string_view what_happened(std::string_view kind) {
  if (kind == "handover_proposed") return "een warme overdracht is voorgesteld aan uw dienst";
  if (kind == "handover_accepted") return "uw voorstel tot warme overdracht is aanvaard";
  if (kind == "handover_declined") return "uw voorstel tot warme overdracht is geweigerd";
  if (kind == "transmission_sent")
    return "VDAB heeft een doormelding gestuurd die op antwoord wacht";
  if (kind == "transmission_answered") return "het OCMW heeft uw doormelding beantwoord";
  return "er is iets gewijzigd";
}

std::string_view subject_of(std::string_view kind) {
  if (kind == "handover_proposed") return "warme overdracht voorgesteld";
  if (kind == "handover_accepted") return "warme overdracht aanvaard";
  if (kind == "handover_declined") return "warme overdracht geweigerd";
  if (kind == "transmission_sent") return "nieuwe doormelding";
  if (kind == "transmission_answered") return "doormelding beantwoord";
  return "wijziging in een dossier";
}

std::string rfc5322_date() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

struct Payload {
  std::string text;
  std::size_t at = 0;
};

size_t read_payload(char* out, size_t size, size_t count, void* user) {
  auto* p = static_cast<Payload*>(user);
  const size_t n = std::min(size * count, p->text.size() - p->at);
  p->text.copy(out, n, p->at);  // libcurl's buffer: bytes, not a C string
  p->at += n;
  return n;
}

}  // namespace

Mail notification_mail(const store::Notification& n, const std::string& public_url) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  Mail m;
  m.to = n.email.value_or("");
  m.subject = fmt::format("Activeringspact: {} (dossier {})", subject_of(n.kind), n.case_id);
  m.body = fmt::format(
      "Beste,\n\nIn dossier {} van het Activeringspact: {}.\n\nBekijk het dossier in de "
      "toepassing:\n{}/#/dossier/{}\n\nDeze e-mail bevat bewust geen persoonsgegevens; u leest "
      "ze na aanmelding in de toepassing.\n",
      n.case_id, what_happened(n.kind), base, n.case_id);
  return m;
}

std::string mail_message(const Mail& mail, const std::string& from, std::string_view message_id) {
  std::string body;
  for (char c : mail.body) {
    if (c == '\n') body += '\r';
    body += c;
  }
  return fmt::format(
      "Date: {}\r\nFrom: Activeringspact <{}>\r\nTo: <{}>\r\nMessage-ID: <{}>\r\nSubject: "
      "{}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n{}",
      rfc5322_date(), from, mail.to, message_id, mail.subject, body);
}

Status send_mail(const MailSettings& settings, const Mail& mail) {
  CURL* curl = curl_easy_init();
  if (!curl) return make_error(ErrorCode::kIo, "mail: libcurl could not start");
  static std::atomic<uint64_t> sequence{0};
  const std::string id =
      fmt::format("{}.{}@activeringspact", std::time(nullptr), sequence.fetch_add(1));
  Payload payload{mail_message(mail, settings.from, id)};
  curl_slist* recipients = curl_slist_append(nullptr, fmt::format("<{}>", mail.to).c_str());
  const std::string from = fmt::format("<{}>", settings.from);
  curl_easy_setopt(curl, CURLOPT_URL, settings.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK)
    return make_error(ErrorCode::kIo, fmt::format("mail: {}", curl_easy_strerror(rc)));
  return {};
}

NotificationMailer::NotificationMailer(StorePool& pool, MailSettings settings)
    : pool_(pool), settings_(std::move(settings)), thread_([this] { loop(); }) {}

NotificationMailer::~NotificationMailer() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int NotificationMailer::run_once() {
  std::vector<store::Notification> waiting;
  {
    auto store = pool_.lease();
    if (!store) return 0;
    auto found = (*store)->unmailed_notifications(50, settings_.max_attempts);
    if (!found) return 0;
    waiting = std::move(*found);
  }
  int sent = 0;
  for (const auto& n : waiting) {
    auto done = send_mail(settings_, notification_mail(n, settings_.public_url));
    if (!done) {
      // The address is personal data: the log names the notification only.
      fmt::print(stderr,
                 R"({{"level":"warning","message":"notification {} not mailed: {}"}})"
                 "\n",
                 n.id, done.error().message);
    }
    auto store = pool_.lease();
    if (!store) return sent;
    (void)(*store)->record_mailing(n.id, static_cast<bool>(done));
    if (done) ++sent;
  }
  return sent;
}

void NotificationMailer::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    run_once();
    lock.lock();
    wake_.wait_for(lock, settings_.interval, [this] { return stop_; });
  }
}

}  // namespace lap::server
