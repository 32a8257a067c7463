#include "core/shipment.hpp"

#include <set>

#include "core/hex.hpp"

namespace relais {

std::string_view shipment_state_name(ShipmentState state) {
  switch (state) {
    case ShipmentState::kPrepared:
      return "prepared";
    case ShipmentState::kShipped:
      return "shipped";
    case ShipmentState::kDelivered:
      return "delivered";
    case ShipmentState::kLost:
      return "lost";
    case ShipmentState::kReturned:
      return "returned";
  }
  return "";
}

std::optional<ShipmentState> parse_shipment_state(std::string_view name) {
  return state_named(kAllShipmentStates, shipment_state_name, name);
}

const std::vector<ShipmentTransition>& shipment_transitions() {
  using S = ShipmentState;
  static const std::vector<ShipmentTransition> all = {
      {"ship", {S::kPrepared}, S::kShipped},
      {"declare_lost", {S::kShipped}, S::kLost},
      {"return", {S::kShipped}, S::kReturned},
  };
  return all;
}

const ShipmentTransition* find_shipment_transition(std::string_view name) {
  return find_transition(shipment_transitions(), name);
}

std::optional<ShipmentState> next_shipment_state(ShipmentState from, std::string_view transition) {
  return next_state(shipment_transitions(), from, transition);
}

const ShipmentTransition& shipment_delivery() {
  static const ShipmentTransition deliver = {
      "deliver", {ShipmentState::kShipped}, ShipmentState::kDelivered};
  return deliver;
}

std::optional<std::string> tracking_url(std::string_view url_template, std::string_view number) {
  const auto at = url_template.find("{tracking}");
  if (at == std::string_view::npos) return std::nullopt;
  std::string encoded;
  for (unsigned char c : number) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      append_percent_escape(encoded, c);
    }
  }
  std::string out(url_template.substr(0, at));
  out += encoded;
  out += url_template.substr(at + 10);
  return out;
}

DeliveryCheck check_delivery(const std::vector<std::string>& sent,
                             const std::vector<std::string>& scanned) {
  DeliveryCheck c;
  const std::set<std::string> sent_set(sent.begin(), sent.end());
  std::set<std::string> seen;
  for (const auto& s : scanned) {
    if (!seen.insert(s).second) continue;
    (sent_set.count(s) ? c.received : c.unexpected).push_back(s);
  }
  for (const auto& s : sent) {
    if (!seen.count(s)) c.missing.push_back(s);
  }
  return c;
}

}  // namespace relais
