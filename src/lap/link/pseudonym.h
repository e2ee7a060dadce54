// Pseudonyms of persons (domain.md §2): measurement data never holds an INSZ, only
// `person_ref`, a keyed hash of it.
//
// person_ref = the first 16 bytes of HMAC-SHA-256(key, the 11 INSZ digits),
// written as 32 lowercase hex characters. The 32-byte key is deployment
// configuration: never in the repository, never in a log or message. Without
// the key a pseudonym cannot be recomputed from an INSZ; with another key every
// pseudonym differs, so a database must always be used with the same key.
//
// `Pseudonymiser` is immutable after construction and safe to share between
// threads. It wipes its copy of the key on destruction.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "lap/core/error.h"
#include "lap/core/insz.h"
#include "lap/core/pseudonym.h"

namespace lap::link {

using PseudonymKey = std::array<uint8_t, 32>;
// The 16 bytes of a person_ref (its hex text is `person_ref`): the core type.
using PersonRefBytes = Pseudonym;

// The environment variable that holds the key (64 hex characters); it takes
// precedence over a key file.
inline constexpr const char* kPseudonymKeyEnv = "LAP_PSEUDONYM_KEY";

class Pseudonymiser {
 public:
  explicit Pseudonymiser(const PseudonymKey& key);
  ~Pseudonymiser();
  Pseudonymiser(const Pseudonymiser& other) = default;
  Pseudonymiser& operator=(const Pseudonymiser& other) = default;

  // 32 lowercase hex characters.
  std::string person_ref(const Insz& insz) const;
  // Same for an INSZ given as its 11 digits (no separators).
  std::string person_ref(std::string_view digits11) const;
  // The same pseudonym as bytes.
  PersonRefBytes person_ref_bytes(std::string_view digits11) const;
  // The stable surrogate pseudonym of a VDAB client that has no usable INSZ
  // (identity resolution, docs/linking.md): the keyed hash of
  // "vdab-client:<id>". It never equals the pseudonym of an INSZ, whose
  // message is 11 digits.
  PersonRefBytes surrogate_ref_bytes(uint64_t vdab_client_id) const;
  // The stored row hash of a fact or identity row: a keyed hash of the row's
  // content hash (formats::hash_canonical, which covers the INSZ). Without the
  // key a stored row hash cannot be recomputed from a guessed INSZ; it never
  // equals a pseudonym (another message prefix).
  std::array<uint8_t, 16> row_hash(const std::array<uint8_t, 16>& content_hash) const;
  // A pseudonym of the key itself (16 hex characters): lets a database notice
  // that it is opened with another key than it was built with, without storing
  // anything from which the key could be recovered.
  std::string key_fingerprint() const;

 private:
  PseudonymKey key_;
};

// Parses 64 hex characters (surrounding white space ignored).
Result<PseudonymKey> key_from_hex(std::string_view hex);

// The key for a deployment: from $LAP_PSEUDONYM_KEY when set; else read from
// `path` (64 hex characters); else, when `path` does not exist, a new random
// key written to `path` with mode 0600. Errors: a malformed key (kInvalidArgument,
// the message never shows the key) or a file that cannot be read or created (kIo).
Result<PseudonymKey> load_or_create_key(const std::string& path);

}  // namespace lap::link
