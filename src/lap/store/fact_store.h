// Facts: what the snapshot of a load holds (load_store.h writes the loads).
// The snapshot of load L is the fact rows with first_load <= L and
// (retired_load unset or > L). Every read names its load, so a reader sees
// one consistent state while later imports commit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/formats/exchange.h"
#include "lap/measure/facts.h"

namespace lap::store {

using formats::Source;

struct SummaryOptions {
  // The day on which leefloners (LL and ELL entitlements) are counted.
  Date leefloner_date = *Date::from_ymd(2022, 9, 30);
};

struct Summary {
  int64_t load_id = 0;  // the load described; 0 for an empty database
  // Fact rows per source in the snapshot of `load_id`.
  std::vector<std::pair<Source, int64_t>> sources;
  // Rows stored per table (all loads, identity tables included).
  std::vector<std::pair<std::string, int64_t>> tables;
  int64_t persons = 0;             // distinct person_ref in the snapshot's facts
  std::optional<Date> first_date;  // earliest date of any fact in the snapshot
  std::optional<Date> last_date;   // latest date (start, end, month or reference date)
  Date leefloner_date;
  int64_t leefloners = 0;       // distinct persons with LL or ELL on leefloner_date
  int64_t leefloner_ocmws = 0;  // distinct OCMWs granting those
};

// Receives the facts of a snapshot (`FactStore::read_facts`), in no particular
// order. VDAB registrations carry the person of the load's latest link run
// (identity resolution, link_store.h); without a link run, those without a valid
// INSZ have no person and are not passed.
class FactSink {
 public:
  virtual ~FactSink() = default;
  virtual void add(const measure::EntitlementFact& fact) = 0;
  virtual void add(const measure::RegistrationFact& fact) = 0;
  virtual void add(const measure::WorkFact& fact) = 0;
  virtual void add(const measure::MeasureFact& fact) = 0;
  virtual void add(const measure::IdentifierChangeFact& fact) = 0;
};

// Which facts `read_facts` passes: all, or those of the given persons only
// (pseudonyms, e.g. one person and the keys linked to it by identifier changes).
struct FactFilter {
  std::optional<std::vector<std::string>> persons;
  // The link run whose persons VDAB registrations carry: nullopt the load's
  // latest, 0 none (the imported persons); kNotFound for a run of another load.
  std::optional<int64_t> link_run;
};

class FactStore {
 public:
  virtual ~FactStore() = default;

  // What the snapshot of `load` (default: the latest) holds; kNotFound for an
  // unknown load.
  virtual Result<Summary> summary(std::optional<int64_t> load, const SummaryOptions& options) = 0;

  // Passes every fact of the snapshot of `load` that `filter` selects to
  // `sink`. kNotFound for an unknown load.
  virtual Status read_facts(int64_t load, const FactFilter& filter, FactSink& sink) = 0;
  // The first and last month of the work facts in the snapshot of `load`
  // (nullopt without work facts): the months the measurement can observe.
  virtual Result<std::optional<MonthRange>> work_month_range(int64_t load) = 0;
  // What the entitlement rows of the snapshot of `load`, with their identity
  // rows, say about their persons: month of birth, sex, GPMI, exemption and the
  // ukrainian flag, for profiles (measure/profile.h) only. kNotFound for an
  // unknown load.
  virtual Result<std::vector<measure::EntitlementTraits>> read_entitlement_traits(int64_t load) = 0;
  // The pseudonyms linked to `person_ref` through identifier changes in the
  // snapshot of `load`, `person_ref` included (transitively).
  virtual Result<std::vector<std::string>> linked_persons(int64_t load,
                                                          std::string_view person_ref) = 0;
};

}  // namespace lap::store
