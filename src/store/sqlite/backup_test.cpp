// The SQLite backup and restore: one snapshot, files of mode 0600, nothing overwritten, damaged
// backups refused.
#include "store/backup.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "store/migrations.hpp"
#include "store/test_store.hpp"

namespace relais::store {
namespace {

namespace fs = std::filesystem;

int mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 0777;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

void put(Store& db, const std::string& value) {
  auto tx = db.begin(Mode::kWrite);
  tx->put_setting("backup_test", value);
  tx->commit();
}

TEST(SqliteBackup, CopiesTheCommittedDataNotAnOpenWriteAndRestoresIt) {
  testing::TempStore live;
  const fs::path dir = fs::path(live.path()).parent_path();
  put(*live, "committed");
  // A write transaction open during the backup: the copy holds what was committed before it.
  auto open_write = live->begin(Mode::kWrite);
  open_write->put_setting("backup_test", "not committed");
  const fs::path out = dir / "copy.db";
  const auto copy = backup_sqlite(live.path(), out.string());
  open_write.reset();
  EXPECT_GT(copy.pages, 0);
  EXPECT_EQ(copy.bytes, static_cast<std::int64_t>(fs::file_size(out)));
  EXPECT_EQ(mode_of(out), 0600);
  EXPECT_EQ(check_sqlite_backup(out.string()), sqlite_migrations().back().version);

  const fs::path restored = dir / "restored" / "relais.db";
  EXPECT_EQ(restore_sqlite(out.string(), restored.string(), false),
            sqlite_migrations().back().version);
  EXPECT_EQ(mode_of(restored), 0600);
  auto db = open_sqlite(restored.string());
  EXPECT_EQ(db->begin(Mode::kRead)->setting("backup_test"), "committed");
}

TEST(SqliteBackup, NeverOverwritesAFile) {
  testing::TempStore live;
  const fs::path dir = fs::path(live.path()).parent_path();
  const fs::path out = dir / "taken.db";
  std::ofstream(out) << "mine";
  EXPECT_EQ(error_of([&] { backup_sqlite(live.path(), out.string()); }),
            out.string() + " already exists: a backup never overwrites a file; name a new one");
  EXPECT_EQ(fs::file_size(out), 4u);
  EXPECT_EQ(error_of([&] { backup_sqlite((dir / "none.db").string(), (dir / "x.db").string()); }),
            "no database at " + (dir / "none.db").string());

  const fs::path copy = dir / "copy.db";
  backup_sqlite(live.path(), copy.string());
  EXPECT_EQ(error_of([&] { restore_sqlite(copy.string(), out.string(), false); }),
            out.string() + " already exists: it was not overwritten");
  EXPECT_EQ(fs::file_size(out), 4u);
}

TEST(SqliteBackup, RefusesDamagedOrForeignBackups) {
  testing::TempStore live;
  const fs::path dir = fs::path(live.path()).parent_path();
  const fs::path copy = dir / "copy.db";
  backup_sqlite(live.path(), copy.string());
  // Every page but the first overwritten: the tables' pages are junk.
  const auto size = fs::file_size(copy);
  {
    std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    const std::string junk(size - 4096, 'Z');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  EXPECT_EQ(error_of([&] {
              check_sqlite_backup(copy.string());
            }).rfind(copy.string() + " is damaged: ", 0),
            0u);
  const fs::path target = dir / "target.db";
  EXPECT_NE(error_of([&] { restore_sqlite(copy.string(), target.string(), false); }), "no error");
  EXPECT_FALSE(fs::exists(target));

  const fs::path foreign = dir / "foreign.db";
  std::ofstream(foreign) << std::string(8192, 'x');
  EXPECT_EQ(error_of([&] { check_sqlite_backup(foreign.string()); }),
            foreign.string() + " is not an SQLite database (not a file made by relais backup)");
  // An SQLite file that is not a Relais database.
  const fs::path other = dir / "other.db";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(error_of([&] { check_sqlite_backup(other.string()); }),
            other.string() + " is not a Relais database (it has no schema_migrations table)");
}

}  // namespace
}  // namespace relais::store
