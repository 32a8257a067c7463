#include "app/sealer.hpp"
#include "store/store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"

namespace relais::app {

Sealer Sealer::with_key(const std::array<unsigned char, 32>& key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  Sealer s;
  s.key_ = key;
  return s;
}

Sealer Sealer::from_key_file(const std::string& path) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, 32> key{};
  if (std::filesystem::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(key.data()), key.size());
    if (in.gcount() != static_cast<std::streamsize>(key.size())) {
      throw std::runtime_error("key file " + path + " is not 32 bytes");
    }
  } else {
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    // Created readable by its owner only from the start; O_EXCL: if another process made the
    // key meanwhile, use that one rather than replace it.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno == EEXIST) return from_key_file(path);
    if (fd < 0) throw std::runtime_error("cannot create key file " + path);
    bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
    ::close(fd);
    if (!written) throw std::runtime_error("cannot write key file " + path);
  }
  return with_key(key);
}

namespace {

// Random nonces drawn a thousand at a time: the system's random source costs a system call per
// draw, and a batch import seals a PUK per card.
void random_nonce(unsigned char* out) {
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  thread_local std::array<unsigned char, kNonce * 1024> pool;
  thread_local std::size_t used = pool.size();
  if (used == pool.size()) {
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  std::memcpy(out, pool.data() + used, kNonce);
  sodium_memzero(pool.data() + used, kNonce);
  used += kNonce;
}

}  // namespace

std::string Sealer::seal(std::string_view plain) const {
  constexpr auto kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr auto kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  std::string out(kNonce + plain.size() + kTag, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  random_nonce(bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(bytes + kNonce, &written,
                                             reinterpret_cast<const unsigned char*>(plain.data()),
                                             plain.size(), nullptr, 0, nullptr, bytes, key_.data());
  out.resize(kNonce + written);
  return out;
}

std::optional<std::string> Sealer::open(std::string_view sealed) const {
  constexpr auto kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr auto kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string plain(sealed.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, bytes + kNonce,
          sealed.size() - kNonce, nullptr, 0, bytes, key_.data()) != 0) {
    return std::nullopt;
  }
  plain.resize(written);
  return plain;
}

Sealer Sealer::for_database(const std::string& database_path, bool holds_sealed_values) {
  const std::string path = key_file_for(database_path);
  if (holds_sealed_values && !std::filesystem::exists(path)) {
    throw Error(ErrorKind::kInternal, "key_file_missing", {path});
  }
  return from_key_file(path);
}

std::string key_file_for(const std::string& database_path) {
  if (const char* env = std::getenv("RELAIS_KEY_FILE"); env && *env) return env;
  // A PostgreSQL database has no folder of its own, and every server of it needs the same key:
  // its file is named, never guessed.
  if (store::is_postgres_location(database_path)) {
    throw Error(ErrorKind::kInternal, "key_file_required");
  }
  return database_path + ".key";
}

}  // namespace relais::app
