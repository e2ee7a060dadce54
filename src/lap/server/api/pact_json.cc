#include "lap/server/api/pact_json.h"

#include <fmt/format.h>

#include "lap/pact/consortium.h"

namespace lap::server::api {

using Json = nlohmann::json;

Json parameters_json(const pact::CallParameters& p) {
  return {{"budget_cents", p.budget.cents()},
          {"counts_on", p.counts_on.to_string()},
          {"threshold", p.threshold.to_decimal_string()},
          {"amount_per_outflow_cents", p.amount_per_outflow.cents()},
          {"period_start", p.period_start.to_string()},
          {"period_end", p.period_end.to_string()},
          {"application_deadline", p.application_deadline.to_string()},
          {"settlement_rule", pact::settlement_rule_name(p.settlement_rule)},
          {"advance", p.advance.to_decimal_string()},
          {"consortia_allowed", p.consortia_allowed},
          {"redistribution_cap", p.redistribution_cap}};
}

Json call_json(const pact::Call& c, std::optional<Date> today) {
  Json versions = Json::array();
  for (const auto& v : c.versions) {
    Json j = parameters_json(v.parameters);
    j["version"] = v.number;
    j["valid_from"] = v.valid_from.to_string();
    j["note"] = v.note;
    versions.push_back(std::move(j));
  }
  Json j = {{"id", c.id}, {"title", c.title}, {"versions", versions}};
  if (today) {
    const Date deadline = c.version_on(*today).parameters.application_deadline;
    j["today"] = today->to_string();
    j["application_deadline"] = deadline.to_string();
    j["applications_open"] = *today <= deadline;
  }
  return j;
}

Json application_json(const pact::Application& a) {
  Json members = Json::array();
  for (const auto& m : a.members) {
    auto text_or_null = [](const std::string& t) { return t.empty() ? Json(nullptr) : Json(t); };
    members.push_back({{"nis", m.nis.to_string()},
                       {"engagement", m.engagement ? Json(*m.engagement) : Json(nullptr)},
                       {"consent", pact::consent_name(m.consent)},
                       {"consent_label", pact::consent_dutch(m.consent)},
                       {"consent_by", text_or_null(m.consent_by)},
                       {"consent_at", text_or_null(m.consent_at)}});
  }
  Json j = {
      {"id", a.id},
      {"call", a.call_id},
      {"applicant", a.applicant},
      {"lead", a.lead ? Json(a.lead->to_string()) : Json(nullptr)},
      {"consortium_name", a.consortium_name ? Json(*a.consortium_name) : Json(nullptr)},
      {"consortium_settlement", pact::consortium_settlement_name(a.consortium_settlement)},
      {"members", members},
      {"plan", a.plan},
      {"actions", a.actions},
      {"agreement", a.agreement_ref},
      {"agreement_id", a.agreement_id ? Json(*a.agreement_id) : Json(nullptr)},
      {"status", pact::application_status_name(a.status)},
      {"status_label", pact::application_status_dutch(a.status)},
      {"status_reason", a.status_reason},
      {"advance_paid_cents", a.advance_paid ? Json(a.advance_paid->cents()) : Json(nullptr)},
      {"annual_report_approved",
       a.annual_report_approved ? Json(a.annual_report_approved->to_string()) : Json(nullptr)},
      {"row_version", a.row_version},
      {"created_at", a.created_at},
      {"updated_at", a.updated_at}};
  return j;
}

// Reads call parameters over `base` (every field required without a base).
pact::CallParameters read_parameters(JsonInput& in, const Json& o,
                                     const std::optional<pact::CallParameters>& base) {
  const bool req = !base;
  pact::CallParameters p = base.value_or(pact::CallParameters{});
  if (auto v = in.cents(o, "", "budget_cents", req)) p.budget = *v;
  if (auto v = in.date(o, "", "counts_on", req)) p.counts_on = *v;
  if (auto v = in.percent(o, "", "threshold", req)) p.threshold = *v;
  if (auto v = in.cents(o, "", "amount_per_outflow_cents", false)) p.amount_per_outflow = *v;
  if (auto v = in.date(o, "", "period_start", req)) p.period_start = *v;
  if (auto v = in.date(o, "", "period_end", req)) p.period_end = *v;
  if (auto v = in.date(o, "", "application_deadline", req)) p.application_deadline = *v;
  if (auto v = in.text(o, "", "settlement_rule", false)) {
    if (auto r = pact::parse_settlement_rule(*v)) {
      p.settlement_rule = *r;
    } else {
      in.problem("/settlement_rule", "must be pro_rata or pro_rata_with_floor");
    }
  }
  if (auto v = in.percent(o, "", "advance", false)) {
    p.advance = *v;
  } else if (req) {
    p.advance = *pact::Rate::parse_percent("50");
  }
  if (auto v = in.boolean(o, "", "consortia_allowed", false)) p.consortia_allowed = *v;
  if (auto v = in.boolean(o, "", "redistribution_cap", false)) p.redistribution_cap = *v;
  return p;
}

// Reads the content of an application (members, plan, actions, agreement).
void read_application(JsonInput& in, const Json& o, pact::Application& a) {
  if (auto v = in.text(o, "", "plan", false)) a.plan = *v;
  if (auto v = in.texts(o, "", "actions", false)) a.actions = *v;
  if (auto v = in.text(o, "", "agreement", false)) a.agreement_ref = *v;
  a.agreement_id = in.integer(o, "", "agreement_id", false);
  auto consortium = in.text(o, "", "consortium", false);
  auto it = o.find("members");
  if (it == o.end() || !it->is_array() || it->empty()) {
    in.problem("/members", "must be a non-empty array of {\"nis\", \"engagement\"}");
    return;
  }
  a.members.clear();
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& m = (*it)[i];
    const std::string at = fmt::format("/members/{}", i);
    if (!m.is_object()) {
      in.problem(at, "must be an object {\"nis\", \"engagement\"}");
      continue;
    }
    auto nis = in.nis(m, at, "nis", true);
    auto engagement = in.integer(m, at, "engagement", false);
    if (nis) a.members.push_back({*nis, engagement});
  }
  if (consortium) {
    a.applicant = *consortium;
    a.consortium_name = in.text(o, "", "consortium_name", false).value_or(*consortium);
    auto settlement = in.text(o, "", "consortium_settlement", false).value_or("joint");
    if (settlement == "joint") {
      a.consortium_settlement = pact::ConsortiumSettlement::kJoint;
    } else if (settlement == "individual") {
      a.consortium_settlement = pact::ConsortiumSettlement::kIndividual;
    } else {
      in.problem("/consortium_settlement", "must be joint or individual");
    }
  } else {
    a.consortium_name.reset();
    if (a.members.size() > 1) {
      in.problem("/members", "a single municipality has one member; name a consortium");
    } else if (!a.members.empty()) {
      a.applicant = a.members[0].nis.to_string();
    }
  }
}

ScenarioRequest read_scenario(JsonInput& in, const Json& o) {
  ScenarioRequest out;
  pact::Scenario& scenario = out.scenario;
  scenario.threshold = in.percent(o, "", "threshold", false);
  scenario.amount_per_outflow = in.cents(o, "", "amount_per_outflow_cents", false);
  scenario.budget = in.cents(o, "", "budget_cents", false);
  out.through = in.month(o, "", "through", false);
  if (auto it = o.find("participants"); it != o.end() && !it->is_null()) {
    if (it->is_string() && *it == "all") {
      out.all_participants = true;
    } else if (it->is_array()) {
      std::vector<Nis> list;
      for (std::size_t i = 0; i < it->size(); ++i) {
        Json wrapper = {{"nis", (*it)[i]}};
        if (auto n = in.nis(wrapper, fmt::format("/participants/{}", i), "nis", true)) {
          list.push_back(*n);
        }
      }
      scenario.participants = list;
    } else {
      in.problem("/participants", "must be \"all\" or an array of NIS codes");
    }
  }
  return out;
}

}  // namespace lap::server::api
