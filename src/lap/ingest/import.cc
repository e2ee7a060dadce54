#include "lap/ingest/import.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

namespace lap::ingest {
namespace {

namespace fs = std::filesystem;
using formats::Source;

struct DeliveryFile {
  std::string name;
  std::string path;
  Source source;
  std::string sha256;
  int64_t rows = 0;
  bool identical = false;
};

// Lists the imported files of `dir` (in source order); unknown `*.csv` files
// become problems.
Result<std::vector<DeliveryFile>> list_delivery(const std::string& dir,
                                                formats::Problems& problems) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorCode::kInvalidArgument, fmt::format("{}: not a directory", dir));
  }
  std::vector<DeliveryFile> files;
  std::vector<std::string> unknown;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    std::string name = entry.path().filename().string();
    if (auto source = formats::source_for_file(name)) {
      files.push_back(DeliveryFile{name, entry.path().string(), *source, {}, 0, false});
    } else if (name.ends_with(".csv") && name != formats::kGroundTruthFile) {
      unknown.push_back(entry.path().string());
    }
  }
  if (ec) return make_error(ErrorCode::kIo, fmt::format("{}: cannot list: {}", dir, ec.message()));
  std::sort(unknown.begin(), unknown.end());
  for (const auto& path : unknown) {
    std::vector<std::string_view> names;
    names.reserve(formats::kAllSources.size());
    for (Source s : formats::kAllSources)
      names.push_back(formats::file_name(s));
    problems.add(
        formats::Problem{path, 1, 1, "",
                         fmt::format("unknown file in a delivery; the imported files are {}",
                                     fmt::join(names, ", "))});
  }
  std::sort(files.begin(), files.end(),
            [](const DeliveryFile& a, const DeliveryFile& b) { return a.source < b.source; });
  if (files.empty() && unknown.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: no imported file in this directory (expected files such "
                                  "as {})",
                                  dir, formats::kRmiFile));
  }
  return files;
}

// The SHA-256 of each source's file in the current state: the file of the
// latest load that replaced the source.
std::map<Source, std::string> current_hashes(const std::vector<store::DataLoad>& loads) {
  std::map<Source, std::string> out;
  for (const auto& load : loads) {
    for (const auto& f : load.files)
      out[f.source] = f.sha256;
  }
  return out;
}

// Reads one file with the reader of its source; `on_row` receives each valid
// row together with its pseudonyms and writes it (when a transaction is given),
// as long as no problem has been found in the delivery: after the first one
// the rest is only validated, and the caller rolls the transaction back.
class SourcePass {
 public:
  SourcePass(const formats::ValidationContext& context, formats::Problems& problems,
             const link::Pseudonymiser& pseudonymiser, store::ImportTransaction* tx)
      : context_(context), problems_(problems), pseudonymiser_(pseudonymiser), tx_(tx) {}

  Result<int64_t> run(const DeliveryFile& file, const formats::ReadOptions& options) {
    auto input = formats::Input::file(file.path);
    if (tx_ == nullptr || !problems_.empty()) {
      return formats::validate(file.source, input, context_, problems_, options);
    }
    Result<int64_t> rows = 0;
    switch (file.source) {
      case Source::kRmiEntitlements:
        rows = formats::read_rmi_entitlements(
            input, context_, problems_,
            [&](const formats::RmiEntitlementRow& r, const formats::RowHash& h, int64_t) {
              if (writing()) keep(tx_->add(r, keyed(h), ref(r.insz)));
            },
            options);
        break;
      case Source::kVdabRegistrations:
        rows = formats::read_vdab_registrations(
            input, context_, problems_,
            [&](const formats::VdabRegistrationRow& r, const formats::RowHash& h, int64_t) {
              if (writing()) keep(tx_->add(r, keyed(h), r.insz ? ref(*r.insz) : std::string()));
            },
            options);
        break;
      case Source::kWorkMonths:
        rows = formats::read_work_months(
            input, context_, problems_,
            [&](const formats::WorkSpanRow& r, const formats::RowHash& h, int64_t) {
              if (writing()) keep(tx_->add(r, keyed(h), ref(r.insz)));
            },
            options);
        break;
      case Source::kActivationMeasures:
        rows = formats::read_activation_measures(
            input, context_, problems_,
            [&](const formats::ActivationMeasureRow& r, const formats::RowHash& h, int64_t) {
              if (writing()) keep(tx_->add(r, keyed(h), ref(r.insz)));
            },
            options);
        break;
      case Source::kPodmiCounts:
        rows = formats::read_podmi_counts(
            input, context_, problems_,
            [&](const formats::PodmiCountRow& r, const formats::RowHash& h, int64_t) {
              if (writing()) keep(tx_->add(r, keyed(h)));
            },
            options);
        break;
      case Source::kIdentifierChanges:
        rows = formats::read_identifier_changes(
            input, context_, problems_,
            [&](const formats::IdentifierChangeRow& r, const formats::RowHash& h, int64_t) {
              if (!writing()) return;
              std::string old_ref = ref(r.old_insz);  // a copy: ref() reuses its string
              keep(tx_->add(r, keyed(h), old_ref, ref(r.new_insz)));
            },
            options);
        break;
    }
    if (!write_status_) return std::unexpected(write_status_.error());
    return rows;
  }

 private:
  // The pseudonym of `insz`; rows of one person usually follow each other,
  // so the last one is remembered.
  const std::string& ref(const Insz& insz) {
    if (insz != last_insz_ || last_ref_.empty()) {
      last_insz_ = insz;
      last_ref_ = pseudonymiser_.person_ref(insz);
    }
    return last_ref_;
  }

  // What the database stores as the row hash: keyed, so that it cannot be
  // recomputed from a guessed INSZ (the content hash covers the INSZ).
  formats::RowHash keyed(const formats::RowHash& content_hash) const {
    return pseudonymiser_.row_hash(content_hash);
  }

  // Keeps the first write error; later rows are skipped.
  void keep(Status s) {
    if (write_status_ && !s) write_status_ = std::move(s);
  }
  // Whether rows are still written: no write error and no problem so far.
  bool writing() const { return write_status_ && problems_.empty(); }

  const formats::ValidationContext& context_;
  formats::Problems& problems_;
  const link::Pseudonymiser& pseudonymiser_;
  store::ImportTransaction* tx_;
  Status write_status_;
  Insz last_insz_;
  std::string last_ref_;
};

}  // namespace

namespace {

// SHA-256 through libsodium, fed piece by piece; `hex()` once at the end.
class Sha256Hasher {
 public:
  Sha256Hasher() { crypto_hash_sha256_init(&state_); }
  void add(const unsigned char* data, size_t size) {
    crypto_hash_sha256_update(&state_, data, size);
  }
  std::string hex() {
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_final(&state_, digest.data());
    std::string out(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
    out.pop_back();
    return out;
  }

 private:
  crypto_hash_sha256_state state_{};
};

}  // namespace

Result<std::string> file_sha256(const std::string& path) {
  if (sodium_init() < 0) return make_error(ErrorCode::kInternal, "libsodium cannot start");
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return make_error(ErrorCode::kIo, fmt::format("{}: cannot open file", path));
  Sha256Hasher hasher;
  std::vector<unsigned char> buffer(1 << 20);
  size_t n = 0;
  while (std::feof(f.get()) == 0 && std::ferror(f.get()) == 0 &&
         (n = std::fread(buffer.data(), 1, buffer.size(), f.get())) > 0)
    hasher.add(buffer.data(), n);
  if (std::ferror(f.get())) return make_error(ErrorCode::kIo, fmt::format("{}: read error", path));
  return hasher.hex();
}

Result<std::string> bytes_sha256(std::string_view bytes) {
  if (sodium_init() < 0) return make_error(ErrorCode::kInternal, "libsodium cannot start");
  Sha256Hasher hasher;
  hasher.add(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return hasher.hex();
}

namespace {

// Rows and bytes of the files done so far, for progress reports across a pass.
class PassProgress {
 public:
  explicit PassProgress(const ImportOptions& options) : options_(options) {}
  formats::ReadOptions read_options(std::string_view phase, const DeliveryFile& f) const {
    formats::ReadOptions o;
    if (options_.progress) {
      o.progress = [this, phase, name = std::string_view(f.name)](int64_t rows, int64_t bytes) {
        options_.progress(ImportProgress{phase, name, rows_ + rows, bytes_ + bytes});
      };
    }
    return o;
  }
  void report(std::string_view phase, std::string_view name, int64_t rows) const {
    if (options_.progress) options_.progress(ImportProgress{phase, name, rows_ + rows, 0});
  }
  void done(const DeliveryFile& f, int64_t rows) {
    rows_ += rows;
    std::error_code ec;
    auto size = fs::file_size(f.path, ec);
    if (!ec) bytes_ += static_cast<int64_t>(size);
  }

 private:
  const ImportOptions& options_;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
};

// Hashes every file and marks those equal to the current state; true when all are.
Result<bool> hash_files(std::vector<DeliveryFile>& files,
                        const std::map<Source, std::string>& current) {
  bool all_identical = true;
  for (auto& f : files) {
    auto sha = file_sha256(f.path);
    if (!sha) return std::unexpected(sha.error());
    f.sha256 = *sha;
    auto it = current.find(f.source);
    f.identical = it != current.end() && it->second == f.sha256;
    all_identical = all_identical && f.identical;
  }
  return all_identical;
}

// The files as the load records them.
std::vector<store::FileInfo> load_files(const std::vector<DeliveryFile>& files) {
  std::vector<store::FileInfo> out;
  for (const auto& f : files) {
    store::FileInfo fi{f.name, f.source, f.sha256, f.rows, 0, 0, 0};
    if (f.identical) fi.unchanged = f.rows;
    out.push_back(fi);
  }
  return out;
}

std::vector<FileReport> file_reports(const std::vector<DeliveryFile>& files) {
  std::vector<FileReport> out;
  for (const auto& f : files) {
    FileReport r{f.name, f.source, f.rows, 0, 0, 0, f.identical};
    if (f.identical) r.unchanged = f.rows;
    out.push_back(r);
  }
  return out;
}

// Every row of every file validated; the files' row counts set. For a
// delivery that cannot be written (an unknown file in it).
Status validate_files(std::vector<DeliveryFile>& files, const formats::ValidationContext& context,
                      formats::Problems& problems, const link::Pseudonymiser& pseudonymiser,
                      const ImportOptions& options) {
  PassProgress progress(options);
  SourcePass validate_pass(context, problems, pseudonymiser, nullptr);
  for (auto& f : files) {
    auto rows = validate_pass.run(f, progress.read_options("validating", f));
    if (!rows) return std::unexpected(rows.error());
    f.rows = *rows;
    progress.done(f, *rows);
  }
  return {};
}

// One pass over the files in one transaction: each changed file validated and
// written while it is read, then checked to be the bytes hashed before; a
// file equal to the current state only validated. The files' row counts and
// the report's per-file counts are set. Nothing is committed when a problem
// was found (the transaction is rolled back; `problems` says why) or nothing
// changed. The new load, if any.
Result<std::optional<int64_t>> import_files(
    const std::string& dir, std::vector<DeliveryFile>& files, store::LoadStore& store,
    const formats::ValidationContext& context, formats::Problems& problems,
    const link::Pseudonymiser& pseudonymiser, const ImportOptions& options, ImportReport& report) {
  store::LoadInfo info;
  info.source_dir = fs::absolute(dir).lexically_normal().string();
  info.key_fingerprint = pseudonymiser.key_fingerprint();
  auto tx = store.begin_import(info);
  if (!tx) return std::unexpected(tx.error());
  PassProgress progress(options);
  std::vector<store::SourceCounts> counts(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    DeliveryFile& f = files[i];
    if (f.identical || !problems.empty()) {
      // Its rows are all current already (or nothing will be written): only validated.
      SourcePass check(context, problems, pseudonymiser, nullptr);
      auto rows = check.run(f, progress.read_options("validating", f));
      if (!rows) return std::unexpected(rows.error());
      f.rows = *rows;
      progress.done(f, *rows);
      continue;
    }
    if (auto s = (*tx)->begin_source(f.source); !s) return std::unexpected(s.error());
    SourcePass write_pass(context, problems, pseudonymiser, tx->get());
    auto rows = write_pass.run(f, progress.read_options("writing", f));
    if (!rows) return std::unexpected(rows.error());
    f.rows = *rows;
    progress.done(f, *rows);
    if (!problems.empty()) continue;  // the rest is only validated
    // The bytes written must be the bytes hashed.
    auto sha = file_sha256(f.path);
    if (!sha) return std::unexpected(sha.error());
    if (*sha != f.sha256) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("{}: the file changed during the import; nothing was "
                                    "written",
                                    f.path));
    }
    progress.report("indexing", f.name, *rows);
    auto ended = (*tx)->end_source();
    if (!ended) return std::unexpected(ended.error());
    counts[i] = *ended;
  }
  report.files = file_reports(files);
  if (!problems.empty()) return std::optional<int64_t>();  // `tx` rolls back
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].identical) continue;
    report.files[i].added = counts[i].added;
    report.files[i].retired = counts[i].retired;
    report.files[i].unchanged = counts[i].unchanged;
  }
  (*tx)->set_files(load_files(files));
  progress.report("committing", "", 0);
  return (*tx)->commit();
}

}  // namespace

Result<ImportReport> import_delivery(const std::string& dir, store::LoadStore& store,
                                     const geo::Registry& registry,
                                     const link::Pseudonymiser& pseudonymiser,
                                     const ImportOptions& options) {
  if (auto s = store.migrate(); !s) return std::unexpected(s.error());
  // Row hashes of a database from before they were keyed: rewritten first, so
  // that this import compares keyed hashes with keyed hashes.
  auto rekeyed =
      store.key_row_hashes([&](const formats::RowHash& h) { return pseudonymiser.row_hash(h); },
                           pseudonymiser.key_fingerprint());
  if (!rekeyed) return std::unexpected(rekeyed.error());
  formats::Problems problems(options.max_errors);
  ImportReport report;

  auto listed = list_delivery(dir, problems);
  if (!listed) return std::unexpected(listed.error());
  std::vector<DeliveryFile>& files = *listed;

  auto loads = store.loads();
  if (!loads) return std::unexpected(loads.error());
  report.current_load = loads->empty() ? 0 : loads->back().load_id;
  auto all_identical = hash_files(files, current_hashes(*loads));
  if (!all_identical) return std::unexpected(all_identical.error());

  // Fast path: the delivery is the current state, byte for byte.
  if (*all_identical && problems.empty()) {
    std::map<Source, int64_t> recorded_rows;
    for (const auto& load : *loads) {
      for (const auto& f : load.files)
        recorded_rows[f.source] = f.rows;
    }
    for (auto& f : files)
      f.rows = recorded_rows[f.source];
    report.files = file_reports(files);
    return report;
  }

  const formats::ValidationContext context{&registry, options.today};
  if (!problems.empty()) {
    // An unknown file: nothing is written, but every row is checked.
    if (auto v = validate_files(files, context, problems, pseudonymiser, options); !v) {
      return std::unexpected(v.error());
    }
    report.files = file_reports(files);
  } else {
    auto load = import_files(dir, files, store, context, problems, pseudonymiser, options, report);
    if (!load) return std::unexpected(load.error());
    report.load_id = *load;
    if (report.load_id) report.current_load = *report.load_id;
  }
  if (!problems.empty()) {
    report.problems = problems.list();
    report.problem_count = problems.count();
  }
  return report;
}

}  // namespace lap::ingest
