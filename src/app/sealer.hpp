// Encrypts the few personal or sensitive fields kept at rest (PUK codes, referral notes,
// residents' first names and contact numbers) with XChaCha20-Poly1305 under the installation's
// key, kept outside the database in a key file.
//
// The key file holds a ring of keys, 32 bytes each, the current one first: a value is sealed
// with the current key and opened with any key of the ring, so that `relais keys rotate` can
// put a new key first, re-seal every value under it while the servers keep running, then drop
// the old one (app/keys.hpp). A server reads the file again when it changes (looked at no more
// than once a second, and at once when a value opens with none of its keys).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais::app {

using Key = std::array<unsigned char, 32>;

class Sealer {
 public:
  // The keys of the key file at `path`, created (one random key, mode 0600) when absent.
  static Sealer from_key_file(const std::string& path);
  // The same for a database: refuses to create a new key when the database already holds
  // sealed values (its key file was lost or not copied with it), instead of hiding them.
  static Sealer for_database(const std::string& database_path, bool holds_sealed_values);
  // For tests: fixed keys, the current one first, read from no file.
  static Sealer with_key(const Key& key);
  static Sealer with_keys(std::vector<Key> keys);

  // nonce || ciphertext || tag, as bytes. `context` binds the value to its place (a row's
  // table, column and id): opened with another context, it does not open.
  std::string seal(std::string_view plain, std::string_view context = {}) const;
  // nullopt when the bytes were not sealed with a key of the ring and this context, or were
  // altered.
  std::optional<std::string> open(std::string_view sealed, std::string_view context = {}) const;
  // Whether the bytes open with the current key (rotation skips them).
  bool sealed_with_current(std::string_view sealed, std::string_view context = {}) const;
  // The key file's path; empty for a sealer made from keys.
  const std::string& path() const;
  // Reads the key file again now.
  void reload() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// The contexts that bind a card's PUK to its ICCID and a referral's note to its pseudonym: a
// value copied to another row does not open there (DESIGN rule 4).
inline constexpr std::string_view kPukContext = "sims.puk:";
std::string puk_context(std::string_view iccid);
std::string note_context(std::string_view pseudonym);

// Where the key of a database lives: RELAIS_KEY_FILE, or beside the database ("relais.db.key").
std::string key_file_for(const std::string& database_path);

// Reads a key file: one or more keys of 32 bytes, the current one first.
std::vector<Key> read_key_file(const std::string& path);
// Writes a key file whole (a new file, mode 0600, renamed over the old one).
void write_key_file(const std::string& path, const std::vector<Key>& keys);

}  // namespace relais::app
