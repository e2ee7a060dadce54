// The annual content and financial report of an application as a document
// (domain.md §4 rule 6: the final payment waits for the report the municipal
// council approved). A member's local government uploads it as a PDF while the
// application is approved or running; WSE reads it before it records the
// council's approval. The rules of the file, pure (the store keeps it).
#pragma once

#include <cstddef>
#include <string_view>

#include "lap/core/error.h"
#include "lap/pact/application.h"

namespace lap::pact {

// The largest annual report accepted: 10 MiB (the API raises its body limit to
// this for the upload route only).
inline constexpr std::size_t kAnnualReportMaxBytes = std::size_t{10} * 1024 * 1024;

// kInvalidArgument (a Dutch message) unless `bytes` is a PDF (starts with
// `%PDF-`) of at most kAnnualReportMaxBytes.
Status check_annual_report_file(std::string_view bytes);

// Whether a Content-Type names a PDF: `application/pdf`, any case, with or
// without parameters.
bool is_pdf_media_type(std::string_view content_type);

// kFailedPrecondition (a Dutch message) unless an application with status `s`
// may receive an annual report: approved or running.
Status check_annual_report_status(ApplicationStatus s);

}  // namespace lap::pact
