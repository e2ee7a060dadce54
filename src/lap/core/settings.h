// The settings an administrator changes (SPEC §6 "users and settings"): the
// suppression threshold k, whether TWE-OCMW (art. 60) months count as work,
// the login throttle and the OCMW's days to answer a transmission. Stored by
// key as text (store/admin_store.h); a key without a stored value has its
// default. Every value is checked against its bounds here, once, for the web
// application and the CLI alike.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap {

struct Settings {
  // Counts of 1..k-1 persons are suppressed outside the owning OCMW (SPEC §5);
  // `lap measure` protects a new run with it.
  int k = 5;
  // TWE-OCMW (art. 60) months do not count as work (docs/indicators.md).
  bool exclude_art60 = true;
  // Login throttle: failures allowed before a wait, the first wait (doubling
  // after each further failure) and the longest wait, in seconds.
  int login_free_failures = 5;
  int login_first_wait_seconds = 30;
  int login_max_wait_seconds = 15 * 60;
  // The days the OCMW has to answer a transmission from VDAB.
  int transmission_days = 30;
  bool operator==(const Settings&) const = default;
};

enum class SettingKind : uint8_t { kInteger, kBoolean };

// One setting: its key, its Dutch label and explanation for the web page, its
// bounds (integers) and when a change takes effect.
struct SettingSpec {
  std::string_view key;
  SettingKind kind = SettingKind::kInteger;
  int64_t min = 0;
  int64_t max = 0;
  std::string_view label;  // Dutch
  std::string_view help;   // Dutch
};

// Every setting, in the order of the web page.
std::span<const SettingSpec> setting_specs();
const SettingSpec* find_setting(std::string_view key);

// The value of `key` in `s`, as stored ("5", "true").
std::string setting_value(const Settings& s, std::string_view key);

// Sets `key` to `value` in `s`: kNotFound for an unknown key, kInvalidArgument
// (with a Dutch message naming the bounds) for a value out of them or a
// combination that makes no sense (a first wait longer than the longest).
Status apply_setting(Settings& s, std::string_view key, std::string_view value);

// The defaults with the stored values applied, in key order; the first bad
// stored value is an error naming its key.
Result<Settings> settings_from(const std::map<std::string, std::string>& stored);

}  // namespace lap
