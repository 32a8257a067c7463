// Sealing a PUK, as a batch import does for every card: the sealer (key ring, a look at the key
// file at most once a second) beside libsodium's XChaCha20-Poly1305 alone, the reference.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <array>
#include <filesystem>
#include <string>

#include "app/sealer.hpp"

namespace {

const std::string kPuk = "12345678";

void BM_SealPukWithTheSealer(benchmark::State& state) {
  // From a key file, as the server and the import use it.
  static const std::string path =
      (std::filesystem::temp_directory_path() / "relais-bench-sealer.key").string();
  static const relais::app::Sealer sealer = [] {
    std::filesystem::remove(path);
    return relais::app::Sealer::from_key_file(path);
  }();
  for (auto _ : state) benchmark::DoNotOptimize(sealer.seal(kPuk));
}
BENCHMARK(BM_SealPukWithTheSealer)->Threads(1)->Threads(2);

void BM_SealPukWithLibsodiumAlone(benchmark::State& state) {
  if (sodium_init() < 0) state.SkipWithError("libsodium");
  std::array<unsigned char, 32> key{};
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  constexpr auto kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr auto kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  for (auto _ : state) {
    std::string out(kNonce + kPuk.size() + kTag, '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(bytes, kNonce);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes + kNonce, &written, reinterpret_cast<const unsigned char*>(kPuk.data()), kPuk.size(),
        nullptr, 0, nullptr, bytes, key.data());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_SealPukWithLibsodiumAlone)->Threads(1)->Threads(2);

}  // namespace
