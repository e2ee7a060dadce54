// The runner of the data-driven indicator cases (docs/testing.md): every `*.test` file of
// tests/indicators/ becomes one test `IndicatorCases.<file name without .test>`; a mismatch is
// reported at the file and line of the expectation the engine did not meet. CMake registers one
// ctest test per file (`indicator_case.<name>`, label `slow` for `# tier: slow`).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "lap/measure/indicator_case.h"

namespace {

namespace fs = std::filesystem;

// The directory of the cases: LAP_INDICATOR_CASES when set, else the source tree's.
fs::path cases_directory() {
  if (const char* dir = std::getenv("LAP_INDICATOR_CASES")) return dir;
  return LAP_INDICATOR_CASES_DIR;
}

class IndicatorCaseFile : public testing::Test {
 public:
  explicit IndicatorCaseFile(fs::path path) : path_(std::move(path)) {}

  void TestBody() override {
    std::ifstream in(path_, std::ios::binary);
    ASSERT_TRUE(in) << "cannot read " << path_;
    std::stringstream text;
    text << in.rdbuf();
    const std::string file = path_.string();
    const auto parsed = lap::measure::cases::parse_indicator_case(text.str(), file);
    for (const std::string& e : parsed.errors)
      ADD_FAILURE() << e;
    if (!parsed.errors.empty()) return;
    for (const auto& m : lap::measure::cases::check_indicator_case(parsed.value))
      ADD_FAILURE_AT(file.c_str(), m.line) << m.message;
  }

 private:
  fs::path path_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(cases_directory())) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::fprintf(stderr, "no *.test files in %s\n", cases_directory().c_str());
    return 1;
  }
  for (const fs::path& path : files) {
    // The name is a --gtest_filter pattern in CMake's registration: `-`, `*`, `?` or `:` in it
    // would select nothing, and the case would pass unrun.
    const std::string name = path.stem().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
        })) {
      std::fprintf(stderr, "%s: a case's name has letters, digits and _ only\n", path.c_str());
      return 1;
    }
    testing::RegisterTest("IndicatorCases", name.c_str(), nullptr, nullptr, path.c_str(), 1,
                          [path]() -> testing::Test* { return new IndicatorCaseFile(path); });
  }
  return RUN_ALL_TESTS();
}
