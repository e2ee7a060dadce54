// The stored JSON of a payment statement (pact_documents.h): every field, and
// null for what is not known.
#include "lap/store/pact_documents.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lap::store {
namespace {

Nis nis_of(int code) {
  return *Nis::parse(std::to_string(code));
}

TEST(PaymentStatementJson, EveryField) {
  pact::PaymentStatement s;
  s.unit_id = "11001+11004";
  s.members = {nis_of(11001), nis_of(11004)};
  s.version = {"lap-2024", 2, *Date::parse("2024-03-01")};
  s.rule = pact::SettlementRule::kProRataWithFloor;
  s.n = 250;
  s.b = 10;
  s.e = 5;
  s.t = 15;
  s.r = 13;
  s.m = Money::from_cents(500000);
  s.advance = Money::from_cents(250000);
  s.advance_paid = Money::from_cents(200000);
  s.earned = Money::from_cents(300000);
  s.earned_pct = *pact::Rate::fraction(3, 5);
  s.achieved_pct = *pact::Rate::fraction(3, 5);
  s.entitled = Money::from_cents(300000);
  s.balance = Money::from_cents(100000);
  s.status = pact::PaymentStatus::kPayable;
  s.annual_report_approved = *Date::parse("2026-03-15");
  const auto j = nlohmann::json::parse(payment_statement_json(s));
  EXPECT_EQ(j["unit_id"], "11001+11004");
  EXPECT_EQ(j["members"], nlohmann::json::array({"11001", "11004"}));
  EXPECT_EQ(j["version"], s.version.to_string());
  EXPECT_EQ(j["rule"], "pro_rata_with_floor");
  EXPECT_EQ(j["n"], 250);
  EXPECT_EQ(j["b"], 10);
  EXPECT_EQ(j["e"], 5);
  EXPECT_EQ(j["t"], 15);
  EXPECT_EQ(j["r"], 13);
  EXPECT_EQ(j["m_cents"], 500000);
  EXPECT_EQ(j["advance_cents"], 250000);
  EXPECT_EQ(j["advance_paid_cents"], 200000);
  EXPECT_EQ(j["earned_cents"], 300000);
  EXPECT_EQ(j["earned_pct"], "60%");
  EXPECT_EQ(j["achieved_pct"], "60%");
  EXPECT_EQ(j["entitled_cents"], 300000);
  EXPECT_EQ(j["balance_cents"], 100000);
  EXPECT_EQ(j["status"], "payable");
  EXPECT_EQ(j["annual_report_approved"], "2026-03-15");
  EXPECT_TRUE(j.contains("inputs"));
  EXPECT_EQ(j.size(), 20u);
}

TEST(PaymentStatementJson, TheRecordedInputsAreReadBack) {
  pact::PaymentStatement s;
  s.unit_id = "11001";
  s.inputs.call_version = 2;
  s.inputs.decision = pact::DecisionRef{3, *Date::parse("2025-01-10")};
  s.inputs.counts.table = pact::TableImportRef{7, "podmi.csv", std::string(64, 'a')};
  s.inputs.results.data = pact::DataRef{4, 9};
  const std::string text = payment_statement_json(s);
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["inputs"]["call_version"], 2);
  EXPECT_EQ(j["inputs"]["redistribution_decision"]["number"], 3);
  EXPECT_EQ(j["inputs"]["counts"]["sha256"], std::string(64, 'a'));
  EXPECT_EQ(j["inputs"]["results"]["link_run_id"], 9);
  auto back = payment_statement_inputs(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, s.inputs);

  s.inputs.decision.reset();
  s.inputs.results.data->link_run_id.reset();
  back = payment_statement_inputs(payment_statement_json(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s.inputs);

  EXPECT_EQ(payment_statement_inputs(R"({"unit_id":"11001"})").error().code,
            ErrorCode::kFailedPrecondition);  // settled before inputs were recorded
  EXPECT_EQ(payment_statement_inputs("{").error().code, ErrorCode::kIo);
}

TEST(PaymentStatementJson, NullForWhatIsNotKnown) {
  pact::PaymentStatement s;
  s.unit_id = "11001";
  const auto j = nlohmann::json::parse(payment_statement_json(s));
  EXPECT_TRUE(j["earned_pct"].is_null());
  EXPECT_TRUE(j["achieved_pct"].is_null());
  EXPECT_TRUE(j["annual_report_approved"].is_null());
  EXPECT_EQ(j["status"], "held");
  EXPECT_EQ(j["rule"], "pro_rata");
}

}  // namespace
}  // namespace lap::store
