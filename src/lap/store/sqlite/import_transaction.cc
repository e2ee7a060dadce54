#include "lap/store/sqlite/import_transaction.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lap/store/sql/import_common.h"
#include "lap/store/sql/internal.h"

namespace lap::store::sql {
namespace {

using formats::RowHash;

// Page cache during an import, in KiB (SQLite's default is 2 MiB).
constexpr int kImportCacheKib = 1024 * 1024;

// A set of non-zero numbers in one flat table (open addressing, linear
// probing): millions of INSZ without a node per number.
class NumberSet {
 public:
  // True when `v` (not 0) was not in the set.
  bool insert(uint64_t v) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    for (size_t i = slot(v);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == v) return false;
      if (slots_[i] == 0) {
        slots_[i] = v;
        ++size_;
        return true;
      }
    }
  }

 private:
  size_t slot(uint64_t v) const {
    return static_cast<size_t>((v * 0x9E3779B97F4A7C15ULL) >> shift_);  // Fibonacci hashing
  }
  void grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
    for (uint64_t v : old) {
      if (v == 0) continue;
      size_t i = slot(v);
      while (slots_[i] != 0)
        i = (i + 1) & (slots_.size() - 1);
      slots_[i] = v;
    }
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
  unsigned shift_ = 64;
};

class SqliteImport final : public ImportBase {
 public:
  using ImportBase::ImportBase;

  Status begin() {
    // A large page cache keeps the hash and pseudonym indexes (random keys) in
    // memory while millions of rows go in; pages are allocated only as used.
    LAP_TRY_STATUS(db().exec(
        fmt::format("PRAGMA cache_size = -{}; PRAGMA temp_store = MEMORY", kImportCacheKib)));
    LAP_TRY_STATUS(start({}));
    LAP_TRY(person, db().prepare("INSERT OR IGNORE INTO person_identifier (person_ref, insz, "
                                 "first_load) VALUES (?1, ?2, ?3)"));
    person_ = std::move(person);
    return {};
  }

  Status source_begun(Source source) override {
    LAP_TRY(insert, db().prepare(insert_sql(source)));
    insert_ = std::move(insert);
    if (source == Source::kRmiEntitlements || source == Source::kVdabRegistrations) {
      LAP_TRY(identity,
              db().prepare(fmt::format(
                  "INSERT OR IGNORE INTO {}_identity (row_hash, insz, insz_valid, last_name, "
                  "first_name, birth_date, sex, postcode, street, house_number) VALUES (?1, ?2, "
                  "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                  source == Source::kRmiEntitlements ? "rmi" : "vdab")));
      identity_ = std::move(identity);
    }
    source_ = source;
    return {};
  }

  Status add(const formats::RmiEntitlementRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kRmiEntitlements, hash));
    if (!fresh) return {};
    LAP_TRY_STATUS(add_person(person_ref, r.insz));
    LAP_TRY_STATUS(add_identity(hash, r.insz.digits(), true, r));
    insert_.bind(1, person_ref)
        .bind(2, int64_t{r.ocmw_nis.code()})
        .bind(3, formats::to_code(r.kind))
        .bind(4, int64_t{r.ukrainian})
        .bind(5, int64_t{r.gpmi})
        .bind(6, formats::to_code(r.exemption))
        .bind(7, r.start_date.to_string())
        .bind(8, opt_date(r.end_date))
        .bind_blob(9, blob(hash))
        .bind(10, load());
    return insert_fact();
  }

  Status add(const formats::VdabRegistrationRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kVdabRegistrations, hash));
    if (!fresh) return {};
    if (!person_ref.empty()) {
      if (!r.insz) return make_error(ErrorCode::kInternal, "person_ref without a valid INSZ");
      LAP_TRY_STATUS(add_person(person_ref, *r.insz));
    }
    std::optional<std::string> insz;
    if (!r.insz_digits.empty()) insz = r.insz_digits;
    LAP_TRY_STATUS(add_identity(hash, insz, r.insz_valid(), r));
    if (person_ref.empty()) {
      insert_.bind_null(2);
    } else {
      insert_.bind(2, person_ref);
    }
    std::optional<int64_t> ocmw;
    if (r.ocmw_nis) ocmw = r.ocmw_nis->code();
    insert_.bind(1, r.vdab_client_id)
        .bind(3, formats::to_code(r.category))
        .bind(4, ocmw)
        .bind(5, r.start_date.to_string())
        .bind(6, opt_date(r.end_date))
        .bind_blob(7, blob(hash))
        .bind(8, load());
    return insert_fact();
  }

  Status add(const formats::WorkSpanRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kWorkMonths, hash));
    if (!fresh) return {};
    LAP_TRY_STATUS(add_person(person_ref, r.insz));
    std::optional<std::string> kind;
    if (r.employer_kind != formats::EmployerKind::kNone) {
      kind = std::string(formats::to_code(r.employer_kind));
    }
    insert_.bind(1, person_ref)
        .bind(2, r.first_month.to_string())
        .bind(3, r.last_month.to_string())
        .bind(4, formats::to_code(r.work_type))
        .bind(5, kind)
        .bind_blob(6, blob(hash))
        .bind(7, load());
    return insert_fact();
  }

  Status add(const formats::ActivationMeasureRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kActivationMeasures, hash));
    if (!fresh) return {};
    LAP_TRY_STATUS(add_person(person_ref, r.insz));
    std::optional<int64_t> inflow;
    if (r.new_inflow) inflow = *r.new_inflow ? 1 : 0;
    insert_.bind(1, person_ref)
        .bind(2, formats::to_code(r.measure))
        .bind(3, int64_t{r.organiser_nis.code()})
        .bind(4, r.start_date.to_string())
        .bind(5, opt_date(r.end_date))
        .bind(6, inflow)
        .bind_blob(7, blob(hash))
        .bind(8, load());
    return insert_fact();
  }

  Status add(const formats::PodmiCountRow& r, const RowHash& hash) override {
    LAP_TRY(fresh, start_row(Source::kPodmiCounts, hash));
    if (!fresh) return {};
    insert_.bind(1, int64_t{r.nis.code()})
        .bind(2, r.reference_date.to_string())
        .bind(3, r.leefloon)
        .bind(4, r.equivalent_leefloon)
        .bind(5, r.ukrainian)
        .bind_blob(6, blob(hash))
        .bind(7, load());
    return insert_fact();
  }

  Status add(const formats::IdentifierChangeRow& r, const RowHash& hash,
             std::string_view old_person_ref, std::string_view new_person_ref) override {
    LAP_TRY(fresh, start_row(Source::kIdentifierChanges, hash));
    if (!fresh) return {};
    LAP_TRY_STATUS(add_person(old_person_ref, r.old_insz));
    LAP_TRY_STATUS(add_person(new_person_ref, r.new_insz));
    insert_.bind(1, old_person_ref)
        .bind(2, new_person_ref)
        .bind(3, r.change_date.to_string())
        .bind_blob(4, blob(hash))
        .bind(5, load());
    return insert_fact();
  }

  Status source_ended(Source source, const std::vector<int64_t>& gone) override {
    LAP_TRY(retire, db().prepare(fmt::format("UPDATE {} SET retired_load = ?1 WHERE id = ?2",
                                             fact_table(source))));
    for (int64_t id : gone)
      LAP_TRY_STATUS(retire.bind(1, load()).bind(2, id).run());
    insert_ = Statement();
    identity_ = Statement();
    return {};
  }

  Status before_commit() override {
    person_ = Statement();
    return {};
  }

 private:
  static std::string insert_sql(Source source) {
    switch (source) {
      case Source::kRmiEntitlements:
        return "INSERT INTO rmi_entitlement (person_ref, ocmw_nis, kind, ukrainian, gpmi, "
               "exemption, start_date, end_date, row_hash, first_load) VALUES (?1, ?2, ?3, ?4, "
               "?5, ?6, ?7, ?8, ?9, ?10)";
      case Source::kVdabRegistrations:
        return "INSERT INTO vdab_registration (vdab_client_id, person_ref, category, ocmw_nis, "
               "start_date, end_date, row_hash, first_load) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
               "?8)";
      case Source::kWorkMonths:
        return "INSERT INTO work_span (person_ref, first_month, last_month, work_type, "
               "employer_kind, row_hash, first_load) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
      case Source::kActivationMeasures:
        return "INSERT INTO activation_measure (person_ref, measure, organiser_nis, start_date, "
               "end_date, new_inflow, row_hash, first_load) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
               "?8)";
      case Source::kPodmiCounts:
        return "INSERT INTO podmi_count (nis, reference_date, leefloon, equivalent_leefloon, "
               "ukrainian, row_hash, first_load) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
      case Source::kIdentifierChanges:
        return "INSERT INTO identifier_change (old_person_ref, new_person_ref, change_date, "
               "row_hash, first_load) VALUES (?1, ?2, ?3, ?4, ?5)";
    }
    return {};
  }

  // Runs the prepared fact insert. A new row repeated within the source breaks
  // the unique index of current hashes.
  Status insert_fact() {
    auto s = insert_.run();
    if (!s && s.error().code == ErrorCode::kFailedPrecondition) return added_twice(source_);
    return s;
  }

  // The identity data of an RMI or VDAB row, kept apart from its facts.
  template <typename Row>
  Status add_identity(const RowHash& hash, const std::optional<std::string>& insz, bool insz_valid,
                      const Row& r) {
    return identity_.bind_blob(1, blob(hash))
        .bind(2, insz)
        .bind(3, int64_t{insz_valid})
        .bind(4, r.last_name)
        .bind(5, r.first_name)
        .bind(6, opt_date(r.birth_date))
        .bind(7, std::string(1, formats::sex_code(r.sex)))
        .bind(8, int64_t{r.postcode})
        .bind(9, r.street)
        .bind(10, r.house_number)
        .run();
  }

  // Records the INSZ behind a pseudonym, once per person and load. The
  // pseudonym is a function of the INSZ, so the INSZ (a number) says whether
  // the person was met already.
  Status add_person(std::string_view person_ref, const Insz& insz) {
    if (insz == last_person_) return {};  // rows of one person often follow each other
    last_person_ = insz;
    if (!persons_.insert(insz.value())) return {};
    return person_.bind(1, person_ref).bind(2, insz.digits()).bind(3, load()).run();
  }

  Source source_ = Source::kRmiEntitlements;  // the source begun
  NumberSet persons_;                         // the INSZ recorded in this load
  Insz last_person_;
  Statement person_;
  Statement insert_;
  Statement identity_;
};

}  // namespace

Result<std::unique_ptr<ImportTransaction>> begin_sqlite_import(Database& db, bool& open_flag,
                                                               const LoadInfo& info) {
  auto tx = std::make_unique<SqliteImport>(db, open_flag, info);
  if (auto s = tx->begin(); !s) return std::unexpected(s.error());  // tx rolls back
  return std::unique_ptr<ImportTransaction>(std::move(tx));
}

}  // namespace lap::store::sql
