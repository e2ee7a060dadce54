// The LAP's sheets and forms as files (pact_export.h): formats, rendering to
// bytes, atomic writes, and the filing documents of payment statements.
#include <filesystem>

#include <fmt/format.h>

#include "lap/report/figures.h"
#include "lap/report/pact_export.h"
#include "lap/report/xlsx.h"

namespace lap::report {
namespace {}  // namespace

std::string safe_file_part(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) c = '_';
  }
  return out.empty() ? "_" : out;
}

std::string_view file_extension(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv:
      return "csv";
    case FileFormat::kXlsx:
      return "xlsx";
    case FileFormat::kJson:
      return "json";
  }
  return "csv";
}

Result<FileFormat> parse_file_format(std::string_view text) {
  if (text == "csv") return FileFormat::kCsv;
  if (text == "xlsx") return FileFormat::kXlsx;
  if (text == "json") return FileFormat::kJson;
  return make_error(ErrorCode::kInvalidArgument,
                    fmt::format("format: must be csv, xlsx or json, not '{}'", text));
}

std::string_view media_type(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv:
      return "text/csv; charset=utf-8";
    case FileFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case FileFormat::kJson:
      return "application/json";
  }
  return "application/octet-stream";
}

Result<std::string> render(const Sheet& sheet, FileFormat format) {
  switch (format) {
    case FileFormat::kCsv:
      return sheet_csv(sheet);
    case FileFormat::kJson:
      return sheet_json(sheet);
    case FileFormat::kXlsx:
      return xlsx_bytes(sheet);
  }
  return make_error(ErrorCode::kInternal, "unknown file format");
}

Result<std::string> render(const Form& form, FileFormat format) {
  switch (format) {
    case FileFormat::kCsv:
      return form_csv(form);
    case FileFormat::kJson:
      return form_json(form);
    case FileFormat::kXlsx:
      return xlsx_bytes(form);
  }
  return make_error(ErrorCode::kInternal, "unknown file format");
}

Status write(const Sheet& sheet, FileFormat format, const std::string& path) {
  switch (format) {
    case FileFormat::kCsv:
      return write_file(path, sheet_csv(sheet));
    case FileFormat::kJson:
      return write_file(path, sheet_json(sheet));
    case FileFormat::kXlsx:
      return write_xlsx(sheet, path);
  }
  return make_error(ErrorCode::kInternal, "unknown file format");
}

Status write(const Form& form, FileFormat format, const std::string& path) {
  switch (format) {
    case FileFormat::kCsv:
      return write_file(path, form_csv(form));
    case FileFormat::kJson:
      return write_file(path, form_json(form));
    case FileFormat::kXlsx:
      return write_xlsx(form, path);
  }
  return make_error(ErrorCode::kInternal, "unknown file format");
}

std::string payment_statement_file_name(const pact::PaymentStatement& statement,
                                        FileFormat format) {
  return fmt::format("betalingsoverzicht_{}_{}.{}", safe_file_part(statement.version.call_id),
                     safe_file_part(statement.unit_id), file_extension(format));
}

Result<std::vector<std::string>> write_payment_statements(
    std::span<const pact::PaymentStatement> statements, const ExportContext& ctx,
    const std::string& directory, FileFormat format) {
  std::vector<std::string> paths;
  for (const auto& p : statements) {
    std::string path =
        (std::filesystem::path(directory) / payment_statement_file_name(p, format)).string();
    if (auto st = write(payment_statement_form(p, ctx), format, path); !st)
      return std::unexpected(st.error());
    paths.push_back(std::move(path));
  }
  return paths;
}

}  // namespace lap::report
