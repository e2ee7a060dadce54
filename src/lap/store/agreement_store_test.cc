// The contract of AgreementStore (agreement_store.h) on SQLite and PostgreSQL:
// agreements read back with their action plan in order, a change is
// version-checked and replaces the plan, each change is logged.
#include "lap/store/agreement_store.h"

#include <gtest/gtest.h>

#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

class AgreementStoreContract : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(AgreementStoreContract);

pact::CooperationAgreement mechelen_so() {
  pact::CooperationAgreement a;
  a.scope = pact::AgreementScope::kMunicipality;
  a.area = "12025";
  a.title = "Samen sterk voor lokaal werk in 2020-2025";
  a.status = pact::AgreementStatus::kConcluded;
  a.concluded_on = *Date::parse("2021-03-01");
  a.ends_on = *Date::parse("2025-12-31");
  a.parties = {"VDAB", "stad Mechelen"};
  a.steering_group = "Stuurgroep activering";
  a.actions = {{"Meer mensen aan de slag",
                "Actiedomein 1",
                "1.1",
                "Aanpak ongekwalificeerde schooluitval",
                "stad Mechelen",
                {"VDAB", "LOP"},
                pact::ActionStatus::kRunning,
                {"Bereik"}},
               {"Meer mensen aan de slag",
                "Actiedomein 1",
                "1.2",
                "Aanpak jeugdwerkloosheid",
                "VDAB",
                {},
                pact::ActionStatus::kPlanned,
                {}}};
  return a;
}

pact::CooperationAgreement region_so() {
  pact::CooperationAgreement a;
  a.scope = pact::AgreementScope::kRegion;
  a.area = "Regio Mechelen";
  a.title = "Regionale samenwerking";
  a.status = pact::AgreementStatus::kNegotiating;
  a.expected_on = *Date::parse("2026-06-30");
  return a;
}

TEST_P(AgreementStoreContract, AgreementsReadBackWithTheirPlanInOrder) {
  auto s = fresh();
  auto id = s->add_agreement(mechelen_so(), "vdab");
  ASSERT_TRUE(id) << id.error().message;
  auto other = s->add_agreement(region_so(), "wse");
  ASSERT_TRUE(other) << other.error().message;
  auto one = s->agreement(*id);
  ASSERT_TRUE(one && *one);
  const auto& a = **one;
  EXPECT_EQ(a.id, *id);
  EXPECT_EQ(a.title, mechelen_so().title);
  EXPECT_EQ(a.concluded_on, mechelen_so().concluded_on);
  EXPECT_EQ(a.ends_on, mechelen_so().ends_on);
  EXPECT_FALSE(a.starts_on);
  EXPECT_EQ(a.parties, mechelen_so().parties);
  EXPECT_EQ(a.actions, mechelen_so().actions);
  EXPECT_EQ(a.row_version, 1);
  EXPECT_EQ(a.updated_by, "vdab");
  auto all = s->agreements();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[0].actions, mechelen_so().actions);
  EXPECT_EQ((*all)[1].scope, pact::AgreementScope::kRegion);
  EXPECT_EQ((*all)[1].expected_on, region_so().expected_on);
  EXPECT_TRUE((*all)[1].actions.empty());
  EXPECT_FALSE(*s->agreement(*other + 100));
}

TEST_P(AgreementStoreContract, AChangeIsVersionCheckedReplacesThePlanAndIsLogged) {
  auto s = fresh();
  auto id = s->add_agreement(mechelen_so(), "vdab");
  ASSERT_TRUE(id);
  auto changed = mechelen_so();
  changed.id = *id;
  changed.actions.pop_back();
  changed.actions[0].status = pact::ActionStatus::kDone;
  auto v = s->change_agreement(changed, 1, "wse");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, 2);
  auto stale = s->change_agreement(changed, 1, "vdab");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  changed.id = *id + 1;
  auto missing = s->change_agreement(changed, 1, "vdab");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto read = *s->agreement(*id);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->actions.size(), 1U);
  EXPECT_EQ(read->actions[0].status, pact::ActionStatus::kDone);
  EXPECT_EQ(read->row_version, 2);
  auto events = s->admin_events(10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2U);
  EXPECT_EQ((*events)[0].action, "agreement_changed");
  EXPECT_EQ((*events)[0].actor, "wse");
  EXPECT_EQ((*events)[1].action, "agreement_added");
  EXPECT_EQ((*events)[1].subject, std::to_string(*id));
}

TEST_P(AgreementStoreContract, TheSchemaRefusesAConcludedAgreementWithoutItsDate) {
  auto s = fresh();
  auto a = mechelen_so();
  a.concluded_on.reset();
  EXPECT_FALSE(s->add_agreement(a, "vdab"));
  auto all = s->agreements();
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());  // nothing half-written
  auto events = s->admin_events(10);
  ASSERT_TRUE(events);
  EXPECT_TRUE(events->empty());
}

}  // namespace
}  // namespace lap::store::sql
