// Regression tests of the synthetic data generator, each named after the bug it pins (the commit
// that fixed it is named above the test). They read the files a tiny generation writes, the way
// lap import would.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "lap/core/date.h"
#include "lap/core/insz.h"
#include "lap/core/nis.h"
#include "lap/formats/csv_reader.h"
#include "lap/formats/schema.h"
#include "lap/generate/generator.h"
#include "lap/generate/records.h"
#include "lap/generate/world.h"
#include "lap/generate/writer.h"
#include "lap/geo/registry.h"

namespace lap::generate {
namespace {

namespace fs = std::filesystem;

fs::path regression_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() /
                 ("lap_generate_regression_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

// The records of one file of a delivery as column name -> value maps.
std::vector<std::map<std::string, std::string>> read_rows(const fs::path& file) {
  std::vector<std::map<std::string, std::string>> rows;
  std::vector<std::string> header;
  formats::CsvReader reader;
  const Status read = reader.read_file(file.string(), [&](const formats::CsvRecord& r) {
    if (header.empty()) {
      header.assign(r.fields.begin(), r.fields.end());
      return true;
    }
    auto& row = rows.emplace_back();
    for (size_t i = 0; i < header.size() && i < r.fields.size(); ++i)
      row[header[i]] = std::string(r.fields[i]);
    return true;
  });
  EXPECT_TRUE(read) << file;
  return rows;
}

// A tiny delivery of `from`..`to`, written once per test.
fs::path generate_tiny(const std::string& name, Month from, Month to) {
  const fs::path dir = regression_dir(name);
  GenerateOptions o;
  o.scale = Scale::kTiny;
  o.seed = 3;
  o.from = from;
  o.to = to;
  o.out_dir = dir.string();
  EXPECT_TRUE(generate(o, geo::Registry::builtin()));
  return dir;
}

// Fixed by 9754c40: the number was chosen on the first day of the span's first month, so a
// span starting in the month of a BIS -> national number change carried the old BIS number.
TEST(GeneratorRegression, WorkSpanStartingInTheMonthOfAnInszChangeCarriesTheNewNumber) {
  const fs::path dir = regression_dir("work_span");
  const Month from = *Month::parse("2023-01");
  const Month to = *Month::parse("2023-12");
  const World world(geo::Registry::builtin(), Scale::kTiny, 1, from, to);
  auto writer = DeliveryWriter::open(dir.string(), world, geo::Registry::builtin());
  ASSERT_TRUE(writer);
  const Date today = *Date::parse("2026-01-01");
  PersonRecords p;
  p.person_id = 1;
  p.former_bis = *Insz::from_parts(InszKind::kBis, 1985, 7, 30, 33, true, today);
  p.insz = *Insz::parse("85073003328", today);
  p.id_change = *Date::parse("2023-03-15");
  p.identity.insz = p.insz.digits();
  p.residence = *Nis::parse("11002");
  p.work.push_back(WorkSpan{*Month::parse("2023-03"), *Month::parse("2023-05"),
                            formats::WorkType::kEmp, formats::EmployerKind::kNec});
  (*writer)->add(p);
  ASSERT_TRUE((*writer)->finish());
  const auto rows = read_rows(dir / formats::kWorkFile);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].at("insz"), "85073003328");
  EXPECT_NE(rows[0].at("insz"), p.former_bis->digits());
  fs::remove_all(dir);
}

// Fixed by f801f07: a displaced person from Ukraine arriving in the last month could start the
// month after, and the delivery held an entitlement starting after its own data end.
TEST(GeneratorRegression, NoEntitlementStartsAfterTheDataEnd) {
  const Month to = *Month::parse("2025-03");
  const fs::path dir = generate_tiny("data_end", *Month::parse("2024-07"), to);
  int ukrainian = 0;
  for (const auto& row : read_rows(dir / formats::kRmiFile)) {
    ukrainian += row.at("ukrainian") == "1" ? 1 : 0;
    EXPECT_LE(*Date::parse(row.at("start_date")), to.last_day()) << row.at("start_date");
  }
  EXPECT_GT(ukrainian, 0);  // the months have Ukrainian arrivals
  fs::remove_all(dir);
}

// A running entitlement at a municipality merged on 1 January 2025 was continued at the new
// municipality also when the delivery ended before the merger: `lap generate --to 2023-06` wrote
// entitlements starting in 2025. The old OCMW's part ends at the merger (an open end would be a
// running entitlement at a municipality that no longer exists, which an import today refuses).
TEST(GeneratorRegression, AMergerAfterTheDataEndAddsNoEntitlementAfterIt) {
  for (const char* last : {"2023-06", "2024-12"}) {
    const Month to = *Month::parse(last);
    const fs::path dir = generate_tiny("merger_after_end", to - 17, to);
    const geo::Registry& registry = geo::Registry::builtin();
    int at_merging = 0;
    for (const auto& row : read_rows(dir / formats::kRmiFile)) {
      EXPECT_LE(*Date::parse(row.at("start_date")), to.last_day()) << row.at("start_date");
      const geo::Municipality* m = registry.find(*Nis::parse(row.at("ocmw_nis")));
      ASSERT_NE(m, nullptr) << row.at("ocmw_nis");
      if (!m->valid_to) continue;
      ++at_merging;
      EXPECT_FALSE(row.at("end_date").empty()) << row.at("ocmw_nis") << " data end " << last;
    }
    EXPECT_GT(at_merging, 0) << last;  // entitlements at municipalities that merge later
    fs::remove_all(dir);
  }
}

// Fixed by ccac2ef: records at a municipality created by the mergers of 1 January 2019 could
// start before that day, under a code the reference data does not know yet.
TEST(GeneratorRegression, RecordsOfMunicipalitiesCreatedIn2019StartNoEarlierThanTheirCode) {
  const fs::path dir =
      generate_tiny("merged_2019", *Month::parse("2019-01"), *Month::parse("2019-12"));
  const geo::Registry& registry = geo::Registry::builtin();
  const Date merger = *Date::parse("2019-01-01");
  int at_new_codes = 0;
  auto check = [&](const fs::path& file, const std::string& column) {
    for (const auto& row : read_rows(file)) {
      const std::string& code = row.at(column);
      if (code.empty()) continue;
      const geo::Municipality* m = registry.find(*Nis::parse(code));
      ASSERT_NE(m, nullptr) << code;
      const Date start = *Date::parse(row.at("start_date"));
      if (m->valid_from == merger) ++at_new_codes;
      EXPECT_GE(start, m->valid_from)
          << file.filename() << ": " << code << " on " << start.to_string();
    }
  };
  check(dir / formats::kRmiFile, "ocmw_nis");
  check(dir / formats::kVdabFile, "ocmw_nis");
  check(dir / formats::kMeasuresFile, "organiser_nis");
  EXPECT_GT(at_new_codes, 0);  // the delivery has records at the 2019 municipalities
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lap::generate
