#include "lap/formats/exchange.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace lap::formats {
namespace {

// Three municipalities: Antwerpen, Borsbeek (merged into Antwerpen on
// 2025-01-01) and Gent.
constexpr std::string_view kRegistryCsv =
    "nis;name;arrondissement_nis;arrondissement;province_nis;province;centrumstad;regiegebied;"
    "regiegebied_quality;referentieregio;valid_from;valid_to;successor_nis;population_2022;"
    "postcode\n"
    "11002;Antwerpen;11000;Antwerpen;10000;Antwerpen;1;Antwerpen;stated;Regio Antwerpen;"
    "1970-01-01;;;530630;2000\n"
    "11007;Borsbeek;11000;Antwerpen;10000;Antwerpen;0;Zora Werkt!;stated;Regio Antwerpen;"
    "1970-01-01;2024-12-31;11002;11226;2150\n"
    "44021;Gent;44000;Gent;40000;Oost-Vlaanderen;1;Gent;stated;Regio Gent;1970-01-01;;;265086;"
    "9000\n";

// Valid numbers (check digits computed with the 19xx/20xx rule).
constexpr std::string_view kWoman = "76080814407";     // 1976-08-08, sequence 144
constexpr std::string_view kMan = "85031503362";       // 1985-03-15, sequence 033
constexpr std::string_view kBisNoSex = "90210101354";  // BIS +20: sex unknown
constexpr std::string_view kBisWoman = "90410101201";  // BIS +40, 1990-01-01, even sequence

const geo::Registry& registry() {
  static const geo::Registry kRegistry = *geo::Registry::parse(kRegistryCsv, "test");
  return kRegistry;
}

ValidationContext context() {
  return ValidationContext{&registry(), *Date::parse("2026-06-30")};
}

template <size_t N>
std::string header(const std::array<std::string_view, N>& columns) {
  return fmt::format("{}\n", fmt::join(columns, ";"));
}

// Validates `body` (after the schema's header) and returns the problems as text.
std::vector<std::string> problems_of(Source source, const std::string& text, size_t limit = 50) {
  Problems problems(limit);
  auto rows =
      validate(source, Input::memory(std::string(file_name(source)), text), context(), problems);
  EXPECT_TRUE(rows.has_value());
  std::vector<std::string> out;
  for (const auto& p : problems.list())
    out.push_back(p.to_string());
  return out;
}

// ---- RMI entitlements ---------------------------------------------------------

// Columns: ocmw_nis 1, insz 7, last_name 19, first_name 27, birth_date 30, sex 41,
// postcode 43, kind 48, ukrainian 51, gpmi 53, exemption 55, start_date 60, end_date 71.
constexpr std::string_view kRmiRow =
    "11002;76080814407;Peeters;An;1976-08-08;F;2000;LL;0;1;none;2020-01-01;2021-12-31";

// The default row with field `index` replaced.
std::string rmi_row(size_t index, std::string_view value) {
  std::vector<std::string> fields;
  std::string_view rest = kRmiRow;
  for (size_t pos; (pos = rest.find(';')) != std::string_view::npos; rest.remove_prefix(pos + 1))
    fields.emplace_back(rest.substr(0, pos));
  fields.emplace_back(rest);
  fields.at(index) = value;
  return fmt::format("{}", fmt::join(fields, ";"));
}

std::vector<std::string> rmi_problems(const std::string& rows) {
  return problems_of(Source::kRmiEntitlements, header(kRmiColumns) + rows + "\n");
}

using Messages = std::vector<std::string>;

TEST(RmiEntitlements, ValidRowIsDeliveredTyped) {
  Problems problems;
  std::vector<RmiEntitlementRow> rows;
  std::string text = header(kRmiColumns) + std::string(kRmiRow) + "\n";
  auto n = read_rmi_entitlements(Input::memory("r.csv", text), context(), problems,
                                 [&](const RmiEntitlementRow& r, const RowHash&, int64_t line) {
                                   EXPECT_EQ(line, 2);
                                   rows.push_back(r);
                                 });
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].ocmw_nis.code(), 11002);
  EXPECT_EQ(rows[0].insz.digits(), kWoman);
  EXPECT_EQ(rows[0].last_name, "Peeters");
  EXPECT_EQ(rows[0].birth_date, Date::parse("1976-08-08").value());
  EXPECT_EQ(rows[0].sex, Sex::kFemale);
  EXPECT_EQ(rows[0].postcode, 2000);
  EXPECT_EQ(rows[0].kind, EntitlementKind::kLL);
  EXPECT_TRUE(rows[0].gpmi);
  EXPECT_EQ(rows[0].end_date, Date::parse("2021-12-31").value());
}

TEST(RmiEntitlements, FormattedInszGivesTheSameRowHash) {
  RowHash a{};
  RowHash b{};
  Problems problems;
  read_rmi_entitlements(Input::memory("a", header(kRmiColumns) + std::string(kRmiRow)), context(),
                        problems,
                        [&](const RmiEntitlementRow&, const RowHash& h, int64_t) { a = h; });
  read_rmi_entitlements(Input::memory("b", header(kRmiColumns) + rmi_row(1, "76.08.08-144.07")),
                        context(), problems,
                        [&](const RmiEntitlementRow&, const RowHash& h, int64_t) { b = h; });
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, RowHash{});
}

TEST(RmiEntitlements, HeaderInAnyOrder) {
  std::string text =
      "end_date;start_date;exemption;gpmi;ukrainian;kind;postcode;sex;birth_date;first_name;"
      "last_name;insz;ocmw_nis\n"
      "2021-12-31;2020-01-01;none;1;0;LL;2000;F;1976-08-08;An;Peeters;76080814407;11002\n";
  EXPECT_EQ(problems_of(Source::kRmiEntitlements, text), Messages{});
}

TEST(Header, MissingColumn) {
  std::string text =
      "ocmw_nis;insz;last_name;first_name;birth_date;sex;postcode;kind;ukrainian;gpmi;exemption;"
      "start_date\n";
  EXPECT_EQ(problems_of(Source::kRmiEntitlements, text),
            Messages{"rmi_entitlements.csv:1:1: [end_date] required column is missing"});
}

TEST(Header, UnknownColumn) {
  std::string text = "nis;reference_date;leefloon;equivalent_leefloon;ukrainian;remark\n";
  EXPECT_EQ(problems_of(Source::kPodmiCounts, text),
            Messages{"podmi_counts.csv:1:59: [remark] unknown column; the columns are "
                     "nis;reference_date;leefloon;equivalent_leefloon;ukrainian"});
}

TEST(Header, ColumnNamedTwice) {
  std::string text = "old_insz;new_insz;change_date;new_insz\n";
  EXPECT_EQ(problems_of(Source::kIdentifierChanges, text),
            Messages{"identifier_changes.csv:1:31: [new_insz] column named twice (first at "
                     "column 10)"});
}

TEST(Header, DataRowInsteadOfHeaderIsNotEchoed) {
  auto m = problems_of(Source::kRmiEntitlements, std::string(kRmiRow) + "\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_TRUE(m[0].starts_with("rmi_entitlements.csv:1:1: the first line must be the header"))
      << m[0];
  EXPECT_EQ(m[0].find("Peeters"), std::string::npos);
}

TEST(Header, EmptyFile) {
  EXPECT_EQ(problems_of(Source::kWorkMonths, ""),
            Messages{"work_months.csv:1:1: the file is empty: a header row is required"});
}

TEST(Rows, WrongNumberOfFields) {
  EXPECT_EQ(rmi_problems(std::string(kRmiRow) + ";extra"),
            Messages{"rmi_entitlements.csv:2:82: the row has 14 fields, the header 13"});
}

TEST(Rows, MalformedQuoting) {
  EXPECT_EQ(rmi_problems(rmi_row(2, "Pee\"ters")),
            Messages{"rmi_entitlements.csv:2:22: malformed CSV quoting (a '\"' inside an "
                     "unquoted field, or text after a closing quote)"});
}

TEST(Rows, QuotedFieldsAreValues) {
  EXPECT_EQ(rmi_problems(rmi_row(2, "\"Van; Dam\"")), Messages{});
}

TEST(RmiEntitlements, NisSyntax) {
  EXPECT_EQ(rmi_problems(rmi_row(0, "1100")),
            Messages{"rmi_entitlements.csv:2:1: [ocmw_nis] must be a NIS code of 5 digits"});
}

TEST(RmiEntitlements, NisUnknown) {
  EXPECT_EQ(rmi_problems(rmi_row(0, "21004")),
            Messages{"rmi_entitlements.csv:2:1: [ocmw_nis] NIS code 21004 is not a Flemish "
                     "municipality of the reference data"});
}

TEST(RmiEntitlements, NisMustExistOnEndDate) {
  std::string row = rmi_row(0, "11007");
  row = row.substr(0, row.size() - 10) + "2025-03-01";
  EXPECT_EQ(rmi_problems(row),
            Messages{"rmi_entitlements.csv:2:1: [ocmw_nis] municipality 11007 does not exist on "
                     "end_date 2025-03-01 (valid 1970-01-01..2024-12-31, then 11002)"});
}

TEST(RmiEntitlements, NisMustExistOnStartDate) {
  std::string row = rmi_row(0, "11007");
  row = row.substr(0, row.size() - 21) + "2025-01-01;2025-03-01";
  Messages expected = {
      "rmi_entitlements.csv:2:1: [ocmw_nis] municipality 11007 does not exist on start_date "
      "2025-01-01 (valid 1970-01-01..2024-12-31, then 11002)",
      "rmi_entitlements.csv:2:1: [ocmw_nis] municipality 11007 does not exist on end_date "
      "2025-03-01 (valid 1970-01-01..2024-12-31, then 11002)"};
  EXPECT_EQ(rmi_problems(row), expected);
}

TEST(RmiEntitlements, RunningEntitlementAtAMergedMunicipality) {
  EXPECT_EQ(rmi_problems(rmi_row(0, "11007") + "\n" + rmi_row(12, "")),
            Messages{});  // (closed) Borsbeek row and a running Antwerpen row are fine
  std::string open_borsbeek = rmi_row(0, "11007");
  open_borsbeek.resize(open_borsbeek.size() - 10);
  EXPECT_EQ(rmi_problems(open_borsbeek),
            Messages{"rmi_entitlements.csv:2:1: [ocmw_nis] a running entitlement (empty "
                     "end_date) at municipality 11007, which does not exist today 2026-06-30 "
                     "(valid 1970-01-01..2024-12-31, then 11002)"});
}

TEST(RmiEntitlements, InszRules) {
  EXPECT_EQ(rmi_problems(rmi_row(1, "76080814408")),
            Messages{"rmi_entitlements.csv:2:7: [insz] not a valid INSZ: check digits do not "
                     "match (mod 97, 19xx or 20xx rule)"});
  EXPECT_EQ(rmi_problems(rmi_row(1, "7608081440")),
            Messages{"rmi_entitlements.csv:2:7: [insz] not a valid INSZ: an INSZ has exactly 11 "
                     "digits"});
  EXPECT_EQ(rmi_problems(rmi_row(1, "")),
            Messages{"rmi_entitlements.csv:2:7: [insz] a value is required"});
}

TEST(RmiEntitlements, TextRules) {
  EXPECT_EQ(rmi_problems(rmi_row(2, "")),
            Messages{"rmi_entitlements.csv:2:19: [last_name] a value is required"});
  EXPECT_EQ(rmi_problems(rmi_row(3, " An")),
            Messages{"rmi_entitlements.csv:2:27: [first_name] text starts or ends with a space"});
  EXPECT_EQ(rmi_problems(rmi_row(2, std::string(101, 'a'))),
            Messages{"rmi_entitlements.csv:2:19: [last_name] text is longer than 100 characters"});
  // 100 characters of two bytes each are fine.
  std::string e_acute;
  for (int i = 0; i < 100; ++i)
    e_acute += "\xC3\xA9";
  EXPECT_EQ(rmi_problems(rmi_row(2, e_acute)), Messages{});
  EXPECT_EQ(rmi_problems(rmi_row(2, "Pee\tters")),
            Messages{"rmi_entitlements.csv:2:19: [last_name] text contains a control character"});
  EXPECT_EQ(rmi_problems(rmi_row(2, "Pee\xFFters")),
            Messages{"rmi_entitlements.csv:2:19: [last_name] text is not valid UTF-8"});
}

TEST(RmiEntitlements, DateRules) {
  EXPECT_EQ(rmi_problems(rmi_row(4, "1976-02-30")),
            Messages{"rmi_entitlements.csv:2:30: [birth_date] must be a date YYYY-MM-DD (a real "
                     "day, year 1900-2099)"});
  EXPECT_EQ(rmi_problems(rmi_row(11, "1899-12-31")),
            Messages{"rmi_entitlements.csv:2:60: [start_date] must be a date YYYY-MM-DD (a real "
                     "day, year 1900-2099)"});
  EXPECT_EQ(rmi_problems(rmi_row(11, "")),
            Messages{"rmi_entitlements.csv:2:60: [start_date] a value is required"});
  EXPECT_EQ(rmi_problems(rmi_row(4, "")), Messages{});  // birth_date is optional
}

TEST(RmiEntitlements, EndBeforeStart) {
  EXPECT_EQ(rmi_problems(rmi_row(12, "2019-12-31")),
            Messages{"rmi_entitlements.csv:2:71: [end_date] end_date lies before start_date"});
}

TEST(RmiEntitlements, BirthDateMustAgreeWithInsz) {
  EXPECT_EQ(rmi_problems(rmi_row(4, "1976-08-09")),
            Messages{"rmi_entitlements.csv:2:30: [birth_date] does not agree with the birth date "
                     "the INSZ carries"});
}

TEST(RmiEntitlements, SexMustAgreeWithInsz) {
  EXPECT_EQ(rmi_problems(rmi_row(5, "M")),
            Messages{"rmi_entitlements.csv:2:41: [sex] does not agree with the sex the INSZ "
                     "carries"});
  EXPECT_EQ(rmi_problems(rmi_row(5, "X")),
            Messages{"rmi_entitlements.csv:2:41: [sex] does not agree with the sex the INSZ "
                     "carries"});
  EXPECT_EQ(rmi_problems(rmi_row(5, "V")),
            Messages{"rmi_entitlements.csv:2:41: [sex] must be one of M, F, X"});
}

TEST(RmiEntitlements, BisNumbers) {
  // A BIS number +20 does not tell the sex; +40 does (even sequence: woman).
  std::string no_sex = rmi_row(1, kBisNoSex);
  no_sex = no_sex.replace(no_sex.find("1976-08-08"), 10, "1990-01-01");
  EXPECT_EQ(rmi_problems(no_sex), Messages{});
  std::string man = no_sex.replace(no_sex.find(";F;"), 3, ";M;");
  EXPECT_EQ(rmi_problems(man), Messages{});
  std::string bis_woman = man.replace(man.find(kBisNoSex), 11, kBisWoman);
  EXPECT_EQ(rmi_problems(bis_woman),
            Messages{"rmi_entitlements.csv:2:41: [sex] does not agree with the sex the INSZ "
                     "carries"});
}

TEST(RmiEntitlements, PostcodeKindFlagsExemption) {
  EXPECT_EQ(rmi_problems(rmi_row(6, "0999")),
            Messages{"rmi_entitlements.csv:2:43: [postcode] must be a postcode of 4 digits "
                     "1000-9999"});
  EXPECT_EQ(rmi_problems(rmi_row(7, "RMI")),
            Messages{"rmi_entitlements.csv:2:48: [kind] must be one of LL, ELL, MH"});
  EXPECT_EQ(rmi_problems(rmi_row(9, "2")),
            Messages{"rmi_entitlements.csv:2:53: [gpmi] must be 0 or 1"});
  EXPECT_EQ(rmi_problems(rmi_row(10, "None")),
            Messages{"rmi_entitlements.csv:2:55: [exemption] must be one of none, health, "
                     "equity, study"});
}

TEST(RmiEntitlements, UkrainianOnlyWithEll) {
  EXPECT_EQ(rmi_problems(rmi_row(8, "1")),
            Messages{"rmi_entitlements.csv:2:51: [ukrainian] may be 1 only with kind ELL"});
  std::string ell = rmi_row(7, "ELL");
  EXPECT_EQ(rmi_problems(ell.replace(ell.find(";ELL;0;"), 7, ";ELL;1;")), Messages{});
}

TEST(RmiEntitlements, DuplicateRow) {
  std::string row(kRmiRow);
  EXPECT_EQ(rmi_problems(row + "\n" + rmi_row(12, "") + "\n" + row),
            Messages{"rmi_entitlements.csv:4:1: duplicate of the row on line 2 (a file is a set "
                     "of facts)"});
}

TEST(RmiEntitlements, ProblemsNeverShowPersonalData) {
  std::vector<std::string> rows = {rmi_row(1, "76080814408"), rmi_row(4, "1976-08-09"),
                                   rmi_row(2, " Peeters"), std::string(kRmiRow),
                                   std::string(kRmiRow)};
  for (const auto& m : rmi_problems(fmt::format("{}", fmt::join(rows, "\n")))) {
    EXPECT_EQ(m.find("7608081440"), std::string::npos) << m;
    EXPECT_EQ(m.find("Peeters"), std::string::npos) << m;
    EXPECT_EQ(m.find("1976-08"), std::string::npos) << m;
  }
}

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

// ---- POD MI counts ----------------------------------------------------------------

std::vector<std::string> count_problems(const std::string& rows) {
  return problems_of(Source::kPodmiCounts, header(kCountsColumns) + rows + "\n");
}

TEST(PodmiCounts, CountsAreNonNegativeIntegers) {
  EXPECT_EQ(count_problems("11002;2022-09-30;-1;0;0"),
            Messages{"podmi_counts.csv:2:18: [leefloon] must be a count: an integer >= 0"});
}

TEST(PodmiCounts, UkrainianAtMostEquivalent) {
  EXPECT_EQ(count_problems("11002;2022-09-30;10;2;3"),
            Messages{"podmi_counts.csv:2:23: [ukrainian] is larger than equivalent_leefloon"});
}

TEST(PodmiCounts, OneRowPerNisAndDate) {
  EXPECT_EQ(count_problems("11002;2022-09-30;10;2;1\n44021;2022-09-30;10;2;1\n"
                           "11002;2022-09-30;11;2;1"),
            Messages{"podmi_counts.csv:4:1: [nis] a second row for this nis and reference_date "
                     "(first on line 2)"});
}

TEST(PodmiCounts, NisExistsOnReferenceDate) {
  EXPECT_EQ(count_problems("11007;2025-01-31;10;2;1"),
            Messages{"podmi_counts.csv:2:1: [nis] municipality 11007 does not exist on "
                     "reference_date 2025-01-31 (valid 1970-01-01..2024-12-31, then 11002)"});
}

// ---- VDAB's LAP results table ----------------------------------------------------

std::vector<std::string> result_problems(const std::string& rows, std::vector<LapResultRow>* out) {
  Problems problems;
  auto n =
      read_lap_results(Input::memory("lap_results.csv", header(kLapResultsColumns) + rows),
                       context(), problems, [&](const LapResultRow& r, const RowHash&, int64_t) {
                         if (out) out->push_back(r);
                       });
  EXPECT_TRUE(n.has_value());
  std::vector<std::string> messages;
  for (const auto& p : problems.list())
    messages.push_back(p.to_string());
  return messages;
}

TEST(LapResults, ReadsRows) {
  std::vector<LapResultRow> rows;
  EXPECT_TRUE(result_problems("11002;2025-01;4;1\n44021;2025-02;0;2\n", &rows).empty());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].nis.code(), 11002);
  EXPECT_EQ(rows[0].month.to_string(), "2025-01");
  EXPECT_EQ(rows[0].confirmed, 4);
  EXPECT_EQ(rows[1].pending, 2);
}

TEST(LapResults, EveryRuleNamesItsColumn) {
  EXPECT_EQ(result_problems("11002;2025-13;4;1\n11002;2025-01;-4;1\n11002;2025-02;1;1\n"
                            "11002;2025-02;1;1\n11007;2025-01;1;0\n",
                            nullptr),
            (Messages{"lap_results.csv:2:7: [month] must be a month YYYY-MM (year 1900-2099)",
                      "lap_results.csv:3:15: [confirmed] must be a count: an integer >= 0",
                      "lap_results.csv:5:1: [nis] a second row for this nis and month (first on "
                      "line 4)",
                      "lap_results.csv:6:1: [nis] municipality 11007 does not exist on month "
                      "2025-01-01 (valid 1970-01-01..2024-12-31, then 11002)"}));
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

// ---- limits -----------------------------------------------------------------------

TEST(Problems, KeepsTheFirstLimitAndCountsAll) {
  std::string rows;
  for (int i = 0; i < 60; ++i)
    rows += "76080814407;2020-13;2021-05;EMP;NEC\n";
  Problems problems(5);
  auto n =
      read_work_months(Input::memory("w.csv", header(kWorkColumns) + rows), context(), problems);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 60);
  EXPECT_EQ(problems.count(), 60);
  ASSERT_EQ(problems.list().size(), 5u);
  EXPECT_EQ(problems.list()[4].line, 6);
}

TEST(Files, MissingFileIsAnIoError) {
  Problems problems;
  auto n = validate(Source::kWorkMonths, Input::file("/nonexistent/work_months.csv"), context(),
                    problems);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, ErrorCode::kIo);
}

TEST(Sources, FileNames) {
  EXPECT_EQ(source_for_file("rmi_entitlements.csv"), Source::kRmiEntitlements);
  EXPECT_EQ(source_for_file("ground_truth.csv"), std::nullopt);
  for (Source s : kAllSources) {
    EXPECT_EQ(source_for_file(file_name(s)), s);
    EXPECT_EQ(source_from_name(source_name(s)), s);
  }
}

}  // namespace
}  // namespace lap::formats
