#include "core/packing.hpp"

#include <cstdio>

namespace relais {

std::string_view scan_outcome(std::int64_t order_id, const std::optional<ScannedCard>& card) {
  if (!card) return "scan_unknown";
  if (card->packing_order != order_id) return "scan_other_order";
  if (card->state == SimState::kPacked) return "scan_already_packed";
  if (card->state != SimState::kReserved) return "scan_wrong_state";
  return "packed";
}

std::string packing_reference(std::int64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "CO-%06lld", static_cast<long long>(id));
  return buf;
}

}  // namespace relais
