// Shipments of packed parcels and the check of what a structure really received (issue 5). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais {

inline constexpr std::string_view kShipmentStates[] = {"prepared", "shipped", "delivered", "lost",
                                                       "returned"};

// prepared -ship-> shipped -declare_lost-> lost, -return-> returned; a shipment becomes
// delivered when the last of its parcels is confirmed (not a transition anyone applies).
std::optional<std::string_view> next_shipment_state(std::string_view from,
                                                    std::string_view transition);

// The carrier's tracking page: `url_template` with "{tracking}" replaced by the number,
// percent-encoded. nullopt when the template has no "{tracking}".
std::optional<std::string> tracking_url(std::string_view url_template, std::string_view number);

// What a structure's scan of a parcel says against what was sent: cards received, cards sent
// but not scanned (missing), cards scanned but not sent (unexpected). Each list in the order of
// the input, without repeats; `scanned` entries are canonical ICCIDs.
struct DeliveryCheck {
  std::vector<std::string> received, missing, unexpected;
};
DeliveryCheck check_delivery(const std::vector<std::string>& sent,
                             const std::vector<std::string>& scanned);

}  // namespace relais
