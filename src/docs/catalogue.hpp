// The gettext catalogues of the resident's documents (src/docs/po), compiled into the binary:
// a strict reader of .po files and the translation of an English message into a language.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relais::docs {

struct Catalogue {
  std::string language;    // header "Language"
  std::string translator;  // header "Last-Translator"
  std::string checked_by;  // header "X-Checked-By": empty while nobody has checked it
  // English msgid -> translation; an untranslated or fuzzy entry maps to "".
  std::map<std::string, std::string, std::less<>> messages;
};

struct PoReading {
  Catalogue catalogue;
  std::string error;  // "line 12: msgstr without msgid"; empty when the file was read
};

// Reads a .po file: msgid and msgstr, each one or more quoted strings (escapes \n \t \" \\),
// comments and flags ignored except "fuzzy" (its translation counts as missing, as msgfmt
// says), the header's fields. Refuses anything else: plurals, contexts, other escapes, a
// repeated msgid, text after a string, invalid UTF-8, a charset other than UTF-8.
PoReading read_po(std::string_view text);

// The catalogue of a language ("fr", "prs"...), nullptr when none is embedded.
const Catalogue* catalogue(std::string_view lang);

// The languages that have a catalogue, sorted.
std::vector<std::string> catalogue_languages();

// The template (relais-resident.pot): every msgid a catalogue should translate.
const Catalogue& catalogue_template();

// The embedded files that could not be read, as "xx.po: line 3: ...": a language whose file
// is among them has no catalogue (its documents fall back to English). Empty when all are fine.
const std::vector<std::string>& catalogue_errors();

// The translation of `msgid` into `lang`, or the msgid itself (English) when the language or
// the translation is missing, with each {name} placeholder replaced by its value in `args`
// (a placeholder without a value is left as it is; values are not searched for placeholders).
std::string translate(std::string_view lang, std::string_view msgid,
                      std::initializer_list<std::pair<std::string_view, std::string>> args = {});

// The {name} placeholders of a message, sorted, each once.
std::vector<std::string> placeholders(std::string_view message);

}  // namespace relais::docs
