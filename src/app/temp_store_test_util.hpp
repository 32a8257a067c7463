// A migrated SQLite store in a fresh temporary directory, removed after the test.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/store.hpp"

namespace relais::testing {

class TempStore {
 public:
  TempStore() {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("relais-test-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "relais.db").string();
    store_ = store::open_sqlite(path_);
    store_->migrate();
  }
  ~TempStore() {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  store::Store& operator*() { return *store_; }
  store::Store* operator->() { return store_.get(); }
  const std::string& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace relais::testing
