#include "app/keys.hpp"
#include "store/store.hpp"

#include <sodium.h>

#include <functional>
#include <initializer_list>
#include <optional>
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

// Every sealed value of `columns`, a thousand per short write transaction: `reseal` gives the
// plain value of one that is to be sealed again in its context, or nullopt to leave it. It is
// replaced only where the row still holds what was read (a value written meanwhile is the next
// pass's). Returns how many were replaced.
std::int64_t reseal_each(store::Store& store, const Sealer& sealer,
                         std::initializer_list<SealedColumn> columns,
                         const std::function<std::optional<std::string>(
                             const std::string& bytes, const std::string& context)>& reseal) {
  constexpr int kBatch = 1000;
  std::int64_t replaced = 0;
  for (SealedColumn column : columns) {
    std::string after;
    for (;;) {
      auto tx = store.begin(store::Mode::kWrite);
      auto values = tx->sealed().values(column, after, kBatch);
      if (values.empty()) break;
      for (const auto& v : values) {
        const std::string context = context_of(column, v.row);
        auto plain = reseal(v.bytes, context);
        if (!plain) continue;
        if (tx->sealed().replace(column, v.row, v.bytes, sealer.seal(*plain, context))) {
          ++replaced;
        }
        sodium_memzero(plain->data(), plain->size());
      }
      after = values.back().row;
      tx->commit();
    }
  }
  return replaced;
}

// One pass over every sealed value: those not under the current key are sealed again under it.
// Returns how many were left under another key when the pass began.
std::int64_t reseal_pass(store::Store& store, const Sealer& sealer, RotationOutcome& out) {
  out.unreadable = 0;
  const std::int64_t moved = reseal_each(
      store, sealer,
      {SealedColumn::kSimPuk, SealedColumn::kReferralNote, SealedColumn::kResidentFirstName,
       SealedColumn::kResidentContact},
      [&](const std::string& bytes, const std::string& context) -> std::optional<std::string> {
        if (sealer.sealed_with_current(bytes, context)) return std::nullopt;
        auto plain = sealer.open(bytes, context);
        if (!plain) ++out.unreadable;
        return plain;
      });
  out.resealed += moved;
  ++out.passes;
  return moved;
}

}  // namespace

std::int64_t bind_sealed_values(store::Store& store, const Sealer& sealer) {
  // Values already bound open in their context; an old one opens in none. Unreadable ones are
  // left: `relais keys rotate` reports those.
  const std::int64_t bound = reseal_each(
      store, sealer, {SealedColumn::kSimPuk, SealedColumn::kReferralNote},
      [&](const std::string& bytes, const std::string& context) -> std::optional<std::string> {
        if (sealer.open(bytes, context)) return std::nullopt;
        return sealer.open(bytes, "");
      });
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
