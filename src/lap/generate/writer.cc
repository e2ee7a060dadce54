#include "lap/generate/writer.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "lap/formats/csv_reader.h"
#include "lap/formats/schema.h"

namespace lap::generate {
namespace {

using formats::csv_escape;

char sex_code(Sex s) {
  return s == Sex::kMale ? 'M' : s == Sex::kFemale ? 'F' : 'X';
}

std::string opt_date(const std::optional<Date>& d) {
  return d ? d->to_string() : std::string();
}

template <size_t N>
std::string header(const std::array<std::string_view, N>& columns) {
  return fmt::format("{}\n", fmt::join(columns, ";"));
}

}  // namespace

// A buffered output file.
class DeliveryWriter::File {
 public:
  File(FILE* f, std::string path) : f_(f), path_(std::move(path)) { buf_.reserve(1 << 21); }
  ~File() {
    if (f_ != nullptr) std::fclose(f_);
  }
  void write(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= (1 << 20)) flush();
  }
  template <typename... Args>
  void row(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(buf_), f, std::forward<Args>(args)...);
    buf_.push_back('\n');
    if (buf_.size() >= (1 << 20)) flush();
  }
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      failed_ = true;
    bytes_ += static_cast<int64_t>(buf_.size());
    buf_.clear();
  }
  Status close() {
    flush();
    if (f_ != nullptr && std::fclose(f_) != 0) failed_ = true;
    f_ = nullptr;
    if (failed_) return make_error(ErrorCode::kIo, fmt::format("{}: write failed", path_));
    return {};
  }
  int64_t bytes() const { return bytes_; }

 private:
  FILE* f_;
  std::string path_;
  std::string buf_;
  int64_t bytes_ = 0;
  bool failed_ = false;
};

DeliveryWriter::DeliveryWriter(std::string dir, const World& world, const geo::Registry& registry)
    : dir_(std::move(dir)), world_(world), registry_(registry) {}

DeliveryWriter::~DeliveryWriter() = default;

Result<std::unique_ptr<DeliveryWriter>> DeliveryWriter::open(const std::string& dir,
                                                             const World& world,
                                                             const geo::Registry& registry) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return make_error(ErrorCode::kIo,
                      fmt::format("{}: cannot create directory: {}", dir, ec.message()));
  std::unique_ptr<DeliveryWriter> w(new DeliveryWriter(dir, world, registry));
  auto open_file = [&](std::string_view name,
                       const std::string& head) -> Result<std::unique_ptr<File>> {
    std::string path = (std::filesystem::path(dir) / name).string();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr)
      return make_error(ErrorCode::kIo, fmt::format("{}: cannot create file", path));
    auto file = std::make_unique<File>(f, path);
    file->write(head);
    return file;
  };
  struct Spec {
    std::unique_ptr<File>* target;
    std::string_view name;
    std::string head;
  };
  for (auto& s :
       {Spec{&w->rmi_, formats::kRmiFile, header(formats::kRmiAllColumns)},
        Spec{&w->vdab_, formats::kVdabFile, header(formats::kVdabAllColumns)},
        Spec{&w->work_, formats::kWorkFile, header(formats::kWorkColumns)},
        Spec{&w->measures_, formats::kMeasuresFile, header(formats::kMeasuresColumns)},
        Spec{&w->changes_, formats::kIdChangesFile, header(formats::kIdChangesColumns)},
        Spec{&w->truth_, formats::kGroundTruthFile, header(formats::kGroundTruthColumns)}}) {
    auto f = open_file(s.name, s.head);
    if (!f) return std::unexpected(f.error());
    *s.target = std::move(*f);
  }
  return w;
}

void DeliveryWriter::add(const PersonRecords& p) {
  const Month from = world_.from();
  const Month to = world_.to();
  const auto& id = p.identity;
  std::string last = csv_escape(id.last_name);
  std::string first = csv_escape(id.first_name);
  std::string birth = opt_date(id.birth_date);
  std::string street = csv_escape(id.street);
  std::string house_number = csv_escape(id.house_number);
  scratch_.clear();
  for (const auto& e : p.entitlements) {
    rmi_->row("{};{};{};{};{};{};{};{};{};{};{};{};{};{};{}", e.ocmw.to_string(),
              p.insz_on(e.start).digits(), last, first, birth, sex_code(id.sex), id.postcode,
              formats::to_code(e.kind), e.ukrainian ? 1 : 0, e.gpmi ? 1 : 0,
              formats::to_code(e.exemption), e.start.to_string(), opt_date(e.end), street,
              house_number);
    ++counts_.rmi_entitlements;
    if (e.kind == formats::EntitlementKind::kMH) continue;
    Month last_m = e.end ? std::min(Month::of(*e.end), to) : to;
    for (Month m = std::max(Month::of(e.start), from); m <= last_m; ++m) {
      Date ref = m.last_day();
      if (e.start <= ref && (!e.end || ref <= *e.end)) {
        int kind = e.kind == formats::EntitlementKind::kLL ? 0 : e.ukrainian ? 2 : 1;
        scratch_.emplace_back(m - from, e.ocmw.code(), kind);
      }
    }
  }
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
  for (auto [month, nis, kind] : scratch_) {
    auto& c = podmi_[{month, nis}];
    if (kind == 0) {
      c[0]++;
    } else {
      c[1]++;
      if (kind == 2) c[2]++;
    }
  }
  for (const auto& r : p.registrations) {
    const auto& v = p.vdab_clients[static_cast<size_t>(r.client_index)].identity;
    vdab_->row("{};{};{};{};{};{};{};{};{};{};{};{};{}",
               p.vdab_clients[static_cast<size_t>(r.client_index)].client_id, v.insz,
               csv_escape(v.last_name), csv_escape(v.first_name), opt_date(v.birth_date),
               sex_code(v.sex), v.postcode, formats::to_code(r.category),
               r.ocmw ? r.ocmw->to_string() : std::string(), r.start.to_string(), opt_date(r.end),
               csv_escape(v.street), csv_escape(v.house_number));
    ++counts_.vdab_registrations;
  }
  for (const auto& w : p.work) {
    work_->row("{};{};{};{};{}", p.insz_on(w.first.last_day()).digits(), w.first.to_string(),
               w.last.to_string(), formats::to_code(w.type), formats::to_code(w.employer));
    ++counts_.work_spans;
  }
  for (const auto& m : p.measures) {
    std::string inflow = m.new_inflow ? (*m.new_inflow ? "1" : "0") : "";
    measures_->row("{};{};{};{};{};{}", p.insz_on(m.start).digits(), formats::to_code(m.measure),
                   m.organiser.to_string(), m.start.to_string(), opt_date(m.end), inflow);
    ++counts_.activation_measures;
  }
  if (p.former_bis && p.id_change) {
    changes_->row("{};{};{}", p.former_bis->digits(), p.insz.digits(), p.id_change->to_string());
    ++counts_.identifier_changes;
  }
  if (!p.entitlements.empty() || !p.vdab_clients.empty()) {
    truth_->row("{};INSZ;{}", p.person_id, p.insz.digits());
    ++counts_.ground_truth;
    if (p.former_bis) {
      truth_->row("{};INSZ;{}", p.person_id, p.former_bis->digits());
      ++counts_.ground_truth;
    }
    for (const auto& c : p.vdab_clients) {
      truth_->row("{};VDAB_CLIENT;{}", p.person_id, c.client_id);
      ++counts_.ground_truth;
    }
  }
}

Result<RowCounts> DeliveryWriter::finish() {
  std::string path = (std::filesystem::path(dir_) / formats::kCountsFile).string();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return make_error(ErrorCode::kIo, fmt::format("{}: cannot create file", path));
  File counts(f, path);
  counts.write(header(formats::kCountsColumns));
  // Every municipality that exists on the reference date gets a row, zeros included.
  const std::array<int64_t, 3> zeros = {0, 0, 0};
  for (Month m = world_.from(); m <= world_.to(); ++m) {
    Date ref = m.last_day();
    for (const geo::Municipality* muni : registry_.valid_on(ref)) {
      auto it = podmi_.find({m - world_.from(), muni->nis.code()});
      const auto& c = it == podmi_.end() ? zeros : it->second;
      counts.row("{};{};{};{};{}", muni->nis.to_string(), ref.to_string(), c[0], c[1], c[2]);
      ++counts_.podmi_counts;
    }
  }
  for (File* file : {rmi_.get(), vdab_.get(), work_.get(), measures_.get(), changes_.get(),
                     truth_.get(), &counts}) {
    if (auto s = file->close(); !s) return std::unexpected(s.error());
    counts_.bytes += file->bytes();
  }
  return counts_;
}

}  // namespace lap::generate
