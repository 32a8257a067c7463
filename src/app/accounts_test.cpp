// Accounts (issue 14) on both engines: what failed logins may write, known browsers, expired
// and revoked API tokens, disabled users.
#include <gtest/gtest.h>

#include "app/auth.hpp"
#include "app/crypto.hpp"
#include "app/organisations.hpp"
#include "app/users.hpp"
#include "core/error.hpp"
#include "core/test_error.hpp"
#include "store/store.hpp"
#include "store/test_store.hpp"

namespace relais::app {
namespace {

using relais::testing::Engine;
using relais::testing::kind_of;

constexpr const char* kPassword = "un-mot-de-passe-long";

class Accounts : public relais::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    OrganisationDraft d;
    d.kind = "coordinator";
    d.name = "Emmaüs Connect";
    auto org = create_organisation(db(), Actor::system(), d);
    for (const char* email : {"ana@example.org", "bob@example.org"}) {
      NewUser u{email, "Name", "coordinator", org.id, kPassword};
      users_.push_back(create_user(db(), Actor::system(), u));
    }
  }
  std::int64_t failure_rows() {
    return db().begin(store::Mode::kRead)->accounts().count_login_failures();
  }
  std::vector<UserRecord> users_;
};

TEST_P(Accounts, FailedLoginsOfUnknownEmailsWriteNothing) {
  const auto before = failure_rows();
  const std::string audit_before = db().begin(store::Mode::kRead)->audit().data_version();
  // From 1,000 addresses, so that no address is held: every attempt is checked.
  for (int i = 0; i < 1000; ++i) {
    std::string email = random_token(150).substr(0, 190) + "@example.org";
    LoginClient client{"198.51." + std::to_string(i / 250) + "." + std::to_string(i % 250), ""};
    EXPECT_EQ(kind_of([&] { login(db(), email, "wrong-password", client); }),
              ErrorKind::kUnauthenticated);
  }
  EXPECT_EQ(failure_rows(), before);
  EXPECT_EQ(db().begin(store::Mode::kRead)->audit().data_version(), audit_before);
}

TEST_P(Accounts, OversizedLoginsAreRefusedBeforeAnyWork) {
  std::string huge(5 * 1024 * 1024, 'e');
  EXPECT_EQ(kind_of([&] { login(db(), huge, kPassword, {"203.0.113.1", ""}); }),
            ErrorKind::kUnprocessable);
  EXPECT_EQ(kind_of([&] { login(db(), "ana@example.org", huge, {"203.0.113.1", ""}); }),
            ErrorKind::kUnprocessable);
  EXPECT_EQ(failure_rows(), 0);
}

TEST_P(Accounts, AThrottledAccountStillLetsItsKnownBrowserIn) {
  auto known = login(db(), "ana@example.org", kPassword, {"203.0.113.2", ""});
  ASSERT_FALSE(known.device.empty());
  for (int i = 0; i < kFreeLoginFailures; ++i) {
    EXPECT_EQ(kind_of([&] { login(db(), "ana@example.org", "guess", {"203.0.113.3", ""}); }),
              ErrorKind::kUnauthenticated);
  }
  EXPECT_EQ(failure_rows(), 1);  // one row: the real account's
  EXPECT_EQ(kind_of([&] { login(db(), "ana@example.org", kPassword, {"203.0.113.4", ""}); }),
            ErrorKind::kTooManyRequests);
  auto again = login(db(), "ana@example.org", kPassword, {"203.0.113.3", known.device});
  EXPECT_EQ(again.actor.email, "ana@example.org");
  EXPECT_EQ(again.device, known.device);
  EXPECT_EQ(failure_rows(), 0);  // a success clears the count
  // Another account's cookie is no key to this one.
  auto bob = login(db(), "bob@example.org", kPassword, {"203.0.113.5", ""});
  EXPECT_NE(bob.device, known.device);
}

TEST_P(Accounts, ExpiredRevokedAndDisabledTokensAreRefused) {
  auto made = create_api_token(db(), Actor::system(), "bob@example.org", "ci", 1);
  ASSERT_TRUE(actor_for_api_token(db(), made.token));
  EXPECT_TRUE(db().begin(store::Mode::kRead)->accounts().api_token(made.record.id)->last_used_at);
  // A token whose expiry has passed (written as the store keeps it).
  ApiTokenRecord old;
  old.token_hash = sha256_hex("an-old-token");
  old.user_id = users_[1].id;
  old.name = "old";
  old.created_at = "2025-01-01T00:00:00Z";
  old.expires_at = "2025-04-01T00:00:00Z";
  {
    auto tx = db().begin(store::Mode::kWrite);
    tx->accounts().insert_api_token(old);
    tx->commit();
  }
  EXPECT_FALSE(actor_for_api_token(db(), "an-old-token"));

  Actor ana = login(db(), "ana@example.org", kPassword).actor;
  disable_user(db(), ana, users_[1].id);
  EXPECT_FALSE(actor_for_api_token(db(), made.token));
  enable_user(db(), ana, users_[1].id);
  EXPECT_TRUE(actor_for_api_token(db(), made.token));
  revoke_api_token(db(), ana, made.record.id);
  EXPECT_FALSE(actor_for_api_token(db(), made.token));
  EXPECT_EQ(kind_of([&] { create_api_token(db(), Actor::system(), "bob@example.org", "x", 366); }),
            ErrorKind::kUnprocessable);
}

TEST_P(Accounts, ADisabledUsersSessionEndsAtOnce) {
  auto bob = login(db(), "bob@example.org", kPassword);
  ASSERT_TRUE(session_for_token(db(), bob.session_token));  // remembered by this process
  Actor ana = login(db(), "ana@example.org", kPassword).actor;
  EXPECT_EQ(kind_of([&] { disable_user(db(), ana, ana.user_id); }), ErrorKind::kConflict);
  disable_user(db(), ana, users_[1].id);
  EXPECT_FALSE(session_for_token(db(), bob.session_token));
  EXPECT_EQ(kind_of([&] { login(db(), "bob@example.org", kPassword); }),
            ErrorKind::kUnauthenticated);
  // Bob disabled, Ana is the last enabled coordinator: not even the system disables her.
  EXPECT_EQ(kind_of([&] { disable_user(db(), Actor::system(), ana.user_id); }),
            ErrorKind::kConflict);
  enable_user(db(), Actor::system(), users_[1].id);
  EXPECT_NO_THROW(login(db(), "bob@example.org", kPassword));
}

INSTANTIATE_TEST_SUITE_P(Engines, Accounts,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const ::testing::TestParamInfo<Engine>& p) {
                           return relais::testing::engine_name(p.param);
                         });

}  // namespace
}  // namespace relais::app
