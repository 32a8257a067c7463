// The store as the callers of app see it: a name they hand over, never open. Only app's own
// sources include the store's headers (the build refuses them anywhere above).
#pragma once

namespace relais::store {
class Store;
class Transaction;
}  // namespace relais::store
