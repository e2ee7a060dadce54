#include "lap/server/auth/password.h"

#include <array>
#include <semaphore>
#include <stdexcept>

#include <fmt/format.h>
#include <sodium.h>

namespace lap::server::auth {
namespace {

void ensure_sodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) throw std::runtime_error("libsodium could not be initialised");
}

// Each Argon2id computation takes 64 MiB for about a tenth of a second: at most
// two at a time, so a burst of sign-ins bounds the server's memory (and CPU)
// instead of multiplying it; further sign-ins wait for a slot.
std::counting_semaphore<2>& argon2_slots() {
  static std::counting_semaphore<2> slots(2);
  return slots;
}

class Argon2Slot {
 public:
  Argon2Slot() { argon2_slots().acquire(); }
  ~Argon2Slot() { argon2_slots().release(); }
  Argon2Slot(const Argon2Slot&) = delete;
  Argon2Slot& operator=(const Argon2Slot&) = delete;
};

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  ensure_sodium();
  if (password.size() < kMinPasswordLength) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("a password has at least {} characters", kMinPasswordLength));
  }
  if (password.size() > 1024) {
    return make_error(ErrorCode::kInvalidArgument, "a password has at most 1024 characters");
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  Argon2Slot slot;
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return make_error(ErrorCode::kInternal, "out of memory while hashing a password");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view encoded, std::string_view password) {
  ensure_sodium();
  if (encoded.size() >= crypto_pwhash_STRBYTES || password.size() > 1024) return false;
  std::array<char, crypto_pwhash_STRBYTES> str{};
  encoded.copy(str.data(), encoded.size());
  Argon2Slot slot;
  return crypto_pwhash_str_verify(str.data(), password.data(), password.size()) == 0;
}

std::string random_password() {
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

std::string random_token() {
  ensure_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 64> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(text.data());
}

std::string sha256_hex(std::string_view text) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace lap::server::auth
