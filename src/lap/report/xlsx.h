// Sheets and forms (sheet.h) as XLSX workbooks, written with libxlsxwriter.
//
// A `Sheet` becomes a workbook with two worksheets: the data (bold heading row
// frozen at the top, an autofilter, typed cells — numbers are numbers, amounts
// in a euro format, rates in a percentage format — and column widths fitted to
// the contents) and `Toelichting` with the info block as label / value rows.
// A `Form` becomes one worksheet: the title on top, then label / value rows in
// sections, set up to print on one A4 page.
//
// The workbook's creation date is the document's `generated_on`, so the same
// input gives the same bytes. Files are written atomically (a temporary file
// in the same directory, renamed into place).
#pragma once

#include <string>

#include "lap/core/error.h"
#include "lap/report/sheet.h"

namespace lap::report {

// The euro format used for amounts: `[$€-813] #,##0.00` (Dutch, Belgium).
inline constexpr const char* kXlsxEuroFormat = "[$\xE2\x82\xAC-813] #,##0.00";
inline constexpr const char* kXlsxPercentFormat = "0.0%";
inline constexpr const char* kXlsxDateFormat = "dd/mm/yyyy";

Status write_xlsx(const Sheet& sheet, const std::string& path);
Status write_xlsx(const Form& form, const std::string& path);
// One worksheet per sheet, in order, then `Toelichting` with the workbook's info.
Status write_xlsx(const Workbook& book, const std::string& path);

// The workbook as bytes (written to a temporary file and read back).
Result<std::string> xlsx_bytes(const Sheet& sheet);
Result<std::string> xlsx_bytes(const Form& form);
Result<std::string> xlsx_bytes(const Workbook& book);

}  // namespace lap::report
