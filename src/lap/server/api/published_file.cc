#include "lap/server/api/published_file.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lap/store/timeline_files.h"

namespace lap::server::api {
namespace {

constexpr std::array<char, 8> kMagic = {'L', 'A', 'P', 'P', 'U', 'B', 'R', 'N'};
// Byte order (the bytes of 0x0102 as stored) and the sizes of the stored
// records' fields: a file from another machine is built again.
constexpr uint32_t kLayout = 0x0102U << 16U | (sizeof(int64_t) << 8U) | sizeof(int32_t);
// magic, version, layout, payload size, payload checksum, fingerprint length
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 8 + 8 + 4;

std::unexpected<Error> damaged(std::string_view what) {
  return make_error(ErrorCode::kIo, fmt::format("published-run file: {}", what));
}

// Appends fixed-width fields; strings go to a table and are stored by index.
class Writer {
 public:
  template <typename T>
  void put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  template <typename E>
  void put_enum(E value) {
    put(static_cast<uint8_t>(value));
  }
  void put_string(std::string_view s) {
    auto [it, added] = ids_.try_emplace(s, static_cast<uint32_t>(strings_.size()));
    if (added) strings_.push_back(s);
    put(it->second);
  }
  void put_period(const measure::Period& p) {
    put_enum(p.kind);
    put(p.first.index());
    put(p.last.index());
  }
  // The string table followed by the fields.
  std::string payload() const {
    std::string out;
    auto append = [&](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
    append(static_cast<uint32_t>(strings_.size()));
    for (std::string_view s : strings_) {
      append(static_cast<uint32_t>(s.size()));
      out.append(s);
    }
    out.append(bytes_);
    return out;
  }

 private:
  std::string bytes_;
  std::vector<std::string_view> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

// Reads what Writer wrote; every read is bounds-checked and every failure
// sticks (`ok()`), so a damaged file yields an error, never a wrong table.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  template <typename T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value{};
    if (rest_.size() < sizeof(T)) {
      ok_ = false;
      return value;
    }
    std::copy_n(rest_.begin(), sizeof(T), reinterpret_cast<char*>(&value));
    rest_.remove_prefix(sizeof(T));
    return value;
  }
  // An enumeration whose values are 0..last.
  template <typename E>
  E get_enum(E last) {
    const auto v = get<uint8_t>();
    if (v > static_cast<uint8_t>(last)) ok_ = false;
    return ok_ ? static_cast<E>(v) : E{};
  }
  std::string_view get_bytes(size_t n) {
    if (rest_.size() < n) {
      ok_ = false;
      return {};
    }
    std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  void read_strings() {
    const auto n = get<uint32_t>();
    if (n > rest_.size() / sizeof(uint32_t)) ok_ = false;  // each needs at least its length
    if (!ok_) return;
    strings_.reserve(n);
    for (uint32_t i = 0; i < n && ok_; ++i)
      strings_.push_back(get_bytes(get<uint32_t>()));
  }
  std::string_view get_string() {
    const auto id = get<uint32_t>();
    if (id >= strings_.size()) {
      ok_ = false;
      return {};
    }
    last_id_ = id;
    return strings_[id];
  }
  // A string that is a variant: read, then marked with the view of its
  // stored copy, which figures point to.
  std::string_view get_string_id() { return get_string(); }
  void mark_variant(std::string_view stored) {
    if (!ok_) return;
    if (variants_.size() < strings_.size()) variants_.resize(strings_.size());
    variants_[last_id_] = stored;
  }
  std::string_view get_variant() {
    const auto id = get<uint32_t>();
    if (id >= variants_.size() || !variants_[id]) {
      ok_ = false;
      return {};
    }
    return *variants_[id];
  }
  measure::Period get_period() {
    measure::Period p;
    p.kind = get_enum(measure::Period::Kind::kHalfYear);
    p.first = Month::from_index(get<int32_t>());
    p.last = Month::from_index(get<int32_t>());
    if (p.last < p.first) ok_ = false;
    return p;
  }
  // A count of records of at least `record_bytes` each.
  size_t get_count(size_t record_bytes) {
    const auto n = get<uint64_t>();
    if (n > rest_.size() / record_bytes) {
      ok_ = false;
      return 0;
    }
    return static_cast<size_t>(n);
  }
  void fail() { ok_ = false; }
  bool ok() const { return ok_; }
  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
  std::vector<std::string_view> strings_;
  std::vector<std::optional<std::string_view>> variants_;  // by string id
  uint32_t last_id_ = 0;
  bool ok_ = true;
};

constexpr size_t kPeriodBytes = 1 + 4 + 4;
constexpr size_t kFigureBytes = 1 + 4 + kPeriodBytes + 4 + (3 * sizeof(int64_t));
constexpr size_t kCellBytes = 1 + 4 + kPeriodBytes + 1 + 4 + 4 + (3 * sizeof(int64_t)) + 1;
constexpr size_t kSuppressedBytes = 1 + 4 + kPeriodBytes + 1 + 4 + 1;

// The payload: strings, variants, figures, exact cells, the public view's
// suppressions, the protection.
std::string payload_of(const PublishedRun& p) {
  Writer w;
  w.put(static_cast<uint32_t>(p.variants.size()));
  for (const std::string& v : p.variants)
    w.put_string(v);
  w.put(static_cast<uint64_t>(p.figures.size()));
  for (const measure::Figure& f : p.figures) {
    w.put_enum(f.indicator);
    w.put_string(f.variant);
    w.put_period(f.period);
    w.put(static_cast<int32_t>(f.ocmw.code()));
    w.put(f.numerator);
    w.put(f.denominator);
    w.put(f.pending);
  }
  w.put(static_cast<uint64_t>(p.exact.size()));
  for (const publish::PublishedFigure& c : p.exact) {
    w.put_enum(c.indicator);
    w.put_string(c.variant);
    w.put_period(c.period);
    w.put_enum(c.area.level);
    w.put_string(c.area.code);
    w.put_string(c.area.name);
    w.put(c.numerator);
    w.put(c.denominator);
    w.put(c.pending);
    w.put_enum(c.suppression);
  }
  // The public view is the exact table with the suppressed cells emptied
  // (publish::apply), so only which cells and why are stored.
  w.put(static_cast<uint8_t>(p.hidden.empty() ? 0 : 1));
  if (!p.hidden.empty()) {
    for (const publish::PublishedFigure& c : p.hidden)
      w.put_enum(c.suppression);
  }
  w.put(static_cast<uint8_t>(p.protection ? 1 : 0));
  if (p.protection) {
    w.put(static_cast<int32_t>(p.protection->k()));
    w.put(static_cast<uint64_t>(p.protection->cells().size()));
    for (const publish::SuppressedCell& s : p.protection->cells()) {
      w.put_enum(s.cell.indicator);
      w.put_string(s.cell.variant);
      w.put_period(s.cell.period);
      w.put_enum(s.cell.level);
      w.put_string(s.cell.code);
      w.put_enum(s.reason);
    }
  }
  return w.payload();
}

Status read_payload(std::string_view payload, PublishedRun& p) {
  Reader r(payload);
  r.read_strings();
  // Variants point into `p.variants`; a figure may only name one of them.
  const auto variant_count = r.get<uint32_t>();
  for (uint32_t i = 0; i < variant_count && r.ok(); ++i)
    r.mark_variant(*p.variants.emplace(r.get_string_id()).first);
  auto get_variant = [&] { return r.get_variant(); };
  constexpr auto kLastIndicator = measure::Indicator::kLeeflonersWithAction;
  p.figures.resize(r.get_count(kFigureBytes));
  for (measure::Figure& f : p.figures) {
    f.indicator = r.get_enum(kLastIndicator);
    f.variant = get_variant();
    f.period = r.get_period();
    auto nis = Nis::from_int(r.get<int32_t>());
    if (!nis) r.fail();
    f.ocmw = nis.value_or(Nis{});
    f.numerator = r.get<int64_t>();
    f.denominator = r.get<int64_t>();
    f.pending = r.get<int64_t>();
    if (!r.ok()) return damaged("a figure is malformed");
  }
  p.exact.resize(r.get_count(kCellBytes));
  for (publish::PublishedFigure& c : p.exact) {
    c.indicator = r.get_enum(kLastIndicator);
    c.variant = get_variant();
    c.period = r.get_period();
    c.area.level = r.get_enum(publish::Level::kFlanders);
    c.area.code = r.get_string();
    c.area.name = r.get_string();
    c.numerator = r.get<int64_t>();
    c.denominator = r.get<int64_t>();
    c.pending = r.get<int64_t>();
    c.suppression = r.get_enum(publish::Suppression::kSecondary);
    if (!r.ok()) return damaged("a cell is malformed");
  }
  if (r.get<uint8_t>() != 0) {
    p.hidden = p.exact;
    for (publish::PublishedFigure& c : p.hidden) {
      c.suppression = r.get_enum(publish::Suppression::kSecondary);
      if (c.suppressed()) {
        c.numerator = 0;
        c.pending = 0;
        c.denominator = 0;
      }
    }
    if (!r.ok()) return damaged("the public view is malformed");
  }
  if (r.get<uint8_t>() != 0) {
    const auto k = r.get<int32_t>();
    std::vector<publish::SuppressedCell> cells(r.get_count(kSuppressedBytes));
    for (publish::SuppressedCell& s : cells) {
      s.cell.indicator = r.get_enum(kLastIndicator);
      s.cell.variant = r.get_string();
      s.cell.period = r.get_period();
      s.cell.level = r.get_enum(publish::Level::kFlanders);
      s.cell.code = r.get_string();
      s.reason = r.get_enum(publish::Suppression::kSecondary);
      if (!r.ok() || s.reason == publish::Suppression::kNone) {
        return damaged("a suppressed cell is malformed");
      }
    }
    p.protection = publish::Protection(k, std::move(cells));
  }
  if (!r.ok() || !r.done()) return damaged("the tables do not end where the file does");
  return {};
}

}  // namespace

std::string published_file_name(const store::MeasureRun& run) {
  return fmt::format("run-{}.lapp", run.run_id);
}

std::string published_fingerprint(const store::MeasureRun& run, const geo::Registry& registry) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  auto add = [&](std::string_view s) {
    XXH3_64bits_update(state, s.data(), s.size());
    XXH3_64bits_update(state, "\n", 1);
  };
  for (const geo::Municipality& m : registry.all()) {
    add(m.nis.to_string());
    add(m.name);
    add(m.province.to_string());
    add(m.province_name);
    add(m.regiegebied);
    add(m.centrumstad ? "1" : "0");
  }
  const uint64_t areas = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return fmt::format("run {} of load {} created {}; areas {:016x}", run.run_id, run.load_id,
                     run.created_at, areas);
}

std::string encode_published_run(const PublishedRun& published, std::string_view fingerprint) {
  const std::string payload = payload_of(published);
  std::string out;
  out.reserve(kHeaderBytes + fingerprint.size() + payload.size());
  auto put = [&](auto v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); };
  out.append(kMagic.data(), kMagic.size());
  put(kPublishedFileVersion);
  put(kLayout);
  put(static_cast<uint64_t>(payload.size()));
  put(static_cast<uint64_t>(XXH3_64bits(payload.data(), payload.size())));
  put(static_cast<uint32_t>(fingerprint.size()));
  out.append(fingerprint);
  out.append(payload);
  return out;
}

Result<std::shared_ptr<PublishedRun>> decode_published_run(std::string_view bytes,
                                                           const store::MeasureRun& run,
                                                           std::string_view fingerprint) {
  Reader header(bytes);
  const std::string_view magic = header.get_bytes(kMagic.size());
  if (!header.ok() || magic != std::string_view(kMagic.data(), kMagic.size())) {
    return damaged("not a published-run file");
  }
  const auto version = header.get<uint32_t>();
  const auto layout = header.get<uint32_t>();
  if (header.ok() && (version != kPublishedFileVersion || layout != kLayout)) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("published-run file: version {} (this program writes {})",
                                  version, kPublishedFileVersion));
  }
  const auto size = header.get<uint64_t>();
  const auto checksum = header.get<uint64_t>();
  const std::string_view stored_fingerprint = header.get_bytes(header.get<uint32_t>());
  if (!header.ok()) return damaged("the header is cut off");
  if (stored_fingerprint != fingerprint) {
    return make_error(ErrorCode::kFailedPrecondition, "published-run file: made from other data");
  }
  const size_t header_size = kHeaderBytes + stored_fingerprint.size();
  const std::string_view payload = bytes.substr(header_size);
  if (payload.size() != size) return damaged("the file is not as long as its header says");
  if (XXH3_64bits(payload.data(), payload.size()) != checksum) {
    return damaged("the checksum does not match");
  }
  auto out = std::make_shared<PublishedRun>();
  out->run = run;
  if (auto s = read_payload(payload, *out); !s) return std::unexpected(s.error());
  return out;
}

Result<std::shared_ptr<PublishedRun>> read_published_run_file(const std::string& dir,
                                                              const store::MeasureRun& run,
                                                              const geo::Registry& registry) {
  const std::string name = published_file_name(run);
  auto bytes = store::read_published_file(dir, name);
  if (!bytes) return std::unexpected(bytes.error());
  if (!*bytes) return std::shared_ptr<PublishedRun>();
  auto decoded = decode_published_run((*bytes)->bytes, run, published_fingerprint(run, registry));
  if (!decoded) {
    store::remove_published_file(dir, name);  // another format or data, or damaged
    return std::shared_ptr<PublishedRun>();
  }
  return decoded;
}

Status write_published_run_file(const std::string& dir, const PublishedRun& published,
                                const geo::Registry& registry) {
  return store::save_published_file(
      dir, published_file_name(published.run),
      encode_published_run(published, published_fingerprint(published.run, registry)));
}

}  // namespace lap::server::api
