// Small pure pieces: roles, authorization, cursors, hexadecimal, accounts, messages, the audit
// chain.
#include <gtest/gtest.h>

#include "core/account.hpp"
#include "core/audit_chain.hpp"
#include "core/authorization.hpp"
#include "core/cursor.hpp"
#include "core/hex.hpp"
#include "core/messages.hpp"
#include "core/packing.hpp"
#include "core/shipment.hpp"
#include "core/sim_lifecycle.hpp"

namespace relais {

TEST(Role, RoundTripsEveryName) {
  for (Role r : kAllRoles) EXPECT_EQ(parse_role(role_name(r)), r);
  EXPECT_FALSE(parse_role("admin"));
}

TEST(Authorization, OnlyTheCoordinatorManagesUsers) {
  for (Role r : kAllRoles) EXPECT_EQ(allowed(r, Action::kManageUsers), r == Role::kCoordinator);
}

TEST(Authorization, AStructureNeverReadsAnotherStructure) {
  EXPECT_TRUE(may_read_organisation(Role::kStructure, 7, 7, Role::kStructure));
  EXPECT_FALSE(may_read_organisation(Role::kStructure, 7, 8, Role::kStructure));
  EXPECT_FALSE(may_read_organisation(Role::kFunder, 1, 8, Role::kStructure));
  EXPECT_TRUE(may_read_organisation(Role::kAssociation, 1, 8, Role::kStructure));
  EXPECT_FALSE(may_read_organisation(Role::kAssociation, 1, 9, Role::kAssociation));
  EXPECT_TRUE(may_read_organisation(Role::kLiaison, 1, 9, Role::kAssociation));
}

TEST(Authorization, TheLiaisonWritesStructuresOnly) {
  EXPECT_TRUE(may_write_kind(Role::kLiaison, Role::kStructure));
  EXPECT_FALSE(may_write_kind(Role::kLiaison, Role::kOperator));
  EXPECT_TRUE(may_write_kind(Role::kCoordinator, Role::kFunder));
  EXPECT_FALSE(may_write_kind(Role::kStructure, Role::kStructure));
  EXPECT_FALSE(allowed(Role::kFunder, Action::kImportStructures));
}

TEST(Authorization, SimTransitionsByHandBelongToWhoeverSeesThem) {
  EXPECT_TRUE(may_apply_sim_transition(Role::kCoordinator, "declare_defective", false, false));
  EXPECT_FALSE(may_apply_sim_transition(Role::kCoordinator, "ship", false, false));
  EXPECT_TRUE(may_apply_sim_transition(Role::kOperator, "suspend", true, false));
  EXPECT_FALSE(may_apply_sim_transition(Role::kOperator, "suspend", false, false));
  EXPECT_FALSE(may_apply_sim_transition(Role::kOperator, "hand_over", true, false));
  EXPECT_TRUE(may_apply_sim_transition(Role::kStructure, "declare_lost", false, true));
  EXPECT_FALSE(may_apply_sim_transition(Role::kStructure, "declare_lost", false, false));
  // A line reaches a resident through a handover (consent, one line each), never by hand.
  for (Role r : {Role::kStructure, Role::kCoordinator}) {
    EXPECT_FALSE(may_apply_sim_transition(r, "hand_over", false, true));
    EXPECT_FALSE(may_apply_sim_transition(r, "take_back", false, true));
  }
  EXPECT_FALSE(may_apply_sim_transition(Role::kFunder, "terminate", false, false));
}

TEST(Cursor, RoundTripsAndRejectsForgeries) {
  Cursor c{"CADA Coallia Lyon, \"été\"", 42};
  EXPECT_EQ(decode_cursor(encode_cursor(c)), c);
  EXPECT_FALSE(decode_cursor("not a cursor!"));
  EXPECT_FALSE(decode_cursor(base64url_encode("abc")));
  EXPECT_FALSE(decode_cursor(base64url_encode("-1\x1fx")));
  EXPECT_EQ(base64url_encode("\xff\xfe"), "__4");
  EXPECT_EQ(base64url_decode("__4"), std::string("\xff\xfe"));
}

TEST(Account, ChecksEmailNameAndPassword) {
  EXPECT_EQ(normalise_email("  Camille@Demo.Relais "), "camille@demo.relais");
  EXPECT_TRUE(is_valid_email("a@b.fr"));
  EXPECT_FALSE(is_valid_email("a@b"));
  EXPECT_FALSE(is_valid_email("a@@b.fr"));
  EXPECT_FALSE(is_valid_email("a b@c.fr"));
  EXPECT_FALSE(is_valid_email("a@b..fr"));
  EXPECT_EQ(check_account("a@b.fr", "A", "ééééé")[0].reason, "password_too_short");
  EXPECT_EQ(check_account("a@b.fr", "Cr\xE9teil", "un-mot-de-passe")[0].reason, "not_utf8_text");
  auto errors = check_account("bad", "", "short");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].reason, "bad_email");
  EXPECT_EQ(errors[1].reason, "required");
  EXPECT_EQ(errors[2].reason, "password_too_short");
  EXPECT_EQ(errors[2].value, "");  // a password is never echoed
}

TEST(Messages, AreCompleteAndLocalised) {
  EXPECT_TRUE(message_catalogue_complete());
  EXPECT_EQ(message("too_many_attempts", Lang::kEn, {"30"}),
            "Too many login attempts. Try again in 30 seconds.");
  EXPECT_EQ(message("not_found", Lang::kFr, {"entity.organisation"}), "Organisation introuvable.");
  EXPECT_EQ(message("no_such_key", Lang::kFr), "no_such_key");
  EXPECT_EQ(lang_from_accept_language("en-GB,en;q=0.9,fr;q=0.8"), Lang::kEn);
  EXPECT_EQ(lang_from_accept_language("fr-FR,fr;q=0.9,en;q=0.5"), Lang::kFr);
  EXPECT_EQ(lang_from_accept_language("de-DE"), Lang::kFr);
  EXPECT_EQ(lang_from_accept_language("en;q=0.1, fr"), Lang::kFr);
  EXPECT_EQ(lang_from_accept_language("de, EN-us;q=0.8, fr;q=0.5"), Lang::kEn);
  EXPECT_EQ(lang_from_accept_language("english"), Lang::kFr);
}

TEST(Messages, ChooseThePluralFormByTheirFirstArgument) {
  EXPECT_TRUE(singular(Lang::kFr, 0));
  EXPECT_TRUE(singular(Lang::kFr, 1));
  EXPECT_FALSE(singular(Lang::kFr, 2));
  EXPECT_FALSE(singular(Lang::kEn, 0));
  EXPECT_TRUE(singular(Lang::kEn, 1));
  EXPECT_FALSE(singular(Lang::kEn, 2));
  EXPECT_EQ(message("doc.cards_count", Lang::kFr, {"0"}), "0 carte SIM");
  EXPECT_EQ(message("doc.cards_count", Lang::kFr, {"1"}), "1 carte SIM");
  EXPECT_EQ(message("doc.cards_count", Lang::kFr, {"2"}), "2 cartes SIM");
  EXPECT_EQ(message("doc.cards_count", Lang::kEn, {"0"}), "0 SIM cards");
  EXPECT_EQ(message("doc.cards_count", Lang::kEn, {"1"}), "1 SIM card");
  EXPECT_EQ(message("order_incomplete", Lang::kFr, {"1", "12"}),
            "Colis incomplet\u202f: 1 carte scannée sur 12.");
  EXPECT_EQ(message("order_incomplete", Lang::kEn, {"2", "12"}),
            "Parcel incomplete: 2 cards scanned out of 12.");
  EXPECT_EQ(message("too_many_attempts", Lang::kFr, {"1"}),
            "Trop de tentatives de connexion. Réessayez dans 1 seconde.");
  // What is not a whole number takes the other form; without a count there is no form to take.
  EXPECT_EQ(message("doc.cards_count", Lang::kEn, {"1.5"}), "1.5 SIM cards");
  EXPECT_EQ(message("doc.cards_count", Lang::kEn), "doc.cards_count");
}

TEST(Messages, NameTheStatesAndMovesTheyMention) {
  EXPECT_EQ(message("sim_transition_refused", Lang::kFr, {"sim_transition.pack", "sim_state.lost"}),
            "Mise en colis impossible\u202f: la carte est perdue.");
  EXPECT_EQ(message("shipment_transition_refused", Lang::kEn,
                    {"shipment_transition.ship", "shipment_state.delivered"}),
            "Cannot ship a shipment that is delivered.");
  EXPECT_EQ(message("parcel_not_in_transit", Lang::kFr, {"packing_state.open"}),
            "Ce colis n'est pas en route (il est en préparation)\u202f: rien à confirmer.");
  // Every state and move a message may mention has a name in both languages.
  std::vector<std::string> keys;
  for (SimState s : kAllSimStates) keys.push_back("sim_state." + std::string(sim_state_name(s)));
  for (const auto& t : sim_transitions()) keys.push_back("sim_transition." + std::string(t.name));
  for (PackingOrderState s : kAllPackingOrderStates) {
    keys.push_back("packing_state." + std::string(packing_order_state_name(s)));
  }
  for (ShipmentState s : kAllShipmentStates) {
    keys.push_back("shipment_state." + std::string(shipment_state_name(s)));
  }
  for (const auto& t : shipment_transitions()) {
    keys.push_back("shipment_transition." + std::string(t.name));
  }
  for (const auto& key : keys) {
    EXPECT_NE(message(key, Lang::kFr), key);
    EXPECT_NE(message(key, Lang::kEn), key);
  }
}

TEST(AuditChain, FindsTheFirstBrokenLink) {
  // A toy hash is enough to test the walking; app tests use SHA-256.
  HashHex toy = [](const std::string& s) { return std::to_string(std::hash<std::string>{}(s)); };
  std::vector<AuditEvent> events;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= 4; ++i) {
    AuditEvent e;
    e.id = i;
    e.at = "2026-11-26T10:00:0" + std::to_string(i) + "Z";
    e.actor = "system";
    e.action = "organisation.create";
    e.entity = "organisation";
    e.summary = "event " + std::to_string(i);
    e.prev_hash = prev;
    e.hash = toy(audit_canonical_text(e));
    prev = e.hash;
    events.push_back(e);
  }
  EXPECT_EQ(verify_chain(events, toy).checked, 4u);
  EXPECT_EQ(verify_chain(events, toy).head_id, 4);
  EXPECT_EQ(verify_chain(events, toy).head_hash, events.back().hash);
  EXPECT_FALSE(verify_chain(events, toy).first_broken_id);

  auto edited = events;
  edited[2].summary = "rewritten";
  auto check = verify_chain(edited, toy);
  EXPECT_EQ(check.first_broken_id, 3);
  EXPECT_EQ(check.reason, "hash");

  auto removed = events;
  removed.erase(removed.begin() + 1);
  check = verify_chain(removed, toy);
  EXPECT_EQ(check.first_broken_id, 3);
  EXPECT_EQ(check.reason, "prev_hash");
}

TEST(Hex, WritesEachByteAsTwoLowercaseDigitsInOrder) {
  const unsigned char bytes[] = {0x00, 0x0a, 0x7f, 0x80, 0xff};
  EXPECT_EQ(to_hex(bytes, sizeof bytes), "000a7f80ff");
  EXPECT_EQ(to_hex(std::string_view("\x01\xfe", 2)), "01fe");
  EXPECT_EQ(to_hex(bytes, 0), "");
}

TEST(Hex, PercentEscapesAreUppercase) {
  std::string out = "a";
  append_percent_escape(out, '#');
  append_percent_escape(out, 0xE9);
  append_percent_escape(out, 0x00);
  EXPECT_EQ(out, "a%23%E9%00");
}

}  // namespace relais
