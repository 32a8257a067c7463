// Checks shared by the use cases of programmes, referrals, requests and allocation: the actor's
// right to act, absent entities, id parameters. Private to src/app (http and cli do not use it).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/authorization.hpp"
#include "core/error.hpp"
#include "core/organisation.hpp"
#include "core/records/cards.hpp"
#include "core/records/requests.hpp"
#include "core/records/residents.hpp"

namespace relais::app {

inline void require(const Actor& actor, Action action) {
  if (!allowed(actor.role, action)) throw Error(ErrorKind::kForbidden, "forbidden");
}

[[noreturn]] inline void not_found(const char* entity) {
  throw Error(ErrorKind::kNotFound, "not_found", {entity});
}

// A positive id given as text (a query parameter); bad_parameter (400) otherwise.
inline std::optional<std::int64_t> parse_id(const std::optional<std::string>& text,
                                            const char* name) {
  if (!text) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec == std::errc() && end == text->data() + text->size() && v > 0) return v;
  throw Error(ErrorKind::kBadRequest, "bad_parameter", {name, *text});
}

// A pseudonym no referral and no resident has ("R-7K2Q-9XMD").
std::string new_pseudonym(store::Transaction& tx);

// The account acting, for the columns naming a user (none for the system, or a demo structure
// without an account).
inline std::optional<std::int64_t> user_of(const Actor& actor) {
  return actor.user_id > 0 ? std::optional(actor.user_id) : std::nullopt;
}

// The resident, if this actor may see it at all (404 otherwise: no one learns it exists).
ResidentRecord visible_resident(store::Transaction& tx, const Actor& actor, std::int64_t id);
// The structure's own resident, not erased, for a write.
ResidentRecord own_resident(store::Transaction& tx, const Actor& actor, std::int64_t id);
bool has_given(const std::vector<ConsentRecord>& consents, std::string_view purpose);
// The programme a card is handed out for: its request's, or the one of its plan.
std::optional<std::int64_t> programme_of(store::Transaction& tx, const SimRecord& sim);

// Hands `sim`, at the actor's structure, to a resident for a programme: the card's move (its
// event naming no one) and the line, ending the plan's validity from now or at `ends_at`,
// replacing the line `replaces`.
HandoverRecord hand_card(store::Transaction& tx, const Actor& actor, std::int64_t resident_id,
                         const SimRecord& sim, std::int64_t programme_id,
                         const std::optional<std::string>& ends_at,
                         std::optional<std::int64_t> replaces);

// A plan or a programme by id (a programme absent: 404).
PlanRecord plan_of(store::Transaction& tx, std::int64_t plan_id);
ProgrammeRecord programme_by_id(store::Transaction& tx, std::int64_t id);

// The operator organisation with `code` that the actor may act for: 422 unknown_operator when
// there is none, 403 when it is another operator's.
Organisation operator_for(store::Transaction& tx, const Actor& actor, const std::string& code);

}  // namespace relais::app
