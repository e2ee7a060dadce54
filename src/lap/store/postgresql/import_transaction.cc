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
constexpr std::array<std::string_view, 7> kIdentityColumns = {
    "insz", "insz_valid", "last_name", "first_name", "birth_date", "sex", "postcode"};
constexpr std::array<std::string_view, 4> kPersonColumns = {"p1_ref", "p1_insz", "p2_ref",
                                                            "p2_insz"};

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

class PgImport final : public ImportTransaction {
 public:
  PgImport(Database& db, bool& open_flag, LoadInfo info)
      : db_(db), open_flag_(open_flag), info_(std::move(info)) {}

  ~PgImport() override {
    stage_.reset();  // ends an unfinished COPY before the rollback
    if (open_) (void)db_.exec("ROLLBACK");
    open_flag_ = false;
  }
  PgImport(const PgImport&) = delete;
  PgImport& operator=(const PgImport&) = delete;

  Status begin(int64_t lock) {
    LAP_TRY_STATUS(db_.begin_write());
    open_ = true;
    // A second import (another server) waits here until this one ends.
    LAP_TRY_STATUS(db_.exec(fmt::format("SELECT pg_advisory_xact_lock({})", lock)));
    LAP_TRY(load_id, start_load(db_, info_));
    load_id_ = load_id;
    return {};
  }

  int64_t load_id() const override { return load_id_; }

  Status begin_source(Source source) override {
    if (!open_) return closed();
    if (source_) {
      return make_error(ErrorCode::kInternal, "begin_source: the previous source is not ended");
    }
    if (std::find(done_.begin(), done_.end(), source) != done_.end()) {
      return make_error(ErrorCode::kInternal, "begin_source: a source is replaced once per load");
    }
    LAP_TRY_STATUS(current_.load(db_, source));
    // The staging table: the fact columns (types taken from the fact table),
    // then identity and pseudonym columns.
    columns_ = fact_columns(source);
    std::string extra;
    if (has_identity(source)) {
      columns_.insert(columns_.end(), kIdentityColumns.begin(), kIdentityColumns.end());
      extra +=
          ", ADD COLUMN insz text, ADD COLUMN insz_valid bigint, ADD COLUMN last_name text, ADD "
          "COLUMN first_name text, ADD COLUMN birth_date text, ADD COLUMN sex text, ADD COLUMN "
          "postcode bigint";
    }
    columns_.insert(columns_.end(), kPersonColumns.begin(), kPersonColumns.end());
    extra +=
        ", ADD COLUMN p1_ref text, ADD COLUMN p1_insz text, ADD COLUMN p2_ref text, ADD "
        "COLUMN p2_insz text";
    stage_table_ = fmt::format("lap_stage_{}", fact_table(source));
    LAP_TRY_STATUS(db_.exec(fmt::format(
        "CREATE TEMP TABLE {0} ON COMMIT DROP AS SELECT {1} FROM {2} WITH NO DATA; "
        "ALTER TABLE {0} {3}",
        stage_table_, joined(fact_columns(source)), fact_table(source), extra.substr(2))));
    LAP_TRY(stage, db_.bulk_insert(stage_table_, columns_));
    stage_ = std::move(stage);
    source_ = source;
    counts_ = SourceCounts{};
    return {};
  }

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

  Result<SourceCounts> end_source() override {
    if (!open_) return closed();
    if (!source_) return make_error(ErrorCode::kInternal, "end_source: no source begun");
    const Source source = *source_;
    LAP_TRY_STATUS(stage_->finish());
    stage_.reset();
    const std::string table(fact_table(source));
    const std::string columns = joined(fact_columns(source));
    if (auto moved = db_.exec(
            fmt::format("INSERT INTO {0} ({1}) SELECT {1} FROM {2}", table, columns, stage_table_));
        !moved) {
      // The unique index of current hashes: a new row came twice.
      if (moved.error().code == ErrorCode::kFailedPrecondition) return added_twice(source);
      return std::unexpected(moved.error());
    }
    if (has_identity(source)) {
      LAP_TRY_STATUS(db_.exec(fmt::format(
          "INSERT INTO {0}_identity (row_hash, insz, insz_valid, last_name, first_name, "
          "birth_date, sex, postcode) SELECT row_hash, insz, insz_valid, last_name, first_name, "
          "birth_date, sex, postcode FROM {1} ON CONFLICT DO NOTHING",
          source == Source::kRmiEntitlements ? "rmi" : "vdab", stage_table_)));
    }
    LAP_TRY_STATUS(db_.exec(fmt::format(
        "INSERT INTO person_identifier (person_ref, insz, first_load) SELECT p1_ref, p1_insz, {0} "
        "FROM {1} WHERE p1_ref IS NOT NULL UNION ALL SELECT p2_ref, p2_insz, {0} FROM {1} WHERE "
        "p2_ref IS NOT NULL ON CONFLICT DO NOTHING; DROP TABLE {1}",
        load_id_, stage_table_)));
    const std::vector<int64_t> gone = current_.unseen();
    if (!gone.empty()) {
      std::string ids = "{";
      for (size_t i = 0; i < gone.size(); ++i) {
        ids += fmt::format("{}{}", i == 0 ? "" : ",", gone[i]);
      }
      ids += "}";
      LAP_TRY(retire,
              db_.prepare(fmt::format(
                  "UPDATE {} SET retired_load = ?1 WHERE id = ANY (CAST(?2 AS bigint[]))", table)));
      LAP_TRY_STATUS(retire.bind(1, load_id_).bind(2, ids).run());
    }
    counts_.retired = static_cast<int64_t>(gone.size());
    current_.clear();
    touched_.push_back(table);
    if (has_identity(source))
      touched_.push_back(table == "rmi_entitlement" ? "rmi_identity" : "vdab_identity");
    done_.push_back(source);
    per_source_[static_cast<size_t>(source)] = counts_;
    source_.reset();
    return counts_;
  }

  Result<std::optional<int64_t>> commit() override {
    if (!open_) return closed();
    if (source_) return make_error(ErrorCode::kInternal, "commit: a source is not ended");
    int64_t changed = 0;
    for (Source s : done_) {
      changed +=
          per_source_[static_cast<size_t>(s)].added + per_source_[static_cast<size_t>(s)].retired;
    }
    if (changed == 0) {
      LAP_TRY_STATUS(db_.exec("ROLLBACK"));
      open_ = false;
      return std::optional<int64_t>();
    }
    LAP_TRY_STATUS(record_load(db_, load_id_, info_, done_, per_source_));
    LAP_TRY_STATUS(db_.exec("COMMIT"));
    open_ = false;
    // Fresh statistics for the planner; a failure here loses nothing.
    touched_.push_back("person_identifier");
    std::string analyze;
    for (const std::string& t : touched_)
      analyze += fmt::format("ANALYZE {}; ", t);
    (void)db_.exec(analyze);
    return std::optional<int64_t>(load_id_);
  }

 private:
  static std::unexpected<Error> closed() {
    return make_error(ErrorCode::kInternal, "the import transaction is no longer open");
  }

  Result<bool> start_row(Source source, const RowHash& hash) {
    if (!open_) return closed();
    if (source_ != source) {
      return make_error(ErrorCode::kInternal, "add: the row does not belong to the begun source");
    }
    LAP_TRY(fresh, current_.mark(source, hash));
    if (fresh) {
      ++counts_.added;
    } else {
      ++counts_.unchanged;
    }
    return fresh;
  }

  void end_fact(const RowHash& hash) {
    stage_->blob({hash.data(), hash.size()});
    stage_->int64(load_id_);
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

  Database& db_;
  bool& open_flag_;
  LoadInfo info_;
  bool open_ = false;
  int64_t load_id_ = 0;
  std::optional<Source> source_;
  SourceCounts counts_;
  std::array<SourceCounts, 6> per_source_{};
  std::vector<Source> done_;
  std::vector<std::string> touched_;
  CurrentRows current_;
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
