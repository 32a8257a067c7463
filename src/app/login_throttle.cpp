#include "app/login_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace relais::app {

int throttle_seconds(int failures, int free) {
  if (failures < free) return 0;
  int exponent = std::min(failures - free, 5);
  return std::min(30 << exponent, 900);
}

std::string address_key(std::string_view address) {
  if (address.empty()) return "";
  std::string text(address);
  unsigned char raw[16];
  if (text.find(':') != std::string::npos && inet_pton(AF_INET6, text.c_str(), raw) == 1) {
    // An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) keeps its whole address.
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(raw, raw + 12, kMapped)) {
      char v4[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, raw + 12, v4, sizeof v4);
      return v4;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string key = "v6:";
    for (int i = 0; i < 8; ++i) {
      key += kHex[raw[i] >> 4];
      key += kHex[raw[i] & 0xF];
    }
    return key + "::/64";
  }
  return text.substr(0, 64);
}

std::optional<int> FailureTable::wait(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.until <= now) return std::nullopt;
  return static_cast<int>(
             std::chrono::duration_cast<std::chrono::seconds>(it->second.until - now).count()) +
         1;
}

void FailureTable::attempt(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end() && now - it->second.last > kAddressMemory) {
    entries_.erase(it);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    make_room(now);
    it = entries_.emplace(key, Entry{}).first;
  }
  Entry& e = it->second;
  e.failures += 1;
  e.last = now;
  e.until = now + std::chrono::seconds(throttle_seconds(e.failures, free_));
}

void FailureTable::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  if (--it->second.failures <= 0) {
    entries_.erase(it);
  } else if (throttle_seconds(it->second.failures, free_) == 0) {
    it->second.until = it->second.last;
  }
}

std::size_t FailureTable::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

// Called with the mutex held, before an insertion: forgets what is old, else the entry whose
// last failure is the oldest. A full table costs one pass over it per new address.
void FailureTable::make_room(Clock::time_point now) {
  if (entries_.size() < capacity_) return;
  std::erase_if(entries_, [&](const auto& kv) {
    return now - kv.second.last > kAddressMemory && kv.second.until <= now;
  });
  if (entries_.size() < capacity_) return;
  auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
    return a.second.last < b.second.last;
  });
  entries_.erase(oldest);
}

FailureTable& login_failure_table() {
  static FailureTable table;
  return table;
}

}  // namespace relais::app
