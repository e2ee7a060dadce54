// Rows and imports for the store tests (sql/test_database.h gives the
// databases): RMI entitlements of two made-up persons, POD MI counts, and a
// fixture that imports them into a fresh store on either database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/store/sql/test_database.h"

namespace lap::store::sql::testing {

using formats::RmiEntitlementRow;
using formats::RowHash;

inline Date d(const char* s) {
  return *Date::parse(s);
}

inline Insz insz(const char* digits) {
  return *Insz::parse(digits, d("2026-01-01"));
}

inline RmiEntitlementRow entitlement(const char* person, const char* start, const char* end) {
  RmiEntitlementRow r;
  r.ocmw_nis = *Nis::parse("11002");
  r.insz = insz(person);
  r.last_name = "Peeters";
  r.first_name = "An";
  r.sex = Sex::kFemale;
  r.postcode = 2000;
  r.kind = formats::EntitlementKind::kLL;
  r.start_date = d(start);
  if (end[0] != '\0') r.end_date = d(end);
  return r;
}

inline formats::PodmiCountRow count_row(const char* date, int64_t ll) {
  formats::PodmiCountRow r;
  r.nis = *Nis::parse("11002");
  r.reference_date = d(date);
  r.leefloon = ll;
  return r;
}

inline RowHash hash_of(const RmiEntitlementRow& r) {
  return formats::hash_canonical(formats::canonical_text(r));
}
inline RowHash hash_of(const formats::PodmiCountRow& r) {
  return formats::hash_canonical(formats::canonical_text(r));
}

// A fresh store per test and a way to import RMI entitlements into it.
class ImportingStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    store_ = fresh();
    ASSERT_TRUE(store_);
  }

  int64_t count(const std::string& sql) { return *store_->database().query_int(sql).value(); }

  LoadInfo info() {
    LoadInfo i;
    i.source_dir = "/deliveries/1";
    i.key_fingerprint = "fp1";
    i.files = {FileInfo{"rmi_entitlements.csv", Source::kRmiEntitlements, "aa", 0, 0, 0, 0}};
    return i;
  }

  // Replaces the RMI source with `rows` and commits; the load id or nullopt.
  std::optional<int64_t> import_rmi(const std::vector<RmiEntitlementRow>& rows,
                                    SourceCounts* counts = nullptr) {
    return import_rmi_into(*store_, rows, counts);
  }
  std::optional<int64_t> import_rmi_into(LoadStore& store,
                                         const std::vector<RmiEntitlementRow>& rows,
                                         SourceCounts* counts = nullptr) {
    auto tx = store.begin_import(info());
    EXPECT_TRUE(tx) << tx.error().message;
    EXPECT_TRUE((*tx)->begin_source(Source::kRmiEntitlements));
    for (const auto& r : rows) {
      auto ref = std::string(32, 'a' + static_cast<char>(r.insz.value() % 20));
      EXPECT_TRUE((*tx)->add(r, hash_of(r), ref));
    }
    auto c = (*tx)->end_source();
    EXPECT_TRUE(c);
    if (counts) *counts = *c;
    auto load = (*tx)->commit();
    EXPECT_TRUE(load) << load.error().message;
    return *load;
  }

  std::unique_ptr<SqlStore> store_;
};

}  // namespace lap::store::sql::testing
