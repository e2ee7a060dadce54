// The Lokaal Activeringspact tables of the SQL store, on SQLite and PostgreSQL.
#include <atomic>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

Nis nis(int code) {
  return *Nis::from_int(code);
}

class PactTables : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(PactTables);

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

TEST_P(PactTables, CallsKeepEveryVersion) {
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

TEST_P(PactTables, ImportedTablesAreReplacedAndIdenticalFilesChangeNothing) {
  auto s = fresh();
  PactStore& p = s->pact();
  ASSERT_TRUE(p.create_call(pact::lap_2024(), "preset"));
  EXPECT_FALSE(*p.pact_counts("lap-2024"));
  PactImport info{0, "lap-2024", PactTable::kCounts, "podmi.csv", "aa", 2, ""};
  EXPECT_TRUE(*p.replace_pact_counts(info, {{nis(11001), 100}, {nis(11004), 50}}));
  EXPECT_FALSE(*p.replace_pact_counts(info, {{nis(11001), 999}}));  // same file: no change
  auto counts = *p.pact_counts("lap-2024");
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->by_nis.at(nis(11001)), 100);
  info.sha256 = "bb";
  EXPECT_TRUE(*p.replace_pact_counts(info, {{nis(11001), 101}}));
  counts = *p.pact_counts("lap-2024");
  EXPECT_EQ(counts->by_nis.size(), 1u);
  EXPECT_EQ(counts->by_nis.at(nis(11001)), 101);

  PactImport results{0, "lap-2024", PactTable::kResults, "vdab.csv", "cc", 1, ""};
  const Month jan = *Month::parse("2025-01");
  EXPECT_TRUE(*p.replace_pact_results(results, {{nis(11001), {{jan, {3, 1}}}}}));
  auto r = *p.pact_results("lap-2024");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->by_nis.at(nis(11001)).at(jan).confirmed, 3);
  EXPECT_EQ(r->by_nis.at(nis(11001)).at(jan).pending, 1);
  EXPECT_EQ(
      p.replace_pact_counts({0, "nope", PactTable::kCounts, "x", "x", 0, ""}, {}).error().code,
      ErrorCode::kNotFound);
}

TEST_P(PactTables, ApplicationsWithVersionCheckAndHistory) {
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

// Several application servers, each with its own connection, change one
// application at once: every change is read-modify-write with the version
// check and a retry when another server came first. None is lost.
TEST_P(PactTables, ConcurrentServersLoseNoUpdate) {
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

TEST_P(PactTables, SettlementIsAllOrNothing) {
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

}  // namespace
}  // namespace lap::store::sql
