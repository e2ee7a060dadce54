// Printing an HTML document to PDF with headless Chromium, the browser the
// web front end is tested in (Debian's `chromium`; LAP_CHROMIUM names another
// binary): the page as the browser prints it, on the paper of the page's
// @page rule, without the browser's header and footer. The page is read from
// a private temporary directory and loads nothing else.
#pragma once

#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap::report {

// Writes the PDF of `html` to `pdf_path` (atomically: a temporary file in the
// same directory, renamed into place). Fails when Chromium is missing, fails
// or takes longer than a minute.
Status print_pdf(std::string_view html, const std::string& pdf_path);

// The PDF of `html` as bytes.
Result<std::string> pdf_bytes(std::string_view html);

}  // namespace lap::report
