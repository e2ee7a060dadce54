#include "lap/store/sql/audit_chain.h"

#include <sodium.h>

#include <array>

#include <fmt/format.h>

namespace lap::store::sql {

std::string audit_row_hash(std::string_view previous, int64_t id, std::string_view at,
                           const AuditEntry& entry) {
  const std::string id_text = std::to_string(id);
  std::string text;
  for (std::string_view field :
       {previous, std::string_view(id_text), at, std::string_view(entry.actor),
        std::string_view(entry.role), std::string_view(entry.person_ref),
        std::string_view(entry.action), std::string_view(entry.purpose)}) {
    text += fmt::format("{}:", field.size());
    text += field;
    text += '\n';
  }
  static const bool kReady = sodium_init() >= 0;
  (void)kReady;
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

}  // namespace lap::store::sql
