// Secrets of the web application, all through libsodium: argon2id password
// hashes, random session and CSRF tokens, and the SHA-256 under which a
// session token is stored.
#pragma once

#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap::server::auth {

// The argon2id hash of `password` in libsodium's encoded form (salt and
// parameters included; "interactive" limits: 2 passes over 64 MiB).
// kInvalidArgument for a password shorter than 12 or longer than 1024 bytes.
Result<std::string> hash_password(std::string_view password);
// Whether `password` matches `encoded` (false for a malformed hash).
bool verify_password(std::string_view encoded, std::string_view password);
// The minimum password length of `hash_password`.
inline constexpr std::size_t kMinPasswordLength = 12;

// A random one-time password of 16 characters from an alphabet without look-alikes (no 0/O,
// 1/l/I): what an administrator's password reset hands to the user.
std::string random_password();
// 32 random bytes, URL-safe base64 without padding (43 characters).
std::string random_token();
// Lower-case hex SHA-256 of `text`.
std::string sha256_hex(std::string_view text);
// Compares in time independent of where the texts differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace lap::server::auth
