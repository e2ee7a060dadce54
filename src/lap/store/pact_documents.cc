#include "lap/store/pact_documents.h"

#include <nlohmann/json.hpp>

namespace lap::store {
namespace {

nlohmann::json source_json(const pact::SourceRef& s) {
  if (s.table) {
    return {
        {"import_id", s.table->import_id}, {"file", s.table->file}, {"sha256", s.table->sha256}};
  }
  if (s.data) {
    return {{"load_id", s.data->load_id},
            {"link_run_id",
             s.data->link_run_id ? nlohmann::json(*s.data->link_run_id) : nlohmann::json(nullptr)}};
  }
  return nullptr;
}

nlohmann::json inputs_json(const pact::FrozenInputs& in) {
  nlohmann::json decision = nullptr;
  if (in.decision) {
    decision = {{"number", in.decision->number},
                {"decided_on", in.decision->decided_on.to_string()}};
  }
  return {{"call_version", in.call_version},
          {"redistribution_decision", decision},
          {"counts", source_json(in.counts)},
          {"results", source_json(in.results)}};
}

Result<pact::SourceRef> source_from(const nlohmann::json& j) {
  pact::SourceRef s;
  if (j.contains("import_id")) {
    s.table =
        pact::TableImportRef{j.at("import_id").get<int64_t>(), j.at("file").get<std::string>(),
                             j.at("sha256").get<std::string>()};
  } else if (j.contains("load_id")) {
    s.data = pact::DataRef{j.at("load_id").get<int64_t>(), std::nullopt};
    if (!j.at("link_run_id").is_null()) s.data->link_run_id = j.at("link_run_id").get<int64_t>();
  } else {
    return make_error(ErrorCode::kIo, "the statement names no source of its counts or results");
  }
  return s;
}

}  // namespace

Result<pact::FrozenInputs> payment_statement_inputs(const std::string& statement_json) {
  try {
    const auto j = nlohmann::json::parse(statement_json);
    if (!j.contains("inputs")) {
      return make_error(ErrorCode::kFailedPrecondition,
                        "the statement was settled before inputs were recorded");
    }
    const auto& in = j.at("inputs");
    pact::FrozenInputs out;
    out.call_version = in.at("call_version").get<int>();
    if (const auto& d = in.at("redistribution_decision"); !d.is_null()) {
      auto on = Date::parse(d.at("decided_on").get<std::string>());
      if (!on) return make_error(ErrorCode::kIo, "the statement's decision has no valid date");
      out.decision = pact::DecisionRef{d.at("number").get<int64_t>(), *on};
    }
    auto counts = source_from(in.at("counts"));
    if (!counts) return std::unexpected(counts.error());
    auto results = source_from(in.at("results"));
    if (!results) return std::unexpected(results.error());
    out.counts = std::move(*counts);
    out.results = std::move(*results);
    return out;
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorCode::kIo, std::string("a malformed statement: ") + e.what());
  }
}

std::string payment_statement_json(const pact::PaymentStatement& s) {
  nlohmann::json members = nlohmann::json::array();
  for (Nis n : s.members)
    members.push_back(n.to_string());
  auto rate = [](const std::optional<pact::Rate>& r) -> nlohmann::json {
    return r ? nlohmann::json(r->to_string()) : nlohmann::json(nullptr);
  };
  nlohmann::json j = {
      {"unit_id", s.unit_id},
      {"members", members},
      {"version", s.version.to_string()},
      {"rule", pact::settlement_rule_name(s.rule)},
      {"n", s.n},
      {"b", s.b},
      {"e", s.e},
      {"t", s.t},
      {"r", s.r},
      {"m_cents", s.m.cents()},
      {"advance_cents", s.advance.cents()},
      {"advance_paid_cents", s.advance_paid.cents()},
      {"earned_cents", s.earned.cents()},
      {"earned_pct", rate(s.earned_pct)},
      {"achieved_pct", rate(s.achieved_pct)},
      {"entitled_cents", s.entitled.cents()},
      {"balance_cents", s.balance.cents()},
      {"status", pact::payment_status_name(s.status)},
      {"annual_report_approved", s.annual_report_approved
                                     ? nlohmann::json(s.annual_report_approved->to_string())
                                     : nlohmann::json(nullptr)},
      {"inputs", inputs_json(s.inputs)}};
  return j.dump();
}

}  // namespace lap::store
