// The contract of PactStore (pact_store.h) on SQLite and PostgreSQL: calls,
// imported tables, applications with their history and consents, uploaded
// annual reports, settlements.
#include "lap/store/pact_store.h"

#include <atomic>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/store/migrations.h"
#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

Nis nis(int code) {
  return *Nis::from_int(code);
}

class PactStoreContract : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(PactStoreContract);

pact::Application draft(int code) {
  pact::Application a;
  a.call_id = "lap-2024";
  a.applicant = std::to_string(code);
  a.members = {{nis(code), 7}};
  a.plan = "Trajecten met VDAB";
  a.actions = {"intake", "jobcoaching"};
  a.agreement_ref = "https://example.org/overeenkomst";
  return a;
}

TEST_P(PactStoreContract, CallsKeepEveryVersion) {
  auto s = fresh();
  PactStore& p = s->pact();
  const pact::Call call = pact::lap_2023();
  ASSERT_TRUE(p.create_call(call, "preset"));
  auto again = p.create_call(call, "preset");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto read = p.call("lap-2023");
  ASSERT_TRUE(read && *read);
  const pact::Call& c = **read;
  EXPECT_EQ(c.title, call.title);
  ASSERT_EQ(c.versions.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const auto& a = c.versions[i];
    const auto& b = call.versions[i];
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.valid_from, b.valid_from);
    EXPECT_EQ(a.note, b.note);
    EXPECT_EQ(a.parameters.threshold, b.parameters.threshold);
    EXPECT_EQ(a.parameters.budget, b.parameters.budget);
    EXPECT_EQ(a.parameters.advance, b.parameters.advance);
    EXPECT_EQ(a.parameters.settlement_rule, b.parameters.settlement_rule);
    EXPECT_EQ(a.parameters.application_deadline, b.parameters.application_deadline);
    EXPECT_EQ(a.parameters.consortia_allowed, b.parameters.consortia_allowed);
  }
  // Versions are appended in order only.
  pact::ParameterVersion v3 = c.versions[1];
  v3.number = 4;
  v3.valid_from = *Date::parse("2024-01-01");
  EXPECT_EQ(p.add_call_version("lap-2023", v3).error().code, ErrorCode::kFailedPrecondition);
  v3.number = 3;
  v3.valid_from = *Date::parse("2023-09-01");
  EXPECT_EQ(p.add_call_version("lap-2023", v3).error().code, ErrorCode::kFailedPrecondition);
  v3.valid_from = *Date::parse("2024-01-01");
  EXPECT_TRUE(p.add_call_version("lap-2023", v3));
  EXPECT_EQ((*p.call("lap-2023"))->versions.size(), 3u);
  EXPECT_EQ(p.add_call_version("nope", v3).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(p.calls()->size(), 1u);
}

TEST_P(PactStoreContract, ImportedTablesAreReplacedAndIdenticalFilesChangeNothing) {
  auto s = fresh();
  PactStore& p = s->pact();
  ASSERT_TRUE(p.create_call(pact::lap_2024(), "preset"));
  EXPECT_FALSE(*p.pact_counts("lap-2024", std::nullopt));
  PactImport info{0, "lap-2024", PactTable::kCounts, "podmi.csv", "aa", 2, ""};
  EXPECT_TRUE(*p.replace_pact_counts(info, {{nis(11001), 100}, {nis(11004), 50}}));
  EXPECT_FALSE(*p.replace_pact_counts(info, {{nis(11001), 999}}));  // same file: no change
  auto counts = *p.pact_counts("lap-2024", std::nullopt);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->by_nis.at(nis(11001)), 100);
  info.sha256 = "bb";
  EXPECT_TRUE(*p.replace_pact_counts(info, {{nis(11001), 101}}));
  const int64_t first_import = counts->import.import_id;
  counts = *p.pact_counts("lap-2024", std::nullopt);
  EXPECT_EQ(counts->by_nis.size(), 1u);
  EXPECT_EQ(counts->by_nis.at(nis(11001)), 101);
  // A replaced import stays readable by its id (what a statement recorded).
  auto replaced = *p.pact_counts("lap-2024", first_import);
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->import.sha256, "aa");
  EXPECT_EQ(replaced->by_nis.at(nis(11001)), 100);
  EXPECT_FALSE(*p.pact_counts("lap-2024", first_import + 100));

  PactImport results{0, "lap-2024", PactTable::kResults, "vdab.csv", "cc", 1, ""};
  const Month jan = *Month::parse("2025-01");
  EXPECT_TRUE(*p.replace_pact_results(results, {{nis(11001), {{jan, {3, 1}}}}}));
  auto r = *p.pact_results("lap-2024", std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->by_nis.at(nis(11001)).at(jan).confirmed, 3);
  EXPECT_EQ(r->by_nis.at(nis(11001)).at(jan).pending, 1);
  EXPECT_EQ(
      p.replace_pact_counts({0, "nope", PactTable::kCounts, "x", "x", 0, ""}, {}).error().code,
      ErrorCode::kNotFound);
}

TEST_P(PactStoreContract, ApplicationsWithVersionCheckAndHistory) {
  auto s = fresh();
  PactStore& p = s->pact();
  ASSERT_TRUE(p.create_call(pact::lap_2024(), "preset"));
  auto id = p.create_application(draft(11001), "ocmw-aartselaar");
  ASSERT_TRUE(id);
  EXPECT_EQ(p.create_application(draft(11001), "x").error().code, ErrorCode::kAlreadyExists);
  auto a = **p.application(*id);
  EXPECT_EQ(a.row_version, 1);
  EXPECT_EQ(a.members, draft(11001).members);
  EXPECT_EQ(a.actions, draft(11001).actions);
  EXPECT_EQ(a.status, pact::ApplicationStatus::kDraft);

  // Two writers read version 1; the second one loses.
  pact::Application first = a;
  pact::Application second = a;
  first.status = pact::ApplicationStatus::kSubmitted;
  EXPECT_EQ(*p.update_application(first, "ocmw-aartselaar", ""), 2);
  second.plan = "another plan";
  auto lost = p.update_application(second, "someone", "");
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kFailedPrecondition);
  a = **p.application(*id);
  EXPECT_EQ(a.plan, "Trajecten met VDAB");
  a.status = pact::ApplicationStatus::kRefused;
  a.status_reason = "geen overeenkomst";
  EXPECT_TRUE(p.update_application(a, "wse", "geen overeenkomst"));
  auto events = *p.application_events(*id);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_FALSE(events[0].from);
  EXPECT_EQ(events[1].to, pact::ApplicationStatus::kSubmitted);
  EXPECT_EQ(events[2].actor, "wse");
  EXPECT_EQ(events[2].reason, "geen overeenkomst");
  // The event log is append-only.
  EXPECT_FALSE(s->database().exec("DELETE FROM pact_application_event"));
}

// Issue 15, finding 6 ("Consortium consent"): migration 0009 gives the
// applications of an old database a lead and consents, every consent change is
// recorded, and the store itself refuses a second claim on a member.
TEST_P(PactStoreContract, ConsortiumConsentMigrationAndOneApplicationPerMunicipality) {
  testing::TestDatabase db(GetParam());
  std::vector<Migration> before;
  for (const auto& m : builtin_migrations(GetParam()))
    if (m.version < 9) before.push_back(m);
  {
    auto old = db.open(before);
    ASSERT_TRUE(old);
    ASSERT_TRUE((*old)->migrate());
    ASSERT_TRUE((*old)->pact().create_call(pact::lap_2024(), "preset"));
    for (const char* sql :
         {"INSERT INTO app_user (username, role, municipality, password_hash, created_at, "
          "created_by) VALUES ('aartselaar', 'local_government', 11001, 'x', 't', 'test')",
          "INSERT INTO pact_application (application_id, call_id, applicant, consortium_name, "
          "consortium_settlement, plan, actions_json, agreement_ref, status, row_version, "
          "created_at, updated_at) VALUES "
          "(101, 'lap-2024', 'zuidrand', 'Zuidrand', 'joint', 'p', '[]', 'x', 'draft', 1, 't', "
          "'t'),"
          "(102, 'lap-2024', '11002', NULL, NULL, 'p', '[]', 'x', 'submitted', 1, 't', 't'),"
          "(103, 'lap-2024', 'rupel', 'Rupel', 'joint', 'p', '[]', 'x', 'approved', 1, 't', 't')",
          "INSERT INTO pact_application_member (application_id, nis, engagement) VALUES "
          "(101, 11001, NULL), (101, 11004, NULL), (102, 11002, NULL), (103, 11005, NULL), "
          "(103, 11007, NULL)",
          "INSERT INTO pact_application_event (application_id, at, actor, from_status, "
          "to_status) VALUES (101, 't', 'aartselaar', NULL, 'draft'), "
          "(103, 't', 'wse', NULL, 'draft')"}) {
      ASSERT_TRUE((*old)->database().exec(sql)) << sql;
    }
  }
  auto s = db.open();
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->migrate());
  PactStore& p = (*s)->pact();
  auto zuidrand = **p.application(101);
  EXPECT_EQ(zuidrand.lead, nis(11001));  // the account that made it
  EXPECT_EQ(zuidrand.members[0].consent, pact::Consent::kConsented);
  EXPECT_EQ(zuidrand.members[1].consent, pact::Consent::kPending);  // asked again
  EXPECT_EQ((**p.application(102)).lead, nis(11002));
  auto rupel = **p.application(103);
  EXPECT_FALSE(rupel.lead);  // made by an account without a municipality
  EXPECT_EQ(rupel.members[1].consent, pact::Consent::kConsented);  // approved before the rule

  // A consent is recorded with who and when; the history is append-only.
  zuidrand.members[1].consent = pact::Consent::kConsented;
  ASSERT_TRUE(p.update_application(zuidrand, "boechout", ""));
  auto member = (**p.application(101)).members[1];
  EXPECT_EQ(member.consent_by, "boechout");
  EXPECT_FALSE(member.consent_at.empty());
  auto events = *p.consent_events(101);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].nis, nis(11004));
  EXPECT_EQ(events[0].actor, "boechout");
  EXPECT_FALSE((*s)->database().exec("DELETE FROM pact_consent_event"));

  // Boom (11005) is in the approved Rupel: another application cannot claim it.
  pact::Application kempen = draft(11008);
  kempen.applicant = "kempen";
  kempen.consortium_name = "Kempen";
  kempen.lead = nis(11008);
  kempen.members = {{nis(11008), std::nullopt, pact::Consent::kConsented},
                    {nis(11005), std::nullopt, pact::Consent::kConsented}};
  auto id = p.create_application(kempen, "brasschaat");
  ASSERT_TRUE(id);
  kempen = **p.application(*id);
  kempen.status = pact::ApplicationStatus::kSubmitted;
  auto refused = p.update_application(kempen, "brasschaat", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.error().message.find("rupel"), std::string::npos);
  EXPECT_EQ((**p.application(*id)).status, pact::ApplicationStatus::kDraft);
}

// Several application servers, each with its own connection, change one
// application at once: every change is read-modify-write with the version
// check and a retry when another server came first. None is lost.
TEST_P(PactStoreContract, ConcurrentServersLoseNoUpdate) {
  auto s = fresh();
  ASSERT_TRUE(s->pact().create_call(pact::lap_2024(), "preset"));
  const int64_t id = *s->pact().create_application(draft(11001), "x");
  constexpr int kServers = 4;
  constexpr int kChanges = 15;
  std::vector<std::unique_ptr<SqlStore>> servers;
  for (int i = 0; i < kServers; ++i) {
    auto server = database().open(OpenMode::kMustExist);
    ASSERT_TRUE(server) << server.error().message;
    servers.push_back(std::move(*server));
  }
  std::atomic<int> conflicts{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kServers; ++i) {
    threads.emplace_back([&, i] {
      PactStore& p = servers[static_cast<size_t>(i)]->pact();
      for (int n = 0; n < kChanges; ++n) {
        for (;;) {
          auto read = p.application(id);
          if (!read || !*read) {
            ++failures;
            return;
          }
          pact::Application a = **read;
          a.actions.push_back(fmt::format("server {} change {}", i, n));
          auto written = p.update_application(a, "server", "");
          if (written) break;
          if (written.error().code != ErrorCode::kFailedPrecondition) {
            ++failures;
            return;
          }
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures, 0);
  auto a = **s->pact().application(id);
  EXPECT_EQ(a.actions.size(), draft(11001).actions.size() + kServers * kChanges);
  EXPECT_EQ(a.row_version, 1 + kServers * kChanges);
  std::set<std::string> distinct(a.actions.begin(), a.actions.end());
  EXPECT_EQ(distinct.size(), a.actions.size());
  RecordProperty("conflicts", conflicts.load());
}

TEST_P(PactStoreContract, SettlementIsAllOrNothing) {
  auto s = fresh();
  PactStore& p = s->pact();
  ASSERT_TRUE(p.create_call(pact::lap_2024(), "preset"));
  auto id = *p.create_application(draft(11001), "x");
  auto a = **p.application(id);
  a.status = pact::ApplicationStatus::kSettled;
  pact::Application stale = a;
  stale.row_version = 0;
  PactPayment pay{"11001", Money::from_cents(12345), "{}", "", ""};
  EXPECT_FALSE(p.record_settlement("lap-2024", {pay}, {stale}, "wse"));
  EXPECT_TRUE(p.pact_payments("lap-2024")->empty());  // rolled back
  EXPECT_TRUE(p.record_settlement("lap-2024", {pay}, {a}, "wse"));
  auto payments = *p.pact_payments("lap-2024");
  ASSERT_EQ(payments.size(), 1u);
  EXPECT_EQ(payments[0].balance, Money::from_cents(12345));
  EXPECT_EQ(payments[0].settled_by, "wse");
  EXPECT_EQ((**p.application(id)).status, pact::ApplicationStatus::kSettled);
  EXPECT_FALSE(p.record_settlement("lap-2024", {pay}, {}, "wse"));  // settled once
}

TEST_P(PactStoreContract, RedistributionDecisionsAreNumberedAndAppendOnly) {
  auto s = fresh();
  PactStore& p = s->pact();
  ASSERT_TRUE(p.create_call(pact::lap_2024(), "preset"));
  auto id = p.create_application(draft(11001), "gemeente");
  ASSERT_TRUE(id);
  EXPECT_TRUE(p.redistributions("lap-2024")->empty());
  pact::RedistributionDecision d;
  d.call_id = "lap-2024";
  d.number = 1;
  d.decided_on = *Date::parse("2024-11-15");
  d.note = "besluit";
  d.counts_origin = "count table podmi.csv";
  d.applications = {*id};
  d.rights.version = pact::lap_2024().ref(pact::lap_2024().latest());
  d.rights.budget = Money::from_euros(1000);
  d.rights.pool = Money::from_euros(200);
  d.rights.allocated = Money::from_euros(900);
  d.rights.unallocated = Money::from_euros(100);
  d.rights.rounds = 2;
  pact::RedistributionRow row;
  row.nis = nis(11001);
  row.n = 10;
  row.b = 2;
  row.m_before = Money::from_euros(700);
  row.received = Money::from_euros(200);
  row.m = Money::from_euros(900);
  row.e = 9;
  row.t = 11;
  row.cap = Money::from_euros(8000);
  d.rights.rows = {row};
  EXPECT_EQ(p.record_redistribution(d, "wse").value(), 1);
  // The same number again, or one that does not supersede the latest: refused.
  EXPECT_EQ(p.record_redistribution(d, "wse").error().code, ErrorCode::kFailedPrecondition);
  d.number = 2;
  EXPECT_EQ(p.record_redistribution(d, "wse").error().code, ErrorCode::kFailedPrecondition);
  d.supersedes = 1;
  d.rights.rows[0].cap.reset();
  d.rights.rows[0].at_cap = true;
  d.applications.clear();
  EXPECT_EQ(p.record_redistribution(d, "wse").value(), 2);

  auto all = p.redistributions("lap-2024");
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  const auto& first = (*all)[0];
  EXPECT_EQ(first.number, 1);
  EXPECT_FALSE(first.supersedes);
  EXPECT_EQ(first.decided_on, *Date::parse("2024-11-15"));
  EXPECT_EQ(first.decided_by, "wse");
  EXPECT_FALSE(first.decided_at.empty());
  EXPECT_EQ(first.note, "besluit");
  EXPECT_EQ(first.counts_origin, "count table podmi.csv");
  EXPECT_EQ(first.applications, std::vector<int64_t>{*id});
  EXPECT_EQ(first.rights.version, d.rights.version);
  EXPECT_EQ(first.rights.budget, Money::from_euros(1000));
  EXPECT_EQ(first.rights.pool, Money::from_euros(200));
  EXPECT_EQ(first.rights.allocated, Money::from_euros(900));
  EXPECT_EQ(first.rights.unallocated, Money::from_euros(100));
  EXPECT_EQ(first.rights.rounds, 2);
  ASSERT_EQ(first.rights.rows.size(), 1u);
  EXPECT_EQ(first.rights.rows[0].m, Money::from_euros(900));
  EXPECT_EQ(first.rights.rows[0].cap, Money::from_euros(8000));
  EXPECT_FALSE(first.rights.rows[0].at_cap);
  EXPECT_EQ((*all)[1].supersedes, 1);
  EXPECT_FALSE((*all)[1].rights.rows[0].cap);
  EXPECT_TRUE((*all)[1].rights.rows[0].at_cap);
  EXPECT_TRUE((*all)[1].applications.empty());
  EXPECT_EQ(p.redistributions("nope").error().code, ErrorCode::kNotFound);
  // Append-only.
  EXPECT_FALSE(s->database().exec("UPDATE pact_redistribution SET note = 'x'"));
  EXPECT_FALSE(s->database().exec("DELETE FROM pact_redistribution_right"));
}

TEST_P(PactStoreContract, AnnualReportsKeepEveryUploadAndTheLastIsCurrent) {
  auto s = fresh();
  PactStore& p = s->pact();
  ASSERT_TRUE(p.create_call(pact::lap_2024(), "preset"));
  const int64_t id = *p.create_application(draft(11001), "x");
  const int64_t other = *p.create_application(draft(11002), "y");
  EXPECT_FALSE(*p.annual_report_document(id, true));
  EXPECT_TRUE(p.current_annual_reports("lap-2024")->empty());

  // Every byte value survives, NUL and high bytes included.
  std::string pdf = "%PDF-1.4\n";
  for (int b = 0; b < 256; ++b)
    pdf.push_back(static_cast<char>(b));
  AnnualReportDocument d;
  d.application_id = id;
  d.file_name = "jaarverslag-2024.pdf";
  d.sha256 = std::string(64, 'a');
  d.content = pdf;
  d.uploaded_by = "aartselaar";
  auto first = p.add_annual_report_document(d);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_GT(first->document_id, 0);
  EXPECT_EQ(first->size, static_cast<int64_t>(pdf.size()));
  EXPECT_TRUE(first->content.empty());
  EXPECT_FALSE(first->uploaded_at.empty());

  d.file_name = "jaarverslag-2024-v2.pdf";
  d.content = "%PDF-1.7\nanders";
  d.sha256 = std::string(64, 'b');
  ASSERT_TRUE(p.add_annual_report_document(d));
  auto current = *p.annual_report_document(id, true);
  ASSERT_TRUE(current);
  EXPECT_EQ(current->file_name, "jaarverslag-2024-v2.pdf");
  EXPECT_EQ(current->content, "%PDF-1.7\nanders");
  EXPECT_EQ(current->uploaded_by, "aartselaar");
  EXPECT_TRUE((*p.annual_report_document(id, false))->content.empty());
  auto history = *p.annual_report_history(id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].file_name, "jaarverslag-2024.pdf");
  EXPECT_EQ(history[0].sha256, std::string(64, 'a'));
  EXPECT_TRUE(history[0].content.empty());
  d.content = pdf;
  d.file_name = "jaarverslag-2024.pdf";
  ASSERT_TRUE(p.add_annual_report_document(d));
  EXPECT_EQ((*p.annual_report_document(id, true))->content, pdf);
  auto by_app = *p.current_annual_reports("lap-2024");
  ASSERT_EQ(by_app.size(), 1u);
  EXPECT_EQ(by_app.at(id).file_name, "jaarverslag-2024.pdf");
  EXPECT_FALSE(*p.annual_report_document(other, false));
  EXPECT_TRUE(p.annual_report_history(other)->empty());

  d.application_id = 999999;
  EXPECT_EQ(p.add_annual_report_document(d).error().code, ErrorCode::kNotFound);
  // The uploads are append-only.
  EXPECT_FALSE(s->database().exec("DELETE FROM pact_annual_report_document"));
  EXPECT_FALSE(s->database().exec("UPDATE pact_annual_report_document SET file_name = 'x'"));
}

}  // namespace
}  // namespace lap::store::sql
