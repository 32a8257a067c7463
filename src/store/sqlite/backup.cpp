// `relais backup` and `relais restore` on SQLite: the online backup API, a page run at a time,
// from a snapshot held open on the source; the copy written under a temporary name and put in
// place whole.
#include "store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/hex.hpp"
#include "store/migrations.hpp"

namespace relais::store {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& message) { throw std::runtime_error(message); }

std::string system_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// One sqlite3 connection, closed however the scope ends.
class Db {
 public:
  Db(const std::string& location, int flags, const std::string& shown) : shown_(shown) {
    if (sqlite3_open_v2(location.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
      sqlite3_close(db_);
      fail("cannot open " + shown + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() const { return db_; }
  std::string error() const { return sqlite3_errmsg(db_); }
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      fail(shown_ + ": " + sql + ": " + error());
    }
  }

 private:
  sqlite3* db_ = nullptr;
  std::string shown_;
};

// The temporary copy beside the target, removed unless it was put in place.
class TempFile {
 public:
  explicit TempFile(const std::string& target)
      : path_(target + ".tmp-" + std::to_string(::getpid())) {
    // Made here, empty, so that SQLite writes into a file only its owner may read (SQLite
    // would make it 0644, and its journal takes the database file's mode).
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) fail(system_error("cannot create", path_));
    ::close(fd);
  }
  ~TempFile() {
    if (!kept_) {
      std::error_code ignored;
      fs::remove(path_, ignored);
      fs::remove(path_ + "-journal", ignored);
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  void kept() { kept_ = true; }

 private:
  std::string path_;
  bool kept_ = false;
};

void sync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string message = system_error("cannot write", path);
    if (fd >= 0) ::close(fd);
    fail(message);
  }
  ::close(fd);
}

// The new name lasts once the folder is written too.
void sync_folder_of(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  int fd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Copies every page of `from` into `to`, a run of pages per step. Between steps the source's
// snapshot stays (the caller holds a read transaction on it), so the copy never starts over
// however much the servers write meanwhile.
std::int64_t copy_pages(Db& from, Db& to, const std::string& shown_from) {
  sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (!backup) fail("cannot copy " + shown_from + ": " + to.error());
  int rc = SQLITE_OK;
  while (true) {
    rc = sqlite3_backup_step(backup, 1024);
    if (rc == SQLITE_OK) continue;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      sqlite3_sleep(20);
      continue;
    }
    break;
  }
  const std::int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) fail("cannot copy " + shown_from + ": " + sqlite3_errstr(rc));
  return pages;
}

// A file name as an SQLite URI path (RFC 3986: '%', '?' and '#' escaped).
std::string uri_path(const std::string& path) {
  std::string out;
  for (char c : fs::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#') {
      append_percent_escape(out, static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out;
}

// A backup, opened to be read only: immutable, so that reading it leaves no file beside it.
Db open_backup(const std::string& backup) {
  return Db("file:" + uri_path(backup) + "?immutable=1", SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
            backup);
}

// Puts `tmp` in place as `target`: linked (refused when `target` appeared meanwhile), or
// renamed over it when replacing.
void put_in_place(TempFile& tmp, const std::string& target, bool replace) {
  sync_file(tmp.path());
  if (replace) {
    if (::rename(tmp.path().c_str(), target.c_str()) != 0) {
      fail(system_error("cannot replace", target));
    }
    tmp.kept();
  } else {
    if (::link(tmp.path().c_str(), target.c_str()) != 0) {
      if (errno == EEXIST) fail(target + " already exists: it was not overwritten");
      fail(system_error("cannot create", target));
    }
  }
  sync_folder_of(target);
}

}  // namespace

BackupCopy backup_sqlite(const std::string& source, const std::string& target) {
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) fail("no database at " + source);
  if (fs::symlink_status(target, ec).type() != fs::file_type::not_found) {
    fail(target + " already exists: a backup never overwrites a file; name a new one");
  }
  const fs::path folder = fs::path(target).parent_path();
  if (!folder.empty() && !fs::is_directory(folder, ec)) {
    fail("no folder " + folder.string() + " to write " + target + " in");
  }
  Db from(source, SQLITE_OPEN_READWRITE, source);
  // The snapshot: a read transaction from the first page to the last. In WAL mode it holds up
  // no writer.
  from.exec("BEGIN");
  from.exec("SELECT COUNT(*) FROM sqlite_schema");
  TempFile tmp(target);
  BackupCopy copy;
  {
    Db to(tmp.path(), SQLITE_OPEN_READWRITE, target);
    copy.pages = copy_pages(from, to, source);
    // The backup is a plain file (no write-ahead log): read-only media and tools read it as
    // it is. The restored database goes back to WAL when a server opens it.
    to.exec("PRAGMA journal_mode = DELETE");
  }
  from.exec("COMMIT");
  copy.bytes = static_cast<std::int64_t>(fs::file_size(tmp.path()));
  put_in_place(tmp, target, false);
  return copy;
}

int check_sqlite_backup(const std::string& backup) {
  std::error_code ec;
  if (!fs::exists(backup, ec)) fail("no backup at " + backup);
  if (!fs::is_regular_file(backup, ec)) fail(backup + " is not a file");
  {
    std::ifstream in(backup, std::ios::binary);
    if (!in) fail(system_error("cannot read", backup));
    char header[16] = {};
    in.read(header, sizeof header);
    if (in.gcount() != sizeof header || std::memcmp(header, "SQLite format 3", 16) != 0) {
      fail(backup + " is not an SQLite database (not a file made by relais backup)");
    }
  }
  Db db = open_backup(backup);
  {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check(1)", -1, &stmt, nullptr) !=
        SQLITE_OK) {
      fail(backup + " is damaged: " + db.error());
    }
    const int rc = sqlite3_step(stmt);
    std::string verdict = rc == SQLITE_ROW && sqlite3_column_text(stmt, 0)
                              ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))
                              : db.error();
    sqlite3_finalize(stmt);
    if (verdict != "ok") fail(backup + " is damaged: " + verdict);
  }
  const auto& known = sqlite_migrations();
  const int latest = known.empty() ? 0 : known.back().version;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.get(), "SELECT version FROM schema_migrations ORDER BY version", -1,
                         &stmt, nullptr) != SQLITE_OK) {
    fail(backup + " is not a Relais database (it has no schema_migrations table)");
  }
  int version = 0;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const int v = sqlite3_column_int(stmt, 0);
    const bool is_known =
        std::any_of(known.begin(), known.end(), [v](const Migration& m) { return m.version == v; });
    if (!is_known) {
      sqlite3_finalize(stmt);
      if (v > latest) {
        fail(backup + " has schema version " + std::to_string(v) + ", newer than this relais (" +
             std::to_string(latest) + "): restore it with the relais that made it, or a newer one");
      }
      fail(backup + " holds migration " + std::to_string(v) + ", unknown to this relais");
    }
    version = std::max(version, v);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) fail(backup + " is damaged: " + db.error());
  if (version == 0) fail(backup + " is not a Relais database (no migration applied)");
  return version;
}

int restore_sqlite(const std::string& backup, const std::string& target, bool replace) {
  const int version = check_sqlite_backup(backup);
  std::error_code ec;
  const bool exists = fs::symlink_status(target, ec).type() != fs::file_type::not_found;
  if (exists && !replace) fail(target + " already exists: it was not overwritten");
  fs::path parent = fs::path(target).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  TempFile tmp(target);
  {
    Db from = open_backup(backup);
    Db to(tmp.path(), SQLITE_OPEN_READWRITE, target);
    copy_pages(from, to, backup);
  }
  if (replace) {
    // The old database's write-ahead log would be played over the restored file.
    fs::remove(target + "-wal", ec);
    fs::remove(target + "-shm", ec);
  }
  put_in_place(tmp, target, replace);
  return version;
}

}  // namespace relais::store
