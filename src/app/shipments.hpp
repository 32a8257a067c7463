// Use cases of shipping and delivery (issue 5): carriers, shipments of closed parcels, the
// structure's delivery confirmation (a count, or a scan of every card received), and the
// incidents its discrepancies open for the coordinator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/records/cards.hpp"
#include "core/records/page.hpp"
#include "core/records/parcels.hpp"

namespace relais::app {

std::vector<CarrierRecord> list_carriers(store::Store& store, const Actor& actor);
CarrierRecord put_carrier(store::Store& store, const Actor& actor,
                                 const CarrierRecord& carrier);

struct ShipmentView {
  ShipmentRecord shipment;
  std::optional<std::string> tracking_url;
  std::vector<PackingOrderRecord> parcels;
};
// Closed parcels of the actor's organisation (logistics) put in one shipment, `prepared`.
ShipmentView create_shipment(store::Store& store, const Actor& actor, const std::string& carrier,
                             const std::string& tracking_number,
                             const std::vector<std::int64_t>& order_ids);
// ship (logistics, coordinator: cards in transit), declare_lost (coordinator: cards lost),
// return (logistics, coordinator: cards back, returned).
ShipmentView apply_shipment_transition(store::Store& store, const Actor& actor, std::int64_t id,
                                       const std::string& transition, const std::string& reason);
struct ShipmentFilter {
  std::optional<std::string> state, limit, cursor;
};
Page<ShipmentView> list_shipments(store::Store& store, const Actor& actor,
                                         const ShipmentFilter& filter);
ShipmentView get_shipment(store::Store& store, const Actor& actor, std::int64_t id);

// The parcel behind a packing list's QR code, for the structure it is sent to.
struct DeliveryView {
  PackingOrderRecord order;
  std::vector<SimRecord> cards;   // ICCIDs and states
  std::vector<IncidentRecord> incidents;
};
DeliveryView get_delivery(store::Store& store, const Actor& actor, const std::string& token);
// Either the count of cards received (must be the count sent: otherwise the structure scans
// them), or the ICCIDs scanned. Received cards reach the structure (at_structure); a card sent
// but not scanned opens a missing_sim incident (it stays in transit until the coordinator's
// review); a card scanned but not sent opens an unexpected_sim incident. Requests all of whose
// cards have arrived are fulfilled.
DeliveryView confirm_delivery(store::Store& store, const Actor& actor, const std::string& token,
                              std::optional<long long> count,
                              const std::optional<std::vector<std::string>>& iccids);

struct IncidentFilter {
  std::optional<std::string> state, limit, cursor;
};
Page<IncidentRecord> list_incidents(store::Store& store, const Actor& actor,
                                                  const IncidentFilter& filter);
// The coordinator's review: a missing card is `lost` (declared so) or `found` (delivered to the
// structure after all); an unexpected card is `set_aside`.
IncidentRecord resolve_incident(store::Store& store, const Actor& actor, std::int64_t id,
                                       const std::string& resolution, const std::string& note);

}  // namespace relais::app
