#include "lap/link/pseudonym.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace lap::link {
namespace {

constexpr size_t kRefBytes = 16;
constexpr std::string_view kFingerprintInput = "lap pseudonym key fingerprint";
constexpr std::string_view kRowHashPrefix = "lap row hash:";

bool sodium_ready() {
  static const bool kReady = sodium_init() >= 0;
  return kReady;
}

std::string hex(const uint8_t* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::string hmac_hex(const PseudonymKey& key, std::string_view message, size_t bytes) {
  std::array<uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.data());
  std::string out = hex(mac.data(), bytes);
  sodium_memzero(mac.data(), mac.size());
  return out;
}

Result<PseudonymKey> read_key_file(const std::string& path, int fd) {
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("{}: other users may read the pseudonym key (mode {:04o}). "
                                  "Allow its owner only: chmod 600 {}",
                                  path, st.st_mode & 07777, path));
  }
  std::string text(256, '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) return make_error(ErrorCode::kIo, fmt::format("{}: cannot read the key file", path));
  text.resize(static_cast<size_t>(n));
  auto key = key_from_hex(text);
  sodium_memzero(text.data(), text.size());
  if (!key) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: a key file must hold 64 hex characters", path));
  }
  return key;
}

}  // namespace

Pseudonymiser::Pseudonymiser(const PseudonymKey& key) : key_(key) {
  static_assert(sizeof(PseudonymKey) == crypto_auth_hmacsha256_KEYBYTES);
  sodium_ready();
}

Pseudonymiser::~Pseudonymiser() {
  sodium_memzero(key_.data(), key_.size());
}

std::string Pseudonymiser::person_ref(const Insz& insz) const {
  return person_ref(insz.digits());
}

std::string Pseudonymiser::person_ref(std::string_view digits11) const {
  return hmac_hex(key_, digits11, kRefBytes);
}

PersonRefBytes Pseudonymiser::person_ref_bytes(std::string_view digits11) const {
  std::array<uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(digits11.data()),
                         digits11.size(), key_.data());
  PersonRefBytes out{};
  std::copy_n(mac.begin(), out.size(), out.begin());
  sodium_memzero(mac.data(), mac.size());
  return out;
}

PersonRefBytes Pseudonymiser::surrogate_ref_bytes(uint64_t vdab_client_id) const {
  return person_ref_bytes(fmt::format("vdab-client:{}", vdab_client_id));
}

std::array<uint8_t, 16> Pseudonymiser::row_hash(const std::array<uint8_t, 16>& content_hash) const {
  std::array<uint8_t, kRowHashPrefix.size() + 16> message{};
  std::copy(kRowHashPrefix.begin(), kRowHashPrefix.end(), message.begin());
  std::copy(content_hash.begin(), content_hash.end(), message.begin() + kRowHashPrefix.size());
  std::array<uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), message.data(), message.size(), key_.data());
  std::array<uint8_t, 16> out{};
  std::copy_n(mac.begin(), out.size(), out.begin());
  sodium_memzero(mac.data(), mac.size());
  return out;
}

std::string Pseudonymiser::key_fingerprint() const {
  return hmac_hex(key_, kFingerprintInput, 8);
}

Result<PseudonymKey> key_from_hex(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  PseudonymKey key{};
  size_t len = 0;
  const char* end = nullptr;
  if (text.size() != key.size() * 2 ||
      sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, &end) != 0 ||
      len != key.size() || end != text.data() + text.size()) {
    sodium_memzero(key.data(), key.size());
    return make_error(ErrorCode::kInvalidArgument, "a pseudonym key is 64 hex characters");
  }
  return key;
}

Result<PseudonymKey> load_or_create_key(const std::string& path) {
  if (!sodium_ready()) return make_error(ErrorCode::kInternal, "libsodium cannot be initialised");
  if (const char* env = std::getenv(kPseudonymKeyEnv); env != nullptr && *env != '\0') {
    auto key = key_from_hex(env);
    if (!key) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("{} must hold 64 hex characters", kPseudonymKeyEnv));
    }
    return key;
  }
  if (path.empty()) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("no pseudonym key: set {} (64 hex characters) or "
                                  "LAP_PSEUDONYM_KEY_FILE (a key file, created by the first "
                                  "import when absent)",
                                  kPseudonymKeyEnv));
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) return read_key_file(path, fd);
    if (errno != ENOENT) {
      return make_error(ErrorCode::kIo, fmt::format("{}: cannot open the key file: {}", path,
                                                    std::strerror(errno)));
    }
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) continue;  // created meanwhile by another process: read it
      return make_error(ErrorCode::kIo, fmt::format("{}: cannot create the key file: {}", path,
                                                    std::strerror(errno)));
    }
    PseudonymKey key{};
    randombytes_buf(key.data(), key.size());
    std::string text = hex(key.data(), key.size()) + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    sodium_memzero(text.data(), text.size());
    if (!ok) {
      ::unlink(path.c_str());
      return make_error(ErrorCode::kIo, fmt::format("{}: cannot write the key file", path));
    }
    return key;
  }
  return make_error(ErrorCode::kIo, fmt::format("{}: cannot open the key file", path));
}

}  // namespace lap::link
