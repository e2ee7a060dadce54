// The citizen's own record over HTTP (citizen_api.cc): the trajectory, the
// data each organisation holds, and who looked at it (organisation and
// purpose, never the civil servant's name); only the own record, and the
// citizen's own read audited too.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/server/api/cases_api_test_fixture.h"

namespace lap::server::api {
namespace {

class CitizenApiTest : public CasesApiTest {
 protected:
  void add_citizen(const std::string& name, int person) {
    add_account(name, Role::kCitizen, std::nullopt, ref_of(person));
  }
};

TEST_F(CitizenApiTest, ACitizenSeesTheirTrajectoryTheirDataAndWhoLooked) {
  add_citizen("burger-1", 1);
  add_citizen("burger-2", 2);
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  const int64_t id = open(ocmw, 1);  // read by the OCMW: "trajectbegeleiding"
  ASSERT_EQ(
      send("POST", "/api/v1/cases/" + std::to_string(id) + "/actions",
           json{{"kind", "language"}, {"owner", "ocmw"}, {"due_date", "2024-12-31"}}.dump(), &ocmw)
          .status,
      201);
  ASSERT_EQ(
      send("GET", "/api/v1/persons/" + ref_of(1) + "/identity?purpose=contactgegevens", "", &vdab)
          .status,
      200);
  Client citizen = sign_in("burger-1");
  auto r = send("GET", "/api/v1/me/record", "", &citizen);
  ASSERT_EQ(r.status, 200) << r.body;
  json me = json::parse(r.body);
  ASSERT_EQ(me["entitlements"].size(), 1U);
  EXPECT_EQ(me["entitlements"][0]["organisation"], "OCMW 11002");
  EXPECT_EQ(me["entitlements"][0]["from"], "2023-01");
  ASSERT_EQ(me["cases"].size(), 1U);
  EXPECT_EQ(me["cases"][0]["regie"], "OCMW");
  EXPECT_EQ(me["cases"][0]["actions"][0]["kind"], "Taal");
  ASSERT_EQ(me["data"].size(), 2U);  // the OCMW's row and VDAB's
  EXPECT_EQ(me["data"][0]["street"], "Kerkstraat");
  EXPECT_EQ(me["data"][1]["source"], "VDAB");
  EXPECT_EQ(me["data"][1]["street"], "Lange Kievitstraat");
  // Who looked: the organisation and the purpose, in order, and the citizen's own read.
  ASSERT_EQ(me["reads"].size(), 3U);
  EXPECT_EQ(me["reads"][0]["organisation"], "OCMW Antwerpen");
  EXPECT_EQ(me["reads"][0]["purpose"], "trajectbegeleiding");
  EXPECT_EQ(me["reads"][0]["what"], "uw dossier");
  EXPECT_EQ(me["reads"][1]["organisation"], "VDAB");
  EXPECT_EQ(me["reads"][1]["what"], "uw identiteitsgegevens");
  EXPECT_EQ(me["reads"][2]["organisation"], "uzelf");
  EXPECT_FALSE(me["reads"][0].contains("actor"));
  for (const auto& read : me["reads"]) {  // never a civil servant by name
    EXPECT_EQ(read.size(), 4U) << read.dump();
    EXPECT_NE(read["organisation"], "ocmw");
    EXPECT_NE(read["organisation"], "vdab");
  }
  // Another citizen sees their own record only.
  Client other = sign_in("burger-2");
  json theirs = json::parse(send("GET", "/api/v1/me/record", "", &other).body);
  EXPECT_TRUE(theirs["cases"].empty());
  ASSERT_EQ(theirs["reads"].size(), 1U);  // their own read
  EXPECT_EQ(theirs["data"][0]["last_name"], "Peetermans");
  // A citizen's account without a person, and the professionals: no record.
  const Client unlinked = sign_in("burger");
  EXPECT_EQ(send("GET", "/api/v1/me/record", "", &unlinked).status, 404);
  EXPECT_EQ(send("GET", "/api/v1/me/record", "", &ocmw).status, 403);
}

}  // namespace
}  // namespace lap::server::api
