#include "lap/generate/generator.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "lap/formats/schema.h"

namespace lap::generate {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path temp_dir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("lap_generate_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

GenerateOptions tiny(uint64_t seed, const fs::path& dir) {
  GenerateOptions o;
  o.scale = Scale::kTiny;
  o.seed = seed;
  o.out_dir = dir.string();
  return o;
}

TEST(Generate, SameSeedWritesIdenticalFiles) {
  fs::path a = temp_dir("a"), b = temp_dir("b"), c = temp_dir("c");
  ASSERT_TRUE(generate(tiny(7, a), geo::Registry::builtin()));
  ASSERT_TRUE(generate(tiny(7, b), geo::Registry::builtin()));
  ASSERT_TRUE(generate(tiny(8, c), geo::Registry::builtin()));
  for (std::string_view f : {formats::kRmiFile, formats::kVdabFile, formats::kWorkFile,
                             formats::kMeasuresFile, formats::kCountsFile, formats::kIdChangesFile,
                             formats::kGroundTruthFile, formats::kManifestFile}) {
    std::string x = slurp(a / f);
    EXPECT_GT(x.size(), 100u) << f;
    EXPECT_EQ(x, slurp(b / f)) << f;
    if (f != formats::kCountsFile) {
      EXPECT_NE(x, slurp(c / f)) << f;
    }
  }
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove_all(c);
}

TEST(Generate, FilesStartWithTheDocumentedHeaders) {
  fs::path dir = temp_dir("h");
  auto report = generate(tiny(1, dir), geo::Registry::builtin());
  ASSERT_TRUE(report);
  auto first_line = [&](std::string_view f) {
    std::string s = slurp(dir / f);
    return s.substr(0, s.find('\n'));
  };
  auto join = [](const auto& cols) {
    std::string s;
    for (auto c : cols)
      s += (s.empty() ? "" : ";") + std::string(c);
    return s;
  };
  EXPECT_EQ(first_line(formats::kRmiFile), join(formats::kRmiAllColumns));
  EXPECT_EQ(first_line(formats::kVdabFile), join(formats::kVdabAllColumns));
  EXPECT_EQ(first_line(formats::kWorkFile), join(formats::kWorkColumns));
  EXPECT_EQ(first_line(formats::kMeasuresFile), join(formats::kMeasuresColumns));
  EXPECT_EQ(first_line(formats::kCountsFile), join(formats::kCountsColumns));
  EXPECT_GT(report->rows.rmi_entitlements, 1000);
  EXPECT_GT(report->rows.vdab_registrations, 10000);
  fs::remove_all(dir);
}

// Every RMI row carries the person's address; VDAB's rows mostly do (some miss it).
TEST(Generate, RmiAndVdabRowsHaveAnAddress) {
  fs::path dir = temp_dir("address");
  ASSERT_TRUE(generate(tiny(2, dir), geo::Registry::builtin()));
  // The last two fields of every data row: street and house number.
  auto addresses = [&](std::string_view f) {
    std::istringstream in(slurp(dir / f));
    std::vector<std::pair<std::string, std::string>> out;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      size_t last = line.rfind(';');
      size_t before = line.rfind(';', last - 1);
      out.emplace_back(line.substr(before + 1, last - before - 1), line.substr(last + 1));
    }
    return out;
  };
  auto rmi = addresses(formats::kRmiFile);
  ASSERT_GT(rmi.size(), 1000u);
  for (const auto& [street, number] : rmi) {
    ASSERT_FALSE(street.empty());
    ASSERT_FALSE(number.empty());
    ASSERT_LE(number.size(), 10u);
  }
  auto vdab = addresses(formats::kVdabFile);
  size_t missing = 0;
  for (const auto& [street, number] : vdab)
    missing += street.empty();
  EXPECT_GT(missing, 0u);
  EXPECT_LT(missing, vdab.size() / 10);
  fs::remove_all(dir);
}

TEST(Generate, RefusesAnInvertedPeriod) {
  GenerateOptions o;
  o.from = *Month::parse("2025-01");
  o.to = *Month::parse("2024-01");
  EXPECT_FALSE(generate(o, geo::Registry::builtin()));
}

// The generator's figures for Flanders must stay within the tolerance of the
// observed ones (issue: "within ±10%"); checked for two seeds.
class FlandersCalibration : public ::testing::TestWithParam<uint64_t> {};

TEST_P(FlandersCalibration, EveryFigureWithinTolerance) {
  GenerateOptions o;
  o.scale = Scale::kFlanders;
  o.seed = GetParam();
  auto report = generate(o, geo::Registry::builtin());  // no files: measure only
  ASSERT_TRUE(report);
  ASSERT_GE(report->calibration.size(), 18u);
  for (const auto& m : report->calibration) {
    EXPECT_TRUE(m.available) << m.key;
    EXPECT_TRUE(m.within()) << m.key << ": generated " << m.value << ", observed " << m.target
                            << " ±" << m.tolerance * 100 << "%";
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, FlandersCalibration, ::testing::Values(1, 2));

}  // namespace
}  // namespace lap::generate
