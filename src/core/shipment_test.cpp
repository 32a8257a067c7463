#include "core/shipment.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Shipment, MovesOnlyByItsTransitions) {
  using S = ShipmentState;
  EXPECT_EQ(next_shipment_state(S::kPrepared, "ship"), S::kShipped);
  EXPECT_EQ(next_shipment_state(S::kShipped, "declare_lost"), S::kLost);
  EXPECT_EQ(next_shipment_state(S::kShipped, "return"), S::kReturned);
  for (ShipmentState from : kAllShipmentStates) {
    for (std::string_view t : {"ship", "declare_lost", "return", "deliver", "teleport"}) {
      const bool legal = (from == S::kPrepared && t == "ship") ||
                         (from == S::kShipped && (t == "declare_lost" || t == "return"));
      EXPECT_EQ(next_shipment_state(from, t).has_value(), legal)
          << shipment_state_name(from) << " " << t;
    }
  }
}

TEST(Shipment, IsDeliveredByItsParcelsNotByHand) {
  EXPECT_EQ(find_shipment_transition("deliver"), nullptr);
  const ShipmentTransition& deliver = shipment_delivery();
  EXPECT_EQ(deliver.to, ShipmentState::kDelivered);
  for (ShipmentState s : kAllShipmentStates) {
    EXPECT_EQ(deliver.leaves(s), s == ShipmentState::kShipped) << shipment_state_name(s);
  }
}

TEST(Shipment, StateNamesRoundTrip) {
  std::vector<std::string_view> names;
  for (ShipmentState s : kAllShipmentStates) {
    EXPECT_EQ(parse_shipment_state(shipment_state_name(s)), s);
    names.push_back(shipment_state_name(s));
  }
  // The names the database holds and the API answers: renaming one is a migration.
  EXPECT_EQ(names, (std::vector<std::string_view>{"prepared", "shipped", "delivered", "lost",
                                                  "returned"}));
  EXPECT_FALSE(parse_shipment_state("open"));
  EXPECT_FALSE(parse_shipment_state(""));
}

TEST(Shipment, TrackingUrlEncodesTheNumber) {
  EXPECT_EQ(tracking_url("https://www.laposte.fr/outils/suivre-vos-envois?code={tracking}",
                         "6A12345678901"),
            "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901");
  EXPECT_EQ(tracking_url("https://t.example/{tracking}/detail", "AB 12/3&x"),
            "https://t.example/AB%2012%2F3%26x/detail");
  EXPECT_FALSE(tracking_url("https://t.example/", "1"));
}

TEST(Shipment, DeliveryCheckSortsReceivedMissingAndUnexpected) {
  auto c = check_delivery({"a", "b", "c", "d"}, {"c", "x", "a", "c", "y"});
  EXPECT_EQ(c.received, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(c.unexpected, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(c.missing, (std::vector<std::string>{"b", "d"}));
  auto all = check_delivery({"a", "b"}, {"b", "a"});
  EXPECT_TRUE(all.missing.empty());
  EXPECT_TRUE(all.unexpected.empty());
}

}  // namespace relais
