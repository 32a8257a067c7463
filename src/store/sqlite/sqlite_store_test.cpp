#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/temp_store_test_util.hpp"
#include "core/error.hpp"
#include "store/migrations.hpp"

namespace relais::store {

TEST(SqliteStore, MigratesOnceAndRecordsTheSchemaVersion) {
  testing::TempStore db;
  const int latest = migrations().back().version;
  EXPECT_EQ(db->migrate(), latest);  // second run applies nothing
  EXPECT_EQ(db->begin(Mode::kRead)->schema_version(), latest);
}

TEST(SqliteStore, RunsInWalModeWithForeignKeys) {
  testing::TempStore db;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(raw);

  // A user pointing at no organisation is refused by the foreign key.
  auto tx = db->begin(Mode::kWrite);
  UserRecord u;
  u.organisation_id = 999;
  u.email = "x@y.fr";
  u.name = "X";
  u.password_hash = "h";
  u.created_at = "2026-11-26T10:00:00Z";
  EXPECT_THROW(tx->insert_user(u), Error);
}

TEST(SqliteStore, RollsBackWhatWasNotCommitted) {
  testing::TempStore db;
  Organisation o;
  o.kind = Role::kFunder;
  o.name = "DIAIR";
  o.created_at = o.updated_at = "2026-11-26T10:00:00Z";
  {
    auto tx = db->begin(Mode::kWrite);
    tx->insert_organisation(o);
  }
  EXPECT_EQ(db->begin(Mode::kRead)->organisations({}).total, 0);
  {
    auto tx = db->begin(Mode::kWrite);
    tx->insert_organisation(o);
    tx->commit();
  }
  EXPECT_EQ(db->begin(Mode::kRead)->organisations({}).total, 1);
}

TEST(SqliteStore, PagesByFoldedNameThenIdAndFiltersSafely) {
  testing::TempStore db;
  {
    auto tx = db->begin(Mode::kWrite);
    for (const char* name :
         {"Delta", "alpha", "Évry Accueil", "Bravo", "Charlie", "100% Solidaire"}) {
      Organisation o;
      o.kind = Role::kAssociation;
      o.name = name;
      o.created_at = o.updated_at = "2026-11-26T10:00:00Z";
      tx->insert_organisation(o);
    }
    tx->commit();
  }
  auto tx = db->begin(Mode::kRead);
  OrganisationQuery q;
  q.limit = 2;
  std::vector<std::string> names;
  for (;;) {
    auto page = tx->organisations(q);
    EXPECT_EQ(page.total, 6);
    for (const auto& o : page.items) names.push_back(o.name);
    if (!page.next) break;
    q.after = page.next;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"100% Solidaire", "alpha", "Bravo", "Charlie", "Delta",
                                             "Évry Accueil"}));

  OrganisationQuery search;
  search.text = "0%";
  EXPECT_EQ(tx->organisations(search).total, 1);
  search.text = "'; DROP TABLE organisations; --";
  EXPECT_EQ(tx->organisations(search).total, 0);
}

}  // namespace relais::store
