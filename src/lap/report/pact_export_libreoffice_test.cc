// An independent reader for the XLSX files: headless LibreOffice converts them
// to CSV, and every cell must equal the Belgian CSV written from the same
// sheet (numbers compared as numbers). Fails, not skips, when `soffice` is
// missing (set LAP_SOFFICE to use another binary).
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/formats/csv_reader.h"
#include "lap/report/figure_sheet.h"
#include "lap/report/pact_export.h"
#include "lap/report/pact_export_test_data.h"

namespace lap::report {
namespace {

using namespace testing;
namespace fs = std::filesystem;

std::string find_soffice() {
  if (const char* env = std::getenv("LAP_SOFFICE"); env != nullptr && *env != '\0') return env;
  if (const char* path = std::getenv("PATH"); path != nullptr) {
    std::string_view rest = path;
    while (!rest.empty()) {
      const size_t colon = rest.find(':');
      const fs::path candidate = fs::path(rest.substr(0, colon)) / "soffice";
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
      rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
  }
  for (const char* p : {"/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"})
    if (access(p, X_OK) == 0) return p;
  return {};
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

using Table = std::vector<std::vector<std::string>>;

Table read_csv(const std::string& path) {
  Table t;
  formats::CsvReader reader(';');
  auto st = reader.read_file(path, [&](const formats::CsvRecord& r) {
    t.emplace_back(r.fields.begin(), r.fields.end());
    return true;
  });
  EXPECT_TRUE(st) << path << ": " << (st ? "" : st.error().message);
  return t;
}

// `41234,56`, `41234.56`, `-24.693685202639%`, `€ 12` → the number; `percent`
// says whether a trailing '%' was seen. False when `text` is not a number.
bool parse_number(std::string text, double* value, bool* percent) {
  *percent = false;
  std::string clean;
  for (char c : text) {
    if (c == '%') {
      *percent = true;
    } else if (c == ',') {
      clean += '.';
    } else if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'E' || c == 'e' || c == '+') {
      clean += c;
    }
  }
  if (clean.empty()) return false;
  const auto [end, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), *value);
  return ec == std::errc() && end == clean.data() + clean.size();
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "lap-soffice-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Compares LibreOffice's CSV of the XLSX with our CSV, cell by cell.
void expect_same(const Sheet& sheet, const Table& ours, const Table& theirs) {
  SCOPED_TRACE(sheet.id);
  ASSERT_EQ(ours.size(), sheet.rows.size() + 1);
  ASSERT_EQ(theirs.size(), ours.size());
  EXPECT_EQ(theirs[0], ours[0]);  // the headings
  int numbers = 0;
  for (size_t r = 1; r < ours.size(); ++r) {
    ASSERT_EQ(ours[r].size(), sheet.columns.size()) << "row " << r;
    ASSERT_EQ(theirs[r].size(), sheet.columns.size()) << "row " << r;
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      const Column& col = sheet.columns[c];
      const std::string& a = ours[r][c];
      const std::string& b = theirs[r][c];
      const std::string where = "row " + std::to_string(r + 1) + ", " + col.heading;
      const bool numeric = col.type == CellType::kInteger || col.type == CellType::kMoney ||
                           col.type == CellType::kPercent;
      if (!numeric || a.empty()) {
        EXPECT_EQ(b, a) << where;
        continue;
      }
      double x = 0, y = 0;
      bool x_pct = false, y_pct = false;
      ASSERT_TRUE(parse_number(a, &x, &x_pct)) << where << ": " << a;
      ASSERT_TRUE(parse_number(b, &y, &y_pct)) << where << ": " << b;
      // A rate is 0.225 in the workbook; LibreOffice writes it as `22.5%`.
      if (col.type == CellType::kPercent && !y_pct) y *= 100;
      // Amounts are numbers in the workbook: LibreOffice writes them with a
      // decimal point, where a text cell would keep our decimal comma.
      if (col.type == CellType::kMoney) {
        EXPECT_EQ(b.find(','), std::string::npos) << where;
      }
      EXPECT_NEAR(y, x, 1e-6 + 1e-12 * std::fabs(x)) << where << ": " << a << " vs " << b;
      ++numbers;
    }
  }
  EXPECT_GT(numbers, 0);
}

// The published figures as a download (figure_sheet.h): a shown cell with a
// pending count and a median, a hidden one, one with no figure.
struct FigureSheetData {
  std::vector<publish::PublishedFigure> figures;
  Sheet sheet;
};

FigureSheetData figure_sheet_data() {
  FigureSheetData d;
  const auto month = measure::Period::month(*Month::from_ym(2025, 12));
  for (int i = 0; i < 2; ++i) {
    publish::PublishedFigure f;
    f.indicator = measure::Indicator::kHandoverLeadTime;
    f.variant = "all";
    f.period = month;
    f.area = {publish::Level::kOcmw, "11002", "Antwerpen"};
    f.numerator = i == 0 ? 7 : 0;
    f.denominator = i == 0 ? 9 : 0;
    f.pending = i == 0 ? 1 : 0;
    f.suppression = i == 0 ? publish::Suppression::kNone : publish::Suppression::kSecondary;
    d.figures.push_back(f);
  }
  std::vector<FigureRow> rows;
  for (const auto* f :
       {&d.figures[0], &d.figures[1], static_cast<publish::PublishedFigure*>(nullptr)}) {
    rows.push_back({f,
                    measure::Indicator::kHandoverLeadTime,
                    "all",
                    month,
                    "OCMW Antwerpen",
                    {publish::Level::kOcmw, "11002", "Antwerpen"},
                    26.5,
                    {}});
  }
  FigureSheetInfo info{"case_figures",
                       "Dossiercijfers",
                       "Samenwerking in dossiers",
                       "test",
                       "exact",
                       5,
                       *Date::from_ymd(2026, 1, 5)};
  d.sheet = figure_sheet(info, rows);
  return d;
}

TEST(PactExportLibreOffice, XlsxReadsBackAsTheCsvNumbers) {
  const std::string soffice = find_soffice();
  ASSERT_FALSE(soffice.empty())
      << "soffice (LibreOffice) not found; install libreoffice-calc-nogui or set LAP_SOFFICE";

  const Lap2023 x = lap_2023();
  const ExportContext ctx = context();
  const std::vector<Sheet> sheets = {
      werktabel_sheet(small_werktabel(), ctx), werktabel_sheet(x.werktabel, ctx),
      follow_up_sheet(x.follow_up, ctx),       redistribution_sheet(x.redistribution, ctx),
      simulation_sheet(x.simulation, ctx),     figure_sheet_data().sheet};

  TempDir dir;
  const fs::path in = dir.path() / "in";
  const fs::path out = dir.path() / "out";
  fs::create_directories(in);
  fs::create_directories(out);
  std::vector<std::string> names;
  std::string files;
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string name = std::to_string(i) + "_" + sheets[i].id;
    names.push_back(name);
    ASSERT_TRUE(write(sheets[i], FileFormat::kXlsx, (in / (name + ".xlsx")).string()));
    ASSERT_TRUE(write(sheets[i], FileFormat::kCsv, (in / (name + ".csv")).string()));
    files += " " + shell_quote((in / (name + ".xlsx")).string());
  }
  // Filter options: `;`, `"`, UTF-8, line 1; language; quoted fields as text,
  // detect special numbers, "save cell contents as shown" off (raw numbers).
  const std::string command =
      "timeout 180 " + shell_quote(soffice) + " -env:UserInstallation=file://" +
      (dir.path() / "profile").string() +
      " --headless --norestore --convert-to "
      "'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false' --outdir " +
      shell_quote(out.string()) + files + " >" +
      shell_quote((dir.path() / "soffice.log").string()) + " 2>&1";
  const int rc = std::system(command.c_str());
  ASSERT_EQ(rc, 0) << command;

  for (size_t i = 0; i < sheets.size(); ++i) {
    const fs::path converted = out / (names[i] + ".csv");
    ASSERT_TRUE(fs::exists(converted)) << converted;
    expect_same(sheets[i], read_csv((in / (names[i] + ".csv")).string()),
                read_csv(converted.string()));
  }
}

}  // namespace
}  // namespace lap::report
