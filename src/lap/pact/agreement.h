// Cooperation agreements (samenwerkingsovereenkomsten, SO; SPEC §5, seeds 003
// and 004): the agreement between VDAB and a municipality or a regiegebied,
// its status (afgesloten, in onderhandeling, op te starten) and dates, its
// parties and steering group, its action plan (theme → action domain →
// action, with lead partner, partners, status and indicators), and the
// coverage per province that 004's table 1 reports. Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/nis.h"
#include "lap/geo/registry.h"

namespace lap::pact {

enum class AgreementScope : uint8_t { kMunicipality, kRegion };
std::string_view to_id(AgreementScope s);     // municipality, region
std::string_view to_dutch(AgreementScope s);  // gemeente, regiegebied
std::optional<AgreementScope> agreement_scope_from_id(std::string_view id);

enum class AgreementStatus : uint8_t { kConcluded, kNegotiating, kToStart };
std::string_view to_id(AgreementStatus s);     // concluded, negotiating, to_start
std::string_view to_dutch(AgreementStatus s);  // afgesloten, in onderhandeling, op te starten
std::optional<AgreementStatus> agreement_status_from_id(std::string_view id);

enum class ActionStatus : uint8_t { kPlanned, kRunning, kDone, kStopped };
std::string_view to_id(ActionStatus s);     // planned, running, done, stopped
std::string_view to_dutch(ActionStatus s);  // gepland, lopend, afgerond, stopgezet
std::optional<ActionStatus> action_status_from_id(std::string_view id);

// One action of the plan. The plan is the list of actions in order; an
// action names its theme and action domain, so consecutive actions with the
// same theme and domain form the tree of seed 003 (theme → domain → action).
struct AgreementAction {
  std::string theme;   // "Meer mensen aan de slag"
  std::string domain;  // "Actiedomein 1 – Het vermijden van jeugdwerkloosheid"
  std::string code;    // "1.1"
  std::string title;   // "Aanpak ongekwalificeerde schooluitval"
  std::string lead;    // the lead partner (trekker)
  std::vector<std::string> partners;
  ActionStatus status = ActionStatus::kPlanned;
  std::vector<std::string> indicators;  // how progress is followed
  bool operator==(const AgreementAction&) const = default;
};

struct CooperationAgreement {
  int64_t id = 0;  // set by the store
  AgreementScope scope = AgreementScope::kMunicipality;
  // A municipality's NIS code (5 digits) or a regiegebied's name, as in the
  // municipalities reference data.
  std::string area;
  std::string title;  // "Samen sterk voor lokaal werk in 2020-2025"
  AgreementStatus status = AgreementStatus::kToStart;
  std::optional<Date> concluded_on;  // approved (e.g. by the council); set iff concluded
  std::optional<Date> expected_on;   // expected conclusion (the prognosis); not when concluded
  std::optional<Date> starts_on;     // the term, when known
  std::optional<Date> ends_on;
  std::vector<std::string> parties;  // "VDAB", "stad Mechelen", ...
  std::string steering_group;        // who steers it and how often
  std::string note;
  std::vector<AgreementAction> actions;
  // Set by the store.
  int64_t row_version = 0;
  std::string updated_at;
  std::string updated_by;
};

inline constexpr size_t kMaxAgreementText = 300;
inline constexpr size_t kMaxAgreementActions = 100;
inline constexpr size_t kMaxAgreementList = 20;  // parties, partners, indicators

// Checks every field against the rules of docs/api.md ("Samenwerkingsovereenkomsten"):
// a known municipality (existing on `today`) or regiegebied, a title, the
// dates that go with the status, a term that ends after it starts, at least
// two parties for a concluded agreement, every action with a title. The
// error is Dutch and names the field ("acties[2].titel: ...").
Status validate_agreement(const CooperationAgreement& a, const geo::Registry& registry, Date today);

// The municipality's regiegebied agreements and its own: whether `a`
// concerns municipality `nis` on `date` (its own code, a predecessor merged
// into it, or its regiegebied).
bool agreement_covers(const CooperationAgreement& a, const geo::Registry& registry, Nis nis,
                      Date date);

// Where an area stands on a date: afgesloten when an agreement was concluded
// on or before it and its term has not ended; otherwise in onderhandeling
// when one is being negotiated (or concluded later); otherwise op te starten.
AgreementStatus status_on(std::span<const CooperationAgreement* const> of_area, Date date);
// In the prognosis for `date`: concluded by then, or expected to be.
bool concluded_by(std::span<const CooperationAgreement* const> of_area, Date date);

// The status on `on` of every municipality that exists then, ordered by NIS
// code (the rule of `coverage`, below).
std::vector<std::pair<Nis, AgreementStatus>> municipality_statuses(
    std::span<const CooperationAgreement> agreements, const geo::Registry& registry, Date on);

struct CoverageCount {
  int concluded = 0;
  int negotiating = 0;
  int to_start = 0;
  int total = 0;
  int prognosis = 0;  // concluded by the prognosis date
  bool operator==(const CoverageCount&) const = default;
};

struct ProvinceCoverage {
  Nis province;  // zero for the Flemish total
  std::string name;
  CoverageCount municipalities;
  CoverageCount regions;
};

// 004's table 1: per province (by NIS code) and for Flanders, how many
// municipalities existing on `on` and how many regiegebieden have a
// concluded agreement on `on`, how many are in negotiation or still to
// start, and how many are concluded by `prognosis_on`. A municipality counts
// its own agreements (including those of municipalities merged into it), a
// regiegebied its regiegebied agreements.
std::vector<ProvinceCoverage> coverage(std::span<const CooperationAgreement> agreements,
                                       const geo::Registry& registry, Date on, Date prognosis_on);

}  // namespace lap::pact
