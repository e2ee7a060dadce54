#include "lap/core/settings.h"

#include <fmt/format.h>

#include <array>

#include "lap/core/parse.h"

namespace lap {
namespace {

constexpr std::array<SettingSpec, 6> kSpecs = {{
    {"k", SettingKind::kInteger, 2, 20, "Drempel kleine aantallen (k)",
     "Aantallen van 1 tot k-1 personen worden afgeschermd buiten het eigen OCMW. Geldt vanaf de "
     "volgende meting."},
    {"exclude_art60", SettingKind::kBoolean, 0, 1, "Art. 60 (TWE-OCMW) niet als werk tellen",
     "Maanden met een art. 60-contract tellen niet als werk in de indicatoren. Geldt vanaf de "
     "volgende meting."},
    {"login_free_failures", SettingKind::kInteger, 1, 100, "Mislukte aanmeldingen vóór wachttijd",
     "Zoveel mislukte aanmeldingen zijn toegestaan voor een wachttijd begint."},
    {"login_first_wait_seconds", SettingKind::kInteger, 1, 3600, "Eerste wachttijd (seconden)",
     "De wachttijd na de eerste mislukking te veel; verdubbelt bij elke volgende."},
    {"login_max_wait_seconds", SettingKind::kInteger, 1, 86400, "Langste wachttijd (seconden)",
     "De wachttijd groeit nooit boven deze waarde."},
    {"transmission_days", SettingKind::kInteger, 1, 365, "Antwoordtermijn doormelding (dagen)",
     "Zoveel dagen heeft het OCMW om een doormelding van de VDAB te beantwoorden. Geldt voor "
     "nieuwe doormeldingen."},
}};

int* integer_of(Settings& s, std::string_view key) {
  if (key == "k") return &s.k;
  if (key == "login_free_failures") return &s.login_free_failures;
  if (key == "login_first_wait_seconds") return &s.login_first_wait_seconds;
  if (key == "login_max_wait_seconds") return &s.login_max_wait_seconds;
  if (key == "transmission_days") return &s.transmission_days;
  return nullptr;
}

}  // namespace

std::span<const SettingSpec> setting_specs() {
  return kSpecs;
}

const SettingSpec* find_setting(std::string_view key) {
  for (const auto& spec : kSpecs) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::string setting_value(const Settings& s, std::string_view key) {
  if (key == "exclude_art60") return s.exclude_art60 ? "true" : "false";
  auto copy = s;
  if (int* v = integer_of(copy, key)) return std::to_string(*v);
  return {};
}

namespace {

// `value` into `s` within its bounds; the pair of waits is checked by the callers.
Status set_one(Settings& s, const SettingSpec& spec, std::string_view value) {
  if (spec.kind == SettingKind::kBoolean) {
    if (value != "true" && value != "false") {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("{}: is 'true' of 'false'", spec.label));
    }
    s.exclude_art60 = value == "true";
    return {};
  }
  const auto n = parse_integer<int64_t>(value);
  if (!n || *n < spec.min || *n > spec.max) {
    return make_error(
        ErrorCode::kInvalidArgument,
        fmt::format("{}: een geheel getal van {} tot en met {}", spec.label, spec.min, spec.max));
  }
  *integer_of(s, spec.key) = static_cast<int>(*n);
  return {};
}

Status check_waits(const Settings& s) {
  if (s.login_first_wait_seconds > s.login_max_wait_seconds) {
    return make_error(ErrorCode::kInvalidArgument,
                      "de eerste wachttijd mag niet langer zijn dan de langste wachttijd");
  }
  return {};
}

}  // namespace

Status apply_setting(Settings& s, std::string_view key, std::string_view value) {
  const SettingSpec* spec = find_setting(key);
  if (!spec) return make_error(ErrorCode::kNotFound, fmt::format("onbekende instelling '{}'", key));
  Settings next = s;
  if (auto ok = set_one(next, *spec, value); !ok) return ok;
  if (auto ok = check_waits(next); !ok) return ok;
  s = next;
  return {};
}

Result<Settings> settings_from(const std::map<std::string, std::string>& stored) {
  Settings s;
  for (const auto& [key, value] : stored) {
    const SettingSpec* spec = find_setting(key);
    if (!spec) continue;  // a key this version does not know: ignored
    if (auto ok = set_one(s, *spec, value); !ok) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("stored setting '{}': {}", key, ok.error().message));
    }
  }
  if (auto ok = check_waits(s); !ok) {
    return make_error(ErrorCode::kInvalidArgument, "stored settings: " + ok.error().message);
  }
  return s;
}

}  // namespace lap
