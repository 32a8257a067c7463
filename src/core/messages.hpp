// Every sentence Relais shows a person from the server side, in French and English.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace relais {

enum class Lang { kFr, kEn };

// Picks the language from an Accept-Language header: English when it is preferred, else French.
Lang lang_from_accept_language(std::string_view header);

// The message for `key` with `{}` placeholders replaced in order by `args`.
// An unknown key returns the key itself, so a missing translation is visible, not silent.
std::string message(std::string_view key, Lang lang, const std::vector<std::string>& args = {});

// Fills each error's message from its reason and args.
void localise(std::vector<FieldError>& errors, Lang lang);

// True when every key has both a French and an English text (checked by a unit test).
bool message_catalogue_complete();

}  // namespace relais
