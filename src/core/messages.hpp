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

// True when the count `n` takes the singular: French counts 0 and 1 as one ("0 carte"),
// English only 1 ("0 cards").
bool singular(Lang lang, long long n);

// The message for `key` with `{}` placeholders replaced in order by `args`. A key that counts
// something is written in two forms, `key_one` and `key_other` (as the web catalogues do), and
// its first argument is the count that chooses between them.
// An unknown key returns the key itself, so a missing translation is visible, not silent.
std::string message(std::string_view key, Lang lang, const std::vector<std::string>& args = {});

// Fills each error's message from its reason and args.
void localise(std::vector<FieldError>& errors, Lang lang);

// True when every key has both a French and an English text, and every `_one` form its
// `_other` (checked by a unit test).
bool message_catalogue_complete();

}  // namespace relais
