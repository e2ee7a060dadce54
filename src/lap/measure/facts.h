// The facts the measurement engine is built from: one struct per source of
// domain.md §2, keyed by person and stripped of identity data (no INSZ, names or
// birth dates). Both the store (a data load's snapshot) and the exchange files
// can be turned into these; the engine does not know which.
//
// `EntitlementTraits` is the exception, and no fact: what an entitlement row
// says about its person for the profiles of profile.h (month of birth, sex,
// GPMI, exemption). No figure is computed from it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "lap/core/date.h"
#include "lap/core/insz.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/core/pseudonym.h"
#include "lap/formats/schema.h"

namespace lap::measure {

// A person as the sources know them: the 16 bytes of the pseudonym
// (`person_ref`, lap/core/pseudonym.h) or any other stable 16-byte key. Two
// keys name the same human only through an `IdentifierChangeFact`.
using PersonKey = Pseudonym;

using formats::EmployerKind;
using formats::EntitlementKind;
using formats::Measure;
using formats::VdabCategory;
using formats::WorkType;

struct EntitlementFact {  // rmi_entitlements: a period of LL, ELL or MH at an OCMW
  PersonKey person{};
  Nis ocmw;
  EntitlementKind kind = EntitlementKind::kLL;
  bool ukrainian = false;
  Date start;
  std::optional<Date> end;  // nullopt: running
};

struct RegistrationFact {  // vdab_registrations with a usable person key
  PersonKey person{};
  VdabCategory category = VdabCategory::kCat01;
  std::optional<Nis> ocmw;  // set for category 05: the OCMW the registration is attributed to
  Date start;
  std::optional<Date> end;
};

struct WorkFact {  // work_months: consecutive months at work with one employer kind
  PersonKey person{};
  Month first;
  Month last;
  WorkType type = WorkType::kEmp;
  EmployerKind employer = EmployerKind::kNone;  // kNone for kSelf
};

struct MeasureFact {  // activation_measures
  PersonKey person{};
  Measure measure = Measure::kTweOcmw;
  Nis organiser;
  Date start;
  std::optional<Date> end;
  std::optional<bool> new_inflow;  // set for WIJK_WERKEN
};

struct EntitlementTraits {  // rmi_entitlements with their identity row, for profiles only
  PersonKey person{};
  Date start;
  bool gpmi = false;
  formats::Exemption exemption = formats::Exemption::kNone;
  bool ukrainian = false;
  std::optional<Month> birth;  // month of birth (the day is dropped); nullopt: unknown
  Sex sex = Sex::kUnknown;
};

struct IdentifierChangeFact {  // identifier_changes: old and new key are one person
  PersonKey old_person{};
  PersonKey new_person{};
  Date change_date;
};

}  // namespace lap::measure
