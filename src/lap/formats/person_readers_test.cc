// The readers of VDAB registrations, work months, activation measures and identifier changes
// (person_readers.cc); the RMI reader and the rules of every file are in exchange_test.cc.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/formats/exchange.h"
#include "lap/formats/exchange_test_support.h"

namespace lap::formats {
namespace {

using namespace exchange_testing;

// ---- VDAB registrations ---------------------------------------------------------

// Columns: vdab_client_id 1, insz 10, last_name 22, first_name 30, birth_date 33, sex 44,
// postcode 46, category 51, ocmw_nis 54, start_date 60, end_date 71.
constexpr std::string_view kVdabRow =
    "10000001;76080814407;Peeters;An;1976-08-08;F;2000;05;11002;2020-01-01;2021-12-31";

std::vector<std::string> vdab_problems(const std::string& rows) {
  return problems_of(Source::kVdabRegistrations, header(kVdabColumns) + rows + "\n");
}

std::string vdab_row(std::string_view from, std::string_view to) {
  std::string row(kVdabRow);
  return row.replace(row.find(from), from.size(), to);
}

TEST(VdabRegistrations, InvalidInszIsKeptAndFlagged) {
  Problems problems;
  std::vector<VdabRegistrationRow> rows;
  std::string text = header(kVdabColumns) + vdab_row("76080814407", "76.08.08-144.08") + "\n" +
                     vdab_row("76080814407", "") + "\n" + std::string(kVdabRow) + "\n";
  read_vdab_registrations(
      Input::memory("v.csv", text), context(), problems,
      [&](const VdabRegistrationRow& r, const RowHash&, int64_t) { rows.push_back(r); });
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[0].insz_valid());
  EXPECT_EQ(rows[0].insz_digits, "76080814408");
  EXPECT_FALSE(rows[1].insz_valid());
  EXPECT_EQ(rows[1].insz_digits, "");
  EXPECT_TRUE(rows[2].insz_valid());
  EXPECT_EQ(rows[2].ocmw_nis, Nis::parse("11002").value());
}

TEST(VdabRegistrations, InszThatIsNotElevenDigits) {
  EXPECT_EQ(vdab_problems(vdab_row("76080814407", "7608081440")),
            Messages{"vdab_registrations.csv:2:10: [insz] must be 11 digits (separators '.', '-' "
                     "and space allowed) or empty"});
  EXPECT_EQ(vdab_problems(vdab_row("76080814407", "7608081440\t7")),
            Messages{"vdab_registrations.csv:2:10: [insz] must be 11 digits (separators '.', '-' "
                     "and space allowed) or empty"});
  EXPECT_EQ(vdab_problems(vdab_row("76080814407", "7608081440X")),
            Messages{"vdab_registrations.csv:2:10: [insz] must be 11 digits (separators '.', '-' "
                     "and space allowed) or empty"});
}

TEST(VdabRegistrations, ClientId) {
  EXPECT_EQ(vdab_problems(vdab_row("10000001", "0")),
            Messages{"vdab_registrations.csv:2:1: [vdab_client_id] must be an integer "
                     "1-9999999999"});
  EXPECT_EQ(vdab_problems(vdab_row("10000001", "10000000000")),
            Messages{"vdab_registrations.csv:2:1: [vdab_client_id] must be an integer "
                     "1-9999999999"});
}

TEST(VdabRegistrations, OcmwNisExactlyForCategory05) {
  EXPECT_EQ(vdab_problems(vdab_row(";05;11002;", ";05;;")),
            Messages{"vdab_registrations.csv:2:54: [ocmw_nis] a value is required"});
  EXPECT_EQ(vdab_problems(vdab_row(";05;11002;", ";VRIJ;11002;")),
            Messages{"vdab_registrations.csv:2:56: [ocmw_nis] must be empty unless category is "
                     "05"});
  EXPECT_EQ(vdab_problems(vdab_row(";05;11002;", ";VRIJ;;")), Messages{});
  EXPECT_EQ(vdab_problems(vdab_row(";05;", ";5;")),
            Messages{"vdab_registrations.csv:2:51: [category] must be one of 05, 01, BIT, VRIJ, "
                     "ANDER"});
}

TEST(VdabRegistrations, OcmwNisMustExistOnStartDate) {
  EXPECT_EQ(vdab_problems(vdab_row("11002;2020-01-01;2021-12-31", "11007;2025-01-01;")),
            Messages{"vdab_registrations.csv:2:54: [ocmw_nis] municipality 11007 does not exist "
                     "on start_date 2025-01-01 (valid 1970-01-01..2024-12-31, then 11002)"});
}

TEST(VdabRegistrations, NoInszAgreementRule) {
  // VDAB's identity data may be wrong; only the RMI file is checked against the INSZ.
  EXPECT_EQ(vdab_problems(vdab_row(";F;", ";M;")), Messages{});
}

// VDAB's identity data can be incomplete: either name may be empty; when present, the text
// rules still apply.
TEST(VdabRegistrations, NamesMayBeEmpty) {
  Problems problems;
  std::vector<VdabRegistrationRow> rows;
  std::string text = header(kVdabColumns) + vdab_row(";Peeters;An;", ";;;") + "\n";
  read_vdab_registrations(
      Input::memory("v.csv", text), context(), problems,
      [&](const VdabRegistrationRow& r, const RowHash&, int64_t) { rows.push_back(r); });
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_name, "");
  EXPECT_EQ(rows[0].first_name, "");
  EXPECT_EQ(vdab_problems(vdab_row(";Peeters;An;", ";Peeters;;")), Messages{});
  EXPECT_EQ(vdab_problems(vdab_row(";Peeters;An;", ";;An;")), Messages{});
  EXPECT_EQ(vdab_problems(vdab_row(";Peeters;An;", ";;An ;")),
            Messages{"vdab_registrations.csv:2:23: [first_name] text starts or ends with a "
                     "space"});
  EXPECT_EQ(vdab_problems(vdab_row(";Peeters;", ";Pee\xC3ters;")),
            Messages{"vdab_registrations.csv:2:22: [last_name] text is not valid UTF-8"});
}

// The optional columns street (column 82 after kVdabRow) and house_number, in any place of
// the header.
TEST(VdabRegistrations, OptionalAddressColumns) {
  std::string columns = header(kVdabColumns);
  columns.pop_back();  // the newline
  const std::string head = "house_number;" + columns + ";street\n";
  Problems problems;
  std::vector<VdabRegistrationRow> rows;
  read_vdab_registrations(
      Input::memory("v.csv", head + "7 bus 3;" + std::string(kVdabRow) + ";Molenstraat\n"),
      context(), problems,
      [&](const VdabRegistrationRow& r, const RowHash&, int64_t) { rows.push_back(r); });
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].street, "Molenstraat");
  EXPECT_EQ(rows[0].house_number, "7 bus 3");
  EXPECT_EQ(problems_of(Source::kVdabRegistrations, head + ";" + std::string(kVdabRow) + ";\n"),
            Messages{});
  EXPECT_EQ(problems_of(Source::kVdabRegistrations,
                        head + "12345678901;" + std::string(kVdabRow) + ";Molenstraat\n"),
            Messages{"vdab_registrations.csv:2:1: [house_number] text is longer than 10 "
                     "characters"});
  EXPECT_EQ(problems_of(Source::kVdabRegistrations,
                        head + "1;" + std::string(kVdabRow) + ";Molen\tstraat\n"),
            Messages{"vdab_registrations.csv:2:84: [street] text contains a control character"});
}

// ---- work months ------------------------------------------------------------------

// Columns: insz 1, first_month 13, last_month 21, work_type 29, employer_kind 33.
std::vector<std::string> work_problems(const std::string& rows) {
  return problems_of(Source::kWorkMonths, header(kWorkColumns) + rows + "\n");
}

TEST(WorkMonths, ValidSpans) {
  EXPECT_EQ(work_problems("76080814407;2020-01;2020-06;EMP;NEC\n"
                          "76080814407;2020-03;2020-04;EMP;SE\n"
                          "76080814407;2020-03;2020-04;SELF;\n"
                          "76080814407;2020-07;2020-09;EMP;NEC"),
            Messages{});
}

TEST(WorkMonths, LastBeforeFirst) {
  EXPECT_EQ(work_problems("76080814407;2020-06;2020-05;EMP;NEC"),
            Messages{"work_months.csv:2:21: [last_month] last_month lies before first_month"});
}

TEST(WorkMonths, MonthSyntax) {
  EXPECT_EQ(work_problems("76080814407;2020-13;2021-05;EMP;NEC"),
            Messages{"work_months.csv:2:13: [first_month] must be a month YYYY-MM (year "
                     "1900-2099)"});
}

TEST(WorkMonths, EmployerKindRequiredForEmpEmptyForSelf) {
  EXPECT_EQ(work_problems("76080814407;2020-01;2020-05;EMP;"),
            Messages{"work_months.csv:2:33: [employer_kind] a value is required"});
  EXPECT_EQ(work_problems("76080814407;2020-01;2020-05;SELF;NEC"),
            Messages{"work_months.csv:2:34: [employer_kind] must be empty when work_type is "
                     "SELF"});
  EXPECT_EQ(work_problems("76080814407;2020-01;2020-05;EMP;ART60"),
            Messages{"work_months.csv:2:33: [employer_kind] must be one of NEC, SE, OCMW_ART60, "
                     "PUBLIC"});
  EXPECT_EQ(work_problems("76080814407;2020-01;2020-05;WORK;"),
            Messages{"work_months.csv:2:29: [work_type] must be one of EMP, SELF"});
}

TEST(WorkMonths, OverlapOfTheSamePersonTypeAndKind) {
  EXPECT_EQ(work_problems("76080814407;2020-01;2020-06;EMP;NEC\n"
                          "85031503362;2020-01;2020-06;EMP;NEC\n"
                          "76080814407;2020-06;2020-08;EMP;NEC"),
            Messages{"work_months.csv:4:13: [first_month] overlaps the span on line 2 of the "
                     "same person, work_type and employer_kind"});
}

TEST(WorkMonths, IdenticalSpanIsADuplicateNotAnOverlap) {
  EXPECT_EQ(work_problems("76080814407;2020-01;2020-06;EMP;NEC\n"
                          "76080814407;2020-01;2020-06;EMP;NEC"),
            Messages{"work_months.csv:3:1: duplicate of the row on line 2 (a file is a set of "
                     "facts)"});
}

// ---- activation measures ----------------------------------------------------------

// Columns: insz 1, measure 13, organiser_nis 25, start_date 31, end_date 42, new_inflow 53.
std::vector<std::string> measure_problems(const std::string& rows) {
  return problems_of(Source::kActivationMeasures, header(kMeasuresColumns) + rows + "\n");
}

TEST(ActivationMeasures, NewInflowOnlyForWijkWerken) {
  EXPECT_EQ(measure_problems("76080814407;WIJK_WERKEN;11002;2020-01-01;2020-06-30;1\n"
                             "76080814407;TWE_OCMW;11002;2020-01-01;2020-06-30;"),
            Messages{});
  EXPECT_EQ(measure_problems("76080814407;WIJK_WERKEN;11002;2020-01-01;2020-06-30;"),
            Messages{"activation_measures.csv:2:53: [new_inflow] a value is required"});
  EXPECT_EQ(measure_problems("76080814407;TWE_OCMW;11002;2020-01-01;2020-06-30;0"),
            Messages{"activation_measures.csv:2:50: [new_inflow] must be empty unless measure is "
                     "WIJK_WERKEN"});
}

TEST(ActivationMeasures, MeasureCode) {
  EXPECT_EQ(measure_problems("76080814407;ART60;11002;2020-01-01;;"),
            Messages{"activation_measures.csv:2:13: [measure] must be one of TWE_OCMW, "
                     "WIJK_WERKEN, IBO, STAGE, LDE, COLLECTIEF_MAATWERK, OPLEIDING"});
}

TEST(ActivationMeasures, OrganiserExistsOnStartDate) {
  EXPECT_EQ(measure_problems("76080814407;IBO;11007;2025-02-01;;"),
            Messages{"activation_measures.csv:2:17: [organiser_nis] municipality 11007 does not "
                     "exist on start_date 2025-02-01 (valid 1970-01-01..2024-12-31, then 11002)"});
}

TEST(ActivationMeasures, EndBeforeStart) {
  EXPECT_EQ(measure_problems("76080814407;IBO;11002;2020-02-01;2020-01-31;"),
            Messages{"activation_measures.csv:2:34: [end_date] end_date lies before start_date"});
}

// ---- identifier changes -----------------------------------------------------------

std::vector<std::string> change_problems(const std::string& rows) {
  return problems_of(Source::kIdentifierChanges, header(kIdChangesColumns) + rows + "\n");
}

TEST(IdentifierChanges, NewDiffersFromOld) {
  EXPECT_EQ(change_problems("90410101201;90410101201;2020-01-01"),
            Messages{"identifier_changes.csv:2:13: [new_insz] must differ from old_insz"});
}

TEST(IdentifierChanges, OldInszAtMostOnce) {
  EXPECT_EQ(change_problems("90410101201;76080814407;2020-01-01\n"
                            "90410101201;85031503362;2021-01-01"),
            Messages{"identifier_changes.csv:3:1: [old_insz] this old_insz already changed on "
                     "line 2 (an old_insz appears at most once)"});
}

TEST(IdentifierChanges, IdenticalRowIsADuplicate) {
  EXPECT_EQ(change_problems("90410101201;76080814407;2020-01-01\n"
                            "90410101201;76080814407;2020-01-01"),
            Messages{"identifier_changes.csv:3:1: duplicate of the row on line 2 (a file is a set "
                     "of facts)"});
}

}  // namespace
}  // namespace lap::formats
