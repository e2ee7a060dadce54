#include "lap/pact/annual_report.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace lap::pact {

Status check_annual_report_file(std::string_view bytes) {
  if (bytes.empty()) return make_error(ErrorCode::kInvalidArgument, "Het bestand is leeg.");
  if (bytes.size() > kAnnualReportMaxBytes) {
    return make_error(
        ErrorCode::kInvalidArgument,
        fmt::format("Het jaarverslag is te groot ({} bytes); het mag hoogstens {} "
                    "MiB zijn.",
                    bytes.size(), kAnnualReportMaxBytes / (std::size_t{1024} * 1024)));
  }
  if (!bytes.starts_with("%PDF-")) {
    return make_error(ErrorCode::kInvalidArgument,
                      "Het jaarverslag moet een PDF-bestand zijn (het begint niet met %PDF-).");
  }
  return {};
}

bool is_pdf_media_type(std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  constexpr std::string_view kPdf = "application/pdf";
  auto begin = std::ranges::find_if_not(type, [](unsigned char c) { return std::isspace(c); });
  std::string_view trimmed(begin, type.end());
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.remove_suffix(1);
  return std::ranges::equal(trimmed, kPdf, [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

Status check_annual_report_status(ApplicationStatus s) {
  if (s == ApplicationStatus::kApproved || s == ApplicationStatus::kRunning) return {};
  return make_error(ErrorCode::kFailedPrecondition,
                    fmt::format("Een jaarverslag kan enkel bij een goedgekeurde of lopende "
                                "aanvraag; deze aanvraag is {}.",
                                application_status_dutch(s)));
}

}  // namespace lap::pact
