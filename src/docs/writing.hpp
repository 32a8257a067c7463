// How the resident's documents write a language's data: which way its lines run, its dates,
// phone numbers.
#pragma once

#include <string>
#include <string_view>

namespace relais::docs {

// Arabic-script languages of the documents: ar, prs (Dari), ps (Pashto), fa, ur.
bool is_right_to_left(std::string_view lang);

// "2027-06-05" as the language writes dates: "5 juin 2027" (fr, "1er" for the first), "5 June
// 2027" (en); other languages keep the ISO form, which every reader of a form knows. A value
// that is not an ISO date is returned as it is.
std::string date_text(std::string_view lang, std::string_view iso);

// An E.164 number grouped for reading aloud: "+33 6 12 34 56 78", "+262 692 12 34 56" (French
// overseas); any other number as it is.
std::string phone_text(std::string_view e164);

// A value put into a sentence of a right-to-left language, isolated (U+2068 ... U+2069) so
// that its own direction holds: "+33 6 12..." keeps its order inside an Arabic sentence.
// Left-to-right languages get it unchanged.
std::string isolate(std::string_view lang, std::string_view value);

}  // namespace relais::docs
