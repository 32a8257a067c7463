// What the results' exports share: their labels in French and English, and how a figure, an
// amount of money or a ratio is written. Private to docs.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/results.hpp"

namespace relais::docs::results_text {

enum class Lang { kFr, kEn };

// "en" is English; anything else French.
Lang lang_of(std::string_view lang);

// The label of `key` in `lang` (a fixed label, a funnel stage, a lead time, a budget line, a
// use...); an unknown key is returned as it is.
std::string label(std::string_view key, Lang lang);

// A figure as its reader sees it: its number, "< 5" when small, "s" when hidden to protect
// another. Never the true number of a hidden figure.
std::string figure(const Figure& f);

// `pattern` with each "{}" replaced in order by `args`.
std::string fill(std::string_view pattern, std::initializer_list<std::string> args);

// The legend of "< 5" and "s", one line.
std::string legend(Lang lang);

// Cents as euros for reading: "1 234,50 €" (French: U+202F between thousands, decimal comma)
// or "€1,234.50"; "—" when none.
std::string euros(std::optional<std::int64_t> cents, Lang lang);

// Cents as a plain number of euros for a data file: "1234.50", "-3.05"; "" when none.
std::string euros_plain(std::optional<std::int64_t> cents);

// A number with one decimal for reading ("12,5" in French, "12.5" in English), "—" when none.
std::string decimal(std::optional<double> x, Lang lang);

// One decimal with a point, for a data file; "" when none.
std::string decimal_plain(std::optional<double> x);

// A whole number for reading: "12 345" (French, U+202F) or "12,345".
std::string whole(std::int64_t n, Lang lang);

// The filter in words: "Tout le programme" or "Du 1 mars 2026 au 30 juin 2026 · ...".
std::string filter_words(const ResultsFilter& f, Lang lang);

// A language's name in `lang` (its code when unknown).
std::string language_name(std::string_view code, Lang lang);

// "2026-03" as "mars 2026" / "March 2026"; `short_form`: "03/26".
std::string month_name(std::string_view month, Lang lang, bool short_form = false);
// "déc. 2025", "Dec 2025": where a table's column is narrow.
std::string month_abbreviated(std::string_view month, Lang lang);

// The date part of an ISO time, as `lang` writes dates ("5 juin 2027" / "5 June 2027").
std::string date_words(std::string_view iso, Lang lang);

}  // namespace relais::docs::results_text
