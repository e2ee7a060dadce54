// The fixture of the case and identity API tests (cases_api_test.cc,
// case_followup_api_test.cc): the API of api_test_fixture.h with timelines of
// six persons, their identity rows, and an OCMW counsellor of Gent.
#pragma once

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/core/pseudonym.h"
#include "lap/measure/test_util.h"
#include "lap/server/api/api_test_fixture.h"

namespace lap::server::api {

namespace mt = measure::testing;

// Persons (data end 2024-12): 1 leefloon at 11002 and registered at VDAB;
// 2 leefloon at 44021 and registered; 3 leefloon at 11002 ended in 2023-03
// (no relation left); 4 registered at VDAB only; 5 leefloon at 11002, never
// registered.
inline constexpr const char* kInsz1 = "76080814407";
inline constexpr const char* kInsz2 = "85073003328";

class CasesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    add_account("ocmw-gent", Role::kOcmwCounsellor, 44021);
    auto lease = pool_.lease();
    ASSERT_TRUE(lease);
    import_identities(**lease);
    auto timelines = std::make_shared<const measure::Timelines>(
        mt::Case()
            .ent(1, 11002, "2023-01-01")
            .reg(1, "2023-06-01")
            .ent(2, 44021, "2023-01-01")
            .reg(2, "2023-06-01")
            .ent(3, 11002, "2022-01-01", "2023-03-31")
            .reg(4, "2023-06-01")
            .ent(5, 11002, "2023-01-01")
            .work(6, "2024-12", "2024-12")  // the data end
            .build());
    env_.timelines = [timelines](const pact::DataRef&) {
      return Result<std::shared_ptr<const measure::Timelines>>(timelines);
    };
  }

  // Entitlement rows of persons 1 (11002) and 2 (44021), and VDAB's row of
  // person 1 with another address.
  static void import_identities(store::Store& s) {
    auto tx =
        s.begin_import({"/deliveries/1",
                        "fp",
                        {{"rmi_entitlements.csv", formats::Source::kRmiEntitlements, "aa"},
                         {"vdab_registrations.csv", formats::Source::kVdabRegistrations, "bb"}}});
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->begin_source(formats::Source::kRmiEntitlements));
    for (auto [person, insz, nis, name] : {std::tuple{1, kInsz1, "11002", "Peeters"},
                                           std::tuple{2, kInsz2, "44021", "Peetermans"}}) {
      formats::RmiEntitlementRow row;
      row.ocmw_nis = *Nis::parse(nis);
      row.insz = *Insz::parse(insz, *Date::parse("2026-01-01"));
      row.last_name = name;
      row.first_name = "An";
      row.postcode = 2000;
      row.street = "Kerkstraat";
      row.house_number = "1";
      row.kind = formats::EntitlementKind::kLL;
      row.start_date = *Date::parse("2023-01-01");
      ASSERT_TRUE(
          (*tx)->add(row, formats::hash_canonical(formats::canonical_text(row)), ref_of(person)));
    }
    ASSERT_TRUE((*tx)->end_source());
    ASSERT_TRUE((*tx)->begin_source(formats::Source::kVdabRegistrations));
    formats::VdabRegistrationRow reg;
    reg.vdab_client_id = 77;
    reg.insz_digits = kInsz1;
    reg.insz = *Insz::parse(kInsz1, *Date::parse("2026-01-01"));
    reg.last_name = "Peeters";
    reg.first_name = "An";
    reg.postcode = 2018;
    reg.street = "Lange Kievitstraat";
    reg.category = formats::VdabCategory::kCat01;
    reg.start_date = *Date::parse("2023-06-01");
    ASSERT_TRUE((*tx)->add(reg, formats::hash_canonical(formats::canonical_text(reg)), ref_of(1)));
    ASSERT_TRUE((*tx)->end_source());
    ASSERT_TRUE((*tx)->commit());
  }

  static std::string ref_of(int person) { return pseudonym_hex(mt::key(person)); }

  // Opens the case of `person` as `client`; its id (0 when refused).
  int64_t open(const Client& client, int person, int* status = nullptr) {
    auto r =
        send("POST", "/api/v1/cases",
             json{{"person", ref_of(person)}, {"purpose", "trajectbegeleiding"}}.dump(), &client);
    if (status) *status = r.status;
    if (!status) {
      EXPECT_EQ(r.status, 201) << r.body;
    }
    return r.status == 201 ? json::parse(r.body)["case"].get<int64_t>() : 0;
  }

  json read(const Client& client, int64_t id, int* status = nullptr) {
    auto r = send("GET", "/api/v1/cases/" + std::to_string(id) + "?purpose=opvolging", "", &client);
    if (status) *status = r.status;
    return r.status == 200 ? json::parse(r.body) : json();
  }

  std::vector<store::AuditEntry> audit_of(int person) {
    auto lease = pool_.lease();
    return (*lease)->audit_for(ref_of(person)).value();
  }
};

}  // namespace lap::server::api
