// The cycle of a call through the API (issue 17, item 4): the deadline in the
// call, the status overview with its filters and download, and the annual
// report as an uploaded PDF that only the members and WSE read.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/pact/annual_report.h"
#include "lap/server/api/api_test_fixture.h"

namespace lap::server::api {
namespace {

class PactCycleApi : public ApiTest {
 protected:
  // Antwerpen (11002) applies and submits; returns the application.
  json submitted_application(const Client& antwerpen) {
    json body = {{"members", {{{"nis", "11002"}}}},
                 {"plan", "Trajecten naar werk met VDAB"},
                 {"actions", {"intake"}},
                 {"agreement", "https://example.org/overeenkomst"}};
    auto created = send("POST", "/api/v1/calls/lap-2024/applications", body.dump(), &antwerpen);
    EXPECT_EQ(created.status, 201) << created.body;
    auto a = json::parse(created.body);
    auto submitted =
        send("POST", path_of(a) + "/status",
             json{{"status", "submitted"}, {"row_version", a["row_version"]}}.dump(), &antwerpen);
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    return json::parse(submitted.body);
  }

  json approve(const json& a, const Client& wse) {
    auto r = send("POST", path_of(a) + "/status",
                  json{{"status", "approved"}, {"row_version", a["row_version"]}}.dump(), &wse);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  static std::string path_of(const json& a) {
    return "/api/v1/applications/" + std::to_string(a["id"].get<int64_t>());
  }

  Response upload(const json& a, const std::string& bytes, const Client& c,
                  const std::string& type = "application/pdf") {
    return send("PUT", path_of(a) + "/annual-report-document?file=jaarverslag%202024.pdf", bytes,
                &c, true, type);
  }
};

TEST_F(PactCycleApi, TheCallSaysWhetherApplyingIsOpenAndTheServerKeepsTheDeadline) {
  Client wse = sign_in("wse");
  Client antwerpen = sign_in("antwerpen");
  import_counts(wse);
  auto calls = json::parse(send("GET", "/api/v1/calls", "", &antwerpen).body)["calls"];
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["id"], "lap-2023");
  EXPECT_EQ(calls[0]["today"], "2024-10-01");
  EXPECT_EQ(calls[0]["applications_open"], false);
  EXPECT_EQ(calls[1]["application_deadline"], "2024-10-31");
  EXPECT_EQ(calls[1]["applications_open"], true);
  today_ = *Date::parse("2024-11-01");
  auto call = json::parse(send("GET", "/api/v1/calls/lap-2024", "", &antwerpen).body);
  EXPECT_EQ(call["today"], "2024-11-01");
  EXPECT_EQ(call["applications_open"], false);
  json body = {{"members", {{{"nis", "11002"}}}}, {"plan", "p"}, {"actions", {"a"}}};
  auto late = send("POST", "/api/v1/calls/lap-2024/applications", body.dump(), &antwerpen);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_NE(late.body.find("deadline 2024-10-31 has passed"), std::string::npos) << late.body;
}

TEST_F(PactCycleApi, TheOverviewCountsPerStatusFiltersAndDownloads) {
  Client wse = sign_in("wse");
  Client antwerpen = sign_in("antwerpen");
  Client aartselaar = sign_in("aartselaar");
  import_counts(wse);
  submitted_application(antwerpen);
  json draft = {{"members", {{{"nis", "11001"}}}}, {"plan", "p"}, {"actions", {"a"}}};
  ASSERT_EQ(send("POST", "/api/v1/calls/lap-2024/applications", draft.dump(), &aartselaar).status,
            201);
  const std::string list = "/api/v1/calls/lap-2024/applications";
  auto all = json::parse(send("GET", list, "", &wse).body);
  EXPECT_EQ(all["applications"].size(), 2u);
  EXPECT_EQ(all["counts"]["draft"], 1);
  EXPECT_EQ(all["counts"]["submitted"], 1);
  EXPECT_EQ(all["counts"]["settled"], 0);
  auto submitted = json::parse(send("GET", list + "?status=submitted", "", &wse).body);
  ASSERT_EQ(submitted["applications"].size(), 1u);
  EXPECT_EQ(submitted["applications"][0]["applicant"], "11002");
  EXPECT_EQ(submitted["counts"]["draft"], 1);  // the counts are of the whole call
  EXPECT_EQ(
      json::parse(send("GET", list + "?status=draft,submitted", "", &wse).body)["applications"]
          .size(),
      2u);
  EXPECT_EQ(
      json::parse(send("GET", list + "?province=antwerpen", "", &wse).body)["applications"].size(),
      2u);
  EXPECT_TRUE(
      json::parse(send("GET", list + "?province=Limburg", "", &wse).body)["applications"].empty());
  auto text = json::parse(send("GET", list + "?q=AARTSE", "", &wse).body);
  ASSERT_EQ(text["applications"].size(), 1u);
  EXPECT_EQ(text["applications"][0]["applicant"], "11001");
  EXPECT_EQ(send("GET", list + "?status=bezig", "", &wse).status, 400);
  EXPECT_EQ(send("GET", list + "?format=pdf", "", &wse).status, 400);
  // The filtered list as a Belgian CSV with Dutch headings and status names.
  auto csv = send("GET", list + "?status=submitted&format=csv", "", &wse);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("Aanvraag;Aanvrager;Leden;Provincie"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("ingediend"), std::string::npos);
  EXPECT_EQ(csv.body.find("Aartselaar"), std::string::npos);
  auto xlsx = send("GET", list + "?format=xlsx", "", &wse);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  // A local government sees, counts and downloads its own applications only.
  auto own = json::parse(send("GET", list, "", &antwerpen).body);
  ASSERT_EQ(own["applications"].size(), 1u);
  EXPECT_EQ(own["counts"]["draft"], 0);
  EXPECT_EQ(own["counts"]["submitted"], 1);
  auto own_csv = send("GET", list + "?format=csv", "", &antwerpen);
  EXPECT_EQ(own_csv.body.find("Aartselaar"), std::string::npos);
  EXPECT_NE(own_csv.body.find("Antwerpen"), std::string::npos);
  // Roles without lap_figures are refused.
  Client ocmw = sign_in("ocmw");
  EXPECT_EQ(send("GET", list + "?format=csv", "", &ocmw).status, 403);
}

TEST_F(PactCycleApi, TheAnnualReportIsAPdfOnlyMembersUploadAndOnlyMembersAndWseRead) {
  Client wse = sign_in("wse");
  Client antwerpen = sign_in("antwerpen");    // the member
  Client aartselaar = sign_in("aartselaar");  // another municipality
  Client ocmw = sign_in("ocmw");              // OCMW 11002: no lap_figures
  Client vdab = sign_in("vdab");
  import_counts(wse);
  json a = submitted_application(antwerpen);
  const std::string pdf = std::string("%PDF-1.7\n\0\xff binary", 18);
  // Not before approval.
  auto early = upload(a, pdf, antwerpen);
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_NE(early.body.find("ingediend"), std::string::npos) << early.body;
  a = approve(a, wse);
  const std::string document = path_of(a) + "/annual-report-document";
  EXPECT_EQ(send("GET", document, "", &wse).status, 404);
  // Only a PDF, sent as one.
  EXPECT_EQ(upload(a, pdf, antwerpen, "application/json").status, 415);
  auto not_pdf = upload(a, "<html>jaarverslag</html>", antwerpen);
  EXPECT_EQ(not_pdf.status, 422);
  EXPECT_NE(not_pdf.body.find("PDF"), std::string::npos);
  // Only a member's local government uploads.
  EXPECT_EQ(upload(a, pdf, aartselaar).status, 403);
  EXPECT_EQ(upload(a, pdf, wse).status, 403);
  EXPECT_EQ(upload(a, pdf, ocmw).status, 403);
  auto stored = upload(a, pdf, antwerpen);
  ASSERT_EQ(stored.status, 201) << stored.body;
  auto info = json::parse(stored.body);
  EXPECT_EQ(info["file_name"], "jaarverslag_2024.pdf");
  EXPECT_EQ(info["size"], pdf.size());
  EXPECT_EQ(info["uploaded_by"], "antwerpen");
  // Read by WSE and the member, as an attachment; refused to everyone else.
  for (const Client* c : {&wse, &antwerpen}) {
    auto got = send("GET", document, "", c);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.content_type, "application/pdf");
    EXPECT_EQ(got.body, pdf);
    bool attachment = false;
    for (const auto& [name, value] : got.headers)
      attachment = attachment || (name == "content-disposition" &&
                                  value == "attachment; filename=\"jaarverslag_2024.pdf\"");
    EXPECT_TRUE(attachment);
  }
  for (const Client* c : {&aartselaar, &ocmw, &vdab})
    EXPECT_EQ(send("GET", document, "", c).status, 403);
  // The application and the list say a report is there.
  auto read = json::parse(send("GET", path_of(a), "", &wse).body);
  EXPECT_EQ(read["annual_report_document"]["file_name"], "jaarverslag_2024.pdf");
  EXPECT_EQ(read["annual_report_document"]["sha256"].get<std::string>().size(), 64u);
  auto listed = json::parse(send("GET", "/api/v1/calls/lap-2024/applications", "", &wse).body);
  EXPECT_EQ(listed["applications"][0]["annual_report_document"]["uploaded_by"], "antwerpen");
  // A new upload replaces the current document.
  ASSERT_EQ(upload(a, "%PDF-1.4 tweede versie", antwerpen).status, 201);
  EXPECT_EQ(send("GET", document, "", &wse).body, "%PDF-1.4 tweede versie");
  // Larger than the limit: refused, and the document stays.
  std::string big = "%PDF-";
  big.resize(pact::kAnnualReportMaxBytes + 1, 'x');
  EXPECT_EQ(upload(a, big, antwerpen).status, 422);
  EXPECT_EQ(send("GET", document, "", &antwerpen).body, "%PDF-1.4 tweede versie");
}

TEST(UploadsDocument, OnlyThePutOfTheAnnualReportDocument) {
  EXPECT_TRUE(uploads_document("PUT", "/api/v1/applications/12/annual-report-document"));
  EXPECT_FALSE(uploads_document("GET", "/api/v1/applications/12/annual-report-document"));
  EXPECT_FALSE(uploads_document("PUT", "/api/v1/applications//annual-report-document"));
  EXPECT_FALSE(uploads_document("PUT", "/api/v1/applications/1/2/annual-report-document"));
  EXPECT_FALSE(uploads_document("PUT", "/api/v1/calls/lap-2024/counts"));
  EXPECT_FALSE(uploads_document("PUT", "/api/v1/applications/12/annual-report"));
}

}  // namespace
}  // namespace lap::server::api
