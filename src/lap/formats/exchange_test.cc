#include "lap/formats/exchange.h"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/formats/exchange_test_support.h"

namespace lap::formats {
namespace {

using namespace exchange_testing;

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

// Persons with a single name exist in the national register: either name may be empty; when
// present, the text rules apply (TextRules).
TEST(RmiEntitlements, NamesMayBeEmpty) {
  Problems problems;
  std::vector<RmiEntitlementRow> rows;
  std::string text = header(kRmiColumns) + rmi_row(2, "") + "\n" + rmi_row(3, "") + "\n";
  read_rmi_entitlements(
      Input::memory("r.csv", text), context(), problems,
      [&](const RmiEntitlementRow& r, const RowHash&, int64_t) { rows.push_back(r); });
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].last_name, "");
  EXPECT_EQ(rows[0].first_name, "An");
  EXPECT_EQ(rows[1].last_name, "Peeters");
  EXPECT_EQ(rows[1].first_name, "");
  EXPECT_EQ(rmi_problems(rmi_row(2, "") + "\n" + rmi_row(3, "Pee\x01")),
            Messages{"rmi_entitlements.csv:3:27: [first_name] text contains a control character"});
}

// ---- the optional address columns ------------------------------------------------------

// kRmiRow with the address columns: street at column 82, house_number at 93.
std::string rmi_address_problems(const std::string& street, const std::string& house_number) {
  return fmt::format("{}", fmt::join(problems_of(Source::kRmiEntitlements,
                                                 header(kRmiAllColumns) + std::string(kRmiRow) +
                                                     ";" + street + ";" + house_number + "\n"),
                                     "|"));
}

TEST(RmiAddress, OptionalColumnsAreRead) {
  Problems problems;
  std::vector<RmiEntitlementRow> rows;
  std::string text = header(kRmiAllColumns) + std::string(kRmiRow) + ";Kerkstraat;7 bus 3\n" +
                     rmi_row(12, "") + ";;\n";
  read_rmi_entitlements(
      Input::memory("r.csv", text), context(), problems,
      [&](const RmiEntitlementRow& r, const RowHash&, int64_t) { rows.push_back(r); });
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].street, "Kerkstraat");
  EXPECT_EQ(rows[0].house_number, "7 bus 3");
  EXPECT_EQ(rows[1].street, "");
  EXPECT_EQ(rows[1].house_number, "");
  // Without the columns (an older delivery) the address is empty too.
  EXPECT_EQ(rmi_problems(std::string(kRmiRow)), Messages{});
}

TEST(RmiAddress, TextRules) {
  EXPECT_EQ(rmi_address_problems("Stationsstraat", "12A"), "");
  EXPECT_EQ(rmi_address_problems("", "12"), "");
  EXPECT_EQ(rmi_address_problems("Kerkstraat", ""), "");
  EXPECT_EQ(rmi_address_problems("Kerkstraat", "1234567 bus"),
            "rmi_entitlements.csv:2:93: [house_number] text is longer than 10 characters");
  EXPECT_EQ(rmi_address_problems("Kerkstraat", "1234 bus 9"), "");
  EXPECT_EQ(rmi_address_problems(" Kerkstraat", "1"),
            "rmi_entitlements.csv:2:82: [street] text starts or ends with a space");
  EXPECT_EQ(rmi_address_problems("Kerk\x7Fstraat", "1"),
            "rmi_entitlements.csv:2:82: [street] text contains a control character");
  EXPECT_EQ(rmi_address_problems(std::string(101, 'a'), "1"),
            "rmi_entitlements.csv:2:82: [street] text is longer than 100 characters");
}

// A row without an address keeps the hash it had before the address columns existed, so
// re-importing an older delivery changes nothing; an address makes it another row.
TEST(RmiAddress, RowHashChangesOnlyWithAnAddress) {
  auto hash_of = [](const std::string& text) {
    RowHash h{};
    Problems problems;
    read_rmi_entitlements(
        Input::memory("r.csv", text), context(), problems,
        [&](const RmiEntitlementRow&, const RowHash& hash, int64_t) { h = hash; });
    EXPECT_TRUE(problems.empty());
    return h;
  };
  const RowHash without = hash_of(header(kRmiColumns) + std::string(kRmiRow));
  EXPECT_EQ(hash_of(header(kRmiAllColumns) + std::string(kRmiRow) + ";;"), without);
  const RowHash with = hash_of(header(kRmiAllColumns) + std::string(kRmiRow) + ";Kerkstraat;1");
  EXPECT_NE(with, without);
  EXPECT_NE(hash_of(header(kRmiAllColumns) + std::string(kRmiRow) + ";Kerkstraat;"), with);
  EXPECT_NE(hash_of(header(kRmiAllColumns) + std::string(kRmiRow) + ";;Kerkstraat"),
            hash_of(header(kRmiAllColumns) + std::string(kRmiRow) + ";Kerkstraat;"));
}

TEST(RmiAddress, HeaderRules) {
  const std::string head(header(kRmiColumns).substr(0, header(kRmiColumns).size() - 1));
  // One optional column without the other is fine.
  EXPECT_EQ(problems_of(Source::kRmiEntitlements,
                        head + ";house_number\n" + std::string(kRmiRow) + ";12\n"),
            Messages{});
  EXPECT_EQ(problems_of(Source::kRmiEntitlements, head + ";street;street\n"),
            Messages{"rmi_entitlements.csv:1:117: [street] column named twice (first at column "
                     "110)"});
  EXPECT_EQ(problems_of(Source::kRmiEntitlements, head + ";city\n"),
            Messages{"rmi_entitlements.csv:1:110: [city] unknown column; the columns are "
                     "ocmw_nis;insz;last_name;first_name;birth_date;sex;postcode;kind;ukrainian;"
                     "gpmi;exemption;start_date;end_date (optional: street;house_number)"});
  // The required columns stay required when the optional ones are there.
  std::string no_sex = header(kRmiAllColumns);
  no_sex.replace(no_sex.find(";sex"), 4, "");
  EXPECT_EQ(problems_of(Source::kRmiEntitlements, no_sex),
            Messages{"rmi_entitlements.csv:1:1: [sex] required column is missing"});
  // Rows are counted against the header they come with.
  EXPECT_EQ(problems_of(Source::kRmiEntitlements,
                        header(kRmiAllColumns) + std::string(kRmiRow) + ";Kerkstraat\n"),
            Messages{"rmi_entitlements.csv:2:1: the row has 14 fields, the header 15"});
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
