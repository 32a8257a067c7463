// Use cases against a real SQLite file: authorization, all-or-nothing import, login
// throttling, sessions, the audit chain.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <set>
#include <thread>

#include "app/audit.hpp"
#include "store/store.hpp"
#include "app/auth.hpp"
#include "app/demo.hpp"
#include "app/keys.hpp"
#include "app/residents.hpp"
#include "app/organisations.hpp"
#include "store/test_store.hpp"
#include "app/users.hpp"
#include "core/department.hpp"
#include "core/error.hpp"
#include "core/test_error.hpp"

namespace relais::app {
namespace {

Actor coordinator(store::Store& store) {
  return login(store, "coordinator@demo.relais", kDemoPassword).actor;
}

using relais::testing::kind_of;

const Sealer& test_sealer() {
  static const Sealer sealer = Sealer::with_key({7});
  return sealer;
}

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override { summary_ = create_demo(*db_, test_sealer()); }
  testing::TempStore db_;
  DemoSummary summary_;
};

}  // namespace

TEST_F(DemoTest, CreatesTheProgrammeDeterministically) {
  EXPECT_EQ(summary_.structures, 120);
  EXPECT_EQ(summary_.organisations, 135);
  ASSERT_EQ(summary_.accounts.size(), 7u);
  EXPECT_EQ(summary_.accounts[0].email, "coordinator@demo.relais");
  testing::TempStore other;
  EXPECT_EQ(create_demo(*other, test_sealer()).places, summary_.places);
  EXPECT_EQ(demo_state(*db_), DemoState::kDemo);
  EXPECT_EQ(kind_of([&] { create_demo(*db_, test_sealer()); }), ErrorKind::kConflict);
}

TEST_F(DemoTest, SpreadsStructuresOverEveryRegion) {
  auto page = list_organisations(*db_, coordinator(*db_), {"structure", {}, {}, "200", {}});
  std::set<std::string> regions;
  for (const auto& o : page->items) regions.insert(find_department(*o.department)->region_code);
  EXPECT_EQ(regions.size(), 18u);
}

TEST_F(DemoTest, ImportIsAllOrNothing) {
  Actor c = coordinator(*db_);
  const std::string bad =
      "name,type,capacity,address,postcode,commune,department\n"
      "CADA Test Rennes,CADA,50,1 rue A,35000,Rennes,35\n"
      "HUDA Test Ajaccio,HUDA,40,2 rue B,20000,Ajaccio,20\n";
  try {
    import_structures(*db_, c, bad);
    FAIL() << "import accepted a bad line";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "import_failed");
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].line, 3);
    EXPECT_EQ(e.errors()[0].field, "department");
  }
  auto all = list_organisations(*db_, c, {});
  EXPECT_EQ(all->total, 135);

  std::string good = bad;
  good.replace(good.rfind(",20\n"), 4, ",2A\n");
  EXPECT_EQ(import_structures(*db_, c, good).size(), 2u);
  EXPECT_EQ(list_organisations(*db_, c, {})->total, 137);
  // The same file again: every line now names an existing structure.
  try {
    import_structures(*db_, c, good);
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.errors().size(), 2u);
    EXPECT_EQ(e.errors()[1].reason, "name_taken");
  }
}

TEST_F(DemoTest, AStructureSeesOnlyItself) {
  Actor s = login(*db_, "structure@demo.relais", kDemoPassword).actor;
  auto page = list_organisations(*db_, s, {});
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].id, s.organisation_id);
  auto others = list_organisations(*db_, coordinator(*db_), {"structure", {}, {}, "2", {}});
  for (const auto& o : others->items) {
    if (o.id == s.organisation_id) continue;
    EXPECT_EQ(kind_of([&] { get_organisation(*db_, s, o.id); }), ErrorKind::kNotFound);
  }
  EXPECT_EQ(kind_of([&] { list_users(*db_, s, {}, {}); }), ErrorKind::kForbidden);
  OrganisationDraft patch;
  patch.capacity = "999";
  EXPECT_EQ(kind_of([&] { update_organisation(*db_, s, s.organisation_id, patch); }),
            ErrorKind::kForbidden);
}

TEST_F(DemoTest, AnOrganisationWithAccountsKeepsItsKind) {
  Actor c = coordinator(*db_);
  OrganisationDraft patch;
  patch.kind = "association";
  try {
    update_organisation(*db_, c, c.organisation_id, patch);
    FAIL() << "the coordinator's organisation became an association";
  } catch (const Error& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].reason, "kind_locked");
  }
  EXPECT_EQ(get_organisation(*db_, c, c.organisation_id).kind, Role::kCoordinator);
}

TEST_F(DemoTest, ThrottlesRepeatedFailedLogins) {
  for (int i = 0; i < kFreeLoginFailures; ++i) {
    EXPECT_EQ(kind_of([&] { login(*db_, "funder@demo.relais", "wrong"); }),
              ErrorKind::kUnauthenticated);
  }
  try {
    login(*db_, "funder@demo.relais", kDemoPassword);
    FAIL() << "a locked account logged in";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "too_many_attempts");
    EXPECT_GT(e.retry_after(), 0);
    EXPECT_LE(e.retry_after(), 31);
  }
  EXPECT_NO_THROW(login(*db_, "liaison@demo.relais", kDemoPassword));
}

TEST_F(DemoTest, ParallelGuessesCannotOutrunTheThrottle) {
  std::atomic<int> refused{0}, throttled{0};
  std::vector<std::thread> guesses;
  for (int i = 0; i < 8; ++i) {
    guesses.emplace_back([&] {
      ErrorKind k = kind_of([&] { login(*db_, "logistics@demo.relais", "guess"); });
      (k == ErrorKind::kTooManyRequests ? throttled : refused)++;
    });
  }
  for (auto& t : guesses) t.join();
  EXPECT_EQ(refused.load(), kFreeLoginFailures);
  EXPECT_EQ(throttled.load(), 8 - kFreeLoginFailures);
}

TEST_F(DemoTest, LogoutRevokesTheSession) {
  auto result = login(*db_, "operator@demo.relais", kDemoPassword);
  auto session = session_for_token(*db_, result.session_token);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->csrf_token, result.csrf_token);
  logout(*db_, *session);
  EXPECT_FALSE(session_for_token(*db_, result.session_token));
  EXPECT_FALSE(session_for_token(*db_, "forged"));
}

TEST_F(DemoTest, EveryWriteIsChainedInTheAuditLog) {
  Actor c = coordinator(*db_);
  NewUser u{"nouvelle@demo.relais", "Nouvelle", "association", 0, "un-mot-de-passe"};
  u.organisation_id = list_organisations(*db_, c, {"association", {}, {}, "1", {}})->items[0].id;
  create_user(*db_, c, u);
  auto check = verify_audit(*db_);
  EXPECT_FALSE(check.first_broken_id);
  std::size_t intact = check.checked;
  EXPECT_GT(intact, 140u);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db_.path().c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE audit_events SET summary = 'x' WHERE id = 7", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  check = verify_audit(*db_);
  EXPECT_EQ(check.first_broken_id, 7);
  EXPECT_EQ(check.checked, 6u);
}

TEST_F(DemoTest, CreateUserNamesEveryBadField) {
  Actor c = coordinator(*db_);
  NewUser u{"coordinator@demo.relais", "", "structure", 1, "short"};
  try {
    create_user(*db_, c, u);
    FAIL();
  } catch (const Error& e) {
    std::vector<std::string> got;
    for (const auto& fe : e.errors()) got.push_back(fe.field + ":" + fe.reason);
    EXPECT_EQ(got, (std::vector<std::string>{"name:required", "password:password_too_short",
                                             "role:role_mismatch", "email:email_taken"}));
  }
}

// Issue 14: sealed values are bound to their row. A PUK copied onto another card does not open
// there; a value sealed before the binding (no context) is bound once, and then opens.
TEST_F(DemoTest, APukCopiedToAnotherCardDoesNotOpenAndOldValuesAreBoundOnce) {
  const Actor c = coordinator(*db_);
  std::vector<store::SealedValue> puks;
  {
    auto tx = db_->begin(store::Mode::kRead);
    puks = tx->sealed().values(store::SealedColumn::kSimPuk, "", 2);
  }
  ASSERT_EQ(puks.size(), 2u);
  const auto& a = puks[0];
  const auto& b = puks[1];
  const std::string puk_b = read_puk(*db_, test_sealer(), c, b.row);
  EXPECT_EQ(puk_b.size(), 8u);
  {
    auto tx = db_->begin(store::Mode::kWrite);
    ASSERT_TRUE(tx->sealed().replace(store::SealedColumn::kSimPuk, a.row, a.bytes, b.bytes));
    tx->commit();
  }
  EXPECT_EQ(kind_of([&] { read_puk(*db_, test_sealer(), c, a.row); }), ErrorKind::kInternal);
  EXPECT_EQ(read_puk(*db_, test_sealer(), c, b.row), puk_b);
  EXPECT_EQ(bind_sealed_values(*db_, test_sealer()), 0);  // a copy is not an old value

  // An old value: sealed with no context, as before issue 14.
  {
    auto tx = db_->begin(store::Mode::kWrite);
    ASSERT_TRUE(tx->sealed().replace(store::SealedColumn::kSimPuk, b.row, b.bytes,
                                     test_sealer().seal(puk_b)));
    tx->commit();
  }
  EXPECT_EQ(kind_of([&] { read_puk(*db_, test_sealer(), c, b.row); }), ErrorKind::kInternal);
  EXPECT_EQ(bind_sealed_values(*db_, test_sealer()), 1);
  EXPECT_EQ(read_puk(*db_, test_sealer(), c, b.row), puk_b);
  EXPECT_EQ(bind_sealed_values(*db_, test_sealer()), 0);
}

}  // namespace relais::app
