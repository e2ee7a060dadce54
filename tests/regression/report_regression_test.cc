// Regression tests of the files written for people, each named after the bug it pins (the
// commit that fixed it is named above the test).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/core/month.h"
#include "lap/formats/csv_reader.h"
#include "lap/measure/figure.h"
#include "lap/publish/publication.h"
#include "lap/report/figures.h"

namespace lap {
namespace {

// Fixed by caf82f1: a text starting with =, +, -, @, a tab or a carriage return was written as
// it was, and a spreadsheet opening the CSV ran it as a formula.
TEST(CsvRegression, TextThatLooksLikeAFormulaGetsAnApostrophe) {
  EXPECT_EQ(formats::csv_text("=1+1"), "'=1+1");
  EXPECT_EQ(formats::csv_text("+32 2 555"), "'+32 2 555");
  EXPECT_EQ(formats::csv_text("-5"), "'-5");
  EXPECT_EQ(formats::csv_text("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(formats::csv_text("\t=1"), "'\t=1");
  EXPECT_EQ(formats::csv_text("=HYPERLINK(\"http://x\";\"klik\")"),
            "\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\"");
  EXPECT_EQ(formats::csv_text("Gent"), "Gent");
  EXPECT_EQ(formats::csv_escape("-5"), "-5");  // numbers keep their sign
}

// Fixed by caf82f1: lap measure --out FILE.csv wrote area codes and names with csv_escape, so
// a name such as `=HYPERLINK(...)` reached the spreadsheet as a formula.
TEST(FiguresCsvRegression, AreaNameThatLooksLikeAFormulaStaysText) {
  publish::PublishedFigure f;
  f.indicator = measure::Indicator::kReach;
  f.variant = "all";
  f.period = measure::Period::month(*Month::parse("2024-03"));
  f.area = publish::Area{publish::Level::kOcmw, "-11002", "=HYPERLINK(\"http://x\";\"klik\")"};
  f.numerator = 6;
  f.denominator = 12;
  const std::vector<publish::PublishedFigure> figures{f};
  const std::string csv = report::figures_csv(figures, 5);
  EXPECT_NE(csv.find(";'-11002;\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\";6;0;12;"),
            std::string::npos)
      << csv;
  EXPECT_EQ(csv.find(";=HYPERLINK"), std::string::npos);
}

}  // namespace
}  // namespace lap
