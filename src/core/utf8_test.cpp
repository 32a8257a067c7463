#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace relais {

TEST(Utf8, FindsControlCharactersLineBreaksAllowedInAFreeText) {
  EXPECT_FALSE(has_control_characters("Café, 2 € !"));
  EXPECT_TRUE(has_control_characters(std::string("a\0b", 3)));
  EXPECT_TRUE(has_control_characters("a\x7f"));
  EXPECT_TRUE(has_control_characters("line\nbreak"));
  EXPECT_FALSE(has_control_characters("line\r\nbreak\ttab", true));
  EXPECT_TRUE(has_control_characters("bell\a", true));
}

TEST(Utf8, CountsCharactersNotBytes) {
  EXPECT_EQ(utf8_length("ééééé"), 5u);
  EXPECT_EQ(utf8_length("دری"), 3u);
  EXPECT_EQ(utf8_length(""), 0u);
}

TEST(Utf8, FindsTheFirstMalformedByte) {
  EXPECT_EQ(first_invalid_utf8("Créteil, Île-de-France, ქართული"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("Cr\xE9teil"), 2u);          // Latin-1 é
  EXPECT_EQ(first_invalid_utf8("ab\xC0\xAF"), 2u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);        // a surrogate
  EXPECT_EQ(first_invalid_utf8("ok\xF4\x90\x80\x80"), 2u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("truncated \xE2\x82"), 10u);
}

TEST(Utf8, RepairsMalformedSequences) {
  EXPECT_EQ(repair_utf8("Cr\xE9teil"), "Cr\uFFFDteil");
  EXPECT_EQ(repair_utf8("/api/\xFF\xFE"), "/api/\uFFFD\uFFFD");
  EXPECT_EQ(repair_utf8("déjà"), "déjà");
}

TEST(Utf8, FoldsCaseAndFrenchAccents) {
  EXPECT_EQ(fold_case_and_accents("Évry-Courcouronnes"), "evry-courcouronnes");
  EXPECT_EQ(fold_case_and_accents("ŒUVRE Cœur ÆLIS Ça"), "oeuvre coeur aelis ca");
  EXPECT_EQ(fold_case_and_accents("Ñandú ÿ"), "nandu y");
  // ß is no capital ÿ: the bit that lowers a capital would have made it one.
  EXPECT_EQ(fold_case_and_accents("Straße ×"), "straße ×");
  EXPECT_EQ(fold_case_and_accents("دری 2A"), "دری 2a");
}

}  // namespace relais
