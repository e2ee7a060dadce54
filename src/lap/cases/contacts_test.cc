#include "lap/cases/contacts.h"

#include <gtest/gtest.h>

namespace lap::cases {
namespace {

MunicipalityContacts mechelen() {
  MunicipalityContacts c;
  c.nis = *Nis::from_int(12025);
  c.ocmw = {"An Peeters", "015 44 55 66", "an.peeters@mechelen.be"};
  c.vdab = {"Bram Claes", "+32 15 28 10 00", "bram.claes@vdab.be"};
  c.consultation = {{2, "09:00", "12:00", Frequency::kWeekly, "Sociaal Huis, lokaal 2"}};
  return c;
}

TEST(Contacts, AFullEntryIsValidAndAnEmptyOneToo) {
  EXPECT_TRUE(validate_contacts(mechelen()));
  MunicipalityContacts empty;
  empty.nis = *Nis::from_int(12025);
  EXPECT_TRUE(validate_contacts(empty));
}

TEST(Contacts, EveryBrokenRuleNamesItsField) {
  auto expect_field = [](MunicipalityContacts c, std::string_view field) {
    auto ok = validate_contacts(c);
    ASSERT_FALSE(ok) << field;
    EXPECT_EQ(ok.error().message.rfind(field, 0), 0U) << ok.error().message;
  };
  auto c = mechelen();
  c.vdab.email = "bram.claes@vdab";
  expect_field(c, "vdab.e-mail");
  c = mechelen();
  c.ocmw.phone = "015 44";
  expect_field(c, "ocmw.telefoon");
  c = mechelen();
  c.ocmw.name = "An\nPeeters";
  expect_field(c, "ocmw.naam");
  c = mechelen();
  c.consultation[0].end_time = "09:00";
  expect_field(c, "spreekuren[1].tot");
  c = mechelen();
  c.consultation[0].start_time = "24:00";
  expect_field(c, "spreekuren[1].van");
  c = mechelen();
  c.consultation[0].weekday = 8;
  expect_field(c, "spreekuren[1].dag");
}

TEST(Contacts, FrequenciesAndWeekdaysHaveDutchNames) {
  EXPECT_EQ(frequency_from_id("biweekly"), Frequency::kBiweekly);
  EXPECT_FALSE(frequency_from_id("daily"));
  EXPECT_EQ(to_dutch(Frequency::kMonthly), "maandelijks");
  EXPECT_EQ(weekday_dutch(2), "dinsdag");
  EXPECT_EQ(weekday_dutch(0), "");
}

}  // namespace
}  // namespace lap::cases
