// The fixture of the import integration tests: a small hand-written delivery,
// read-only SQL access to the database file that does not go through the store,
// and a test class that writes deliveries and runs imports.
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lap/ingest/import.h"
#include "lap/store/sql/sql_store.h"

namespace lap::it {

namespace fs = std::filesystem;

// A small delivery: three leefloners (one a displaced Ukrainian at Borsbeek,
// which merged into Antwerpen on 2025-01-01), VDAB registrations with a
// formatted, an invalid and a missing INSZ, work, measures, counts and one
// BIS -> national number change.
inline const std::map<std::string, std::string> kDelivery = {
    {"rmi_entitlements.csv",
     "ocmw_nis;insz;last_name;first_name;birth_date;sex;postcode;kind;ukrainian;gpmi;exemption;"
     "start_date;end_date\n"
     "11002;76080814407;Peeters;An;1976-08-08;F;2000;LL;0;1;none;2020-01-01;\n"
     "44021;85031503362;Janssens;Jan;;M;9000;ELL;1;0;health;2022-03-01;2023-02-28\n"
     "11007;90410101201;Smirnova;Olena;1990-01-01;F;2150;ELL;1;0;none;2022-04-01;2024-12-31\n"},
    {"vdab_registrations.csv",
     "vdab_client_id;insz;last_name;first_name;birth_date;sex;postcode;category;ocmw_nis;"
     "start_date;end_date\n"
     "10000001;76080814407;Peeters;An;1976-08-08;F;2000;05;11002;2020-02-01;\n"
     "10000002;85.03.15-033.62;Janssens;Jan;;M;9000;VRIJ;;2022-05-01;2022-12-31\n"
     "10000003;12345678901;Onbekend;Iemand;;X;3000;01;;2021-01-01;2021-06-30\n"
     "10000004;;Zonder;Nummer;;F;3500;ANDER;;2021-01-01;\n"},
    {"work_months.csv",
     "insz;first_month;last_month;work_type;employer_kind\n"
     "76080814407;2021-01;2021-06;EMP;NEC\n"
     "76080814407;2021-03;2021-04;SELF;\n"
     "85031503362;2023-03;2023-12;EMP;OCMW_ART60\n"},
    {"activation_measures.csv",
     "insz;measure;organiser_nis;start_date;end_date;new_inflow\n"
     "76080814407;TWE_OCMW;11002;2020-06-01;2021-05-31;\n"
     "85031503362;WIJK_WERKEN;44021;2022-06-01;2022-11-30;1\n"},
    {"podmi_counts.csv",
     "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
     "11002;2022-09-30;1;0;0\n"
     "44021;2022-09-30;0;1;1\n"
     "11007;2022-09-30;0;1;1\n"},
    {"identifier_changes.csv",
     "old_insz;new_insz;change_date\n"
     "90410101201;90010112494;2023-05-01\n"},
    {"ground_truth.csv", "person_id;identifier_kind;identifier\n1;INSZ;76080814407\n"},
    {"manifest.json", "{\"scale\": \"hand-written\"}\n"},
};

inline constexpr int64_t kDeliveryRows = 3 + 4 + 3 + 2 + 3 + 1;

// Read-only access to the database file, independent of the store.
class Sql {
 public:
  explicit Sql(const fs::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path;
    }
  }
  ~Sql() { sqlite3_close(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  int64_t count(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    } else {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
    }
    sqlite3_finalize(st);
    return n;
  }

  // The rows of a query, each as its values quoted (blobs in hex) and joined by '|'.
  std::vector<std::string> texts(const std::string& sql) { return rows(sql); }

  // The schema (indexes included) and every table's rows, as text.
  std::string dump() {
    std::string out;
    for (const auto& row : rows("SELECT type, name, sql FROM sqlite_schema ORDER BY name"))
      out += row + "\n";
    for (const auto& table : rows("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY "
                                  "name")) {
      out += "== " + table + "\n";
      // `table` is quoted ('name'); as an identifier it needs double quotes.
      std::string name = table.substr(1, table.size() - 2);
      for (const auto& row : rows(fmt::format("SELECT * FROM \"{}\" ORDER BY 1", name)))
        out += row + "\n";
    }
    return out;
  }

 private:
  // Each row as its values quoted (blobs in hex) and joined by '|'.
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        if (c > 0) row += '|';
        switch (sqlite3_column_type(st, c)) {
          case SQLITE_NULL:
            row += "NULL";
            break;
          case SQLITE_BLOB: {
            const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(st, c));
            row += "x'";
            for (int k = 0; k < sqlite3_column_bytes(st, c); ++k)
              row += fmt::format("{:02x}", b[k]);
            row += "'";
            break;
          }
          default:
            row +=
                "'" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, c))) + "'";
        }
      }
      out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    return out;
  }

  sqlite3* db_ = nullptr;
};

class ImportIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            fmt::format("lap_import_it_{}_{}", ::getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    db_path_ = root_ / "lap.sqlite";
    options_.today = *Date::parse("2026-06-30");
  }
  void TearDown() override { fs::remove_all(root_); }

  // Writes the delivery `name` with `changes` applied (file -> full new content;
  // a file not in the delivery is added).
  fs::path delivery(const std::string& name,
                    const std::map<std::string, std::string>& changes = {}) {
    fs::path dir = root_ / name;
    fs::create_directories(dir);
    for (const auto& [file, text] : kDelivery) {
      auto it = changes.find(file);
      std::ofstream(dir / file, std::ios::binary) << (it != changes.end() ? it->second : text);
    }
    for (const auto& [file, text] : changes) {
      if (!kDelivery.contains(file)) std::ofstream(dir / file, std::ios::binary) << text;
    }
    return dir;
  }

  std::unique_ptr<store::Store> open() {
    auto s = store::open_store(db_path_.string(), store::OpenMode::kCreate);
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  Result<ingest::ImportReport> run(const fs::path& dir, store::LoadStore& store) {
    return ingest::import_delivery(dir.string(), store, geo::Registry::builtin(), pseudonymiser_,
                                   options_);
  }
  Result<ingest::ImportReport> run(const fs::path& dir) {
    auto store = open();
    return run(dir, *store);
  }

  static std::string with_line(const std::string& file, const std::string& line) {
    return kDelivery.at(file) + line + "\n";
  }

  fs::path root_;
  fs::path db_path_;
  link::Pseudonymiser pseudonymiser_{link::PseudonymKey{1, 2, 3, 4, 5, 6, 7, 8}};
  ingest::ImportOptions options_;
};

}  // namespace lap::it
