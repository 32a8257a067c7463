// Use cases of referrals: an association refers a household to a structure (a pseudonym, counts
// and needs, a sealed note); the notes are erased once the retention period is over.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/sealer.hpp"
#include "app/store_fwd.hpp"
#include "core/records/page.hpp"
#include "core/records/requests.hpp"

namespace relais::app {

struct ReferralInput {
  std::optional<long long> structure_id, adults, children;
  std::vector<std::string> languages, needs;
  std::string note;
};
struct ReferralView {
  ReferralRecord referral;
  std::optional<std::string> note;  // only for the association that wrote it and its structure
};
ReferralView create_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                             const ReferralInput& input);
struct ReferralFilter {
  std::optional<std::string> status, structure_id, limit, cursor;
};
Page<ReferralView> list_referrals(store::Store& store, const Sealer& sealer,
                                         const Actor& actor, const ReferralFilter& filter);
ReferralView get_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                          std::int64_t id);
// "close": the association that wrote it or the structure it was sent to, while open.
ReferralView close_referral(store::Store& store, const Sealer& sealer, const Actor& actor,
                            std::int64_t id);

}  // namespace relais::app
