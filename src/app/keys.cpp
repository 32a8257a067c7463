#include "app/keys.hpp"
#include "store/store.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "app/audit.hpp"
#include "app/residents.hpp"

namespace relais::app {
namespace {

using store::SealedColumn;

// The context a column's values are bound to (residents' fields to their row).
std::string context_of(SealedColumn column, const std::string& row) {
  switch (column) {
    case SealedColumn::kResidentFirstName:
      return first_name_context(std::stoll(row));
    case SealedColumn::kResidentContact:
      return contact_context(std::stoll(row));
    case SealedColumn::kSimPuk:
      return puk_context(row);
    case SealedColumn::kReferralNote:
      return note_context(row);
  }
  return "";
}

// One pass over every sealed value: those not under the current key are sealed again under it.
// Returns how many were left under another key when the pass began.
std::int64_t reseal_pass(store::Store& store, const Sealer& sealer, RotationOutcome& out) {
  constexpr int kBatch = 1000;
  std::int64_t moved = 0;
  out.unreadable = 0;
  for (SealedColumn column : {SealedColumn::kSimPuk, SealedColumn::kReferralNote,
                              SealedColumn::kResidentFirstName, SealedColumn::kResidentContact}) {
    std::string after;
    for (;;) {
      auto tx = store.begin(store::Mode::kWrite);
      auto values = tx->sealed().values(column, after, kBatch);
      if (values.empty()) break;
      for (const auto& v : values) {
        const std::string context = context_of(column, v.row);
        if (sealer.sealed_with_current(v.bytes, context)) continue;
        auto plain = sealer.open(v.bytes, context);
        if (!plain) {
          ++out.unreadable;
          continue;
        }
        // Only where the row still holds what was read: a value written meanwhile is the next
        // pass's.
        if (tx->sealed().replace(column, v.row, v.bytes, sealer.seal(*plain, context))) ++moved;
        sodium_memzero(plain->data(), plain->size());
      }
      after = values.back().row;
      tx->commit();
    }
  }
  out.resealed += moved;
  ++out.passes;
  return moved;
}

}  // namespace

std::int64_t bind_sealed_values(store::Store& store, const Sealer& sealer) {
  constexpr int kBatch = 1000;
  std::int64_t bound = 0;
  for (SealedColumn column : {SealedColumn::kSimPuk, SealedColumn::kReferralNote}) {
    std::string after;
    for (;;) {
      auto tx = store.begin(store::Mode::kWrite);
      auto values = tx->sealed().values(column, after, kBatch);
      if (values.empty()) break;
      for (const auto& v : values) {
        const std::string context = context_of(column, v.row);
        if (sealer.open(v.bytes, context)) continue;
        auto plain = sealer.open(v.bytes, "");
        if (!plain) continue;  // unreadable: `relais keys rotate` reports those
        if (tx->sealed().replace(column, v.row, v.bytes, sealer.seal(*plain, context))) ++bound;
        sodium_memzero(plain->data(), plain->size());
      }
      after = values.back().row;
      tx->commit();
    }
  }
  if (bound > 0) {
    auto tx = store.begin(store::Mode::kWrite);
    append_audit(*tx, Actor::system(), "keys.bind", "keys", std::nullopt,
                 std::to_string(bound) + " sealed values bound to their row");
    tx->commit();
  }
  return bound;
}

RotationOutcome rotate_keys(store::Store& store, const Sealer& sealer,
                            const std::function<void()>& settle) {
  if (sealer.path().empty()) throw std::runtime_error("key rotation needs a key file");
  std::vector<Key> ring = read_key_file(sealer.path());
  Key fresh{};
  crypto_aead_xchacha20poly1305_ietf_keygen(fresh.data());
  ring.insert(ring.begin(), fresh);
  write_key_file(sealer.path(), ring);
  sealer.reload();
  settle();
  RotationOutcome out;
  // Until a whole pass moves nothing (at most a few: only values sealed by a server that had not
  // read the new file yet come back).
  for (int i = 0; i < 10 && reseal_pass(store, sealer, out) > 0; ++i) {
  }
  if (out.unreadable == 0) {
    write_key_file(sealer.path(), {fresh});
    sealer.reload();
  }
  auto tx = store.begin(store::Mode::kWrite);
  append_audit(*tx, Actor::system(), "keys.rotate", "keys", std::nullopt,
               std::to_string(out.resealed) + " values sealed again under a new key" +
                   (out.unreadable ? ", " + std::to_string(out.unreadable) +
                                         " unreadable left as they were, old keys kept"
                                   : ""));
  tx->commit();
  return out;
}

}  // namespace relais::app
