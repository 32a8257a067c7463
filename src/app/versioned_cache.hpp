// Answers of read-mostly lists kept in memory while the data has not changed. An entry is
// valid only for the data version it was read at: the hash at the head of the audit log,
// which every write advances (DESIGN.md rule 6) and which differs between databases.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace relais::app {

template <typename T>
class VersionedCache {
 public:
  explicit VersionedCache(std::size_t capacity) : capacity_(capacity) {}

  std::shared_ptr<const T> get(const std::string& version, const std::string& key) {
    std::lock_guard lock(mutex_);
    if (version != version_) return nullptr;
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }

  void put(const std::string& version, const std::string& key, std::shared_ptr<const T> value) {
    std::lock_guard lock(mutex_);
    if (version != version_ || entries_.size() >= capacity_) {
      entries_.clear();
      version_ = version;
    }
    entries_[key] = std::move(value);
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::string version_;
  std::unordered_map<std::string, std::shared_ptr<const T>> entries_;
};

}  // namespace relais::app
