// For tests: a migrated store on a fresh database of either engine, removed after the test.
// SQLite: a file in a new temporary directory. PostgreSQL: a new database in the cluster whose
// URL is in RELAIS_TEST_PG (the throwaway cluster scripts/pg.sh starts), dropped at the end.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "store/sql/sql_store.hpp"
#include "store/store.hpp"

namespace relais::testing {

enum class Engine { kSqlite, kPostgres };

inline const char* engine_name(Engine e) { return e == Engine::kSqlite ? "sqlite" : "postgresql"; }

// The cluster's base URL ("postgresql://relais@127.0.0.1:54329"), if tests may use one.
inline std::optional<std::string> test_cluster() {
  const char* url = std::getenv("RELAIS_TEST_PG");
  if (!url || !*url) return std::nullopt;
  return std::string(url);
}

class TempStore {
 public:
  explicit TempStore(Engine engine = Engine::kSqlite) : engine_(engine) {
    std::random_device rd;
    const std::string name = "relais_test_" + std::to_string(rd()) + std::to_string(rd());
    if (engine == Engine::kPostgres) {
      auto cluster = test_cluster();
      if (!cluster) throw std::runtime_error("RELAIS_TEST_PG is not set");
      admin_ = store::open_postgres(*cluster + "/postgres", 1);
      run_admin("CREATE DATABASE " + name);
      database_ = name;
      path_ = *cluster + "/" + name;
      store_ = store::open_postgres(path_);
    } else {
      dir_ = std::filesystem::temp_directory_path() / name;
      std::filesystem::create_directories(dir_);
      path_ = (dir_ / "relais.db").string();
      store_ = store::open_sqlite(path_);
    }
    store_->migrate();
  }
  ~TempStore() {
    store_.reset();
    if (!database_.empty()) {
      try {
        run_admin("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
      } catch (...) {
      }
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;

  store::Store& operator*() { return *store_; }
  store::Store* operator->() { return store_.get(); }
  // The SQLite file's path, or the PostgreSQL database's URL.
  const std::string& path() const { return path_; }
  Engine engine() const { return engine_; }
  const std::string& database() const { return database_; }

  // CREATE and DROP DATABASE cannot run inside a transaction: straight on a connection of the
  // cluster's `postgres` database (PostgreSQL only).
  void run_admin(const std::string& sql) {
    auto& pool = static_cast<store::sql::SqlStore&>(*admin_).pool();
    auto conn = pool.acquire();
    conn->exec(sql);
    pool.release(std::move(conn));
  }

 private:
  Engine engine_;
  std::filesystem::path dir_;
  std::string path_;
  std::string database_;
  std::unique_ptr<store::Store> admin_;
  std::unique_ptr<store::Store> store_;
};

// A test run once per engine, on a fresh store of it (db()). Without a PostgreSQL cluster
// (RELAIS_TEST_PG) the PostgreSQL run is skipped, or fails when RELAIS_REQUIRE_PG=1 (make test
// sets it). A fixture that adds to SetUp calls this one first and stops if it skipped.
class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::kPostgres && !test_cluster()) {
      const char* require = std::getenv("RELAIS_REQUIRE_PG");
      if (require && std::string(require) == "1") FAIL() << "RELAIS_TEST_PG is not set";
      GTEST_SKIP() << "no PostgreSQL cluster (RELAIS_TEST_PG)";
    }
    db_ = std::make_unique<TempStore>(GetParam());
  }

  store::Store& db() { return **db_; }

  std::unique_ptr<TempStore> db_;
};

}  // namespace relais::testing
