// Person-level access (domain.md §6, the verwijzingsrepertorium), shared by the
// routes that open a person's data (persons_api.cc, link_review_api.cc): the
// registered relation of the user's organisation with a person, the data it is
// judged on, and the audit log every read and every refusal is written to.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/measure/figure.h"
#include "lap/measure/timeline.h"
#include "lap/server/api/api.h"

namespace lap::server::api {

// How long a relation lasts after its entitlement or registration ended.
inline constexpr int kRelationMonths = 12;

// The registered relation of the user's organisation with `person` at data end
// `end`: an OCMW counsellor's OCMW: a leefloon entitlement there in the 12
// months up to `end`; a VDAB mediator: a VDAB registration in those months.
// Other roles have none.
bool has_relation(const measure::Timelines& t, uint32_t person, const Principal& p, Month end);

struct PersonTimelines {
  std::shared_ptr<const measure::Timelines> timelines;
  int64_t load = 0;
  std::optional<int64_t> link_run;  // whose persons the timelines hold
};
// The timelines of the data the published figures were computed from (the
// latest measurement run's load and link run), so the persons behind a figure
// are those it counted; without a run, the current load and its latest link
// run. kNotFound (in Dutch) before any data were imported.
Result<PersonTimelines> person_timelines(Environment& env);

// Writes one audit row per person in `persons`: the user read them for `purpose`.
Status audit_person_reads(Environment& env, const Principal& p,
                          const std::vector<std::string>& persons, std::string_view action,
                          const std::string& purpose);

// A refused person read: written to the audit log with the actor and the
// reason (who tried what is worth as much as who read what), then `answer`.
// A failure to write the log turns the answer into that failure.
Response refused_person_read(Environment& env, const RequestContext& ctx, std::string_view route,
                             std::string_view person_ref, std::string_view reason,
                             std::string_view purpose, Response answer);

// The purpose a person-level read states (`purpose`, 5 to 200 bytes), or
// nullopt with the 400 answer in `out`.
std::optional<std::string> purpose_of(const Request& r, Response& out);

// The start of every person-level read: permission `persons` (a refusal is
// audited with the purpose the request stated), then the purpose (400
// without one). nullopt with the answer in `out`.
std::optional<std::string> person_read_purpose(Environment& env, const Request& r,
                                               RequestContext& ctx, std::string_view route,
                                               Response& out);

// One answer for a pseudonym that does not exist and for a person the user
// has no relation with: a different status would tell whether the pseudonym exists.
Response no_such_person();

// The side of a case the user acts for: "ocmw" for an OCMW counsellor, "vdab"
// for a VDAB mediator, nullopt for every other role.
std::optional<std::string> side_of(const Principal& p);

// The months of a person's timeline with something in them, and their states
// in Dutch: [{"month","position","states":[...]}].
nlohmann::json timeline_months(const measure::Timelines& t, uint32_t person,
                               const measure::Settings& settings);

// A 200 JSON answer that no cache keeps (person-level data).
Response no_store_json(const nlohmann::json& body);

}  // namespace lap::server::api
