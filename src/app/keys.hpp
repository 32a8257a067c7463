// `relais keys rotate`: a new key for the sealed values, without stopping the servers and without
// losing one value. The new key goes first in the key file (every server reads the file again
// when it changes, within a second, and still opens values under the old key); every sealed
// value is then re-sealed under the new key, a thousand per short write transaction, until a
// pass finds none left under another key (a server that had not yet read the new file may have
// sealed one meanwhile); then the old key leaves the file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "app/sealer.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

struct RotationOutcome {
  std::int64_t resealed = 0;    // values now under the new key
  std::int64_t unreadable = 0;  // values that opened with no key of the ring: left as they were
  int passes = 0;
};

// `settle`: waits while the servers read the new key file (2 seconds; tests pass a no-op).
RotationOutcome rotate_keys(store::Store& store, const Sealer& sealer,
                            const std::function<void()>& settle);

// PUKs and referral notes sealed before values were bound to their row (databases made before
// issue 14) are sealed again, bound, a thousand per short write transaction; values already
// bound are left alone. Run when a server starts and by `relais migrate`; returns how many it
// bound.
std::int64_t bind_sealed_values(store::Store& store, const Sealer& sealer);

}  // namespace relais::app
