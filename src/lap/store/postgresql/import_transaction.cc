#include "lap/store/postgresql/import_transaction.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "lap/store/sql/import_common.h"
#include "lap/store/sql/internal.h"

namespace lap::store::sql {
namespace {

using formats::RowHash;

// The fact columns of each source, in the order `add` writes them.
std::vector<std::string_view> fact_columns(Source source) {
  switch (source) {
    case Source::kRmiEntitlements:
      return {"person_ref", "ocmw_nis",   "kind",     "ukrainian", "gpmi",
              "exemption",  "start_date", "end_date", "row_hash",  "first_load"};
    case Source::kVdabRegistrations:
      return {"vdab_client_id", "person_ref", "category", "ocmw_nis",
              "start_date",     "end_date",   "row_hash", "first_load"};
    case Source::kWorkMonths:
      return {"person_ref",    "first_month", "last_month", "work_type",
              "employer_kind", "row_hash",    "first_load"};
    case Source::kActivationMeasures:
      return {"person_ref", "measure",    "organiser_nis", "start_date",
              "end_date",   "new_inflow", "row_hash",      "first_load"};
    case Source::kPodmiCounts:
      return {"nis",       "reference_date", "leefloon",  "equivalent_leefloon",
              "ukrainian", "row_hash",       "first_load"};
    case Source::kIdentifierChanges:
      return {"old_person_ref", "new_person_ref", "change_date", "row_hash", "first_load"};
  }
  return {};
}

// Identity columns (RMI and VDAB rows) and the pseudonyms first seen in a row.
constexpr std::array<std::string_view, 9> kIdentityColumns = {
    "insz", "insz_valid", "last_name", "first_name",  "birth_date",
    "sex",  "postcode",   "street",    "house_number"};
constexpr std::array<std::string_view, 4> kPersonColumns = {"p1_ref", "p1_insz", "p2_ref",
                                                            "p2_insz"};

// For building the indexes of a first load.
constexpr std::string_view kIndexBuildMemory = "256MB";

bool has_identity(Source source) {
  return source == Source::kRmiEntitlements || source == Source::kVdabRegistrations;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

class PgImport final : public ImportBase {
 public:
  using ImportBase::ImportBase;

  // A second import (another server) waits for the advisory lock until this
  // one ends.
  Status begin(int64_t lock) {
    LAP_TRY_STATUS(
        start(fmt::format("SELECT pg_advisory_xact_lock({}); SET LOCAL maintenance_work_mem = '{}'",
                          lock, kIndexBuildMemory)));
    return {};
  }

 private:
  Status source_begun(Source source) override {
    // The staging table: the fact columns (types taken from the fact table),
    // then identity and pseudonym columns.
    columns_ = fact_columns(source);
    std::string extra;
    if (has_identity(source)) {
      columns_.insert(columns_.end(), kIdentityColumns.begin(), kIdentityColumns.end());
      extra +=
          ", ADD COLUMN insz text, ADD COLUMN insz_valid bigint, ADD COLUMN last_name text, ADD "
          "COLUMN first_name text, ADD COLUMN birth_date text, ADD COLUMN sex text, ADD COLUMN "
          "postcode bigint, ADD COLUMN street text, ADD COLUMN house_number text";
    }
    columns_.insert(columns_.end(), kPersonColumns.begin(), kPersonColumns.end());
    extra +=
        ", ADD COLUMN p1_ref text, ADD COLUMN p1_insz text, ADD COLUMN p2_ref text, ADD "
        "COLUMN p2_insz text";
    stage_table_ = fmt::format("lap_stage_{}", fact_table(source));
    LAP_TRY_STATUS(db().exec(fmt::format(
        "CREATE TEMP TABLE {0} ON COMMIT DROP AS SELECT {1} FROM {2} WITH NO DATA; "
        "ALTER TABLE {0} {3}",
        stage_table_, joined(fact_columns(source)), fact_table(source), extra.substr(2))));
    LAP_TRY(stage, db().bulk_insert(stage_table_, columns_));
    stage_ = std::move(stage);
    return {};
  }

 public:
  Status add(const formats::RmiEntitlementRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kRmiEntitlements, hash));
    if (!fresh) return {};
    BulkWriter& w = *stage_;
    w.text(person_ref);
    w.int64(r.ocmw_nis.code());
    w.text(formats::to_code(r.kind));
    w.int64(r.ukrainian);
    w.int64(r.gpmi);
    w.text(formats::to_code(r.exemption));
    w.text(r.start_date.to_string());
    w.value(opt_date(r.end_date));
    end_fact(hash);
    identity(std::string(r.insz.digits()), true, r);
    return end_row(person_ref, r.insz.digits());
  }

  Status add(const formats::VdabRegistrationRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kVdabRegistrations, hash));
    if (!fresh) return {};
    if (!person_ref.empty() && !r.insz) {
      return make_error(ErrorCode::kInternal, "person_ref without a valid INSZ");
    }
    BulkWriter& w = *stage_;
    w.int64(r.vdab_client_id);
    if (person_ref.empty()) {
      w.null();
    } else {
      w.text(person_ref);
    }
    w.text(formats::to_code(r.category));
    if (r.ocmw_nis) {
      w.int64(r.ocmw_nis->code());
    } else {
      w.null();
    }
    w.text(r.start_date.to_string());
    w.value(opt_date(r.end_date));
    end_fact(hash);
    std::optional<std::string> insz;
    if (!r.insz_digits.empty()) insz = r.insz_digits;
    identity(insz, r.insz_valid(), r);
    if (person_ref.empty()) return end_row({}, {});
    return end_row(person_ref, r.insz->digits());
  }

  Status add(const formats::WorkSpanRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kWorkMonths, hash));
    if (!fresh) return {};
    BulkWriter& w = *stage_;
    w.text(person_ref);
    w.text(r.first_month.to_string());
    w.text(r.last_month.to_string());
    w.text(formats::to_code(r.work_type));
    if (r.employer_kind != formats::EmployerKind::kNone) {
      w.text(formats::to_code(r.employer_kind));
    } else {
      w.null();
    }
    end_fact(hash);
    return end_row(person_ref, r.insz.digits());
  }

  Status add(const formats::ActivationMeasureRow& r, const RowHash& hash,
             std::string_view person_ref) override {
    LAP_TRY(fresh, start_row(Source::kActivationMeasures, hash));
    if (!fresh) return {};
    BulkWriter& w = *stage_;
    w.text(person_ref);
    w.text(formats::to_code(r.measure));
    w.int64(r.organiser_nis.code());
    w.text(r.start_date.to_string());
    w.value(opt_date(r.end_date));
    if (r.new_inflow) {
      w.int64(*r.new_inflow ? 1 : 0);
    } else {
      w.null();
    }
    end_fact(hash);
    return end_row(person_ref, r.insz.digits());
  }

  Status add(const formats::PodmiCountRow& r, const RowHash& hash) override {
    LAP_TRY(fresh, start_row(Source::kPodmiCounts, hash));
    if (!fresh) return {};
    BulkWriter& w = *stage_;
    w.int64(r.nis.code());
    w.text(r.reference_date.to_string());
    w.int64(r.leefloon);
    w.int64(r.equivalent_leefloon);
    w.int64(r.ukrainian);
    end_fact(hash);
    return end_row({}, {});
  }

  Status add(const formats::IdentifierChangeRow& r, const RowHash& hash,
             std::string_view old_person_ref, std::string_view new_person_ref) override {
    LAP_TRY(fresh, start_row(Source::kIdentifierChanges, hash));
    if (!fresh) return {};
    BulkWriter& w = *stage_;
    w.text(old_person_ref);
    w.text(new_person_ref);
    w.text(r.change_date.to_string());
    end_fact(hash);
    return end_row(old_person_ref, r.old_insz.digits(), new_person_ref, r.new_insz.digits());
  }

  // Moves the staged rows into place and retires `gone`.
  Status source_ended(Source source, const std::vector<int64_t>& gone) override {
    LAP_TRY_STATUS(stage_->finish());
    stage_.reset();
    const std::string table(fact_table(source));
    const std::string columns = joined(fact_columns(source));
    if (auto moved = db().exec(
            fmt::format("INSERT INTO {0} ({1}) SELECT {1} FROM {2}", table, columns, stage_table_));
        !moved) {
      // The unique index of current hashes: a new row came twice.
      if (moved.error().code == ErrorCode::kFailedPrecondition) return added_twice(source);
      return std::unexpected(moved.error());
    }
    if (has_identity(source)) {
      LAP_TRY_STATUS(db().exec(fmt::format(
          "INSERT INTO {0}_identity (row_hash, insz, insz_valid, last_name, first_name, "
          "birth_date, sex, postcode, street, house_number) SELECT row_hash, insz, insz_valid, "
          "last_name, first_name, birth_date, sex, postcode, street, house_number FROM {1} ON "
          "CONFLICT DO NOTHING",
          source == Source::kRmiEntitlements ? "rmi" : "vdab", stage_table_)));
    }
    LAP_TRY_STATUS(db().exec(fmt::format(
        "INSERT INTO person_identifier (person_ref, insz, first_load) SELECT p1_ref, p1_insz, {0} "
        "FROM {1} WHERE p1_ref IS NOT NULL UNION ALL SELECT p2_ref, p2_insz, {0} FROM {1} WHERE "
        "p2_ref IS NOT NULL ON CONFLICT DO NOTHING; DROP TABLE {1}",
        load(), stage_table_)));
    if (!gone.empty()) {
      std::string ids = "{";
      for (size_t i = 0; i < gone.size(); ++i) {
        ids += fmt::format("{}{}", i == 0 ? "" : ",", gone[i]);
      }
      ids += "}";
      LAP_TRY(retire,
              db().prepare(fmt::format(
                  "UPDATE {} SET retired_load = ?1 WHERE id = ANY (CAST(?2 AS bigint[]))", table)));
      LAP_TRY_STATUS(retire.bind(1, load()).bind(2, ids).run());
    }
    touched_.push_back(table);
    if (has_identity(source)) {
      touched_.push_back(source == Source::kRmiEntitlements ? "rmi_identity" : "vdab_identity");
    }
    return {};
  }

  // Fresh statistics for the planner once the load is in; a failure here
  // loses nothing.
  void after_commit() override {
    touched_.push_back("person_identifier");
    std::string analyze;
    for (const std::string& t : touched_)
      analyze += fmt::format("ANALYZE {}; ", t);
    (void)db().exec(analyze);
  }

 private:
  void end_fact(const RowHash& hash) {
    stage_->blob({hash.data(), hash.size()});
    stage_->int64(load());
  }

  template <typename Row>
  void identity(const std::optional<std::string>& insz, bool insz_valid, const Row& r) {
    BulkWriter& w = *stage_;
    w.value(insz);
    w.int64(insz_valid ? 1 : 0);
    w.text(r.last_name);
    w.text(r.first_name);
    w.value(opt_date(r.birth_date));
    w.text(std::string(1, formats::sex_code(r.sex)));
    w.int64(r.postcode);
    w.text(r.street);
    w.text(r.house_number);
  }

  // The pseudonyms of a row (with their INSZ) not yet written in this load,
  // then the end of the row.
  Status end_row(std::string_view ref1, std::string_view insz1, std::string_view ref2 = {},
                 std::string_view insz2 = {}) {
    person(ref1, insz1);
    person(ref2, insz2);
    return stage_->end_row();
  }
  void person(std::string_view ref, std::string_view insz) {
    if (ref.empty() || persons_.contains(ref)) {
      stage_->null();
      stage_->null();
      return;
    }
    persons_.emplace(ref);
    stage_->text(ref);
    stage_->text(insz);
  }

  std::vector<std::string> touched_;
  std::vector<std::string_view> columns_;
  std::string stage_table_;
  std::unique_ptr<BulkWriter> stage_;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_set<std::string, StringHash, std::equal_to<>> persons_;
};

}  // namespace

Result<std::unique_ptr<ImportTransaction>> begin_postgresql_import(Database& db, bool& open_flag,
                                                                   const LoadInfo& info,
                                                                   int64_t lock) {
  auto tx = std::make_unique<PgImport>(db, open_flag, info);
  if (auto s = tx->begin(lock); !s) return std::unexpected(s.error());  // tx rolls back
  return std::unique_ptr<ImportTransaction>(std::move(tx));
}

}  // namespace lap::store::sql
