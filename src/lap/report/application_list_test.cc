// The applications of a call as a table and the overview's filters
// (application_list.h).
#include "lap/report/application_list.h"

#include <gtest/gtest.h>

namespace lap::report {
namespace {

using pact::ApplicationStatus;

pact::Application application(int64_t id, std::vector<int> codes, ApplicationStatus status) {
  pact::Application a;
  a.id = id;
  a.call_id = "lap-2024";
  for (int c : codes)
    a.members.push_back({*Nis::from_int(c), std::nullopt});
  a.applicant = std::to_string(codes[0]);
  a.lead = a.members[0].nis;
  if (codes.size() > 1) {
    a.applicant = "zuidrand";
    a.consortium_name = "Zuidrand";
  }
  a.status = status;
  a.updated_at = "2024-09-01T10:00:00Z";
  return a;
}

const geo::Registry& registry() {
  return geo::Registry::builtin();
}

TEST(ApplicationFilter, StatusProvinceAndText) {
  // 11001 Aartselaar and 11004 Boechout (Antwerpen), 44021 Gent (Oost-Vlaanderen).
  const auto zuidrand = application(1, {11001, 11004}, ApplicationStatus::kSubmitted);
  const auto gent = application(2, {44021}, ApplicationStatus::kDraft);
  ApplicationFilter f;
  EXPECT_TRUE(matches(zuidrand, f, registry()));
  f.statuses = {ApplicationStatus::kDraft, ApplicationStatus::kApproved};
  EXPECT_FALSE(matches(zuidrand, f, registry()));
  EXPECT_TRUE(matches(gent, f, registry()));
  f = {};
  f.province = "oost-vlaanderen";
  EXPECT_FALSE(matches(zuidrand, f, registry()));
  EXPECT_TRUE(matches(gent, f, registry()));
  f = {};
  f.text = "boech";  // a member's name, any case
  EXPECT_TRUE(matches(zuidrand, f, registry()));
  EXPECT_FALSE(matches(gent, f, registry()));
  f.text = "4402";  // part of a NIS code
  EXPECT_TRUE(matches(gent, f, registry()));
  f.text = "ZUIDR";  // the consortium's name
  EXPECT_TRUE(matches(zuidrand, f, registry()));
}

TEST(ApplicationList, CountsEveryStatusAndListsTheRowsInDutch) {
  std::vector<pact::Application> apps = {
      application(1, {11001, 11004}, ApplicationStatus::kApproved),
      application(2, {44021}, ApplicationStatus::kDraft),
      application(3, {11002}, ApplicationStatus::kApproved)};
  apps[0].advance_paid = Money::from_cents(150000);
  auto counts = count_by_status(apps);
  ASSERT_EQ(counts.size(), 6u);
  EXPECT_EQ(counts[0], std::pair(ApplicationStatus::kDraft, int64_t{1}));
  EXPECT_EQ(counts[2], std::pair(ApplicationStatus::kApproved, int64_t{2}));
  EXPECT_EQ(counts[5], std::pair(ApplicationStatus::kSettled, int64_t{0}));

  ExportContext ctx;
  ctx.generated_on = *Date::parse("2024-09-01");
  ctx.call_title = "Lokaal Activeringspact 2024";
  const Sheet s = application_list_sheet(apps, {{1, true}}, registry(), ctx);
  EXPECT_EQ(s.id, "applications");
  ASSERT_EQ(s.rows.size(), 3u);
  for (const auto& row : s.rows) {
    ASSERT_EQ(row.size(), s.columns.size());
    for (size_t i = 0; i < row.size(); ++i)
      EXPECT_TRUE(cell_fits(s.columns[i].type, row[i])) << s.columns[i].key;
  }
  const std::string csv = sheet_csv(s);
  EXPECT_NE(csv.find("Aanvraag;Aanvrager;Leden;Provincie"), std::string::npos) << csv;
  EXPECT_NE(csv.find("Zuidrand;11001 Aartselaar, 11004 Boechout;Antwerpen"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("goedgekeurd"), std::string::npos);
  EXPECT_NE(csv.find("1500,00;ja"), std::string::npos) << csv;
  EXPECT_NE(csv.find("ontwerp;;;nee"), std::string::npos) << csv;
  const std::string json = sheet_json(s);
  EXPECT_NE(json.find(R"("status": "approved")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("advance_paid_cents": 150000)"), std::string::npos) << json;
}

}  // namespace
}  // namespace lap::report
