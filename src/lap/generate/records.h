// What the generator makes for one synthetic person: the true identity, the
// identities the sources hold (with their errors), and the source records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/insz.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/formats/schema.h"

namespace lap::generate {

// A person's identity as one source records it.
struct IdentityView {
  std::string insz;  // 11 digits as recorded; empty when missing
  std::string last_name;
  std::string first_name;
  std::optional<Date> birth_date;
  Sex sex = Sex::kUnknown;
  int postcode = 0;
  std::string street;        // empty when missing
  std::string house_number;  // idem
};

struct EntitlementRecord {
  Nis ocmw;
  formats::EntitlementKind kind = formats::EntitlementKind::kLL;
  bool ukrainian = false;
  bool gpmi = false;
  formats::Exemption exemption = formats::Exemption::kNone;
  Date start;
  std::optional<Date> end;  // nullopt = running at the end of the data
};

struct RegistrationRecord {
  int client_index = 0;  // index into PersonRecords::vdab_clients
  formats::VdabCategory category = formats::VdabCategory::kCat05;
  std::optional<Nis> ocmw;  // set for category 05
  Date start;
  std::optional<Date> end;
};

struct WorkSpan {
  Month first;
  Month last;
  formats::WorkType type = formats::WorkType::kEmp;
  formats::EmployerKind employer = formats::EmployerKind::kNec;
};

struct MeasureRecord {
  formats::Measure measure = formats::Measure::kOpleiding;
  Nis organiser;
  Date start;
  std::optional<Date> end;
  std::optional<bool> new_inflow;  // WIJK_WERKEN only
};

struct VdabClient {
  int64_t client_id = 0;
  IdentityView identity;  // as VDAB holds it (may contain errors)
};

struct PersonRecords {
  int64_t person_id = 0;
  Insz insz;                       // current (national or BIS) number
  std::optional<Insz> former_bis;  // BIS number replaced by `insz` on `id_change`
  std::optional<Date> id_change;
  IdentityView identity;  // true identity (as the national register has it)
  Nis residence;          // municipality of residence (300-list code)
  std::vector<EntitlementRecord> entitlements;
  std::vector<VdabClient> vdab_clients;
  std::vector<RegistrationRecord> registrations;
  std::vector<WorkSpan> work;
  std::vector<MeasureRecord> measures;

  // The INSZ in force on `d` (the former BIS number before the change).
  const Insz& insz_on(Date d) const {
    if (former_bis && id_change && d < *id_change) return *former_bis;
    return insz;
  }
  void clear() {
    entitlements.clear();
    vdab_clients.clear();
    registrations.clear();
    work.clear();
    measures.clear();
    former_bis.reset();
    id_change.reset();
  }
};

// Consumes persons as they are generated (writers, calibration).
class PersonSink {
 public:
  virtual ~PersonSink() = default;
  virtual void add(const PersonRecords& person) = 0;
};

}  // namespace lap::generate
