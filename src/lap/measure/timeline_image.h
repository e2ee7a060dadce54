// The timelines as one flat, checksummed image (docs/storage.md, "Timeline
// files"): written once per data load, then used in place — typically from a
// read-only memory mapping — so that no command rebuilds them.
//
// An image is a 512-byte header followed by the arrays of `Timelines`, each
// starting on a 64-byte boundary, in the machine's own byte order:
//
//   magic "LAPTIMEL", format version, a layout tag (byte order and the sizes of
//   the stored records), total size, XXH3-64 checksum of the whole image (with
//   the checksum field zero), the month range, the latest work month, the
//   offset and length of each of the 12 arrays, and a fingerprint: the caller's
//   text naming what the timelines were built from (load, link run, months).
//
// Opening checks all of it (magic, version, layout, size, checksum,
// fingerprint, bounds, and that every person's offsets are ordered) before the
// first read; a mismatch is an error, never a crash or a wrong answer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "lap/core/error.h"
#include "lap/measure/timeline.h"

namespace lap::measure {

inline constexpr uint32_t kTimelineImageVersion = 1;
inline constexpr size_t kTimelineImageHeaderBytes = 512;
inline constexpr size_t kTimelineFingerprintMax = 255;

class TimelineImage {
 public:
  // Receives consecutive pieces of an image.
  using Sink = std::function<Status(std::span<const std::byte>)>;

  // The image's size in bytes.
  static size_t size(const Timelines& t);

  // Writes `t` with `fingerprint` (at most kTimelineFingerprintMax bytes) to
  // `out`, header first. The timelines are read twice (checksum, then bytes).
  static Status write(const Timelines& t, std::string_view fingerprint, const Sink& out);

  // Timelines that read `image` in place; `owner` keeps its memory alive (a
  // mapping, a buffer) for as long as the timelines or any copy of the pointer
  // live. `image` must start on a 64-byte boundary. kFailedPrecondition when
  // the image is of another version or layout or was made for another
  // fingerprint (so: rebuild); kIo when it is damaged.
  static Result<Timelines> open(std::shared_ptr<const void> owner, std::span<const std::byte> image,
                                std::string_view fingerprint);
};

}  // namespace lap::measure
