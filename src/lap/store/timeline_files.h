// Timeline files: the measurement timelines of a data load (and link run and
// months), written once as a timeline image (measure/timeline_image.h) and
// memory-mapped read-only by every later command, so that none rebuilds them
// from the fact tables (docs/storage.md, "Timeline files").
//
// Where: `<file>.timelines/` beside an SQLite database; for PostgreSQL a
// directory in the user's cache (`$XDG_CACHE_HOME/lap/timelines/<hash of the
// URL>`, else `~/.cache/...`); `$LAP_TIMELINE_DIR` overrides both, and
// `LAP_TIMELINE_DIR=off` turns the files off. Directories are created 0700 and
// files 0600: the timelines hold pseudonyms.
//
// A file is written to a temporary name, flushed and renamed, so a reader sees
// a whole image or none, also after a crash. Each file carries the fingerprint
// of what it was built from; one that does not match, is of another format or
// is damaged is removed and rebuilt. At most `kKeptTimelineFiles` files stay
// in a directory: the least recently used go first.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lap/core/error.h"
#include "lap/measure/timeline.h"

namespace lap::store {

inline constexpr size_t kKeptTimelineFiles = 6;
inline constexpr size_t kKeptPublishedFiles = 6;

// The directory of a database's timeline files; nullopt when they are off
// (`LAP_TIMELINE_DIR=off`, or an in-memory SQLite database).
std::optional<std::string> timeline_dir(std::string_view database_url);

// The timelines in `dir/name`, mapped read-only; nullopt when there is no such
// file or it must be rebuilt (it is then removed). Errors only when the
// directory cannot be read at all.
Result<std::optional<measure::Timelines>> map_timeline_file(const std::string& dir,
                                                            const std::string& name,
                                                            std::string_view fingerprint);

// Writes `t` as `dir/name` (replacing any), then removes the least recently
// used files beyond kKeptTimelineFiles and temporary files of writers that
// died. kIo when the directory or file cannot be written.
Status save_timeline_file(const std::string& dir, const std::string& name,
                          std::string_view fingerprint, const measure::Timelines& t);

// Published-run files (`*.lapp`, lap/server/api/published_file.h) live in the
// same directory, written the same way and kept to kKeptPublishedFiles.
// A file mapped read-only; `owner` keeps the mapping for as long as `bytes`
// is used.
struct MappedFile {
  std::shared_ptr<const void> owner;
  std::string_view bytes;
};
// The bytes of `dir/name`, marked as recently used; nullopt when there is no
// such file.
Result<std::optional<MappedFile>> read_published_file(const std::string& dir,
                                                      const std::string& name);
Status save_published_file(const std::string& dir, const std::string& name, std::string_view bytes);
// Removes `dir/name` (one found damaged or stale); no error when it is gone.
void remove_published_file(const std::string& dir, const std::string& name);

}  // namespace lap::store
