// Encrypts the few personal or sensitive fields kept at rest (PUK codes now, residents' fields
// later) with XChaCha20-Poly1305 under one key per installation.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace relais::app {

class Sealer {
 public:
  // The key of the key file at `path`, created (32 random bytes, mode 0600) when absent.
  static Sealer from_key_file(const std::string& path);
  // The same for a database: refuses to create a new key when the database already holds
  // sealed PUKs (its key file was lost or not copied with it), instead of hiding them.
  static Sealer for_database(const std::string& database_path, bool holds_sealed_values);
  // For tests: a fixed key.
  static Sealer with_key(const std::array<unsigned char, 32>& key);

  // nonce || ciphertext || tag, as bytes.
  std::string seal(std::string_view plain) const;
  // nullopt when the bytes were not sealed with this key or were altered.
  std::optional<std::string> open(std::string_view sealed) const;

 private:
  std::array<unsigned char, 32> key_{};
};

// Where the key of a database lives: RELAIS_KEY_FILE, or beside the database ("relais.db.key").
std::string key_file_for(const std::string& database_path);

}  // namespace relais::app
