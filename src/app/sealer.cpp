#include "app/sealer.hpp"
#include "store/store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "core/error.hpp"

namespace relais::app {

struct Sealer::State {
  std::string path;
  std::mutex mutex;
  std::vector<Key> keys;  // current first
  struct timespec modified {};
  std::atomic<std::int64_t> next_look{0};  // steady clock, milliseconds
};

namespace {

constexpr auto kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr auto kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct timespec modified_time(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return st.st_mtim;
}

bool same_time(const struct timespec& a, const struct timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// Random nonces drawn a thousand at a time: the system's random source costs a system call per
// draw, and a batch import seals a PUK per card.
void random_nonce(unsigned char* out) {
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

std::optional<std::string> open_with(const Key& key, std::string_view sealed,
                                     std::string_view context) {
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string plain(sealed.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, bytes + kNonce,
          sealed.size() - kNonce, reinterpret_cast<const unsigned char*>(context.data()),
          context.size(), bytes, key.data()) != 0) {
    return std::nullopt;
  }
  plain.resize(written);
  return plain;
}

Key current_key(Sealer::State& s) {
  std::lock_guard lock(s.mutex);
  return s.keys.front();
}

std::vector<Key> keys_of(Sealer::State& s) {
  std::lock_guard lock(s.mutex);
  return s.keys;
}

// Reads the file again when it changed since it was last read (looked at no more than once a
// second unless `now`).
void refresh(Sealer::State& s, bool now) {
  if (s.path.empty()) return;
  const std::int64_t t = now_ms();
  if (!now && t < s.next_look.load(std::memory_order_relaxed)) return;
  s.next_look.store(t + 1000, std::memory_order_relaxed);
  const struct timespec m = modified_time(s.path);
  {
    std::lock_guard lock(s.mutex);
    if (same_time(m, s.modified)) return;
  }
  std::vector<Key> keys;
  try {
    keys = read_key_file(s.path);
  } catch (const std::exception&) {
    return;  // being replaced: keep the keys in hand
  }
  std::lock_guard lock(s.mutex);
  s.keys = std::move(keys);
  s.modified = m;
}

}  // namespace

std::vector<Key> read_key_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read key file " + path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty() || bytes.size() % 32 != 0 || bytes.size() > 32 * 16) {
    throw std::runtime_error("key file " + path + " is not a list of 32-byte keys");
  }
  std::vector<Key> keys(bytes.size() / 32);
  for (std::size_t i = 0; i < keys.size(); ++i) std::memcpy(keys[i].data(), bytes.data() + 32 * i, 32);
  sodium_memzero(bytes.data(), bytes.size());
  return keys;
}

void write_key_file(const std::string& path, const std::vector<Key>& keys) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  const std::string tmp = path + ".new";
  std::filesystem::remove(tmp);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create key file " + tmp);
  bool written = true;
  for (const auto& k : keys) written = written && ::write(fd, k.data(), k.size()) == 32;
  written = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) throw std::runtime_error("cannot write key file " + tmp);
  std::filesystem::rename(tmp, path);
}

Sealer Sealer::with_keys(std::vector<Key> keys) {
  init_sodium();
  if (keys.empty()) throw std::runtime_error("a sealer needs a key");
  Sealer s;
  s.state_ = std::make_shared<State>();
  s.state_->keys = std::move(keys);
  return s;
}

Sealer Sealer::with_key(const Key& key) { return with_keys({key}); }

Sealer Sealer::from_key_file(const std::string& path) {
  init_sodium();
  if (!std::filesystem::exists(path)) {
    Key key{};
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    // Created readable by its owner only from the start; O_EXCL: if another process made the
    // key meanwhile, use that one rather than replace it.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
      bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
      ::close(fd);
      if (!written) throw std::runtime_error("cannot write key file " + path);
    } else if (errno != EEXIST) {
      throw std::runtime_error("cannot create key file " + path);
    }
  }
  Sealer s = with_keys(read_key_file(path));
  s.state_->path = path;
  s.state_->modified = modified_time(path);
  s.state_->next_look = now_ms() + 1000;
  return s;
}

std::string Sealer::seal(std::string_view plain, std::string_view context) const {
  refresh(*state_, false);
  const Key key = current_key(*state_);
  std::string out(kNonce + plain.size() + kTag, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  random_nonce(bytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      bytes + kNonce, &written, reinterpret_cast<const unsigned char*>(plain.data()),
      plain.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
      nullptr, bytes, key.data());
  out.resize(kNonce + written);
  return out;
}

std::optional<std::string> Sealer::open(std::string_view sealed, std::string_view context) const {
  refresh(*state_, false);
  for (const auto& key : keys_of(*state_)) {
    if (auto plain = open_with(key, sealed, context)) return plain;
  }
  // Sealed under a key this process has not read yet (a rotation began): read the file now.
  if (state_->path.empty()) return std::nullopt;
  refresh(*state_, true);
  for (const auto& key : keys_of(*state_)) {
    if (auto plain = open_with(key, sealed, context)) return plain;
  }
  return std::nullopt;
}

bool Sealer::sealed_with_current(std::string_view sealed, std::string_view context) const {
  const Key key = current_key(*state_);
  return open_with(key, sealed, context).has_value();
}

const std::string& Sealer::path() const { return state_->path; }

void Sealer::reload() const { refresh(*state_, true); }

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

std::string puk_context(std::string_view iccid) {
  return std::string(kPukContext) + std::string(iccid);
}
std::string note_context(std::string_view pseudonym) {
  return "referrals.note:" + std::string(pseudonym);
}

}  // namespace relais::app
