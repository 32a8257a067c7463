#include "core/shipment.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Shipment, MovesOnlyByItsTransitions) {
  EXPECT_EQ(next_shipment_state("prepared", "ship"), "shipped");
  EXPECT_EQ(next_shipment_state("shipped", "declare_lost"), "lost");
  EXPECT_EQ(next_shipment_state("shipped", "return"), "returned");
  for (auto from : kShipmentStates) {
    for (auto t : {"ship", "declare_lost", "return", "deliver", "teleport"}) {
      const bool legal = (from == "prepared" && std::string_view(t) == "ship") ||
                         (from == "shipped" && (std::string_view(t) == "declare_lost" ||
                                                std::string_view(t) == "return"));
      EXPECT_EQ(next_shipment_state(from, t).has_value(), legal) << from << " " << t;
    }
  }
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
