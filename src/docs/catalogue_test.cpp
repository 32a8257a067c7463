// The resident's catalogues: the strict .po reader, the embedded files (complete, placeholders
// kept), and the English fallback.
#include "docs/catalogue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/needs.hpp"

namespace relais::docs {
namespace {

// The reason a .po text is refused ("" when read).
std::string refusal(std::string_view po) { return read_po(po).error; }

}  // namespace

TEST(PoReader, ReadsHeaderFieldsAndMessages) {
  const PoReading r = read_po(
      "# A comment\n"
      "msgid \"\"\n"
      "msgstr \"\"\n"
      "\"Language: ka\\n\"\n"
      "\"Last-Translator: Nino B. <nino@example.org>\\n\"\n"
      "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
      "\"X-Checked-By: Giorgi K.\\n\"\n"
      "\n"
      "#. For translators\n"
      "#, python-brace-format\n"
      "msgid \"Help\"\n"
      "msgstr \"დახმარება\"\n");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.catalogue.language, "ka");
  EXPECT_EQ(r.catalogue.translator, "Nino B. <nino@example.org>");
  EXPECT_EQ(r.catalogue.checked_by, "Giorgi K.");
  ASSERT_EQ(r.catalogue.messages.size(), 1u);
  EXPECT_EQ(r.catalogue.messages.at("Help"), "დახმარება");
}

TEST(PoReader, JoinsMultiLineStringsAndDecodesEscapes) {
  const PoReading r = read_po(
      "msgid \"\"\n"
      "\"Say \\\"hi\\\"\\n\"\n"
      "\"to\\tall \\\\ {name}\"\n"
      "msgstr \"A\"\n"
      "\"B\"\r\n"
      "  \"C\"\n");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.catalogue.messages.size(), 1u);
  EXPECT_EQ(r.catalogue.messages.begin()->first, "Say \"hi\"\nto\tall \\ {name}");
  EXPECT_EQ(r.catalogue.messages.begin()->second, "ABC");
}

// msgfmt leaves fuzzy translations out: a guess nobody confirmed is not shown to a reader.
TEST(PoReader, CountsAFuzzyTranslationAsMissing) {
  const PoReading r = read_po(
      "msgid \"Help\"\nmsgstr \"Aide\"\n\n"
      "#, fuzzy, python-brace-format\nmsgid \"Hi {name}\"\nmsgstr \"Salut {name}\"\n\n"
      "msgid \"Lines\"\nmsgstr \"Lignes\"\n");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.catalogue.messages.at("Help"), "Aide");
  EXPECT_EQ(r.catalogue.messages.at("Hi {name}"), "");
  EXPECT_EQ(r.catalogue.messages.at("Lines"), "Lignes");
}

TEST(PoReader, RefusesWhatItDoesNotKnow) {
  EXPECT_EQ(refusal("msgid \"a\\r\"\nmsgstr \"b\"\n"), "line 1: unknown escape \\r");
  EXPECT_EQ(refusal("msgstr \"b\"\n"), "line 1: msgstr without msgid");
  EXPECT_EQ(refusal("msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n"), "line 2: msgid without msgstr");
  EXPECT_EQ(refusal("msgid \"a\"\n"), "line 1: msgid without msgstr");
  EXPECT_EQ(refusal("msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n"),
            "line 4: msgid repeated: a");
  EXPECT_EQ(refusal("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\n"),
            "line 2: contexts and plurals are not used by these catalogues");
  EXPECT_EQ(refusal("msgctxt \"month\"\nmsgid \"May\"\nmsgstr \"mai\"\n"),
            "line 1: contexts and plurals are not used by these catalogues");
  EXPECT_EQ(refusal("msgid \"a\" x\nmsgstr \"b\"\n"), "line 1: text after the closing quote");
  EXPECT_EQ(refusal("msgid \"a\nmsgstr \"b\"\n"), "line 1: the string is not closed");
  EXPECT_EQ(refusal("msgid a\nmsgstr \"b\"\n"), "line 1: a quoted string was expected");
  EXPECT_EQ(refusal("\"a\"\n"), "line 1: a string that continues nothing");
  EXPECT_EQ(refusal("msgid \"a\"\nmsgstr \"b\"\nmsgstr_x \"c\"\n"),
            "line 3: unexpected text: msgstr_x \"c\"");
  EXPECT_EQ(refusal("msgid \"a\"\nmsgstr \"\xff\"\n"), "invalid UTF-8 at byte 18");
  EXPECT_EQ(refusal("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n"),
            "line 2: the charset is not UTF-8: text/plain; charset=ISO-8859-1");
}

TEST(Placeholders, AreTheNamesInBracesSortedOnce) {
  EXPECT_EQ(placeholders("{b} and {a}, {b} { c } {} {d"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(placeholders("no placeholder").empty());
}

TEST(Catalogues, AllEmbeddedFilesAreRead) {
  EXPECT_EQ(catalogue_errors(), std::vector<std::string>{});
  // The template holds the documents' 68 messages, none translated.
  const Catalogue& pot = catalogue_template();
  EXPECT_GE(pot.messages.size(), 60u);
  for (const auto& [id, str] : pot.messages) EXPECT_EQ(str, "") << id;
}

// One catalogue for each language a resident may be given a leaflet in (core/needs.hpp).
TEST(Catalogues, CoverEveryLanguageOfTheProgramme) {
  std::vector<std::string> codes;
  for (const auto& l : languages()) codes.emplace_back(l.code);
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(catalogue_languages(), codes);
}

TEST(Catalogues, TranslateEveryMessageOfTheTemplateKeepingItsPlaceholders) {
  const Catalogue& pot = catalogue_template();
  ASSERT_FALSE(pot.messages.empty());
  for (const std::string& lang : catalogue_languages()) {
    SCOPED_TRACE(lang);
    const Catalogue* c = catalogue(lang);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->language, lang);
    for (const auto& [msgid, unused] : pot.messages) {
      const auto it = c->messages.find(msgid);
      ASSERT_NE(it, c->messages.end()) << "missing: " << msgid;
      EXPECT_NE(it->second, "") << "untranslated: " << msgid;
      EXPECT_EQ(placeholders(it->second), placeholders(msgid)) << msgid << " -> " << it->second;
    }
    // Nothing beyond the template: an entry it no longer has is a stale translation.
    for (const auto& [msgid, unused] : c->messages) {
      EXPECT_TRUE(pot.messages.contains(msgid)) << "not in the template: " << msgid;
    }
  }
}

TEST(Translate, UsesTheLanguagesCatalogue) {
  const Catalogue* fr = catalogue("fr");
  ASSERT_NE(fr, nullptr);
  EXPECT_EQ(translate("fr", "Your mobile line"), fr->messages.at("Your mobile line"));
  EXPECT_NE(translate("fr", "Your mobile line"), "Your mobile line");
}

TEST(Translate, FallsBackToEnglishForAnUnknownLanguageOrMessage) {
  EXPECT_EQ(catalogue("xx"), nullptr);
  EXPECT_EQ(catalogue(""), nullptr);
  EXPECT_EQ(translate("xx", "Your mobile line"), "Your mobile line");
  EXPECT_EQ(translate("fr", "Not in any catalogue"), "Not in any catalogue");
  EXPECT_EQ(translate("fr", "Not in any catalogue, {n} times", {{"n", "3"}}),
            "Not in any catalogue, 3 times");
}

TEST(Translate, FillsPlaceholdersOnceAndLeavesUnknownOnesAsTheyAre) {
  EXPECT_EQ(translate("xx", "Ask the staff of {structure}.", {{"structure", "CADA {days}"}}),
            "Ask the staff of CADA {days}.");
  EXPECT_EQ(translate("xx", "{programme}, coordinated by {coordinator}.",
                      {{"coordinator", "Emmaüs Connect"}}),
            "{programme}, coordinated by Emmaüs Connect.");
  EXPECT_EQ(translate("xx", "{a}{a} {b", {{"a", "x"}, {"b", "y"}}), "xx {b");
}

}  // namespace relais::docs
