// The contacts directory of a municipality (seed 002): the fixed contact person
// of the OCMW, the VDAB contact, and the days VDAB consults at the OCMW. Civil
// servants' work contacts only, never a client's data. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/nis.h"

namespace lap::cases {

enum class Frequency : uint8_t { kWeekly, kBiweekly, kMonthly };
std::string_view to_id(Frequency f);     // weekly, biweekly, monthly
std::string_view to_dutch(Frequency f);  // wekelijks, tweewekelijks, maandelijks
std::optional<Frequency> frequency_from_id(std::string_view id);
// 1 = maandag .. 7 = zondag
std::string_view weekday_dutch(int weekday);

struct ConsultationDay {
  int weekday = 1;         // 1 = Monday .. 7
  std::string start_time;  // HH:MM
  std::string end_time;    // HH:MM, after the start
  Frequency frequency = Frequency::kWeekly;
  std::string place;  // e.g. "Sociaal Huis, lokaal 2"
  bool operator==(const ConsultationDay&) const = default;
};

struct Contact {
  std::string name;
  std::string phone;
  std::string email;
  bool operator==(const Contact&) const = default;
};

struct MunicipalityContacts {
  Nis nis;
  Contact ocmw;
  Contact vdab;
  std::vector<ConsultationDay> consultation;
  std::string note;
  // Set by the store.
  int64_t row_version = 0;
  std::string updated_at;
  std::string updated_by;
};

inline constexpr size_t kMaxContactText = 200;
inline constexpr size_t kMaxConsultationDays = 10;

// Checks every field; the error is Dutch and names the field ("vdab.email: ...",
// "spreekuren[2].van: ...").
Status validate_contacts(const MunicipalityContacts& c);

}  // namespace lap::cases
