#include "lap/report/pact_export.h"

#include <zlib.h>

#include <unistd.h>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/report/pact_export_test_data.h"
#include "lap/report/xlsx.h"

namespace lap::report {
namespace {

using namespace testing;

// The entries of a zip archive (stored or deflated), by name; empty when the
// bytes are not a well-formed zip.
std::map<std::string, std::string> unzip(const std::string& zip) {
  auto u16 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(zip[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
  };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  std::map<std::string, std::string> out;
  if (zip.size() < 22) return {};
  size_t eocd = zip.size() - 22;
  while (eocd > 0 && u32(eocd) != 0x06054b50)
    --eocd;
  if (u32(eocd) != 0x06054b50) return {};
  const uint32_t entries = u16(eocd + 10);
  size_t at = u32(eocd + 16);
  for (uint32_t i = 0; i < entries; ++i) {
    if (at + 46 > zip.size() || u32(at) != 0x02014b50) return {};
    const uint32_t method = u16(at + 10);
    const uint32_t csize = u32(at + 20);
    const uint32_t usize = u32(at + 24);
    const uint32_t name_len = u16(at + 28);
    const size_t next = at + 46 + name_len + u16(at + 30) + u16(at + 32);
    const std::string name = zip.substr(at + 46, name_len);
    const size_t local = u32(at + 42);
    if (local + 30 > zip.size() || u32(local) != 0x04034b50) return {};
    const size_t data = local + 30 + u16(local + 26) + u16(local + 28);
    if (data + csize > zip.size()) return {};
    std::string content;
    if (method == 0) {
      content = zip.substr(data, csize);
    } else if (method == 8) {
      content.resize(usize);
      z_stream zs{};
      if (inflateInit2(&zs, -15) != Z_OK) return {};
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
      zs.avail_in = csize;
      zs.next_out = reinterpret_cast<Bytef*>(content.data());
      zs.avail_out = usize;
      const int rc = inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
      if (rc != Z_STREAM_END) return {};
    } else {
      return {};
    }
    out[name] = std::move(content);
    at = next;
  }
  return out;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The XML of cell `ref` (e.g. `C2`) in a worksheet, empty when absent.
std::string cell_xml(const std::string& sheet_xml, const std::string& ref) {
  const std::string open = "<c r=\"" + ref + "\"";
  const size_t at = sheet_xml.find(open);
  if (at == std::string::npos) return {};
  const size_t end = sheet_xml.find("</c>", at);
  const size_t empty_end = sheet_xml.find("/>", at);
  if (empty_end != std::string::npos && empty_end < sheet_xml.find('>', at) + 1)
    return sheet_xml.substr(at, empty_end + 2 - at);
  return end == std::string::npos ? std::string() : sheet_xml.substr(at, end + 4 - at);
}

// `<c r="C2" s="3"><v>…`: a cell with a value and no type (a number).
bool is_number_cell(const std::string& xml) {
  size_t at = xml.find('"', 6);  // the end of r="…"
  if (!xml.starts_with("<c r=\"") || at == std::string::npos) return false;
  std::string_view rest = std::string_view(xml).substr(at + 1);
  if (rest.starts_with(" s=\"")) {
    const size_t end = rest.find('"', 4);
    if (end == std::string_view::npos) return false;
    rest = rest.substr(end + 1);
  }
  return rest.starts_with("><v>");
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lap-export-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(PactExportCsv, WerktabelExactBytes) {
  const std::string csv = sheet_csv(werktabel_sheet(small_werktabel(), context()));
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "NIS-code;Gemeente;N (leefloners);Trekkingsrecht M (€);Basislijn B;"
            "Extra engagement E;Doel T\r\n"
            "11002;Antwerpen;9770;402886,59;1954;402;2356\r\n"
            "44021;Gent;5123;211257,73;1025;211;1236\r\n"
            "73006;\"Bilzen; \"\"test\"\"\";41;1690,72;8;1;9\r\n");
}

// Regression: a consortium id or name such as `=1+1` or `=HYPERLINK(...)` reached
// WSE's follow-up and payment CSVs as a formula.
TEST(PactExportCsv, TextsThatLookLikeFormulasStayText) {
  Sheet sheet;
  sheet.columns = {{"Naam", "name", CellType::kText},
                   {"Aantal", "count", CellType::kInteger},
                   {"Bedrag", "amount", CellType::kMoney}};
  sheet.rows = {{Cell(std::string("=1+1")), Cell(int64_t{-5}), Cell(Money::from_cents(-50))},
                {Cell(std::string("=HYPERLINK(\"http://x\";\"klik\")")), Cell(int64_t{3}),
                 Cell(Money::from_cents(100))},
                {Cell(Coded{"x", "+32 3 000"}), Cell(), Cell()},
                {Cell(std::string("@SUM(A1)")), Cell(), Cell()},
                {Cell(std::string("-2+3")), Cell(), Cell()},
                {Cell(std::string("\tTAB")), Cell(), Cell()},
                {Cell(std::vector<std::string>{"=a", "b"}), Cell(), Cell()},
                {Cell(std::string("Gent")), Cell(), Cell()}};
  EXPECT_EQ(sheet_csv(sheet),
            "\xEF\xBB\xBF"
            "Naam;Aantal;Bedrag\r\n"
            "'=1+1;-5;-0,50\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\";3;1,00\r\n"
            "'+32 3 000;;\r\n"
            "'@SUM(A1);;\r\n"
            "'-2+3;;\r\n"
            "'\tTAB;;\r\n"
            "'=a, b;;\r\n"
            "Gent;;\r\n");
  Form form;
  form.title = "=cmd";
  form.sections = {{"", {{"=label", "k", CellType::kText, Cell(std::string("=value"))}}}};
  EXPECT_EQ(form_csv(form), "\xEF\xBB\xBFOmschrijving;Waarde\r\n'=cmd;\r\n'=label;'=value\r\n");
}

TEST(PactExportCsv, CellTexts) {
  EXPECT_EQ(cell_text_nl(Money::from_cents(-50)), "-0,50");
  EXPECT_EQ(cell_text_nl(Money::from_cents(4'123'456)), "41234,56");
  EXPECT_EQ(cell_text_nl(pact::Rate::basis_points(2250)), "22,5");
  EXPECT_EQ(cell_text_nl(*pact::Rate::fraction(1, 3)), "33,333333");
  EXPECT_EQ(cell_text_nl(*pact::Rate::fraction(-3, 2)), "-150");
  EXPECT_EQ(cell_text_nl(Cell(true)), "ja");
  EXPECT_EQ(cell_text_nl(Cell(Coded{"payable", "te betalen"})), "te betalen");
  EXPECT_EQ(cell_text_nl(Cell(day("2025-03-14"))), "2025-03-14");
  EXPECT_EQ(cell_text_nl(Cell()), "");
}

TEST(PactExportCsv, FollowUpEmptyPercentagesAndDutchTexts) {
  pact::FollowUp f;
  f.version = {"lap-2023", 2, day("2023-09-29")};
  pact::FollowUpRow r;
  r.unit_id = "11002";
  r.month = mon("2023-12");
  r.b = 10;
  r.e = 0;
  r.t = 10;
  r.projection = pact::ProjectionMethod::kLast12Months;
  f.rows.push_back(r);
  const std::string csv = sheet_csv(follow_up_sheet(f, context()));
  EXPECT_NE(csv.find("11002;Antwerpen;2023-12;10;0;10;0;0;0;;;0,00;;0,00;0;gemiddelde van de "
                     "laatste 12 maanden;;0,00;;0,00\r\n"),
            std::string::npos)
      << csv;
}

TEST(PactExport, EveryCellFitsItsColumn) {
  const Lap2023 x = lap_2023();
  const ExportContext ctx = context();
  const std::vector<Sheet> sheets = {
      werktabel_sheet(x.werktabel, ctx), redistribution_sheet(x.redistribution, ctx),
      follow_up_sheet(x.follow_up, ctx), payments_sheet(x.statements, ctx),
      simulation_sheet(x.simulation, ctx)};
  for (const Sheet& s : sheets) {
    SCOPED_TRACE(s.id);
    EXPECT_FALSE(s.rows.empty());
    EXPECT_LE(s.title.size(), 31u);
    for (const auto& row : s.rows) {
      ASSERT_EQ(row.size(), s.columns.size());
      for (size_t c = 0; c < row.size(); ++c)
        EXPECT_TRUE(cell_fits(s.columns[c].type, row[c])) << s.columns[c].heading;
    }
    for (const auto& f : s.info)
      EXPECT_TRUE(cell_fits(f.type, f.value)) << f.label;
    EXPECT_EQ(std::get<std::string>(s.info.front().value), "lap-2023");
  }
  const Form form = payment_statement_form(x.statements.front(), ctx);
  for (const auto& section : form.sections)
    for (const auto& f : section.fields)
      EXPECT_TRUE(cell_fits(f.type, f.value)) << f.label;
}

TEST(PactExport, InfoStatesCallVersionSourceMethodAndDate) {
  const Lap2023 x = lap_2023();
  auto j = nlohmann::json::parse(sheet_json(follow_up_sheet(x.follow_up, context())));
  EXPECT_EQ(j["document"], "follow_up");
  EXPECT_EQ(j["info"]["call_id"], "lap-2023");
  EXPECT_EQ(j["info"]["call_title"], "Lokaal Activeringspact 2023");
  EXPECT_EQ(j["info"]["parameter_version"], "lap-2023, versie 2, geldig vanaf 29 september 2023");
  EXPECT_EQ(j["info"]["result_source"], "vdab_table");
  EXPECT_EQ(j["info"]["rule"], "pro_rata_with_floor");
  EXPECT_EQ(j["info"]["projection"], "last_12_months,period_run_rate");
  EXPECT_EQ(j["info"]["generated_on"], "2026-11-23");
  EXPECT_EQ(j["info"]["first_month"], "2023-12");
  EXPECT_EQ(j["info"]["last_month"], "2024-04");
  // The subsidy under the call's rule: cents and a decimal percentage, like the earned columns.
  const auto& first = x.follow_up.rows.front();
  const auto& row = j["rows"][0];
  EXPECT_EQ(row["subsidy_cents"], first.subsidy.cents());
  EXPECT_EQ(row["subsidy_pct"], first.subsidy_pct->to_decimal_string());
  EXPECT_EQ(row["projected_subsidy_cents"], first.projected_subsidy.cents());
  EXPECT_EQ(row["projected_subsidy_pct"], first.projected_subsidy_pct->to_decimal_string());
  EXPECT_FALSE(row.contains("subsidy"));
  auto w = nlohmann::json::parse(sheet_json(werktabel_sheet(x.werktabel, context())));
  EXPECT_EQ(w["info"]["count_source"], "count_table");
  EXPECT_EQ(w["info"]["budget_cents"], 1'000'000'000);
  EXPECT_EQ(w["info"]["threshold"], "20");
  EXPECT_EQ(w["info"]["total_m_cents"], 1'000'000'000);
}

TEST(PactExportJson, WerktabelKeysAndTypes) {
  auto j = nlohmann::json::parse(sheet_json(werktabel_sheet(small_werktabel(), context())));
  ASSERT_EQ(j["rows"].size(), 3u);
  const auto& r = j["rows"][0];
  EXPECT_EQ(r["nis"], "11002");
  EXPECT_EQ(r["name"], "Antwerpen");
  EXPECT_EQ(r["n"], 9770);
  EXPECT_EQ(r["m_cents"], 40'288'659);
  EXPECT_FALSE(r.contains("m"));
  EXPECT_EQ(r["b"], 1954);
  EXPECT_EQ(r["e"], 402);
  EXPECT_EQ(r["t"], 2356);
  EXPECT_EQ(j["info"]["missing"], nlohmann::json::array());
}

TEST(PactExportJson, PaymentStatementsUseCodesCentsAndNulls) {
  const Lap2023 x = lap_2023();
  auto j = nlohmann::json::parse(sheet_json(payments_sheet(x.statements, context())));
  ASSERT_EQ(j["rows"].size(), x.statements.size());
  for (size_t i = 0; i < x.statements.size(); ++i) {
    const auto& s = x.statements[i];
    const auto& r = j["rows"][i];
    EXPECT_EQ(r["status"], pact::payment_status_name(s.status));
    EXPECT_EQ(r["rule"], "pro_rata_with_floor");
    EXPECT_EQ(r["balance_cents"], s.balance.cents());
    EXPECT_EQ(r["members"][0], s.members.front().to_string());
    if (s.annual_report_approved) {
      EXPECT_EQ(r["annual_report_approved"], "2025-03-14");
    } else {
      EXPECT_TRUE(r["annual_report_approved"].is_null());
    }
    if (s.achieved_pct) {
      std::string pct = s.achieved_pct->to_string();
      pct.pop_back();
      EXPECT_EQ(r["achieved_pct"], pct);
    }
  }
}

TEST(PactExport, DutchNames) {
  EXPECT_EQ(dutch_name(pact::SettlementRule::kProRata), "pro rata");
  EXPECT_EQ(dutch_name(pact::SettlementRule::kProRataWithFloor), "pro rata met bodem");
  EXPECT_EQ(dutch_name(pact::PaymentStatus::kHeld), "in wacht (jaarverslag niet goedgekeurd)");
  EXPECT_EQ(dutch_name(pact::PaymentStatus::kPayable), "te betalen");
  EXPECT_EQ(dutch_name(pact::PaymentStatus::kToRecover), "terug te vorderen");
  EXPECT_EQ(dutch_name(pact::PaymentStatus::kSettled), "vereffend");
}

TEST(PactExportXlsx, ValidZipWithTypedNumbers) {
  TempDir dir;
  const std::string path = dir.file("werktabel.xlsx");
  ASSERT_TRUE(write(werktabel_sheet(small_werktabel(), context()), FileFormat::kXlsx, path));
  // Written atomically: only the file itself is left.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);
  const auto zip = unzip(read_all(path));
  ASSERT_TRUE(zip.contains("xl/worksheets/sheet1.xml"));
  ASSERT_TRUE(zip.contains("xl/worksheets/sheet2.xml"));
  const std::string& sheet = zip.at("xl/worksheets/sheet1.xml");
  // N, M, B, E and T are numbers (no t="s"), NIS code and name are strings.
  for (const char* ref : {"C2", "D2", "E2", "F2", "G2", "C4", "D4"}) {
    const std::string c = cell_xml(sheet, ref);
    EXPECT_TRUE(is_number_cell(c)) << ref << ": " << c;
    EXPECT_EQ(c.find("t=\""), std::string::npos) << ref << ": " << c;
  }
  EXPECT_NE(cell_xml(sheet, "C2").find("<v>9770</v>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "D2").find("<v>402886.59</v>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A2").find("t=\"s\""), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "B2").find("t=\"s\""), std::string::npos);
  // The heading row is frozen and filtered.
  EXPECT_NE(sheet.find("<pane ySplit=\"1\" topLeftCell=\"A2\""), std::string::npos);
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:G4\""), std::string::npos);
  EXPECT_NE(sheet.find("<cols>"), std::string::npos);
  // Dutch headings, the info sheet, and the euro and percentage formats.
  EXPECT_NE(zip.at("xl/sharedStrings.xml").find("Trekkingsrecht M (€)"), std::string::npos);
  EXPECT_NE(
      zip.at("xl/sharedStrings.xml").find("lap-2023, versie 2, geldig vanaf 29 september 2023"),
      std::string::npos);
  EXPECT_NE(zip.at("xl/workbook.xml").find("name=\"Werktabel\""), std::string::npos);
  EXPECT_NE(zip.at("xl/workbook.xml").find("name=\"Toelichting\""), std::string::npos);
  EXPECT_NE(zip.at("xl/styles.xml").find("#,##0.00"), std::string::npos);
  EXPECT_NE(zip.at("xl/styles.xml").find("0.0%"), std::string::npos);
  // The threshold 20% is the number 0.2 on the info sheet.
  EXPECT_NE(zip.at("xl/worksheets/sheet2.xml").find("<v>0.2</v>"), std::string::npos);
}

TEST(PactExportXlsx, BytesAreReproducible) {
  const Sheet s = follow_up_sheet(lap_2023().follow_up, context());
  auto a = render(s, FileFormat::kXlsx);
  auto b = render(s, FileFormat::kXlsx);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->starts_with("PK\x03\x04"));
  EXPECT_EQ(*a, *b);
  EXPECT_TRUE(unzip(*a).contains("xl/worksheets/sheet1.xml"));
}

TEST(PactExportXlsx, EveryDocumentRenders) {
  const Lap2023 x = lap_2023();
  const ExportContext ctx = context();
  for (const Sheet& s :
       {werktabel_sheet(x.werktabel, ctx), redistribution_sheet(x.redistribution, ctx),
        follow_up_sheet(x.follow_up, ctx), payments_sheet(x.statements, ctx),
        simulation_sheet(x.simulation, ctx)}) {
    SCOPED_TRACE(s.id);
    for (FileFormat f : {FileFormat::kCsv, FileFormat::kJson, FileFormat::kXlsx}) {
      auto bytes = render(s, f);
      ASSERT_TRUE(bytes) << bytes.error().message;
      EXPECT_GT(bytes->size(), 100u);
    }
  }
}

TEST(PactExportXlsx, WriteFailsInAMissingDirectory) {
  auto st = write_xlsx(werktabel_sheet(small_werktabel(), context()),
                       "/nonexistent-dir-for-lap/werktabel.xlsx");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kIo);
}

TEST(PaymentStatementForm, OneFilingDocumentPerUnit) {
  const Lap2023 x = lap_2023();
  TempDir dir;
  auto paths = write_payment_statements(x.statements, context(), dir.path().string());
  ASSERT_TRUE(paths) << paths.error().message;
  ASSERT_EQ(paths->size(), x.statements.size());
  EXPECT_EQ(std::filesystem::path(paths->front()).filename(),
            "betalingsoverzicht_lap-2023_" + x.statements.front().unit_id + ".xlsx");
  const auto zip = unzip(read_all(paths->front()));
  ASSERT_TRUE(zip.contains("xl/worksheets/sheet1.xml"));
  EXPECT_FALSE(zip.contains("xl/worksheets/sheet2.xml"));
  const std::string& strings = zip.at("xl/sharedStrings.xml");
  for (const char* s : {"Betalingsoverzicht Lokaal Activeringspact",
                        "lap-2023, versie 2, geldig vanaf 29 september 2023", "pro rata met bodem",
                        "Totaal toegekend", "Saldo", "Status"})
    EXPECT_NE(strings.find(s), std::string::npos) << s;
}

TEST(PaymentStatementForm, FieldsAndStatusInDutch) {
  pact::PaymentStatement p;
  p.unit_id = "44021";
  p.members = {nis(44021)};
  p.version = {"lap-2023", 2, day("2023-09-29")};
  p.rule = pact::SettlementRule::kProRata;
  p.n = 5123;
  p.b = 1025;
  p.e = 211;
  p.t = 1236;
  p.r = 1100;
  p.m = Money::from_euros(211'257);
  p.advance = Money::from_euros(105'500);
  p.advance_paid = p.advance;
  p.earned = Money::from_euros(75'000);
  p.entitled = p.earned;
  p.balance = p.entitled - p.advance_paid;
  p.status = pact::PaymentStatus::kToRecover;
  p.annual_report_approved = day("2025-03-14");
  const Form f = payment_statement_form(p, context());
  const std::string csv = form_csv(f);
  EXPECT_TRUE(
      csv.starts_with("\xEF\xBB\xBFOmschrijving;Waarde\r\n"
                      "Betalingsoverzicht Lokaal Activeringspact;\r\n"));
  EXPECT_NE(csv.find("Gemeente;Gent\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("Leden;44021 Gent\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Afrekeningsregel;pro rata\r\n"), std::string::npos);
  EXPECT_NE(csv.find(";-30500,00\r\n"), std::string::npos);
  EXPECT_NE(csv.find("Status;terug te vorderen\r\n"), std::string::npos);
  EXPECT_NE(csv.find("op;2025-03-14\r\n"), std::string::npos);
  auto j = nlohmann::json::parse(form_json(f));
  EXPECT_EQ(j["document"], "payment_statement");
  EXPECT_EQ(j["fields"]["status"], "to_recover");
  EXPECT_EQ(j["fields"]["balance_cents"], -3'050'000);
  EXPECT_EQ(j["fields"]["annual_report_approved"], "2025-03-14");
  EXPECT_TRUE(j["fields"]["achieved_pct"].is_null());
  // The approval date is a real date cell.
  auto bytes = render(f, FileFormat::kXlsx);
  ASSERT_TRUE(bytes);
  EXPECT_NE(unzip(*bytes).at("xl/styles.xml").find("dd/mm/yyyy"), std::string::npos);
}

TEST(FileFormats, NamesExtensionsAndMediaTypes) {
  EXPECT_EQ(*parse_file_format("xlsx"), FileFormat::kXlsx);
  EXPECT_EQ(*parse_file_format("csv"), FileFormat::kCsv);
  EXPECT_EQ(*parse_file_format("json"), FileFormat::kJson);
  EXPECT_FALSE(parse_file_format("xls"));
  EXPECT_EQ(file_extension(FileFormat::kXlsx), "xlsx");
  EXPECT_EQ(media_type(FileFormat::kJson), "application/json");
  pact::PaymentStatement p;
  p.unit_id = "cons/2024 a";
  p.version.call_id = "lap-2024";
  EXPECT_EQ(payment_statement_file_name(p, FileFormat::kCsv),
            "betalingsoverzicht_lap-2024_cons_2024_a.csv");
}

}  // namespace
}  // namespace lap::report
