#include "lap/cases/contacts.h"

#include <fmt/format.h>

#include <array>

namespace lap::cases {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"};

Status bad(std::string field, std::string_view rule) {
  return make_error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", field, rule));
}

bool is_time(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (size_t i : {0U, 1U, 3U, 4U}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  const int hours = (t[0] - '0') * 10 + (t[1] - '0');
  const int minutes = (t[3] - '0') * 10 + (t[4] - '0');
  return hours < 24 && minutes < 60;
}

bool printable(std::string_view s) {
  for (unsigned char ch : s) {
    if (ch < 0x20 || ch == 0x7F) return false;
  }
  return true;
}

// Empty, or local@domain with a dot in the domain and no spaces.
bool is_email(std::string_view e) {
  if (e.empty()) return true;
  const auto at = e.find('@');
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto domain = e.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
         e.find(' ') == std::string_view::npos;
}

// Empty, or digits with spaces, dots, slashes, dashes and a leading +.
bool is_phone(std::string_view p) {
  int digits = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const char ch = p[i];
    if (ch >= '0' && ch <= '9') {
      ++digits;
    } else if (!(ch == ' ' || ch == '.' || ch == '/' || ch == '-' || (ch == '+' && i == 0))) {
      return false;
    }
  }
  return p.empty() || (digits >= 6 && digits <= 15);
}

Status check_contact(const Contact& c, std::string_view side) {
  for (const auto& [field, value] : {std::pair{"naam", &c.name}, std::pair{"telefoon", &c.phone},
                                     std::pair{"e-mail", &c.email}}) {
    if (value->size() > kMaxContactText || !printable(*value)) {
      return bad(fmt::format("{}.{}", side, field),
                 fmt::format("ten hoogste {} tekens, zonder regeleinden", kMaxContactText));
    }
  }
  if (!is_phone(c.phone)) {
    return bad(fmt::format("{}.telefoon", side), "6 tot 15 cijfers, met spaties, punten of /");
  }
  if (!is_email(c.email)) return bad(fmt::format("{}.e-mail", side), "geen geldig e-mailadres");
  return {};
}

}  // namespace

std::string_view to_id(Frequency f) {
  switch (f) {
    case Frequency::kWeekly:
      return "weekly";
    case Frequency::kBiweekly:
      return "biweekly";
    case Frequency::kMonthly:
      return "monthly";
  }
  return "weekly";
}

std::string_view to_dutch(Frequency f) {
  switch (f) {
    case Frequency::kWeekly:
      return "wekelijks";
    case Frequency::kBiweekly:
      return "tweewekelijks";
    case Frequency::kMonthly:
      return "maandelijks";
  }
  return "wekelijks";
}

std::optional<Frequency> frequency_from_id(std::string_view id) {
  for (auto f : {Frequency::kWeekly, Frequency::kBiweekly, Frequency::kMonthly}) {
    if (to_id(f) == id) return f;
  }
  return std::nullopt;
}

std::string_view weekday_dutch(int weekday) {
  if (weekday < 1 || weekday > 7) return "";
  return kWeekdays[static_cast<size_t>(weekday - 1)];
}

Status validate_contacts(const MunicipalityContacts& c) {
  if (auto ok = check_contact(c.ocmw, "ocmw"); !ok) return ok;
  if (auto ok = check_contact(c.vdab, "vdab"); !ok) return ok;
  if (c.note.size() > 2000) return bad("opmerking", "ten hoogste 2000 tekens");
  if (c.consultation.size() > kMaxConsultationDays) {
    return bad("spreekuren", fmt::format("ten hoogste {}", kMaxConsultationDays));
  }
  for (size_t i = 0; i < c.consultation.size(); ++i) {
    const auto& day = c.consultation[i];
    const auto field = [i](std::string_view f) {
      return fmt::format("spreekuren[{}].{}", i + 1, f);
    };
    if (day.weekday < 1 || day.weekday > 7) return bad(field("dag"), "1 (maandag) tot 7 (zondag)");
    if (!is_time(day.start_time)) return bad(field("van"), "een uur als UU:MM");
    if (!is_time(day.end_time)) return bad(field("tot"), "een uur als UU:MM");
    if (day.end_time <= day.start_time) return bad(field("tot"), "later dan het beginuur");
    if (day.place.size() > kMaxContactText || !printable(day.place)) {
      return bad(field("plaats"), fmt::format("ten hoogste {} tekens", kMaxContactText));
    }
  }
  return {};
}

}  // namespace lap::cases
