#include "lap/pact/agreement.h"

#include <gtest/gtest.h>

#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

const geo::Registry& reg() {
  return geo::Registry::builtin();
}

Date day(std::string_view iso) {
  return *Date::parse(iso);
}

CooperationAgreement mechelen() {
  CooperationAgreement a;
  a.scope = AgreementScope::kMunicipality;
  a.area = "12025";
  a.title = "Samen sterk voor lokaal werk in 2020-2025";
  a.status = AgreementStatus::kConcluded;
  a.concluded_on = day("2021-03-01");
  a.ends_on = day("2025-12-31");
  a.parties = {"VDAB", "stad Mechelen"};
  a.actions = {{"Meer mensen aan de slag",
                "Actiedomein 1",
                "1.1",
                "Aanpak ongekwalificeerde schooluitval",
                "stad Mechelen",
                {"VDAB"},
                ActionStatus::kRunning,
                {"uitstroom naar werk"}}};
  return a;
}

std::string message(const Status& s) {
  return s ? "" : s.error().message;
}

TEST(Agreement, AValidAgreementPasses) {
  EXPECT_TRUE(validate_agreement(mechelen(), reg(), day("2024-01-01")));
  auto region = mechelen();
  region.scope = AgreementScope::kRegion;
  region.area = "Regio Mechelen";
  EXPECT_TRUE(validate_agreement(region, reg(), day("2024-01-01")));
}

TEST(Agreement, EachRuleNamesItsField) {
  const Date today = day("2024-01-01");
  auto a = mechelen();
  a.area = "99999";
  EXPECT_EQ(message(validate_agreement(a, reg(), today)),
            "gebied: geen gemeente met deze NIS-code");
  a = mechelen();
  a.scope = AgreementScope::kRegion;
  a.area = "Regio Atlantis";
  EXPECT_NE(message(validate_agreement(a, reg(), today)).find("gebied:"), std::string::npos);
  a = mechelen();
  a.concluded_on.reset();
  EXPECT_EQ(message(validate_agreement(a, reg(), today)),
            "afgesloten_op: is verplicht voor een afgesloten SO");
  a = mechelen();
  a.concluded_on = day("2024-02-01");
  EXPECT_EQ(message(validate_agreement(a, reg(), today)),
            "afgesloten_op: mag niet in de toekomst liggen");
  a = mechelen();
  a.status = AgreementStatus::kNegotiating;
  EXPECT_EQ(message(validate_agreement(a, reg(), today)),
            "afgesloten_op: alleen voor een afgesloten SO");
  a = mechelen();
  a.parties = {"VDAB"};
  EXPECT_NE(message(validate_agreement(a, reg(), today)).find("partijen:"), std::string::npos);
  a = mechelen();
  a.starts_on = day("2026-01-01");
  EXPECT_EQ(message(validate_agreement(a, reg(), today)),
            "einde: ligt voor het begin van de looptijd");
  a = mechelen();
  a.actions.push_back({});
  EXPECT_EQ(message(validate_agreement(a, reg(), today)), "acties[2].titel: is verplicht");
  a = mechelen();
  a.actions[0].partners.push_back("");
  EXPECT_EQ(message(validate_agreement(a, reg(), today)), "acties[1].partners[2]: is verplicht");
  a = mechelen();
  a.title = "regel\neinde";
  EXPECT_NE(message(validate_agreement(a, reg(), today)).find("titel:"), std::string::npos);
}

TEST(Agreement, StatusOnADateFollowsTheDatesAndTheTerm) {
  const auto a = mechelen();
  std::vector<const CooperationAgreement*> list = {&a};
  EXPECT_EQ(status_on(list, day("2021-02-28")), AgreementStatus::kNegotiating);
  EXPECT_EQ(status_on(list, day("2021-03-01")), AgreementStatus::kConcluded);
  EXPECT_EQ(status_on(list, day("2025-12-31")), AgreementStatus::kConcluded);
  EXPECT_EQ(status_on(list, day("2026-01-01")), AgreementStatus::kToStart);
  EXPECT_EQ(status_on({}, day("2024-01-01")), AgreementStatus::kToStart);
  auto n = mechelen();
  n.status = AgreementStatus::kNegotiating;
  n.concluded_on.reset();
  n.expected_on = day("2024-06-30");
  std::vector<const CooperationAgreement*> pending = {&n};
  EXPECT_EQ(status_on(pending, day("2024-01-01")), AgreementStatus::kNegotiating);
  EXPECT_FALSE(concluded_by(pending, day("2024-06-29")));
  EXPECT_TRUE(concluded_by(pending, day("2024-06-30")));
}

TEST(Agreement, AMergedMunicipalitysAgreementCoversItsSuccessor) {
  auto a = mechelen();
  a.area = "11007";  // Borsbeek, part of Antwerpen from 2025
  EXPECT_TRUE(agreement_covers(a, reg(), *Nis::parse("11007"), day("2024-06-30")));
  EXPECT_TRUE(agreement_covers(a, reg(), *Nis::parse("11002"), day("2025-03-01")));
  EXPECT_FALSE(agreement_covers(a, reg(), *Nis::parse("11002"), day("2024-06-30")));
  auto r = mechelen();
  r.scope = AgreementScope::kRegion;
  r.area = "Regio Mechelen";
  EXPECT_TRUE(agreement_covers(r, reg(), *Nis::parse("12025"), day("2024-06-30")));
  EXPECT_FALSE(agreement_covers(r, reg(), *Nis::parse("44021"), day("2024-06-30")));
}

TEST(Agreement, CoverageCountsEveryMunicipalityAndRegionOnce) {
  auto m = mechelen();
  auto region = mechelen();
  region.scope = AgreementScope::kRegion;
  region.area = "Regio Mechelen";
  auto gent = mechelen();
  gent.area = "44021";
  gent.status = AgreementStatus::kNegotiating;
  gent.concluded_on.reset();
  gent.expected_on = day("2024-06-30");
  std::vector<CooperationAgreement> all = {m, region, gent};
  auto table = coverage(all, reg(), day("2024-01-01"), day("2024-06-30"));
  ASSERT_EQ(table.size(), 6U);  // five provinces and Flanders
  const auto& flanders = table.back();
  EXPECT_EQ(flanders.name, "Vlaanderen");
  EXPECT_EQ(flanders.municipalities.total, 300);
  EXPECT_EQ(flanders.municipalities.concluded, 1);
  EXPECT_EQ(flanders.municipalities.negotiating, 1);
  EXPECT_EQ(flanders.municipalities.to_start, 298);
  EXPECT_EQ(flanders.municipalities.prognosis, 2);
  EXPECT_EQ(flanders.regions.concluded, 1);
  EXPECT_EQ(flanders.regions.prognosis, 1);
  int municipalities = 0;
  int regions = 0;
  for (size_t i = 0; i + 1 < table.size(); ++i) {
    municipalities += table[i].municipalities.total;
    regions += table[i].regions.total;
    const auto& c = table[i].municipalities;
    EXPECT_EQ(c.concluded + c.negotiating + c.to_start, c.total) << table[i].name;
  }
  EXPECT_EQ(municipalities, 300);
  EXPECT_EQ(regions, flanders.regions.total);
  EXPECT_EQ(flanders.regions.total, 37);
  // Per municipality: the same statuses.
  const auto statuses = municipality_statuses(all, reg(), day("2024-01-01"));
  ASSERT_EQ(statuses.size(), 300U);
  for (const auto& [nis, status] : statuses) {
    const auto expected = nis.code() == 12025   ? AgreementStatus::kConcluded
                          : nis.code() == 44021 ? AgreementStatus::kNegotiating
                                                : AgreementStatus::kToStart;
    EXPECT_EQ(status, expected) << nis.to_string();
  }
  // After the mergers of 2025 there are 285 municipalities.
  EXPECT_EQ(coverage(all, reg(), day("2025-03-01"), day("2025-06-30")).back().municipalities.total,
            285);
}

}  // namespace
}  // namespace lap::pact
