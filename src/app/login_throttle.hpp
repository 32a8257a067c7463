// Failed logins counted in memory, per client address (or per known device): a bounded table,
// so that what strangers send cannot grow it. Each server process keeps its own.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace relais::app {

inline constexpr int kFreeAddressFailures = 10;          // failures before an address waits
inline constexpr std::size_t kAddressTableSize = 10000;  // entries kept, the oldest evicted
inline constexpr std::chrono::minutes kAddressMemory{60};  // failures forgotten after this

// Seconds one must wait after `failures` failed logins when `free` are allowed: 30 s after
// the last free one, doubling each time, at most 15 minutes.
int throttle_seconds(int failures, int free);

// The key of a client address: an IPv4 address as it is, an IPv6 address by its /64 prefix
// (one subscriber usually holds the whole /64). Empty for no address (the command line).
std::string address_key(std::string_view address);

class FailureTable {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FailureTable(std::size_t capacity = kAddressTableSize, int free = kFreeAddressFailures)
      : capacity_(capacity), free_(free) {}

  // Seconds `key` must still wait, or nullopt when it may try now.
  std::optional<int> wait(const std::string& key, Clock::time_point now);
  // Counts one attempt (before the password is checked, so that parallel guesses count).
  void attempt(const std::string& key, Clock::time_point now);
  // The attempt succeeded: it does not count.
  void succeeded(const std::string& key);
  std::size_t size();

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point last;
    Clock::time_point until;
  };
  void make_room(Clock::time_point now);

  std::size_t capacity_;
  int free_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// The table of this process's logins.
FailureTable& login_failure_table();

}  // namespace relais::app
