// The records of the SIM stock: operators' numbering, plans, batches as delivered, the cards
// and their events, and the per batch and state counters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sim_lifecycle.hpp"

namespace relais {

struct OperatorProfile {
  std::int64_t organisation_id = 0;
  std::vector<std::string> iccid_prefixes;        // "893310"
  std::vector<std::string> mobile_network_codes;  // "10", under MCC 208
  // The access point name of its mobile internet, printed on residents' leaflets.
  std::optional<std::string> apn = std::nullopt;
};

struct PlanRecord {
  std::int64_t id = 0;
  std::int64_t operator_id = 0;
  std::string code;
  std::string name;
  int data_gb = 0;
  int validity_days = 0;
  bool calls_sms_included = false;
  int unit_cost_cents = 0;
  bool rechargeable = false;
  std::string created_at;
};

struct BatchRecord {
  std::int64_t id = 0;
  std::int64_t operator_id = 0;
  std::string operator_code;  // filled on reads
  std::int64_t plan_id = 0;
  std::string plan_code;  // filled on reads
  std::string reference;
  std::string file_sha256;
  std::int64_t quantity = 0;
  std::string received_at;
  std::string received_by;
};

struct SimRecord {
  std::string iccid;
  std::string msisdn;
  std::optional<std::string> imsi;
  std::optional<std::string> puk_sealed;  // bytes
  std::int64_t batch_id = 0;
  SimState state = SimState::kInStock;
  std::optional<std::int64_t> holder_id;
  std::string updated_at;
  // Filled on reads:
  std::int64_t operator_id = 0;
  std::string plan_code;
  std::string holder_name;
  std::optional<long long> data_used_mb;
  std::optional<std::string> reported_at;
  std::optional<std::int64_t> request_id;        // the request it was set aside for
  std::optional<std::int64_t> packing_order_id;  // the parcel it goes in
  std::int64_t plan_id = 0;
};

struct SimEventRecord {
  std::int64_t id = 0;
  std::string iccid;
  std::string at;
  std::optional<std::int64_t> actor_user_id;
  std::string actor;
  std::string transition;
  std::string from_state;
  std::string to_state;
  std::string reason;
  std::optional<std::string> actor_name = std::nullopt;  // filled on reads: the user's name, none for the system
};

struct StateCount {
  std::int64_t batch_id = 0;
  SimState state = SimState::kInStock;
  std::int64_t count = 0;
  bool operator==(const StateCount&) const = default;
};

}  // namespace relais
