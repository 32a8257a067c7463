// Checks shared by the use cases of programmes, referrals, requests and allocation: the actor's
// right to act, absent entities, id parameters. Private to src/app (http and cli do not use it).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/authorization.hpp"
#include "core/error.hpp"

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

}  // namespace relais::app
