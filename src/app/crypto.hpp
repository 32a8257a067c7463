// libsodium in one place: password hashes (argon2id), random tokens, SHA-256.
#pragma once

#include <string>
#include <string_view>

namespace relais::app {

// argon2id (12 MiB, 3 passes); the result embeds its parameters and salt, so hashes made
// with other limits still verify.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);

// `bytes` random bytes, base64url without padding.
std::string random_token(std::size_t bytes = 32);

std::string sha256_hex(std::string_view data);
// HMAC-SHA-256 of `data` under `key`, as 64 hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Compares two secrets in a time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace relais::app
