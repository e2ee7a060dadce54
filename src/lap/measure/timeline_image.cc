#include "lap/measure/timeline_image.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>

#include <fmt/format.h>

#include "lap/measure/bits.h"

namespace lap::measure {
namespace {

constexpr std::array<char, 8> kMagic{'L', 'A', 'P', 'T', 'I', 'M', 'E', 'L'};
constexpr size_t kAlign = 64;
constexpr size_t kSections = 12;

// The header, at the start of the image; the rest of its 512 bytes are zero.
struct Header {
  std::array<char, 8> magic;
  uint32_t version;
  uint32_t header_bytes;
  uint64_t layout;
  uint64_t total_bytes;
  uint64_t checksum;
  int32_t range_first;
  int32_t range_last;
  int32_t latest_work;
  uint32_t has_latest_work;
  uint32_t section_count;
  uint32_t fingerprint_bytes;
  struct Section {
    uint64_t offset;
    uint64_t count;  // elements, not bytes
  };
  std::array<Section, kSections> sections;
  std::array<char, kTimelineFingerprintMax + 1> fingerprint;
};
static_assert(sizeof(Header) <= kTimelineImageHeaderBytes);
static_assert(std::is_trivially_copyable_v<Header>);

constexpr size_t checksum_offset() {
  return offsetof(Header, checksum);
}

size_t aligned(size_t n) {
  return (n + kAlign - 1) / kAlign * kAlign;
}

// The byte order and the record sizes: an image of another machine or build
// whose records differ is refused instead of misread.
template <typename... T>
constexpr uint64_t layout_of() {
  uint64_t tag = 0x01020304;  // read back in another byte order, this differs
  ((tag = tag * 131 + sizeof(T) * 8 + alignof(T)), ...);
  return tag;
}

std::unexpected<Error> damaged(std::string_view what) {
  return make_error(ErrorCode::kIo, fmt::format("timeline image: {}", what));
}

}  // namespace

// The arrays of `Timelines` in image order, as (pointer, element count, element size).
struct TimelineImageSections {
  struct Piece {
    const std::byte* data;
    size_t count;
    size_t element;
  };
  static constexpr size_t kAliasBytes = sizeof(Timelines::Alias);
  static constexpr size_t kAliasAlign = alignof(Timelines::Alias);
  static std::array<Piece, kSections> of(const Timelines& t) {
    auto piece = [](auto s) {
      return Piece{reinterpret_cast<const std::byte*>(s.data()), s.size(), sizeof(s[0])};
    };
    const auto& v = t.view_;
    return {
        piece(v.keys),      piece(v.aliases),           piece(v.ocmws),  piece(v.words),
        piece(v.leefloner), piece(v.leefloner_offsets), piece(v.cat05),  piece(v.cat05_offsets),
        piece(v.measures),  piece(v.measure_offsets),   piece(v.starts), piece(v.start_offsets)};
  }
};

namespace {

uint64_t layout() {
  static_assert(
      std::is_trivially_copyable_v<PersonKey> && std::is_trivially_copyable_v<Nis> &&
      std::is_trivially_copyable_v<LeeflonerSpan> && std::is_trivially_copyable_v<Cat05Span> &&
      std::is_trivially_copyable_v<MeasureSpan> && std::is_trivially_copyable_v<EntitlementStart>);
  return layout_of<PersonKey, Nis, uint64_t, LeeflonerSpan, uint32_t, Cat05Span, MeasureSpan,
                   EntitlementStart, Header>() *
             31 +
         TimelineImageSections::kAliasBytes * 8 + TimelineImageSections::kAliasAlign;
}

}  // namespace

size_t TimelineImage::size(const Timelines& t) {
  size_t at = kTimelineImageHeaderBytes;
  for (const auto& p : TimelineImageSections::of(t))
    at = aligned(at + p.count * p.element);
  return at;
}

Status TimelineImage::write(const Timelines& t, std::string_view fingerprint, const Sink& out) {
  if (fingerprint.size() > kTimelineFingerprintMax) {
    return make_error(ErrorCode::kInvalidArgument, "timeline image: the fingerprint is too long");
  }
  const auto pieces = TimelineImageSections::of(t);
  Header h{};
  h.magic = kMagic;
  h.version = kTimelineImageVersion;
  h.header_bytes = kTimelineImageHeaderBytes;
  h.layout = layout();
  h.range_first = t.range().first().index();
  h.range_last = t.range().last().index();
  if (auto w = t.latest_work_month()) {
    h.has_latest_work = 1;
    h.latest_work = w->index();
  }
  h.section_count = kSections;
  h.fingerprint_bytes = static_cast<uint32_t>(fingerprint.size());
  std::memcpy(h.fingerprint.data(), fingerprint.data(), fingerprint.size());
  size_t at = kTimelineImageHeaderBytes;
  for (size_t i = 0; i < kSections; ++i) {
    h.sections[i] = {at, pieces[i].count};
    at = aligned(at + pieces[i].count * pieces[i].element);
  }
  h.total_bytes = at;

  std::array<std::byte, kTimelineImageHeaderBytes> head{};
  static const std::array<std::byte, kAlign> kZeros{};
  // Every byte of the image in order, to `emit`.
  auto each_piece = [&](auto&& emit) -> Status {
    std::memcpy(head.data(), &h, sizeof(h));
    if (auto s = emit(std::span<const std::byte>(head)); !s) return s;
    size_t pos = kTimelineImageHeaderBytes;
    for (const auto& p : pieces) {
      const size_t bytes = p.count * p.element;
      if (bytes > 0) {
        if (auto s = emit(std::span<const std::byte>(p.data, bytes)); !s) return s;
      }
      pos += bytes;
      if (const size_t pad = aligned(pos) - pos; pad > 0) {
        if (auto s = emit(std::span<const std::byte>(kZeros.data(), pad)); !s) return s;
        pos += pad;
      }
    }
    return {};
  };
  XXH3_state_t* state = XXH3_createState();
  if (state == nullptr) throw std::bad_alloc();
  XXH3_64bits_reset(state);
  (void)each_piece([&](std::span<const std::byte> b) -> Status {
    XXH3_64bits_update(state, b.data(), b.size());
    return {};
  });
  h.checksum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return each_piece(out);
}

Result<Timelines> TimelineImage::open(std::shared_ptr<const void> owner,
                                      std::span<const std::byte> image,
                                      std::string_view fingerprint) {
  if (image.size() < kTimelineImageHeaderBytes) return damaged("shorter than its header");
  if (reinterpret_cast<uintptr_t>(image.data()) % kAlign != 0) {
    return make_error(ErrorCode::kInternal, "timeline image: not aligned in memory");
  }
  Header h{};
  std::memcpy(&h, image.data(), sizeof(h));
  if (h.magic != kMagic) return damaged("not a timeline image");
  if (h.version != kTimelineImageVersion || h.layout != layout() ||
      h.header_bytes != kTimelineImageHeaderBytes || h.section_count != kSections) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("timeline image: format {} of another layout; this build "
                                  "reads format {}",
                                  h.version, kTimelineImageVersion));
  }
  if (h.total_bytes != image.size()) return damaged("its size is not the size recorded");
  if (h.fingerprint_bytes > kTimelineFingerprintMax ||
      std::string_view(h.fingerprint.data(), h.fingerprint_bytes) != fingerprint) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "timeline image: made from other data than asked for");
  }
  {
    const uint64_t zero = 0;
    XXH3_state_t* state = XXH3_createState();
    if (state == nullptr) throw std::bad_alloc();
    XXH3_64bits_reset(state);
    XXH3_64bits_update(state, image.data(), checksum_offset());
    XXH3_64bits_update(state, &zero, sizeof(zero));
    const size_t rest = checksum_offset() + sizeof(zero);
    XXH3_64bits_update(state, image.data() + rest, image.size() - rest);
    const uint64_t sum = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    if (sum != h.checksum) return damaged("its checksum does not match (damaged)");
  }
  const MonthRange range(Month::from_index(h.range_first), Month::from_index(h.range_last));
  if (range.empty() || range.size() > 64 * bits::kMaxWords)
    return damaged("its month range is invalid");
  Timelines t(range);
  if (h.has_latest_work != 0) t.latest_work_ = Month::from_index(h.latest_work);

  size_t i = 0;
  bool in_bounds = true;
  auto section = [&]<typename T>(std::span<const T>& view) {
    const auto& s = h.sections[i++];
    if (s.offset % kAlign != 0 || s.offset < kTimelineImageHeaderBytes || s.offset > image.size() ||
        s.count > (image.size() - s.offset) / sizeof(T)) {
      in_bounds = false;
      return;
    }
    view = std::span<const T>(reinterpret_cast<const T*>(image.data() + s.offset), s.count);
  };
  auto& v = t.view_;
  section(v.keys);
  section(v.aliases);
  section(v.ocmws);
  section(v.words);
  section(v.leefloner);
  section(v.leefloner_offsets);
  section(v.cat05);
  section(v.cat05_offsets);
  section(v.measures);
  section(v.measure_offsets);
  section(v.starts);
  section(v.start_offsets);
  if (!in_bounds) return damaged("an array lies outside the image");

  const size_t persons = v.keys.size();
  if (v.words.size() != persons * kColumnCount * static_cast<size_t>(t.words())) {
    return damaged("the month bits do not fit the persons");
  }
  // Each person's spans: offsets 0 .. size, never decreasing.
  auto offsets_fit = [persons](std::span<const uint32_t> off, size_t size) {
    if (off.size() != persons + 1 || off.front() != 0 || off.back() != size) return false;
    return std::is_sorted(off.begin(), off.end());
  };
  if (!offsets_fit(v.leefloner_offsets, v.leefloner.size()) ||
      !offsets_fit(v.cat05_offsets, v.cat05.size()) ||
      !offsets_fit(v.measure_offsets, v.measures.size()) ||
      !offsets_fit(v.start_offsets, v.starts.size())) {
    return damaged("a person's spans lie outside their array");
  }
  for (const auto& a : v.aliases) {
    if (a.person >= persons) return damaged("an alias names no person");
  }
  t.image_ = std::move(owner);
  t.image_bytes_ = image.size();
  return t;
}

}  // namespace lap::measure
