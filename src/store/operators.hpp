// Operators' numbering, their plans, and the batches of cards they delivered.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/records/cards.hpp"

namespace relais::store {

class Operators {
 public:
  virtual ~Operators() = default;

  virtual void put_operator_profile(const OperatorProfile& profile) = 0;
  virtual std::optional<OperatorProfile> operator_profile(std::int64_t organisation_id) = 0;

  virtual std::int64_t insert_plan(const PlanRecord& plan) = 0;
  virtual std::optional<PlanRecord> plan_by_code(std::int64_t operator_id,
                                                 std::string_view code) = 0;
  virtual std::vector<PlanRecord> plans() = 0;

  virtual std::int64_t insert_batch(const BatchRecord& batch) = 0;
  virtual void set_batch_quantity(std::int64_t batch_id, std::int64_t quantity) = 0;
  virtual std::optional<BatchRecord> batch(std::int64_t id) = 0;
  virtual std::optional<BatchRecord> batch_by_sha256(std::string_view sha256) = 0;
  virtual std::vector<BatchRecord> batches() = 0;
};

}  // namespace relais::store
