// The contract of LinkStore (link_store.h) on SQLite and PostgreSQL: the
// identities a link run reads, the runs with their links and review items,
// and reviewers' decisions.
#include "lap/store/link_store.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/store/sql/test_imports.h"

namespace lap::store::sql {
namespace {

using testing::entitlement;

class LinkStoreContract : public testing::ImportingStoreTest {};
LAP_ON_BOTH_DATABASES(LinkStoreContract);

// What `read_link_input` passes (copies: the views end with the call).
class LinkInputRecorder final : public LinkStore::LinkInputSink {
 public:
  using Texts = std::array<std::string, 4>;  // last and first name, street, house number
  void ocmw(const LinkStore::LinkIdentity& r) override {
    ocmw_refs.emplace_back(r.person_ref);
    fresh += r.fresh ? 1 : 0;
    valid += r.insz_valid ? 1 : 0;
    texts.push_back({std::string(r.last_name), std::string(r.first_name), std::string(r.street),
                     std::string(r.house_number)});
  }
  void vdab(const LinkStore::LinkIdentity&) override { ++vdab_records; }
  void identifier_change(std::string_view, std::string_view, bool) override { ++changes; }
  void retired_ocmw(std::string_view ref) override { retired.emplace_back(ref); }
  void retired_vdab(int64_t) override {}
  std::vector<std::string> ocmw_refs;
  std::vector<std::string> retired;
  int fresh = 0;
  std::vector<Texts> texts;
  int valid = 0;
  int vdab_records = 0;
  int changes = 0;
};

TEST_P(LinkStoreContract, TheInputOfALoadIsEveryRecordWithItsIdentity) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", ""),
                        entitlement("85031503362", "2022-01-01", "")}),
            1);
  LinkStore& links = *store_;
  LinkInputRecorder input;
  ASSERT_TRUE(links.read_link_input(1, std::nullopt, input));
  EXPECT_EQ(input.ocmw_refs.size(), 2u);
  EXPECT_EQ(input.valid, 2);
  EXPECT_EQ(input.vdab_records, 0);
  EXPECT_EQ(input.changes, 0);
  LinkInputRecorder none;
  auto unknown = links.read_link_input(7, std::nullopt, none);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

// Either name may be empty and the address is optional (docs/formats.md): what was imported
// reaches the link run as it was.
TEST_P(LinkStoreContract, EmptyNamesAndTheAddressReachTheLinkInput) {
  auto single_name = entitlement("76080814407", "2020-01-01", "");
  single_name.first_name.clear();
  single_name.street = "Kerkstraat";
  single_name.house_number = "7 bus 3";
  auto no_address = entitlement("85031503362", "2022-01-01", "");
  no_address.last_name.clear();
  ASSERT_EQ(import_rmi({single_name, no_address}), 1);
  LinkStore& links = *store_;
  LinkInputRecorder input;
  ASSERT_TRUE(links.read_link_input(1, std::nullopt, input));
  using Texts = LinkInputRecorder::Texts;
  ASSERT_EQ(input.texts.size(), 2u);
  EXPECT_EQ(input.texts[0], (Texts{"Peeters", "", "Kerkstraat", "7 bus 3"}));
  EXPECT_EQ(input.texts[1], (Texts{"", "An", "", ""}));
}

// Incremental linking: what changed since an earlier load.
TEST_P(LinkStoreContract, SinceAnEarlierLoadTheNewRowsAreFreshAndTheRetiredReported) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", ""),
                        entitlement("85031503362", "2022-01-01", "")}),
            1);
  // Load 2: the first person's entitlement ends, the second's is gone.
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "2024-12-31")}), 2);
  LinkStore& links = *store_;
  LinkInputRecorder all;
  ASSERT_TRUE(links.read_link_input(2, std::nullopt, all));
  EXPECT_EQ(all.ocmw_refs.size(), 1u);
  EXPECT_EQ(all.fresh, 0);
  EXPECT_TRUE(all.retired.empty());
  LinkInputRecorder since;
  ASSERT_TRUE(links.read_link_input(2, 1, since));
  EXPECT_EQ(since.fresh, 1);
  ASSERT_EQ(since.retired.size(), 2u);  // both records of load 1 were retired by load 2
  EXPECT_NE(since.retired[0], since.retired[1]);
  LinkInputRecorder same;
  ASSERT_TRUE(links.read_link_input(2, 2, same));
  EXPECT_EQ(same.fresh, 0);
  EXPECT_TRUE(same.retired.empty());
}

TEST_P(LinkStoreContract, RunsReviewsAndDecisions) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  LinkStore& links = *store_;
  EXPECT_EQ(links.latest_link_run(std::nullopt).value(), std::nullopt);

  LinkStore::LinkRun run;
  run.load_id = 1;
  run.summary_json = R"({"linked":0})";
  LinkStore::LinkReviewItem doubtful;
  doubtful.ocmw_ref = std::string(32, 'a');
  doubtful.vdab_client_id = 42;
  doubtful.weight = 3.5;
  doubtful.reason = "between_thresholds";
  doubtful.levels_json = "{}";
  LinkStore::LinkReviewItem competing = doubtful;
  competing.vdab_client_id = 43;
  competing.reason = "competing";
  const std::vector<LinkStore::LinkUnit> units = {{std::string(32, 'a'), 42},
                                                  {std::string(32, 'b'), 7}};
  auto first = links.save_link_run(run, {}, {doubtful, competing}, units);
  ASSERT_TRUE(first) << first.error().message;
  auto second = links.save_link_run(run, {}, {doubtful}, {});
  ASSERT_TRUE(second);

  auto latest = links.latest_link_run(1).value();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->run_id, *second);
  EXPECT_EQ(latest->summary_json, run.summary_json);
  EXPECT_FALSE(latest->created_at.empty());

  EXPECT_EQ(links.link_units(*first).value(), units);
  EXPECT_TRUE(links.link_units(*second).value().empty());

  auto items = links.link_review(*first, false).value();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].run_id, *first);
  EXPECT_EQ(items[0].reason, "between_thresholds");
  EXPECT_DOUBLE_EQ(items[0].weight, 3.5);

  // A decision settles the pair, in this run's queue and the next.
  ASSERT_TRUE(links.decide_link(items[0].review_id, true, "rev"));
  auto open = links.link_review(*first, true).value();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].vdab_client_id, 43);
  EXPECT_TRUE(links.link_review(*second, true).value().empty());
  auto unknown = links.decide_link(999, false, "rev");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  auto decisions = links.link_decisions().value();
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].ocmw_ref, doubtful.ocmw_ref);
  EXPECT_EQ(decisions[0].vdab_client_id, 42);
  EXPECT_TRUE(decisions[0].match);
  EXPECT_EQ(decisions[0].reviewer, "rev");
  EXPECT_EQ(decisions[0].review_id, items[0].review_id);
}

}  // namespace
}  // namespace lap::store::sql
