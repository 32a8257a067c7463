// Backing up and restoring an SQLite database file while servers keep writing to it (SQLite's
// online backup API). A PostgreSQL database is backed up with its own tools (pg_dump): see
// docs/operations.md, "Backups". Errors are std::runtime_error with a message for the operator.
#pragma once

#include <cstdint>
#include <string>

namespace relais::store {

struct BackupCopy {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
};

// Copies the SQLite database at `source` into a new file `target`, mode 0600, page by page:
// the copy is one consistent snapshot (a read transaction held from the first page to the
// last), and the servers writing to `source` meanwhile are not held up (WAL). The copy is made
// under a temporary name beside `target`, then linked to it: `target` is never overwritten
// (an existing one is refused) nor left half-written.
BackupCopy backup_sqlite(const std::string& source, const std::string& target);

// Checks a backup before it is restored: an SQLite file whose integrity_check passes, holding
// a Relais schema whose every migration this binary knows. Returns its schema version.
int check_sqlite_backup(const std::string& backup);

// Checks `backup` (as above), then copies it to `target` (mode 0600) under a temporary name
// renamed into place at the end. An existing `target` is refused unless `replace`; replaced,
// its write-ahead log goes too (the servers on it must be stopped). Returns the schema version.
int restore_sqlite(const std::string& backup, const std::string& target, bool replace);

}  // namespace relais::store
