// The pact service against a real store (SQLite and PostgreSQL): imported
// tables from bytes, an application from draft to settled, the payment
// statement recorded once, and the annual report as an uploaded document.
#include "lap/pact/service.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/store/sql/test_database.h"

namespace lap::pact {
namespace {

using store::sql::testing::StoreTest;

Nis nis(int code) {
  return *Nis::from_int(code);
}
Date day(const char* text) {
  return *Date::parse(text);
}

constexpr std::string_view kCounts =
    "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
    "11002;2023-12-31;9000;1000;400\n"
    "11001;2023-12-31;40;10;2\n"
    "44021;2023-12-31;5000;500;100\n";

class PactServiceTest : public StoreTest {
 protected:
  // The service on `today` over one store of the test.
  PactService service(Date today) {
    if (!store_) store_ = fresh();
    return PactService(*store_, geo::Registry::builtin(), today, "wse");
  }
  store::Store& store() { return *store_; }

 private:
  std::unique_ptr<store::Store> store_;
};
LAP_ON_BOTH_DATABASES(PactServiceTest);

TEST_P(PactServiceTest, PresetsOnce) {
  PactService s = service(day("2024-10-01"));
  ASSERT_TRUE(s.ensure_presets());
  ASSERT_TRUE(s.ensure_presets());
  auto calls = s.calls();
  ASSERT_TRUE(calls);
  ASSERT_EQ(calls->size(), 2u);
  EXPECT_EQ(s.call("lap-2099").error().code, ErrorCode::kNotFound);
}

TEST_P(PactServiceTest, ImportsACountTableFromItsBytes) {
  PactService s = service(day("2024-10-01"));
  ASSERT_TRUE(s.ensure_presets());
  EXPECT_EQ(s.werktabel("lap-2024", day("2024-10-01")).error().code, ErrorCode::kNotFound);
  // Problems name the file, line and column; nothing is stored.
  auto broken =
      s.import_counts("lap-2024", {"fout.csv",
                                   "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
                                   "99999;2023-12-31;1;1;0\n"});
  ASSERT_TRUE(broken);
  ASSERT_FALSE(broken->problems.empty());
  EXPECT_TRUE(broken->problems[0].starts_with("fout.csv:2:")) << broken->problems[0];
  auto other_day =
      s.import_counts("lap-2024", {"oud.csv",
                                   "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
                                   "11001;2022-12-31;40;10;2\n"});
  ASSERT_TRUE(other_day);
  ASSERT_EQ(other_day->problems.size(), 1u);
  EXPECT_EQ(other_day->problems[0], "oud.csv: no row has the call's reference date 2023-12-31");
  EXPECT_FALSE(s.werktabel("lap-2024", day("2024-10-01")));
  // The table; the same bytes again change nothing.
  auto imported = s.import_counts("lap-2024", {"podmi.csv", kCounts});
  ASSERT_TRUE(imported);
  EXPECT_TRUE(imported->problems.empty());
  EXPECT_TRUE(imported->changed);
  EXPECT_EQ(imported->rows, 3);
  auto again = s.import_counts("lap-2024", {"podmi-kopie.csv", kCounts});
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->changed);
  auto w = s.werktabel("lap-2024", day("2024-10-01"));
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(w->find(nis(11001))->n, 50);  // leefloon + equivalent_leefloon
  EXPECT_EQ(w->total_n, 10000 + 50 + 5500);
  const Call c = *s.call("lap-2024");
  auto counts = s.counts(c, c.latest());
  ASSERT_TRUE(counts);
  EXPECT_TRUE(counts->origin.starts_with("count table podmi.csv imported ")) << counts->origin;
  EXPECT_EQ(s.import_counts("lap-2099", {"podmi.csv", kCounts}).error().code, ErrorCode::kNotFound);
}

// The application of 11001 to LAP 2024 the tests start from.
Application antwerp_suburb_application() {
  Application a;
  a.call_id = "lap-2024";
  a.applicant = "11001";
  a.members = {{nis(11001), std::nullopt}};
  a.plan = "Trajecten met VDAB";
  a.actions = {"intake"};
  a.agreement_ref = "https://example.org/overeenkomst";
  return a;
}

TEST_P(PactServiceTest, FromApplicationToSettlement) {
  PactService before = service(day("2024-10-01"));
  ASSERT_TRUE(before.ensure_presets());
  ASSERT_TRUE(before.import_counts("lap-2024", {"podmi.csv", kCounts}));
  const Application a = antwerp_suburb_application();
  auto id = before.apply(a);
  ASSERT_TRUE(id) << id.error().message;
  auto stored = before.application(*id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, ApplicationStatus::kDraft);
  ASSERT_TRUE(before.change_status(*id, stored->row_version, ApplicationStatus::kSubmitted, ""));
  stored = before.application(*id);
  ASSERT_TRUE(before.change_status(*id, stored->row_version, ApplicationStatus::kApproved, ""));
  // Before the deadline: own rights, the advance on the werktabel's E.
  auto w = before.werktabel("lap-2024", day("2024-10-01"));
  ASSERT_TRUE(w);
  const CallParameters p = lap_2024().latest().parameters;
  const Money advance = advance_amount(p.advance, w->find(nis(11001))->e, p.amount_per_outflow);
  EXPECT_GT(advance, Money());
  EXPECT_EQ(before.application(*id)->advance_paid, advance);
  auto parts = before.participants("lap-2024");
  ASSERT_TRUE(parts);
  EXPECT_FALSE(parts->after_deadline);
  EXPECT_FALSE(parts->decision);
  ASSERT_EQ(parts->table.rows.size(), 1u);
  EXPECT_EQ(parts->table.pool, Money());

  // After the period: VDAB's results, running, the annual report, settled once.
  PactService after = service(day("2025-12-15"));
  auto results = after.import_results("lap-2024", {"r.csv",
                                                   "nis;month;confirmed;pending\n"
                                                   "11001;2024-12;20;0\n"
                                                   "11001;2025-06;25;1\n"});
  ASSERT_TRUE(results);
  ASSERT_TRUE(results->problems.empty()) << results->problems[0];
  EXPECT_EQ(results->rows, 2);
  stored = after.application(*id);
  ASSERT_TRUE(after.change_status(*id, stored->row_version, ApplicationStatus::kRunning, ""));
  // After the deadline and before WSE decides: still the own right.
  parts = after.participants("lap-2024");
  ASSERT_TRUE(parts);
  EXPECT_TRUE(parts->after_deadline);
  EXPECT_FALSE(parts->decision);
  EXPECT_EQ(parts->table.pool, Money());
  // WSE decides: the pool goes to 11001 (up to its cap).
  auto decided = after.decide_redistribution("lap-2024", "na de indieningsdatum");
  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_EQ(decided->number, 1);
  EXPECT_EQ(decided->applications, std::vector<int64_t>{*id});
  EXPECT_EQ(decided->decided_by, "wse");
  EXPECT_EQ(decided->note, "na de indieningsdatum");
  EXPECT_TRUE(decided->counts_origin.starts_with("count table podmi.csv"));
  parts = after.participants("lap-2024");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->decision, decided->ref());
  EXPECT_EQ(parts->table.find(nis(11001))->m, decided->rights.find(nis(11001))->m);
  EXPECT_GT(parts->table.pool, Money());
  auto statements = after.statements("lap-2024");
  ASSERT_TRUE(statements) << statements.error().message;
  EXPECT_TRUE(statements->results_origin.starts_with("VDAB results table r.csv imported "));
  ASSERT_EQ(statements->statements.size(), 1u);
  EXPECT_EQ(statements->statements[0].r, 45);
  EXPECT_EQ(statements->statements[0].advance_paid, advance);
  EXPECT_EQ(statements->statements[0].status, PaymentStatus::kHeld);
  EXPECT_TRUE(after.settle("lap-2024")->empty());  // held: no annual report yet
  stored = after.application(*id);
  ASSERT_TRUE(after.record_annual_report(*id, stored->row_version, day("2025-12-10")));
  auto settled = after.settle("lap-2024");
  ASSERT_TRUE(settled) << settled.error().message;
  ASSERT_EQ(settled->size(), 1u);
  EXPECT_EQ((*settled)[0].unit_id, "11001");
  EXPECT_NE((*settled)[0].status, PaymentStatus::kHeld);
  EXPECT_EQ(after.application(*id)->status, ApplicationStatus::kSettled);
  auto payments = store().pact().pact_payments("lap-2024");
  ASSERT_TRUE(payments);
  ASSERT_EQ(payments->size(), 1u);
  EXPECT_EQ((*payments)[0].settled_by, "wse");
  EXPECT_NE((*payments)[0].statement_json.find("\"unit_id\":\"11001\""), std::string::npos);
  EXPECT_TRUE(after.settle("lap-2024")->empty());  // settled once

  // The statement recorded its inputs: version, decision, count and results tables.
  const FrozenInputs& inputs = (*settled)[0].inputs;
  EXPECT_EQ(inputs.call_version, 1);
  EXPECT_EQ(inputs.decision, decided->ref());
  ASSERT_TRUE(inputs.counts.table);
  EXPECT_EQ(inputs.counts.table->file, "podmi.csv");
  EXPECT_EQ(inputs.counts.table->sha256.size(), 64u);
  ASSERT_TRUE(inputs.results.table);
  EXPECT_EQ(inputs.results.table->file, "r.csv");
  // Recomputed from them: identical, also after a new results table and a new decision.
  ASSERT_TRUE(after.import_results("lap-2024", {"r2.csv",
                                                "nis;month;confirmed;pending\n"
                                                "11001;2024-12;5;0\n"}));
  ASSERT_TRUE(after.decide_redistribution("lap-2024", "opnieuw"));
  EXPECT_EQ(after.statements("lap-2024")->statements[0].r, 5);
  auto checks = after.verify_settlement("lap-2024");
  ASSERT_TRUE(checks) << checks.error().message;
  ASSERT_EQ(checks->size(), 1u);
  EXPECT_TRUE((*checks)[0].identical) << (*checks)[0].problem << "\n"
                                      << (*checks)[0].recorded << "\n"
                                      << (*checks)[0].recomputed;
}

// An application may refer to an agreement of the registry instead of a link: it must exist and
// concern a member (its own agreement, or its regiegebied's); it then needs no link to submit,
// and a draft's change may move it to another agreement.
TEST_P(PactServiceTest, AnApplicationRefersToAnAgreementOfTheRegistry) {
  PactService s = service(day("2024-10-01"));
  ASSERT_TRUE(s.ensure_presets());
  ASSERT_TRUE(s.import_counts("lap-2024", {"podmi.csv", kCounts}));
  CooperationAgreement own;
  own.area = "11001";
  own.title = "Samenwerkingsovereenkomst Aartselaar";
  own.status = AgreementStatus::kNegotiating;
  CooperationAgreement gent = own;
  gent.area = "44021";
  CooperationAgreement region = own;
  region.scope = AgreementScope::kRegion;
  region.area = "KINA";  // Aartselaar's regiegebied
  auto own_id = store().add_agreement(own, "vdab");
  auto gent_id = store().add_agreement(gent, "vdab");
  auto region_id = store().add_agreement(region, "vdab");
  ASSERT_TRUE(own_id && gent_id && region_id);

  Application a = antwerp_suburb_application();
  a.agreement_ref.clear();
  a.agreement_id = *gent_id;
  auto refused = s.apply(a);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("agreement_id: cooperation agreement"), std::string::npos)
      << refused.error().message;
  a.agreement_id = *region_id + 10;
  ASSERT_FALSE(s.apply(a));
  a.agreement_id = *own_id;
  auto id = s.apply(a);
  ASSERT_TRUE(id) << id.error().message;
  auto stored = s.application(*id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->agreement_id, *own_id);
  EXPECT_TRUE(stored->agreement_ref.empty());
  Application changed = *stored;
  changed.agreement_id = *region_id;
  ASSERT_TRUE(s.edit(changed));
  stored = s.application(*id);
  EXPECT_EQ(stored->agreement_id, *region_id);
  ASSERT_TRUE(s.change_status(*id, stored->row_version, ApplicationStatus::kSubmitted, ""));
}

TEST_P(PactServiceTest, TheAnnualReportIsAPdfOfAnApprovedApplication) {
  PactService s = service(day("2024-10-01"));
  ASSERT_TRUE(s.ensure_presets());
  ASSERT_TRUE(s.import_counts("lap-2024", {"podmi.csv", kCounts}));
  const Application a = antwerp_suburb_application();
  const int64_t id = *s.apply(a);
  const std::string pdf = "%PDF-1.7\n1 0 obj\n";
  // A draft has no annual report yet; nothing is stored.
  auto early = s.upload_annual_report(id, {"jaarverslag.pdf", pdf});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(early.error().message.find("ontwerp"), std::string::npos);
  EXPECT_EQ(s.annual_report_document(id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(
      s.change_status(id, s.application(id)->row_version, ApplicationStatus::kSubmitted, ""));
  ASSERT_TRUE(
      s.change_status(id, s.application(id)->row_version, ApplicationStatus::kApproved, ""));
  EXPECT_EQ(s.upload_annual_report(id, {"verslag.docx", "PK\x03\x04"}).error().code,
            ErrorCode::kInvalidArgument);
  auto stored = s.upload_annual_report(id, {"jaarverslag.pdf", pdf});
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->uploaded_by, "wse");
  EXPECT_EQ(stored->size, static_cast<int64_t>(pdf.size()));
  // The SHA-256 of the bytes, as `sha256sum` prints it.
  EXPECT_EQ(stored->sha256.size(), 64u);
  auto read = s.annual_report_document(id);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->content, pdf);
  EXPECT_EQ(read->file_name, "jaarverslag.pdf");
  auto by_app = s.annual_reports("lap-2024");
  ASSERT_TRUE(by_app);
  EXPECT_EQ(by_app->count(id), 1u);
  EXPECT_EQ(s.annual_reports("lap-2099").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s.upload_annual_report(999999, {"x.pdf", pdf}).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace lap::pact
