// The rules of an uploaded annual report (annual_report.h).
#include "lap/pact/annual_report.h"

#include <string>

#include <gtest/gtest.h>

namespace lap::pact {
namespace {

TEST(AnnualReportFile, OnlyANonEmptyPdfUpToTheLimit) {
  EXPECT_TRUE(check_annual_report_file("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"));
  EXPECT_EQ(check_annual_report_file("").error().code, ErrorCode::kInvalidArgument);
  auto text = check_annual_report_file("Dit is geen PDF");
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message.find("%PDF-"), std::string::npos);
  // A PDF header further on is not a PDF.
  EXPECT_FALSE(check_annual_report_file(" %PDF-1.7"));
  EXPECT_FALSE(check_annual_report_file("%PDF"));
  std::string limit = "%PDF-";
  limit.resize(kAnnualReportMaxBytes, 'x');
  EXPECT_TRUE(check_annual_report_file(limit));
  limit.push_back('x');
  auto big = check_annual_report_file(limit);
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("10 MiB"), std::string::npos);
}

TEST(AnnualReportFile, TheMediaTypeIsApplicationPdf) {
  EXPECT_TRUE(is_pdf_media_type("application/pdf"));
  EXPECT_TRUE(is_pdf_media_type("Application/PDF"));
  EXPECT_TRUE(is_pdf_media_type(" application/pdf ; name=x.pdf"));
  EXPECT_FALSE(is_pdf_media_type(""));
  EXPECT_FALSE(is_pdf_media_type("application/json"));
  EXPECT_FALSE(is_pdf_media_type("application/pdfx"));
  EXPECT_FALSE(is_pdf_media_type("text/plain; x=application/pdf"));
}

TEST(AnnualReportStatus, OnlyApprovedOrRunningApplications) {
  using S = ApplicationStatus;
  EXPECT_TRUE(check_annual_report_status(S::kApproved));
  EXPECT_TRUE(check_annual_report_status(S::kRunning));
  for (S s : {S::kDraft, S::kSubmitted, S::kRefused, S::kSettled}) {
    auto refused = check_annual_report_status(s);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(refused.error().message.find(application_status_dutch(s)), std::string::npos);
  }
}

}  // namespace
}  // namespace lap::pact
