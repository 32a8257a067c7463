// The store's contract, run on both engines: every part's operations give the same answers on
// SQLite and on PostgreSQL. PostgreSQL runs when RELAIS_TEST_PG names a cluster (make test
// starts one); without it those cases are skipped, unless RELAIS_REQUIRE_PG=1 makes it a failure.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <thread>

#include "core/error.hpp"
#include "store/migrations.hpp"
#include "store/test_store.hpp"

namespace relais::store {
namespace {

using testing::Engine;
using testing::TempStore;

constexpr const char* kAt = "2026-11-26T10:00:00Z";

// A consent given orally by a resident, for `purpose`.
ConsentRecord given_consent(std::int64_t resident, const char* purpose, const char* language) {
  ConsentRecord c;
  c.resident_id = resident;
  c.purpose = purpose;
  c.method = "oral";
  c.notice_version = "2026-12";
  c.notice_language = language;
  c.given_at = kAt;
  c.status = "given";
  return c;
}

// A line handed to a resident.
HandoverRecord line_of(std::int64_t resident, const std::string& iccid, std::int64_t programme,
                       std::int64_t structure, const char* at, const char* ends) {
  HandoverRecord h;
  h.resident_id = resident;
  h.iccid = iccid;
  h.programme_id = programme;
  h.structure_id = structure;
  h.handed_over_at = at;
  h.ends_at = ends;
  return h;
}

class StoreContract : public testing::EngineTest {
 protected:

  std::int64_t add_org(Transaction& tx, Role kind, const std::string& name,
                       std::optional<std::string> code = std::nullopt) {
    Organisation o;
    o.kind = kind;
    o.name = name;
    o.code = std::move(code);
    if (kind == Role::kStructure) {
      o.structure_type = "CADA";
      o.capacity = 80;
      o.department = "93";
      o.commune = "Bobigny";
    }
    o.created_at = o.updated_at = kAt;
    return tx.accounts().insert_organisation(o);
  }

  // An operator, its plan and a batch of `n` cards in stock (ICCIDs 8933100000000000001...).
  struct Stock {
    std::int64_t op = 0, plan = 0, batch = 0;
    std::vector<std::string> iccids;
  };
  Stock add_stock(Transaction& tx, int n, const std::string& sha = "sha-1") {
    Stock s;
    s.op = tx.accounts().organisation_by_code("SFR") ? *tx.accounts().organisation_with_code("SFR")
                                                      : add_org(tx, Role::kOperator, "SFR", "SFR");
    auto plan = tx.operators().plan_by_code(s.op, "CU-2020");
    if (plan) {
      s.plan = plan->id;
    } else {
      PlanRecord p{0, s.op, "CU-2020", "Connexion d'Urgence", 20, 30, true, 1000, false, kAt};
      s.plan = tx.operators().insert_plan(p);
    }
    BatchRecord b;
    b.operator_id = s.op;
    b.plan_id = s.plan;
    b.reference = "LOT-" + sha;
    b.file_sha256 = sha;
    b.received_at = kAt;
    b.received_by = "operator@demo.relais";
    s.batch = tx.operators().insert_batch(b);
    std::vector<SimRecord> cards;
    static int next = 1;
    for (int i = 0; i < n; ++i, ++next) {
      SimRecord r;
      char iccid[32], msisdn[16];
      std::snprintf(iccid, sizeof iccid, "89331%014d", next);
      std::snprintf(msisdn, sizeof msisdn, "+3361%07d", next);
      r.iccid = iccid;
      r.msisdn = msisdn;
      r.puk_sealed = std::string("\x00\x01\xff\x7f", 4);
      r.batch_id = s.batch;
      r.updated_at = kAt;
      cards.push_back(r);
      s.iccids.push_back(r.iccid);
    }
    EXPECT_TRUE(tx.cards().insert_sims(cards).empty());
    tx.operators().set_batch_quantity(s.batch, n);
    tx.cards().add_state_count(s.batch, SimState::kInStock, n);
    return s;
  }

};

TEST_P(StoreContract, MigratesOnceToTheSameVersionOnBothEngines) {
  const int latest = sqlite_migrations().back().version;
  ASSERT_EQ(postgresql_migrations().back().version, latest);
  ASSERT_EQ(postgresql_migrations().size(), sqlite_migrations().size());
  EXPECT_EQ(db().migrate(), latest);  // a second run applies nothing
  EXPECT_EQ(db().begin(Mode::kRead)->schema_version(), latest);
  EXPECT_FALSE(db().begin(Mode::kRead)->holds_data());
  EXPECT_EQ(db().kind(), GetParam() == Engine::kSqlite ? "sqlite" : "postgresql");
}

TEST_P(StoreContract, KeepsSettingsAndRollsBackWhatWasNotCommitted) {
  {
    auto tx = db().begin(Mode::kWrite);
    tx->put_setting("weights", "a");
    add_org(*tx, Role::kFunder, "DIAIR");
  }
  EXPECT_EQ(db().begin(Mode::kRead)->setting("weights"), std::nullopt);
  {
    auto tx = db().begin(Mode::kWrite);
    tx->put_setting("weights", "a");
    tx->put_setting("weights", "b");
    add_org(*tx, Role::kFunder, "DIAIR");
    tx->commit();
  }
  auto tx = db().begin(Mode::kRead);
  EXPECT_EQ(tx->setting("weights"), "b");
  EXPECT_TRUE(tx->holds_data());
}

// What a server may keep in memory: on PostgreSQL, a count of the writes committed by any
// server, exact when asked: another store on the same database (another server) counts a
// write as soon as its commit has returned, with no wait. SQLite keeps no count (one process
// serves it).
TEST_P(StoreContract, CountsTheWritesOfEveryServerOnASharedDatabase) {
  if (GetParam() == Engine::kSqlite) {
    EXPECT_FALSE(db().shared());
    EXPECT_EQ(db().changes(), std::nullopt);
    return;
  }
  ASSERT_TRUE(db().shared());
  auto other = open_store(db_->path());
  // Each starts listening at its first question; until then it knows nothing.
  auto listening = [](Store& s) {
    for (int i = 0; i < 500; ++i) {
      if (auto c = s.changes()) return *c;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("the store never listened");
  };
  const std::uint64_t mine = listening(db());
  const std::uint64_t theirs = listening(*other);
  // Reads and a write rolled back move nothing.
  EXPECT_TRUE(db().begin(Mode::kRead)->setting("weights") == std::nullopt);
  {
    auto tx = db().begin(Mode::kWrite);
    tx->put_setting("weights", "b");
  }
  EXPECT_EQ(db().changes(), mine);
  EXPECT_EQ(other->changes(), theirs);
  // A write moves both counts, each at once, a hundred times over.
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t before_mine = *db().changes();
    const std::uint64_t before_theirs = *other->changes();
    {
      auto tx = (i % 2 ? *other : db()).begin(Mode::kWrite);
      tx->put_setting("weights", std::to_string(i));
      tx->commit();
    }
    ASSERT_GT(*db().changes(), before_mine) << "write " << i;
    ASSERT_GT(*other->changes(), before_theirs) << "write " << i;
  }
  // The listening connection lost (its backend ended by an administrator): the count is
  // unknown until the store listens again, a second later, and it has then moved on (what
  // happened meanwhile is unknown), though nothing was written.
  const std::uint64_t before_loss = *db().changes();
  db_->run_admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                 db_->database() + "' AND (query = '' OR query LIKE 'LISTEN%')");
  bool unknown = false;
  std::optional<std::uint64_t> after_loss;
  for (int i = 0; i < 500; ++i) {
    after_loss = db().changes();
    if (!after_loss) unknown = true;
    if (after_loss && *after_loss > before_loss) break;
    ASSERT_TRUE(!after_loss || *after_loss == before_loss);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(unknown) << "not known while the store was not listening";
  ASSERT_TRUE(after_loss) << "the store listens again";
  EXPECT_GT(*after_loss, before_loss);
}

TEST_P(StoreContract, RefusesRowsThatBreakKeysAsConflicts) {
  auto tx = db().begin(Mode::kWrite);
  UserRecord u{0, 999, "", "x@y.fr", "X", Role::kCoordinator, "h", kAt, std::nullopt};
  try {
    tx->accounts().insert_user(u);
    FAIL() << "a user of no organisation was stored";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConflict);
    EXPECT_EQ(e.code(), "constraint_violation");
  }
}

// The last digits of a number find a card once it has left the stock, never while it is in
// stock (the index holds the cards out of stock only, migration 007), also after a large
// import rolled back then committed, and a card released back to the stock leaves the search.
TEST_P(StoreContract, TheLastDigitsFindACardOutOfStockOnly) {
  {
    auto tx = db().begin(Mode::kWrite);
    add_stock(*tx, 1200, "rolled-back");
  }
  std::string iccid, number;
  std::int64_t batch = 0, home = 0;
  {
    auto tx = db().begin(Mode::kWrite);
    Stock s = add_stock(*tx, 1200, "kept");
    home = add_org(*tx, Role::kStructure, "CADA");
    iccid = s.iccids[700];
    batch = s.batch;
    number = tx->cards().sim(iccid)->msisdn;
    tx->commit();
  }
  auto found = [&] {
    auto tx = db().begin(Mode::kRead);
    SimQuery q;
    q.search = CardSearch{};
    q.search->suffix = number.substr(number.size() - 7);
    std::vector<std::string> out;
    for (const auto& c : tx->cards().sims(q).items) out.push_back(c.iccid);
    return out;
  };
  auto move = [&](SimState from, SimState to) {
    auto tx = db().begin(Mode::kWrite);
    tx->cards().update_sim_state(iccid, to, to == SimState::kInStock ? std::nullopt
                                                                      : std::optional(home), kAt);
    tx->cards().add_state_count(batch, from, -1);
    tx->cards().add_state_count(batch, to, 1);
    tx->commit();
  };
  EXPECT_EQ(found(), std::vector<std::string>{});
  move(SimState::kInStock, SimState::kAtStructure);
  EXPECT_EQ(found(), std::vector<std::string>{iccid});
  move(SimState::kAtStructure, SimState::kInStock);
  EXPECT_EQ(found(), std::vector<std::string>{});
}

// A card of no batch is refused on both engines: by SQLite's foreign key, by PostgreSQL's set
// check of the whole chunk (sims has no per-row key there).
TEST_P(StoreContract, RefusesCardsOfNoBatch) {
  auto tx = db().begin(Mode::kWrite);
  Stock s = add_stock(*tx, 0);
  std::vector<SimRecord> cards(2);
  for (std::size_t i = 0; i < cards.size(); ++i) {
    cards[i].iccid = "8933199000000000" + std::to_string(100 + i);
    cards[i].msisdn = "+3369900000" + std::to_string(i);
    cards[i].batch_id = i == 0 ? s.batch : s.batch + 99;
    cards[i].updated_at = kAt;
  }
  try {
    tx->cards().insert_sims(cards);
    FAIL() << "a card of no batch was stored";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConflict);
    EXPECT_EQ(e.code(), "constraint_violation");
  }
}

TEST_P(StoreContract, PagesOrganisationsByFoldedNameAndSearchesWithoutCaseOrWildcards) {
  {
    auto tx = db().begin(Mode::kWrite);
    for (const char* name :
         {"Delta", "alpha", "Évry Accueil", "Bravo", "Charlie", "100% Solidaire"}) {
      add_org(*tx, Role::kAssociation, name);
    }
    tx->commit();
  }
  auto tx = db().begin(Mode::kRead);
  OrganisationQuery q;
  q.limit = 2;
  std::vector<std::string> names;
  for (;;) {
    auto page = tx->accounts().organisations(q);
    EXPECT_EQ(page.total, 6);
    for (const auto& o : page.items) names.push_back(o.name);
    if (!page.next) break;
    q.after = page.next;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"100% Solidaire", "alpha", "Bravo", "Charlie", "Delta",
                                             "Évry Accueil"}));
  OrganisationQuery search;
  search.text = "0%";
  EXPECT_EQ(tx->accounts().organisations(search).total, 1);
  search.text = "ALPH";
  EXPECT_EQ(tx->accounts().organisations(search).total, 1);
  search.text = "'; DROP TABLE organisations; --";
  EXPECT_EQ(tx->accounts().organisations(search).total, 0);
  search.text = "_";
  EXPECT_EQ(tx->accounts().organisations(search).total, 0);
}

TEST_P(StoreContract, FindsOrganisationsByNameCommuneAndCode) {
  auto tx = db().begin(Mode::kWrite);
  std::int64_t cada = add_org(*tx, Role::kStructure, "CADA Bobigny");
  std::int64_t sfr = add_org(*tx, Role::kOperator, "SFR", "SFR");
  std::int64_t assoc = add_org(*tx, Role::kAssociation, "Each One");
  EXPECT_EQ(tx->accounts().organisation_named("CADA Bobigny", "Bobigny"), cada);
  EXPECT_EQ(tx->accounts().organisation_named("CADA Bobigny", std::nullopt), std::nullopt);
  EXPECT_EQ(tx->accounts().organisation_named("Each One", std::nullopt), assoc);
  EXPECT_EQ(tx->accounts().organisation_with_code("SFR"), sfr);
  EXPECT_EQ(tx->accounts().organisation_by_code("SFR")->name, "SFR");
  EXPECT_EQ(tx->accounts().organisation_by_code("ORANGE"), std::nullopt);
  auto org = *tx->accounts().organisation(cada);
  EXPECT_EQ(org.capacity, 80);
  org.capacity = 95;
  org.name = "CADA de Bobigny";
  tx->accounts().update_organisation(org);
  EXPECT_EQ(tx->accounts().organisation(cada)->name, "CADA de Bobigny");
  EXPECT_EQ(tx->accounts().department_capacities(),
            (std::vector<std::pair<std::string, std::int64_t>>{{"93", 95}}));
}

TEST_P(StoreContract, KeepsUsersSessionsTokensAndFailedLogins) {
  auto tx = db().begin(Mode::kWrite);
  std::int64_t org = add_org(*tx, Role::kCoordinator, "Emmaüs Connect");
  std::vector<std::int64_t> ids;
  for (const char* email : {"b@x.fr", "a@x.fr", "c@x.fr"}) {
    ids.push_back(tx->accounts().insert_user(
        {0, org, "", email, "Name", Role::kCoordinator, "argon2id$h", kAt, std::nullopt}));
  }
  EXPECT_EQ(tx->accounts().user(ids[0])->organisation_name, "Emmaüs Connect");
  EXPECT_EQ(tx->accounts().user_by_email("a@x.fr")->id, ids[1]);
  EXPECT_EQ(tx->accounts().count_users_of(org), 3);
  auto first = tx->accounts().users(2, std::nullopt);
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].email, "a@x.fr");
  EXPECT_EQ(first.total, 3);
  auto second = tx->accounts().users(2, first.next);
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].email, "c@x.fr");

  SessionRecord s{0, "tokenhash", ids[0], "csrf", kAt, "2026-11-27T10:00:00Z", std::nullopt, ""};
  s.id = tx->accounts().insert_session(s);
  auto found = tx->accounts().session_with_user("tokenhash");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first.csrf_token, "csrf");
  EXPECT_EQ(found->second.email, "b@x.fr");
  EXPECT_EQ(found->first.data_version, "");  // the audit log is empty: no head yet
  tx->accounts().revoke_session(s.id, "2026-11-26T11:00:00Z");
  EXPECT_EQ(tx->accounts().session_with_user("tokenhash")->first.revoked_at,
            "2026-11-26T11:00:00Z");
  tx->accounts().delete_sessions_expired_before("2026-11-28T00:00:00Z");
  EXPECT_FALSE(tx->accounts().session_with_user("tokenhash"));

  ApiTokenRecord t;
  t.token_hash = "apihash";
  t.user_id = ids[2];
  t.name = "integration";
  t.created_at = kAt;
  t.expires_at = "2027-02-24T10:00:00Z";
  tx->accounts().insert_api_token(t);
  EXPECT_EQ(tx->accounts().api_token_by_hash("apihash")->name, "integration");
  EXPECT_EQ(tx->accounts().api_token_by_hash("apihash")->expires_at, "2027-02-24T10:00:00Z");
  EXPECT_EQ(tx->accounts().api_token_by_hash("apihash")->user_email, "c@x.fr");
  EXPECT_FALSE(tx->accounts().api_token_by_hash("other"));

  LoginFailures f{ids[1], 1, kAt, std::nullopt};
  tx->accounts().put_login_failures(f);
  tx->accounts().put_login_failures({ids[1], 2, kAt, "2026-11-26T10:15:00Z"});
  EXPECT_EQ(tx->accounts().login_failures(ids[1])->failures, 2);
  EXPECT_EQ(tx->accounts().login_failures(ids[1])->locked_until, "2026-11-26T10:15:00Z");
  EXPECT_EQ(tx->accounts().count_login_failures(), 1);
  tx->accounts().clear_login_failures(ids[1]);
  EXPECT_FALSE(tx->accounts().login_failures(ids[1]));
  EXPECT_EQ(tx->accounts().count_login_failures(), 0);
}

TEST_P(StoreContract, DisablesUsersAndEndsTheirSessions) {
  auto tx = db().begin(Mode::kWrite);
  std::int64_t org = add_org(*tx, Role::kCoordinator, "Emmaüs Connect");
  std::int64_t ana = tx->accounts().insert_user(
      {0, org, "", "ana@x.fr", "Ana", Role::kCoordinator, "h1", kAt, std::nullopt});
  std::int64_t bob = tx->accounts().insert_user(
      {0, org, "", "bob@x.fr", "Bob", Role::kCoordinator, "h2", kAt, std::nullopt});
  EXPECT_EQ(tx->accounts().count_enabled_users_with_role(Role::kCoordinator), 2);
  tx->accounts().set_user_disabled(bob, "2026-11-26T11:00:00Z");
  EXPECT_EQ(tx->accounts().user(bob)->disabled_at, "2026-11-26T11:00:00Z");
  EXPECT_EQ(tx->accounts().count_enabled_users_with_role(Role::kCoordinator), 1);
  EXPECT_EQ(tx->accounts().count_enabled_users_with_role(Role::kFunder), 0);
  tx->accounts().set_user_disabled(bob, std::nullopt);
  EXPECT_FALSE(tx->accounts().user_by_email("bob@x.fr")->disabled_at);

  tx->accounts().set_password_hash(ana, "h3");
  EXPECT_EQ(tx->accounts().user(ana)->password_hash, "h3");

  std::vector<std::int64_t> sessions;
  for (const char* hash : {"s1", "s2", "s3"}) {
    sessions.push_back(tx->accounts().insert_session(
        {0, hash, ana, "csrf", kAt, "2026-11-27T10:00:00Z", std::nullopt, ""}));
  }
  std::int64_t other =
      tx->accounts().insert_session({0, "s4", bob, "csrf", kAt, "2026-11-27T10:00:00Z",
                                     std::nullopt, ""});
  EXPECT_EQ(tx->accounts().revoke_sessions_of(ana, "2026-11-26T12:00:00Z", sessions[1]), 2);
  EXPECT_EQ(tx->accounts().session_with_user("s1")->first.revoked_at, "2026-11-26T12:00:00Z");
  EXPECT_FALSE(tx->accounts().session_with_user("s2")->first.revoked_at);
  EXPECT_EQ(tx->accounts().session_with_user("s3")->first.revoked_at, "2026-11-26T12:00:00Z");
  EXPECT_FALSE(tx->accounts().session_with_user("s4")->first.revoked_at);
  // Already ended sessions keep the time they ended.
  EXPECT_EQ(tx->accounts().revoke_sessions_of(ana, "2026-11-26T13:00:00Z", std::nullopt), 1);
  EXPECT_EQ(tx->accounts().session_with_user("s1")->first.revoked_at, "2026-11-26T12:00:00Z");
  EXPECT_EQ(tx->accounts().session_with_user("s2")->first.revoked_at, "2026-11-26T13:00:00Z");
  EXPECT_GT(other, 0);
  tx->commit();
}

TEST_P(StoreContract, ListsRevokesAndNotesTheUseOfApiTokens) {
  auto tx = db().begin(Mode::kWrite);
  std::int64_t org = add_org(*tx, Role::kOperator, "SFR", "SFR");
  std::int64_t op = tx->accounts().insert_user(
      {0, org, "", "op@x.fr", "Op", Role::kOperator, "h", kAt, std::nullopt});
  std::int64_t op2 = tx->accounts().insert_user(
      {0, org, "", "op2@x.fr", "Op 2", Role::kOperator, "h", kAt, std::nullopt});
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    ApiTokenRecord t;
    t.token_hash = "hash" + std::to_string(i);
    t.user_id = i == 2 ? op2 : op;
    t.name = "token " + std::to_string(i);
    t.created_at = kAt;
    t.expires_at = "2027-01-01T00:00:00Z";
    ids.push_back(tx->accounts().insert_api_token(t));
  }
  // Newest first, in pages.
  auto first = tx->accounts().api_tokens({std::nullopt, 2, std::nullopt});
  EXPECT_EQ(first.total, 3);
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].id, ids[2]);
  EXPECT_EQ(first.items[0].user_email, "op2@x.fr");
  EXPECT_EQ(first.items[1].id, ids[1]);
  ASSERT_TRUE(first.next);
  auto second = tx->accounts().api_tokens({std::nullopt, 2, first.next});
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].id, ids[0]);
  EXPECT_FALSE(second.next);
  auto of_op = tx->accounts().api_tokens({op, 50, std::nullopt});
  EXPECT_EQ(of_op.total, 2);
  ASSERT_EQ(of_op.items.size(), 2u);
  EXPECT_EQ(of_op.items[0].name, "token 1");

  EXPECT_TRUE(tx->accounts().revoke_api_token(ids[1], "2026-11-26T11:00:00Z"));
  EXPECT_FALSE(tx->accounts().revoke_api_token(ids[1], "2026-11-26T12:00:00Z"));
  EXPECT_FALSE(tx->accounts().revoke_api_token(ids[2] + 100, "2026-11-26T12:00:00Z"));
  EXPECT_EQ(tx->accounts().api_token(ids[1])->revoked_at, "2026-11-26T11:00:00Z");
  EXPECT_FALSE(tx->accounts().api_token(ids[2] + 100));

  tx->accounts().note_api_token_use(ids[0], "2026-11-26T10:00:00Z", "2026-11-26T09:55:00Z");
  EXPECT_EQ(tx->accounts().api_token(ids[0])->last_used_at, "2026-11-26T10:00:00Z");
  // A use noted 5 minutes ago is recent enough: no write.
  tx->accounts().note_api_token_use(ids[0], "2026-11-26T10:01:00Z", "2026-11-26T09:56:00Z");
  EXPECT_EQ(tx->accounts().api_token(ids[0])->last_used_at, "2026-11-26T10:00:00Z");
  tx->accounts().note_api_token_use(ids[0], "2026-11-26T10:06:00Z", "2026-11-26T10:01:00Z");
  EXPECT_EQ(tx->accounts().api_token(ids[0])->last_used_at, "2026-11-26T10:06:00Z");
  tx->commit();
}

TEST_P(StoreContract, KeepsOnePasswordResetPerUserUsedOnce) {
  auto tx = db().begin(Mode::kWrite);
  std::int64_t org = add_org(*tx, Role::kStructure, "CADA de Bobigny");
  std::int64_t user = tx->accounts().insert_user(
      {0, org, "", "cada@x.fr", "Cada", Role::kStructure, "h", kAt, std::nullopt});
  std::int64_t first = tx->accounts().put_password_reset(
      {0, "reset1", user, kAt, "2026-11-27T10:00:00Z", std::nullopt});
  EXPECT_EQ(tx->accounts().password_reset_by_hash("reset1")->id, first);
  EXPECT_EQ(tx->accounts().password_reset_by_hash("reset1")->user_id, user);
  // A new link replaces the old one.
  std::int64_t second = tx->accounts().put_password_reset(
      {0, "reset2", user, kAt, "2026-11-27T11:00:00Z", std::nullopt});
  EXPECT_FALSE(tx->accounts().password_reset_by_hash("reset1"));
  auto found = tx->accounts().password_reset_by_hash("reset2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, second);
  EXPECT_EQ(found->expires_at, "2026-11-27T11:00:00Z");
  EXPECT_FALSE(found->used_at);
  EXPECT_TRUE(tx->accounts().use_password_reset(second, "2026-11-26T12:00:00Z"));
  EXPECT_FALSE(tx->accounts().use_password_reset(second, "2026-11-26T12:01:00Z"));
  EXPECT_EQ(tx->accounts().password_reset_by_hash("reset2")->used_at, "2026-11-26T12:00:00Z");
  tx->commit();
}

TEST_P(StoreContract, KeepsOperatorsPlansAndBatches) {
  auto tx = db().begin(Mode::kWrite);
  std::int64_t op = add_org(*tx, Role::kOperator, "SFR", "SFR");
  tx->operators().put_operator_profile({op, {"893310"}, {"09", "10"}});
  tx->operators().put_operator_profile({op, {"893310", "893311"}, {"10"}});
  auto profile = tx->operators().operator_profile(op);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->iccid_prefixes, (std::vector<std::string>{"893310", "893311"}));
  EXPECT_EQ(profile->mobile_network_codes, (std::vector<std::string>{"10"}));
  PlanRecord p{0, op, "CU-2020", "Connexion", 20, 30, true, 1000, true, kAt};
  p.id = tx->operators().insert_plan(p);
  auto plan = tx->operators().plan_by_code(op, "CU-2020");
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->calls_sms_included);
  EXPECT_TRUE(plan->rechargeable);
  EXPECT_EQ(plan->unit_cost_cents, 1000);
  EXPECT_EQ(tx->operators().plans().size(), 1u);
  BatchRecord b{0, op, "", p.id, "", "LOT-1", "abc", 0, kAt, "op@x.fr"};
  b.id = tx->operators().insert_batch(b);
  tx->operators().set_batch_quantity(b.id, 2500);
  auto batch = tx->operators().batch(b.id);
  EXPECT_EQ(batch->quantity, 2500);
  EXPECT_EQ(batch->operator_code, "SFR");
  EXPECT_EQ(batch->plan_code, "CU-2020");
  EXPECT_EQ(tx->operators().batch_by_sha256("abc")->id, b.id);
  EXPECT_FALSE(tx->operators().batch_by_sha256("abd"));
  EXPECT_EQ(tx->operators().batches().size(), 1u);
}

TEST_P(StoreContract, StoresCardsAndReportsEveryRefusedOneInOrder) {
  auto tx = db().begin(Mode::kWrite);
  Stock s = add_stock(*tx, 3, "first");
  Stock t = add_stock(*tx, 0, "second");
  auto make = [&](std::string iccid, std::string msisdn) {
    SimRecord r;
    r.iccid = std::move(iccid);
    r.msisdn = std::move(msisdn);
    r.batch_id = t.batch;
    r.updated_at = kAt;
    return r;
  };
  std::vector<SimRecord> cards = {
      make("89331990000000000001", "+33699000001"),  // new
      make(s.iccids[0], "+33699000002"),             // ICCID of the first batch
      make("89331990000000000003", "+33699000001"),  // number taken earlier in this list
      make("89331990000000000001", "+33699000004"),  // ICCID taken earlier in this list
      make("89331990000000000005", "+33699000005"),  // new
  };
  auto refused = tx->cards().insert_sims(cards);
  ASSERT_EQ(refused.size(), 3u);
  EXPECT_EQ(refused[0].index, 1u);
  EXPECT_EQ(refused[0].why, RefusedCard::Why::kIccidTaken);
  EXPECT_EQ(refused[0].holder_batch, s.batch);
  EXPECT_EQ(refused[1].index, 2u);
  EXPECT_EQ(refused[1].why, RefusedCard::Why::kMsisdnTaken);
  EXPECT_EQ(refused[1].holder_batch, t.batch);
  EXPECT_EQ(refused[2].index, 3u);
  EXPECT_EQ(refused[2].why, RefusedCard::Why::kIccidTaken);
  EXPECT_EQ(refused[2].holder_batch, t.batch);
  EXPECT_TRUE(tx->cards().sim("89331990000000000005"));
  EXPECT_FALSE(tx->cards().sim("89331990000000000003"));

  // A later call of the same import refuses what an earlier one stored, and each row is told
  // against what was stored before it: (X, m1) stored; (A, m1) refused for its number, though a
  // later row stores A; (A, m5) stored.
  std::vector<SimRecord> again = {make("89331990000000000001", "+33699000001")};
  auto second = tx->cards().insert_sims(again);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].why, RefusedCard::Why::kIccidTaken);
  EXPECT_EQ(second[0].holder_batch, t.batch);
  std::vector<SimRecord> order = {make("89331990000000000101", "+33699000101"),
                                  make("89331990000000000102", "+33699000101"),
                                  make("89331990000000000102", "+33699000105")};
  auto third = tx->cards().insert_sims(order);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].index, 1u);
  EXPECT_EQ(third[0].why, RefusedCard::Why::kMsisdnTaken);
  EXPECT_EQ(tx->cards().sim("89331990000000000102")->msisdn, "+33699000105");

  auto card = tx->cards().sim(s.iccids[1]);
  ASSERT_TRUE(card);
  EXPECT_EQ(card->state, SimState::kInStock);
  EXPECT_EQ(card->puk_sealed, std::string("\x00\x01\xff\x7f", 4));  // bytes kept exactly
  EXPECT_EQ(card->plan_code, "CU-2020");
  EXPECT_TRUE(tx->sealed().any());
}

TEST_P(StoreContract, ListsCardsByFragmentStateAndHolderAndMovesThem) {
  auto tx = db().begin(Mode::kWrite);
  Stock s = add_stock(*tx, 5);
  std::int64_t home = add_org(*tx, Role::kStructure, "CADA");
  tx->cards().update_sim_state(s.iccids[2], SimState::kAtStructure, home, kAt);
  tx->cards().add_state_count(s.batch, SimState::kInStock, -1);
  tx->cards().add_state_count(s.batch, SimState::kAtStructure, 1);
  tx->lines().record_usages({{s.iccids[2], 512, "2026-11-30"}});
  tx->lines().record_usages({{s.iccids[2], std::nullopt, "2026-12-01"}});
  auto card = *tx->cards().sim(s.iccids[2]);
  EXPECT_EQ(card.holder_name, "CADA");
  EXPECT_EQ(card.data_used_mb, 512);
  EXPECT_EQ(card.reported_at, "2026-12-01");
  EXPECT_EQ(tx->cards().cards_held_by(home), 1);

  SimQuery by_state;
  by_state.state = SimState::kAtStructure;
  EXPECT_EQ(tx->cards().sims(by_state).total, 1);
  auto search = [&](CardSearch f) {
    SimQuery q;
    q.search = std::move(f);
    std::vector<std::string> out;
    for (const auto& c : tx->cards().sims(q).items) out.push_back(c.iccid);
    return out;
  };
  const std::string number = tx->cards().sim(s.iccids[4])->msisdn;
  auto by = [](std::optional<std::string> CardSearch::*field, std::string value) {
    CardSearch f;
    f.*field = std::move(value);
    return f;
  };
  EXPECT_EQ(search(by(&CardSearch::iccid, s.iccids[4])), std::vector<std::string>{s.iccids[4]});
  EXPECT_EQ(search(by(&CardSearch::msisdn, number)), std::vector<std::string>{s.iccids[4]});
  // The start of a key, as a range: exactly the cards whose key starts so.
  std::vector<std::string> iccid_start, number_start;
  for (const auto& iccid : s.iccids) {
    if (iccid.starts_with(s.iccids[4].substr(0, 18))) iccid_start.push_back(iccid);
    if (tx->cards().sim(iccid)->msisdn.starts_with(number.substr(0, 11))) {
      number_start.push_back(iccid);
    }
  }
  EXPECT_EQ(search(by(&CardSearch::iccid_prefix, s.iccids[4].substr(0, 18))), iccid_start);
  EXPECT_EQ(search(by(&CardSearch::msisdn_prefix, number.substr(0, 11))), number_start);
  EXPECT_FALSE(iccid_start.empty());
  // The last digits of a number: of a card out of stock, not of one in stock.
  const std::string held = tx->cards().sim(s.iccids[2])->msisdn;
  EXPECT_EQ(search(by(&CardSearch::suffix, held.substr(6))), std::vector<std::string>{s.iccids[2]});
  EXPECT_EQ(search(by(&CardSearch::suffix, number.substr(6))), std::vector<std::string>{});
  // Wildcards are characters like the others.
  EXPECT_TRUE(search(by(&CardSearch::suffix, "%_%%")).empty());
  EXPECT_TRUE(search(by(&CardSearch::iccid_prefix, "%")).empty());
  SimQuery paged;
  paged.limit = 2;
  paged.batch_id = s.batch;
  std::vector<std::string> all;
  for (;;) {
    auto page = tx->cards().sims(paged);
    for (auto& c : page.items) all.push_back(c.iccid);
    if (!page.next) break;
    paged.after = page.next;
  }
  EXPECT_EQ(all, s.iccids);

  tx->cards().insert_sim_event({0, s.iccids[2], kAt, std::nullopt, "system", "deliver",
                                "in_transit", "at_structure", "CO-000001"});
  auto events = tx->cards().sim_events(s.iccids[2]);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, "CO-000001");
  EXPECT_EQ(tx->cards().state_counts(), tx->cards().counted_states());
  EXPECT_EQ(tx->cards().state_counts(),
            (std::vector<StateCount>{{s.batch, SimState::kAtStructure, 1},
                                     {s.batch, SimState::kInStock, 4}}));
}

TEST_P(StoreContract, ReservesCardsForRequestsInSetsAndReleasesThem) {
  auto tx = db().begin(Mode::kWrite);
  Stock s = add_stock(*tx, 6);
  std::int64_t home = add_org(*tx, Role::kStructure, "CADA");
  ProgrammeRecord g{0, "CU", "Connexion", s.plan, "", kAt};
  g.id = tx->requests().insert_programme(g);
  RequestRecord r;
  r.programme_id = g.id;
  r.structure_id = home;
  r.quantity = 4;
  r.needs = {{"keep_in_touch", 4}};
  r.leaflet_languages = {"fr", "ar"};
  r.state = RequestState::kApproved;
  r.created_by = "structure@demo.relais";
  r.created_at = r.updated_at = kAt;
  r.submitted_at = kAt;
  r.id = tx->requests().insert_request(r);

  EXPECT_EQ(tx->cards().in_stock_by_plan(),
            (std::vector<std::pair<std::int64_t, std::int64_t>>{{s.plan, 6}}));
  auto cards = tx->cards().in_stock_cards(s.plan, 4);
  ASSERT_EQ(cards.size(), 4u);
  EXPECT_EQ(cards[0].iccid, s.iccids[0]);
  for (auto& c : cards) c.request_id = r.id;
  // The request waits for the allocation: its quantity is on its way to the structure.
  EXPECT_EQ(tx->cards().cards_coming_to(home, 0), 4);
  EXPECT_EQ(tx->cards().reserve_sims(cards, kAt, std::nullopt, "coordinator@demo.relais"), 4);
  auto events = tx->cards().sim_events(s.iccids[0]);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].transition, "reserve");
  EXPECT_EQ(events[0].from_state, "in_stock");
  EXPECT_EQ(events[0].to_state, "reserved");
  EXPECT_EQ(events[0].reason, "#" + std::to_string(r.id));
  // Reserving again moves nothing: they are no longer in stock (the caller then rolls back).
  EXPECT_EQ(tx->cards().reserve_sims(cards, kAt, std::nullopt, "coordinator@demo.relais"), 0);
  r.allocated = 4;
  tx->requests().update_request(r);
  EXPECT_EQ(tx->cards().cards_coming_to(home, 0), 4);
  EXPECT_EQ(tx->cards().cards_coming_to(home, r.id), 0);
  EXPECT_EQ(tx->cards().count_cards_of_request(r.id, SimState::kReserved), 4);
  EXPECT_EQ(tx->cards().reserved_for(r.id).size(), 4u);

  auto demand = tx->packing().unpacked_demand();
  ASSERT_EQ(demand.size(), 1u);
  EXPECT_EQ(demand[0].cards, 4);
  EXPECT_EQ(demand[0].leaflet_languages, (std::vector<std::string>{"fr", "ar"}));

  tx->cards().release_sim(s.iccids[0], kAt);
  EXPECT_EQ(tx->cards().sim(s.iccids[0])->state, SimState::kInStock);
  EXPECT_EQ(tx->cards().sim(s.iccids[0])->request_id, std::nullopt);
  tx->cards().set_card_destination(s.iccids[5], r.id, std::nullopt);
  EXPECT_EQ(tx->cards().sim(s.iccids[5])->request_id, r.id);
}

TEST_P(StoreContract, KeepsRequestsReferralsAndTheirCounts) {
  auto tx = db().begin(Mode::kWrite);
  Stock s = add_stock(*tx, 0);
  std::int64_t home = add_org(*tx, Role::kStructure, "CADA");
  std::int64_t assoc = add_org(*tx, Role::kAssociation, "Each One");
  std::int64_t prog = tx->requests().insert_programme({0, "CU", "Connexion", s.plan, "", kAt});
  EXPECT_EQ(tx->requests().programme_by_code("CU")->plan_code, "CU-2020");
  EXPECT_FALSE(tx->requests().programme_by_code("XX"));
  std::vector<std::int64_t> ids;
  for (RequestState state : {RequestState::kDraft, RequestState::kSubmitted,
                             RequestState::kApproved, RequestState::kRejected}) {
    RequestRecord r;
    r.programme_id = prog;
    r.structure_id = home;
    r.quantity = 3;
    r.state = state;
    r.comment = "Trois familles";
    r.created_by = "s@x.fr";
    r.created_at = r.updated_at = kAt;
    if (state != RequestState::kDraft) r.submitted_at = kAt;
    ids.push_back(tx->requests().insert_request(r));
  }
  EXPECT_EQ(tx->requests().request(ids[3])->state, RequestState::kRejected);
  RequestQuery q;
  q.any_state = {RequestState::kSubmitted, RequestState::kApproved};
  EXPECT_EQ(tx->requests().requests(q).total, 2);
  RequestQuery unallocated;
  unallocated.unallocated_only = true;
  auto waiting = tx->requests().requests(unallocated);
  ASSERT_EQ(waiting.total, 1);
  EXPECT_EQ(waiting.items[0].id, ids[2]);
  RequestQuery submitted;
  submitted.submitted_only = true;
  submitted.department = "93";
  EXPECT_EQ(tx->requests().requests(submitted).total, 3);
  tx->requests().insert_request_event(
      {0, ids[1], kAt, "s@x.fr", "create", std::nullopt, RequestState::kDraft, ""});
  tx->requests().insert_request_event(
      {0, ids[1], kAt, "s@x.fr", "submit", RequestState::kDraft, RequestState::kSubmitted, ""});
  auto events = tx->requests().request_events(ids[1]);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[0].from_state);  // created: from no state
  EXPECT_EQ(events[0].to_state, RequestState::kDraft);
  EXPECT_EQ(events[1].from_state, RequestState::kDraft);
  EXPECT_EQ(events[1].to_state, RequestState::kSubmitted);
  auto counts = tx->requests().request_counts();
  ASSERT_EQ(counts.size(), 4u);
  EXPECT_EQ(std::get<0>(counts[0]), RequestState::kApproved);  // in the order of the names
  EXPECT_EQ(std::get<1>(counts[0]), 1);

  ReferralRecord f;
  f.pseudonym = "R-7K2M9";
  f.association_id = assoc;
  f.structure_id = home;
  f.languages = {"ar", "fr"};
  f.needs = {"keep_in_touch"};
  f.note_sealed = std::string("\x01\x02", 2);
  f.status = "served";
  f.request_id = ids[1];
  f.created_by = "a@x.fr";
  f.created_at = f.updated_at = "2026-01-01T00:00:00Z";
  f.id = tx->requests().insert_referral(f);
  EXPECT_TRUE(tx->requests().pseudonym_taken("R-7K2M9"));
  EXPECT_EQ(tx->requests().referral(f.id)->association_name, "Each One");
  EXPECT_EQ(tx->requests().referrals_of_request(ids[1]).size(), 1u);
  ReferralQuery rq;
  rq.association_id = assoc;
  EXPECT_EQ(tx->requests().referrals(rq).total, 1);
  EXPECT_EQ(tx->requests().referral_counts(),
            (std::vector<std::pair<std::string, std::int64_t>>{{"served", 1}}));
  EXPECT_EQ(tx->requests().erase_referral_notes("2026-06-01T00:00:00Z"), 1);
  EXPECT_FALSE(tx->requests().referral(f.id)->note_sealed);
  f.status = "closed";
  tx->requests().update_referral_status(f);
  EXPECT_EQ(tx->requests().referral(f.id)->status, "closed");
}

// An applied allocation's outcome for many requests at once (more than one statement's worth):
// each request's count, state and time, and one event each, in order.
TEST_P(StoreContract, RecordsAnAllocationForManyRequestsAtOnce) {
  auto tx = db().begin(Mode::kWrite);
  Stock s = add_stock(*tx, 0);
  std::int64_t home = add_org(*tx, Role::kStructure, "CADA");
  std::int64_t prog = tx->requests().insert_programme({0, "CU", "Connexion", s.plan, "", kAt});
  std::vector<Requests::Allocated> outcome;
  std::int64_t untouched = 0;
  for (int i = 0; i < 1201; ++i) {
    RequestRecord r;
    r.programme_id = prog;
    r.structure_id = home;
    r.quantity = 3;
    r.state = RequestState::kApproved;
    r.created_by = "s@x.fr";
    r.created_at = r.updated_at = kAt;
    r.submitted_at = kAt;
    r.id = tx->requests().insert_request(r);
    if (i == 600) {
      untouched = r.id;  // not in the allocation
      continue;
    }
    const RequestState to = i % 2 ? RequestState::kPartiallyApproved : RequestState::kApproved;
    const std::int64_t n = i % 2 ? 2 : 3;
    outcome.push_back({r.id, n, to,
                       {0, r.id, "2026-12-01T00:00:00Z", "c@x.fr", "allocate",
                        RequestState::kApproved, to, std::to_string(n) + "/3"}});
  }
  tx->requests().record_allocation(outcome, "2026-12-01T00:00:00Z");
  for (const auto& a : outcome) {
    auto r = tx->requests().request(a.request_id);
    ASSERT_EQ(r->allocated, a.allocated) << a.request_id;
    ASSERT_EQ(r->state, a.state) << a.request_id;
    ASSERT_EQ(r->updated_at, "2026-12-01T00:00:00Z");
    auto events = tx->requests().request_events(a.request_id);
    ASSERT_EQ(events.size(), 1u) << a.request_id;
    EXPECT_EQ(events[0].transition, "allocate");
    EXPECT_EQ(events[0].from_state, RequestState::kApproved);
    EXPECT_EQ(events[0].to_state, a.state);
    EXPECT_EQ(events[0].reason, std::to_string(a.allocated) + "/3");
  }
  auto other = tx->requests().request(untouched);
  EXPECT_EQ(other->allocated, std::nullopt);
  EXPECT_EQ(other->updated_at, kAt);
  EXPECT_TRUE(tx->requests().request_events(untouched).empty());
  // The events are numbered in the order given.
  EXPECT_LT(tx->requests().request_events(outcome.front().request_id)[0].id,
            tx->requests().request_events(outcome.back().request_id)[0].id);
}

TEST_P(StoreContract, PacksShipsAndRecordsIncidents) {
  auto tx = db().begin(Mode::kWrite);
  Stock s = add_stock(*tx, 3);
  std::int64_t home = add_org(*tx, Role::kStructure, "CADA");
  std::int64_t ares = add_org(*tx, Role::kLogistics, "ARES");
  std::int64_t prog = tx->requests().insert_programme({0, "CU", "Connexion", s.plan, "", kAt});
  RequestRecord r;
  r.programme_id = prog;
  r.structure_id = home;
  r.quantity = 3;
  r.state = RequestState::kApproved;
  r.allocated = 3;
  r.created_by = "s@x.fr";
  r.created_at = r.updated_at = kAt;
  r.id = tx->requests().insert_request(r);
  auto cards = tx->cards().in_stock_cards(s.plan, 3);
  for (auto& c : cards) c.request_id = r.id;
  tx->cards().reserve_sims(cards, kAt, std::nullopt, "c@x.fr");

  PackingOrderRecord o;
  o.structure_id = home;
  o.logistics_id = ares;
  o.leaflet_languages = {"fr"};
  o.state = PackingOrderState::kOpen;
  o.delivery_token = "tok";
  o.created_at = o.updated_at = kAt;
  o.id = tx->packing().insert_packing_order(o);
  EXPECT_EQ(tx->packing().assign_cards_to_order(home, o.id), 3);
  EXPECT_TRUE(tx->packing().unpacked_demand().empty());
  tx->cards().update_sim_state(s.iccids[0], SimState::kPacked, std::nullopt, kAt);
  auto order = tx->packing().packing_order(o.id);
  ASSERT_TRUE(order);
  EXPECT_EQ(order->total, 3);
  EXPECT_EQ(order->packed, 1);
  EXPECT_EQ(order->structure.name, "CADA");
  EXPECT_EQ(order->logistics_name, "ARES");
  EXPECT_EQ(tx->packing().cards_of_order(o.id).size(), 3u);
  EXPECT_EQ(tx->packing().packing_order_by_token("tok")->id, o.id);
  tx->packing().insert_packing_scan({o.id, "8933...F", std::nullopt, "scan_unknown", "l@x", kAt});
  EXPECT_EQ(order->state, PackingOrderState::kOpen);
  order->state = PackingOrderState::kPacked;
  order->packed_at = kAt;
  order->leaflet_languages = {"fr", "uk"};
  tx->packing().update_packing_order(*order);
  EXPECT_EQ(tx->packing().packing_order(order->id)->leaflet_languages,
            (std::vector<std::string>{"fr", "uk"}));
  PackingOrderQuery pq;
  pq.state = PackingOrderState::kPacked;
  EXPECT_EQ(tx->packing().packing_orders(pq).total, 1);
  pq.state = PackingOrderState::kOpen;
  EXPECT_EQ(tx->packing().packing_orders(pq).total, 0);

  auto carriers = tx->shipments().carriers();
  EXPECT_EQ(carriers.size(), 3u);
  tx->shipments().put_carrier({"DHL", "DHL Express", "https://dhl.example/{tracking}"});
  EXPECT_EQ(tx->shipments().carriers().size(), 3u);
  ShipmentRecord h;
  h.carrier = "DHL";
  h.tracking_number = "JJD0001";
  h.logistics_id = ares;
  h.state = ShipmentState::kPrepared;
  h.created_by = "l@x.fr";
  h.created_at = h.updated_at = kAt;
  h.id = tx->shipments().insert_shipment(h);
  tx->packing().set_order_shipment(o.id, h.id);
  h.state = ShipmentState::kShipped;
  h.shipped_at = kAt;
  tx->shipments().update_shipment(h);
  ShipmentQuery sq;
  sq.structure_id = home;
  auto shipped = tx->shipments().shipments(sq);
  ASSERT_EQ(shipped.total, 1);
  EXPECT_EQ(shipped.items[0].carrier_name, "DHL Express");
  EXPECT_EQ(shipped.items[0].state, ShipmentState::kShipped);
  sq.state = ShipmentState::kPrepared;
  EXPECT_EQ(tx->shipments().shipments(sq).total, 0);
  tx->packing().set_order_delivered(o.id, kAt, "s@x.fr");
  EXPECT_EQ(tx->packing().packing_order(o.id)->state, PackingOrderState::kDelivered);

  IncidentRecord i;
  i.kind = IncidentKind::kMissingSim;
  i.iccid = s.iccids[2];
  i.packing_order_id = o.id;
  i.structure_id = home;
  i.state = IncidentState::kOpen;
  i.created_by = "s@x.fr";
  i.created_at = kAt;
  i.id = tx->shipments().insert_incident(i);
  EXPECT_EQ(tx->shipments().incident(i.id)->state, IncidentState::kOpen);
  i.state = IncidentState::kResolved;
  i.resolution = "lost";
  tx->shipments().update_incident(i);
  EXPECT_EQ(tx->shipments().incident(i.id)->resolution, "lost");
  IncidentQuery iq;
  iq.state = IncidentState::kResolved;
  EXPECT_EQ(tx->shipments().incidents(iq).total, 1);
  iq.state = IncidentState::kOpen;
  EXPECT_EQ(tx->shipments().incidents(iq).total, 0);

  // Two cards delivered, one lost: the request is all delivered.
  tx->cards().update_sim_state(s.iccids[0], SimState::kAtStructure, home, kAt);
  tx->cards().update_sim_state(s.iccids[1], SimState::kAtStructure, home, kAt);
  EXPECT_TRUE(tx->requests().requests_all_delivered(home).empty());  // one still reserved
  tx->cards().update_sim_state(s.iccids[2], SimState::kLost, std::nullopt, kAt);
  EXPECT_EQ(tx->requests().requests_all_delivered(home), (std::vector<std::int64_t>{r.id}));
}

TEST_P(StoreContract, AppendsAndReadsTheAuditLogInOrder) {
  auto tx = db().begin(Mode::kWrite);
  EXPECT_FALSE(tx->audit().last_audit_event());
  EXPECT_EQ(tx->audit().data_version(), "");
  EXPECT_EQ(tx->audit().data_version_without("session"), "");
  for (int id = 1; id <= 5; ++id) {
    AuditEvent e;
    e.id = id;
    e.at = kAt;
    e.actor = "system";
    e.action = "test";
    e.entity = id >= 4 ? "session" : "thing";
    e.summary = "événement " + std::to_string(id);
    e.prev_hash = std::string(64, '0');
    e.hash = std::string(63, 'a') + std::to_string(id);
    tx->audit().insert_audit_event(e);
  }
  EXPECT_EQ(tx->audit().last_audit_event()->id, 5);
  EXPECT_EQ(tx->audit().data_version(), std::string(63, 'a') + "5");
  // The last event of another entity: two events of the sessions since do not count.
  EXPECT_EQ(tx->audit().data_version_without("session"), std::string(63, 'a') + "3");
  EXPECT_EQ(tx->audit().data_version_without("thing"), std::string(63, 'a') + "5");
  auto after1 = tx->audit().audit_events(1, 2);
  ASSERT_EQ(after1.size(), 2u);
  EXPECT_EQ(after1[0].summary, "événement 2");
}

// Two writers at once: the second write transaction begins only when the first has ended,
// whichever process or connection it comes from, so a read-then-write is never interleaved.
TEST_P(StoreContract, WriteTransactionsNeverInterleave) {
  {
    auto tx = db().begin(Mode::kWrite);
    tx->put_setting("counter", "0");
    tx->commit();
  }
  auto other = store::open_store(db_->path());
  auto bump = [](Store& store) {
    for (int i = 0; i < 25; ++i) {
      auto tx = store.begin(Mode::kWrite);
      int n = std::stoi(*tx->setting("counter"));
      tx->put_setting("counter", std::to_string(n + 1));
      tx->commit();
    }
  };
  std::thread a([&] { bump(db()); });
  std::thread b([&] { bump(*other); });
  a.join();
  b.join();
  EXPECT_EQ(db().begin(Mode::kRead)->setting("counter"), "50");
}

// Residents, their consents and lines (issue 11): the status filter, one consent in force per
// purpose, one open line per resident and programme and per card, erasure, retention, and the
// sealed values that key rotation walks through.
TEST_P(StoreContract, KeepsResidentsConsentsAndLines) {
  std::int64_t home = 0, prog = 0, a = 0, b = 0, ha = 0;
  Stock s;
  {
    auto tx = db().begin(Mode::kWrite);
    s = add_stock(*tx, 3, "sha-residents");
    home = add_org(*tx, Role::kStructure, "CADA des Lilas");
    prog = tx->requests().insert_programme({0, "CU", "Connexion", s.plan, "", kAt});
    ResidentRecord r;
    r.pseudonym = "R-AAAA-0001";
    r.structure_id = home;
    r.household_size = 4;
    r.children = 2;
    r.languages = {"ar", "fr"};
    r.needs = {"schooling"};
    r.created_by = "s@x.fr";
    r.created_at = r.updated_at = "2026-01-01T10:00:00Z";
    a = tx->residents().insert_resident(r);
    r.pseudonym = "R-AAAA-0002";
    r.languages = {"ti"};
    r.needs = {};
    b = tx->residents().insert_resident(r);
    tx->residents().set_sealed_fields(a, std::string("\x01\x02", 2), std::nullopt);
    EXPECT_TRUE(tx->residents().pseudonym_taken("R-AAAA-0002"));
    EXPECT_FALSE(tx->residents().pseudonym_taken("R-AAAA-0003"));
    tx->residents().insert_consent(given_consent(a, "line", "ar"));
    tx->cards().update_sim_state(s.iccids[0], SimState::kHandedOver, home, kAt);
    ha = tx->residents().insert_handover(
        line_of(a, s.iccids[0], prog, home, "2026-01-02T10:00:00Z", "2026-02-01T10:00:00Z"));
    tx->commit();
  }
  auto tx = db().begin(Mode::kRead);
  auto ra = tx->residents().resident(a);
  ASSERT_TRUE(ra);
  EXPECT_EQ(ra->languages, (std::vector<std::string>{"ar", "fr"}));
  EXPECT_EQ(ra->structure_name, "CADA des Lilas");
  EXPECT_EQ(ra->first_name_sealed, std::string("\x01\x02", 2));
  EXPECT_FALSE(ra->contact_sealed);
  auto ids = [&](std::optional<std::string> status) {
    ResidentQuery q;
    q.structure_id = home;
    q.status = std::move(status);
    std::vector<std::int64_t> out;
    for (auto& r : tx->residents().residents(q).items) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids(std::nullopt), (std::vector<std::int64_t>{b, a}));  // newest first
  EXPECT_EQ(ids("has_line"), (std::vector<std::int64_t>{a}));
  EXPECT_EQ(ids("needs_consent"), (std::vector<std::int64_t>{b}));
  EXPECT_TRUE(ids("waiting_line").empty());
  auto open = tx->residents().open_handover(a, prog);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->id, ha);
  EXPECT_EQ(open->msisdn.substr(0, 5), "+3361");
  EXPECT_EQ(open->programme_code, "CU");
  auto counts = tx->residents().counts(home, "2026-01-02T00:00:00Z");
  EXPECT_EQ(std::vector<std::int64_t>({counts.residents, counts.needs_consent, counts.waiting_line,
                                       counts.handed_over_since}),
            std::vector<std::int64_t>({2, 1, 0, 1}));
  EXPECT_EQ(tx->residents().counts(home, "2026-01-03T00:00:00Z").handed_over_since, 0);
  // Due for erasure: b (no line, recorded before), not a (its line ends 2026-02-01).
  EXPECT_EQ(tx->residents().residents_due("2026-01-15T00:00:00Z"), (std::vector<std::int64_t>{b}));
  EXPECT_EQ(tx->residents().residents_due("2026-03-01T00:00:00Z"), (std::vector<std::int64_t>{a, b}));
  tx.reset();

  // A second consent in force for the same purpose, a second open line, the same card twice:
  // each refused by the database itself.
  auto refused = [&](auto write) {
    auto w = db().begin(Mode::kWrite);
    try {
      write(*w);
      ADD_FAILURE() << "stored";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "constraint_violation");
    }
  };
  refused([&](Transaction& w) {
    auto c = w.residents().consents_of(a).front();
    w.residents().insert_consent(c);
  });
  refused([&](Transaction& w) {
    auto h = *w.residents().handover(ha);
    h.iccid = s.iccids[1];
    w.residents().insert_handover(h);
  });
  refused([&](Transaction& w) {
    auto h = *w.residents().handover(ha);
    h.resident_id = b;
    w.residents().insert_handover(h);
  });

  {
    auto w = db().begin(Mode::kWrite);
    auto c = w->residents().consents_of(a).front();
    EXPECT_TRUE(w->residents().end_consent(c.id, "withdrawn", kAt, std::nullopt));
    EXPECT_FALSE(w->residents().end_consent(c.id, "withdrawn", kAt, std::nullopt));
    EXPECT_EQ(w->residents().consent(c.id)->status, "withdrawn");
    w->residents().take_back(ha, kAt, std::nullopt, "wrong_person");
    EXPECT_FALSE(w->residents().open_handover(a, prog));
    EXPECT_EQ(w->residents().handover(ha)->taken_back_reason, "wrong_person");
    // Sealed values: listed in row order, replaced only where they still hold the old bytes.
    auto sealed = w->sealed().values(SealedColumn::kResidentFirstName, "", 10);
    ASSERT_EQ(sealed.size(), 1u);
    EXPECT_EQ(sealed[0].row, std::to_string(a));
    EXPECT_FALSE(w->sealed().replace(SealedColumn::kResidentFirstName, sealed[0].row, "other", "x"));
    EXPECT_TRUE(w->sealed().replace(SealedColumn::kResidentFirstName, sealed[0].row, sealed[0].bytes,
                                    std::string("\x03\x00", 2)));
    EXPECT_EQ(w->residents().resident(a)->first_name_sealed, std::string("\x03\x00", 2));
    auto puks = w->sealed().values(SealedColumn::kSimPuk, s.iccids[0], 2);
    ASSERT_EQ(puks.size(), 2u);
    EXPECT_EQ(puks[0].row, s.iccids[1]);
    w->residents().erase_resident(a, kAt);
    auto erased = w->residents().resident(a);
    EXPECT_FALSE(erased->first_name_sealed);
    EXPECT_EQ(erased->erased_at, kAt);
    EXPECT_EQ(erased->household_size, 4);  // the counts stay
    w->commit();
  }
  auto r = db().begin(Mode::kRead);
  ResidentQuery q;
  q.structure_id = home;
  q.status = "erased";
  ASSERT_EQ(r->residents().residents(q).items.size(), 1u);
  EXPECT_TRUE(r->sealed().values(SealedColumn::kResidentFirstName, "", 10).empty());
}

TEST_P(StoreContract, KeepsLinesTopupsIncidentsFollowUpsAndTodo) {
  std::int64_t home = 0, prog = 0, a = 0, b = 0, ha = 0, hb = 0;
  Stock s;
  {
    auto tx = db().begin(Mode::kWrite);
    s = add_stock(*tx, 4, "sha-lines");
    home = add_org(*tx, Role::kStructure, "HUDA du Port");
    ProgrammeRecord g{0, "CU-L", "Lignes", s.plan, "", kAt};
    g.topup_budget_cents = 5000;
    g.follow_up_days = 20;
    prog = tx->requests().insert_programme(g);
    ResidentRecord r;
    r.pseudonym = "R-LINE-0001";
    r.structure_id = home;
    r.languages = {"ps"};
    r.created_by = "s@x.fr";
    r.created_at = r.updated_at = "2026-01-01T10:00:00Z";
    a = tx->residents().insert_resident(r);
    r.pseudonym = "R-LINE-0002";
    b = tx->residents().insert_resident(r);
    tx->residents().insert_consent(given_consent(a, "follow_up", "ps"));
    // a: active since 01-05, ends 02-04; b: handed over 01-10, never activated.
    tx->cards().update_sim_state(s.iccids[0], SimState::kActive, home, kAt);
    tx->cards().update_sim_state(s.iccids[1], SimState::kHandedOver, home, kAt);
    ha = tx->residents().insert_handover(
        line_of(a, s.iccids[0], prog, home, "2026-01-02T10:00:00Z", "2026-02-01T10:00:00Z"));
    hb = tx->residents().insert_handover(
        line_of(b, s.iccids[1], prog, home, "2026-01-10T10:00:00Z", "2026-02-01T10:00:00Z"));
    tx->lines().set_lines_dates({{ha, "2026-01-05", "2026-02-04T00:00:00Z"}});
    // A card without its number until the operator gives it.
    tx->lines().set_msisdn(s.iccids[2], std::nullopt);
    tx->lines().set_msisdn(s.iccids[3], std::nullopt);  // two cards without one: allowed
    tx->commit();
  }
  auto tx = db().begin(Mode::kWrite);
  EXPECT_EQ(tx->cards().sim(s.iccids[2])->msisdn, "");
  EXPECT_EQ(tx->lines().msisdns_taken({tx->cards().sim(s.iccids[0])->msisdn, "+33699999999"}),
            (std::vector<std::string>{tx->cards().sim(s.iccids[0])->msisdn}));
  auto line = tx->lines().open_handover_of_card(s.iccids[0]);
  ASSERT_TRUE(line);
  EXPECT_EQ(line->activated_at, "2026-01-05");
  EXPECT_EQ(line->ends_at, "2026-02-04T00:00:00Z");

  // Lists as at 2026-01-30: b not active after 3 days, a ending within 7 days.
  LineQuery q;
  q.structure_id = home;
  q.at = "2026-01-30T00:00:00Z";
  q.not_active_before = "2026-01-27T00:00:00Z";
  q.ending_before = "2026-02-06T00:00:00Z";
  auto listed = [&](const std::string& filter) {
    q.filter = filter;
    std::vector<std::int64_t> out;
    for (auto& row : tx->lines().lines(q).items) out.push_back(row.line.id);
    return out;
  };
  EXPECT_EQ(listed("all"), (std::vector<std::int64_t>{ha, hb}));
  EXPECT_EQ(listed("not_active"), (std::vector<std::int64_t>{hb}));
  EXPECT_EQ(listed("ending"), (std::vector<std::int64_t>{ha}));
  EXPECT_TRUE(listed("ended").empty());
  q.at = "2026-02-05T00:00:00Z";
  EXPECT_EQ(listed("ended"), (std::vector<std::int64_t>{ha}));

  // Top-ups: asked, counted against the budget, one under way per line, sent, confirmed.
  TopupRecord t;
  t.handover_id = ha;
  t.iccid = s.iccids[0];
  t.programme_id = prog;
  t.structure_id = home;
  t.operator_id = s.op;
  t.cost_cents = 1000;
  t.validity_days = 30;
  t.status = "requested";
  t.requested_at = kAt;
  const auto t1 = tx->lines().insert_topup(t);
  EXPECT_EQ(tx->lines().topup_cents(prog, true), 1000);
  EXPECT_EQ(tx->lines().topup_cents(prog, false), 0);
  EXPECT_TRUE(tx->lines().lines_to_top_up(prog).empty());  // a has one under way
  EXPECT_TRUE(tx->lines().decide_topup(t1, "approved", kAt, std::nullopt));
  EXPECT_FALSE(tx->lines().decide_topup(t1, "refused", kAt, std::nullopt));
  auto sent = [&] { return tx->lines().report_cards({{s.iccids[0]}, {s.iccids[0]}, {}})[s.iccids[0]].sent_topup; };
  EXPECT_EQ(sent()->id, t1);
  EXPECT_EQ(tx->lines().topup(t1)->pseudonym, "R-LINE-0001");
  EXPECT_EQ(tx->lines().topup(t1)->operator_code, "SFR");
  tx->lines().confirm_topups({{t1, "2026-02-01"}});
  EXPECT_FALSE(sent());
  EXPECT_TRUE(tx->lines().confirmed_on(s.iccids[0], "2026-02-01"));
  EXPECT_EQ(tx->lines().topup_cents(prog, false), 1000);
  EXPECT_EQ(tx->lines().lines_to_top_up(prog).size(), 1u);
  tx->lines().record_usages({{s.iccids[0], 300, "2026-01-10"}});
  tx->lines().record_usages({{s.iccids[0], 120, "2026-01-20"}});  // the largest stays
  EXPECT_EQ(tx->lines().usage_by_month(home),
            (std::vector<UsageMonth>{{"2026-01", 1, 1, 300}}));
  EXPECT_EQ(tx->cards().sim(s.iccids[0])->data_used_mb, 120);  // the card keeps the last

  // An incident: one open per line.
  LineIncidentRecord i;
  i.handover_id = hb;
  i.iccid = s.iccids[1];
  i.resident_id = b;
  i.structure_id = home;
  i.operator_id = s.op;
  i.kind = "stolen";
  i.status = "declared";
  i.declared_at = "2026-01-20T08:00:00Z";
  i.id = tx->lines().insert_incident(i);
  EXPECT_EQ(tx->lines().open_incident_of_card(s.iccids[1])->id, i.id);
  i.status = "swap_requested";
  i.replacement_iccid = s.iccids[2];
  tx->lines().update_incident(i);
  EXPECT_EQ(tx->lines().incident_replaced_by(s.iccids[2])->id, i.id);
  LineIncidentQuery iq;
  iq.structure_id = home;
  iq.open_only = true;
  EXPECT_EQ(tx->lines().incidents(iq).total, 1);

  // Follow-up due for a (consented, 20 days after 01-02) as at 01-30; not for b (no consent).
  TodoThresholds th;
  th.at = "2026-01-30T00:00:00Z";
  th.not_active_before = "2026-01-27T00:00:00Z";
  th.ending_before = "2026-02-06T00:00:00Z";
  th.follow_up_before[prog] = "2026-01-10T00:00:00Z";
  EXPECT_EQ(tx->lines().rebuild_todo({}, th), 4);
  std::vector<std::string> kinds;
  for (auto& item : tx->lines().todo(home)) kinds.push_back(item.kind + ":" + item.pseudonym);
  // a's line ends 02-04 and no top-up is under way (the one confirmed moved nothing here).
  EXPECT_EQ(kinds, (std::vector<std::string>{"activation_late:R-LINE-0002",
                                             "follow_up_due:R-LINE-0001",
                                             "incident_waiting:R-LINE-0002",
                                             "line_ending:R-LINE-0001"}));
  FollowUpRecord f;
  f.resident_id = a;
  f.handover_id = ha;
  f.structure_id = home;
  f.programme_id = prog;
  f.recorded_at = kAt;
  f.language = "ps";
  f.answers = "{\"still_used\":true}";
  f.uses = {"family", "health"};
  f.still_used = true;
  f.satisfaction = 5;
  f.testimony = "Merci";
  tx->lines().insert_follow_up(f);
  EXPECT_TRUE(tx->lines().has_follow_up(ha));
  EXPECT_EQ(tx->lines().rebuild_todo({home, std::nullopt}, th), 3);
  // One resident's items only: b's two stay as they are, a's are built again.
  EXPECT_EQ(tx->lines().rebuild_todo({std::nullopt, a}, th), 1);
  EXPECT_EQ(tx->lines().todo(home).size(), 3u);
  EXPECT_EQ(tx->lines().todo_counts()[home]["activation_late"], 1);
  auto saved = tx->lines().follow_ups_of(a);
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0].uses, (std::vector<std::string>{"family", "health"}));
  EXPECT_EQ(saved[0].still_used, true);
  EXPECT_EQ(saved[0].testimony, "Merci");
  tx->lines().clear_testimonies(a);
  EXPECT_FALSE(tx->lines().follow_ups_of(a)[0].testimony);
  tx->commit();

  // The same follow-up twice, two incidents open on a line, two top-ups under way: refused.
  auto refused = [&](auto write) {
    auto w = db().begin(Mode::kWrite);
    try {
      write(*w);
      ADD_FAILURE() << "stored";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "constraint_violation");
    }
  };
  refused([&](Transaction& w) { w.lines().insert_follow_up(f); });
  refused([&](Transaction& w) {
    i.status = "declared";
    w.lines().insert_incident(i);
  });
  refused([&](Transaction& w) {
    t.status = "approved";
    t.handover_id = hb;
    w.lines().insert_topup(t);
    w.lines().insert_topup(t);
  });
}

// Issue 13: a programme's budget, funders, profile and share links, and the facts its results
// are computed from, each step at its first time, on both engines.
TEST_P(StoreContract, ReadsTheFactsOfAProgrammesResults) {
  std::int64_t home = 0, prog = 0, request = 0, a = 0, b = 0;
  Stock s;
  {
    auto tx = db().begin(Mode::kWrite);
    s = add_stock(*tx, 4, "sha-results");
    home = add_org(*tx, Role::kStructure, "CADA du Canal");
    prog = tx->requests().insert_programme({0, "CU-R", "Résultats", s.plan, "", kAt});
    RequestRecord r;
    r.programme_id = prog;
    r.structure_id = home;
    r.quantity = 2;
    r.needs = {{"keep_in_touch", 2}};
    r.leaflet_languages = {"fr"};
    r.state = RequestState::kFulfilled;
    r.created_by = "s@x.fr";
    r.created_at = r.updated_at = "2026-01-09T08:00:00Z";
    r.submitted_at = "2026-01-10T08:00:00Z";
    request = tx->requests().insert_request(r);
    PackingOrderRecord o;
    o.structure_id = home;
    o.logistics_id = add_org(*tx, Role::kLogistics, "ARES");
    o.leaflet_languages = {"fr"};
    o.state = PackingOrderState::kDelivered;
    o.delivery_token = "tok-results";
    o.created_at = o.updated_at = "2026-01-15T09:00:00Z";
    o.packed_at = "2026-01-16T09:00:00Z";
    o.id = tx->packing().insert_packing_order(o);
    ShipmentRecord h;
    h.carrier = "COLISSIMO";
    h.tracking_number = "6A0001";
    h.logistics_id = o.logistics_id;
    h.state = ShipmentState::kDelivered;
    h.created_by = "l@x.fr";
    h.created_at = h.updated_at = "2026-01-16T12:00:00Z";
    h.shipped_at = "2026-01-17T10:00:00Z";
    tx->packing().set_order_shipment(o.id, tx->shipments().insert_shipment(h));
    // A second parcel, on a shipment that kept the price it shipped at.
    PackingOrderRecord o2 = o;
    o2.delivery_token = "tok-results-2";
    o2.id = tx->packing().insert_packing_order(o2);
    h.tracking_number = "6A0002";
    h.parcel_price_cents = 700;
    const auto priced = tx->shipments().insert_shipment(h);
    tx->packing().set_order_shipment(o2.id, priced);
    EXPECT_EQ(tx->shipments().shipment(priced)->parcel_price_cents, 700);
    for (auto c : tx->shipments().carriers()) {
      if (c.code != "COLISSIMO") continue;
      c.parcel_price_cents = 890;
      tx->shipments().put_carrier(c);
    }
    auto event = [&](const std::string& iccid, const char* transition, const char* at) {
      tx->cards().insert_sim_event({0, iccid, at, std::nullopt, "system", transition, "", "", ""});
    };
    tx->cards().set_card_destination(s.iccids[3], request, o2.id);
    for (int n = 0; n < 2; ++n) {
      tx->cards().set_card_destination(s.iccids[n], request, o.id);
      event(s.iccids[n], "reserve", "2026-01-15T09:00:00Z");
      event(s.iccids[n], "release", "2026-01-15T10:00:00Z");
      event(s.iccids[n], "reserve", "2026-01-15T11:00:00Z");  // the first counts
      event(s.iccids[n], "pack", "2026-01-16T09:00:00Z");
      event(s.iccids[n], "ship", "2026-01-17T10:00:00Z");
      event(s.iccids[n], "deliver", "2026-01-20T10:00:00Z");
      event(s.iccids[n], "hand_over", n == 0 ? "2026-01-21T10:00:00Z" : "2026-01-22T10:00:00Z");
    }
    event(s.iccids[0], "activate", "2026-01-21T12:00:00Z");
    // A card sent by hand: its structure is its holder's.
    tx->cards().update_sim_state(s.iccids[2], SimState::kAtStructure, home, kAt);
    event(s.iccids[2], "deliver", "2026-02-01T10:00:00Z");
    ResidentRecord person;
    person.pseudonym = "R-RES-0001";
    person.structure_id = home;
    person.household_size = 3;
    person.languages = {"ps", "fr"};
    person.created_by = "s@x.fr";
    person.created_at = person.updated_at = kAt;
    a = tx->residents().insert_resident(person);
    person.pseudonym = "R-RES-0002";
    person.household_size = 1;
    person.languages = {"ti"};
    b = tx->residents().insert_resident(person);
    tx->residents().insert_consent(given_consent(a, "testimony", "ps"));
    const auto withdrawn = tx->residents().insert_consent(given_consent(b, "testimony", "ti"));
    tx->residents().end_consent(withdrawn, "withdrawn", kAt, std::nullopt);
    const auto la = tx->residents().insert_handover(
        line_of(a, s.iccids[0], prog, home, "2026-01-21T10:00:00Z", "2026-02-20T10:00:00Z"));
    const auto lb = tx->residents().insert_handover(
        line_of(b, s.iccids[1], prog, home, "2026-01-22T10:00:00Z", "2026-02-21T10:00:00Z"));
    for (auto [resident, line] : {std::pair{a, la}, std::pair{b, lb}}) {
      FollowUpRecord f;
      f.resident_id = resident;
      f.handover_id = line;
      f.structure_id = home;
      f.programme_id = prog;
      f.recorded_at = "2026-02-25T10:00:00Z";
      f.language = "fr";
      f.answers = "{}";
      f.uses = {"family", "health"};
      f.still_used = resident == a;
      f.satisfaction = 4;
      f.testimony = "Merci.";
      tx->lines().insert_follow_up(f);
    }
    TopupRecord t;
    t.handover_id = la;
    t.iccid = s.iccids[0];
    t.programme_id = prog;
    t.structure_id = home;
    t.operator_id = s.op;
    t.cost_cents = 1000;
    t.validity_days = 30;
    t.status = "confirmed";
    t.requested_at = "2026-02-15T10:00:00Z";
    t.confirmed_at = "2026-02-17T10:00:00Z";
    tx->lines().insert_topup(t);
    tx->results().replace_budget(prog, {{"cards", 5000, std::nullopt}, {"training", 900, 300}},
                                 {{0, "État", std::nullopt, std::nullopt, 6000, std::nullopt},
                                  {0, "Fonds", std::string("XM-F"), std::string("training"),
                                   std::nullopt, 400}});
    tx->results().set_programme_profile(prog, {500, "2026-01-01", "2026-12-31", "XM-R-CU", "XM-R"});
    tx->commit();
  }
  auto tx = db().begin(Mode::kWrite);
  auto& r = tx->results();
  const auto cards = r.result_cards(prog);
  ASSERT_EQ(cards.size(), 3u);
  std::map<std::string, ResultCardRow> by_iccid;
  for (const auto& c : cards) by_iccid[c.iccid] = c;
  const auto& first = by_iccid.at(s.iccids[0]);
  EXPECT_EQ(first.structure_id, home);
  EXPECT_EQ(first.request_id, request);
  EXPECT_EQ(first.reserved_at, "2026-01-15T09:00:00Z");
  EXPECT_EQ(first.packed_at, "2026-01-16T09:00:00Z");
  EXPECT_EQ(first.shipped_at, "2026-01-17T10:00:00Z");
  EXPECT_EQ(first.delivered_at, "2026-01-20T10:00:00Z");
  EXPECT_EQ(first.handed_over_at, "2026-01-21T10:00:00Z");
  EXPECT_EQ(first.activated_at, "2026-01-21T12:00:00Z");
  EXPECT_EQ(by_iccid.at(s.iccids[1]).activated_at, "");
  const auto& by_hand = by_iccid.at(s.iccids[2]);
  EXPECT_EQ(by_hand.structure_id, home);
  EXPECT_FALSE(by_hand.request_id);
  EXPECT_EQ(by_hand.reserved_at, "");
  EXPECT_EQ(by_hand.delivered_at, "2026-02-01T10:00:00Z");

  const auto batches = r.result_batches(prog);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].quantity, 4);
  const auto requests = r.result_requests(prog);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].submitted_at, "2026-01-10T08:00:00Z");
  EXPECT_EQ(requests[0].structure_id, home);
  auto lines = r.result_lines(prog);
  ASSERT_EQ(lines.size(), 2u);
  std::sort(lines.begin(), lines.end(), [](auto& x, auto& y) { return x.iccid < y.iccid; });
  EXPECT_EQ(lines[0].household_size, 3);
  EXPECT_EQ(lines[0].main_language, "ps");
  EXPECT_FALSE(lines[0].replacement);
  const auto surveys = r.result_follow_ups(prog);
  ASSERT_EQ(surveys.size(), 2u);
  EXPECT_EQ(surveys[0].uses, "family health");
  EXPECT_EQ(surveys[0].still_used, true);
  EXPECT_EQ(surveys[0].satisfaction, 4);
  EXPECT_EQ(surveys[0].testimony, "Merci.");
  EXPECT_EQ(surveys[1].still_used, false);
  EXPECT_FALSE(surveys[1].testimony);  // its consent was withdrawn
  const auto topups = r.result_topups(prog);
  ASSERT_EQ(topups.size(), 1u);
  EXPECT_EQ(topups[0].status, "confirmed");
  EXPECT_EQ(topups[0].cost_cents, 1000);
  auto parcels = r.result_parcels(prog);
  ASSERT_EQ(parcels.size(), 2u);
  std::sort(parcels.begin(), parcels.end(),
            [](const auto& x, const auto& y) { return x.price_cents < y.price_cents; });
  EXPECT_EQ(parcels[0].shipped_at, "2026-01-17T10:00:00Z");
  EXPECT_EQ(parcels[0].price_cents, 700);  // the price it shipped at
  EXPECT_EQ(parcels[1].price_cents, 890);  // shipped before prices were kept: the carrier's
  bool found = false;
  for (const auto& st : r.result_structures()) {
    if (st.id != home) continue;
    found = true;
    EXPECT_EQ(st.department, "93");
    EXPECT_EQ(st.structure_type, "CADA");
    EXPECT_EQ(st.capacity, 80);
  }
  EXPECT_TRUE(found);

  const auto budget = r.budget_lines(prog);
  ASSERT_EQ(budget.size(), 2u);
  EXPECT_EQ(budget[0].category, "cards");
  EXPECT_FALSE(budget[0].spent_cents);
  EXPECT_EQ(budget[1].spent_cents, 300);
  const auto funders = r.funders(prog);
  ASSERT_EQ(funders.size(), 2u);
  EXPECT_EQ(funders[0].share_bp, 6000);
  EXPECT_EQ(funders[1].category, "training");
  EXPECT_EQ(funders[1].amount_cents, 400);
  EXPECT_EQ(funders[1].iati_ref, "XM-F");
  const auto profile = r.programme_profile(prog);
  EXPECT_EQ(profile.target_people, 500);
  EXPECT_EQ(profile.iati_identifier, "XM-R-CU");
  r.replace_budget(prog, {}, {});
  EXPECT_TRUE(r.budget_lines(prog).empty());
  EXPECT_TRUE(r.funders(prog).empty());

  const auto id = r.insert_share_link({0, prog, "abc", "2027-01-01T00:00:00Z", std::nullopt, kAt,
                                       std::nullopt});
  EXPECT_EQ(r.share_link_by_token("abc")->programme_id, prog);
  EXPECT_FALSE(r.share_link_by_token("abd"));
  EXPECT_TRUE(r.revoke_share_link(prog, id, kAt));
  EXPECT_FALSE(r.revoke_share_link(prog, id, kAt));  // once
  EXPECT_EQ(r.share_links(prog).at(0).revoked_at, kAt);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContract,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const ::testing::TestParamInfo<Engine>& p) { return testing::engine_name(p.param); });

}  // namespace
}  // namespace relais::store
