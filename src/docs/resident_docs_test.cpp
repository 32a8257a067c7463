// The resident's documents read back as a reader's tools see them: poppler's pdftotext for the
// words and pdffonts for the fonts embedded (Arabic and Ethiopic letters need their own).
#include "docs/pdf_test_support.hpp"
#include "docs/resident_docs.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/needs.hpp"
#include "docs/catalogue.hpp"
#include "docs/writing.hpp"

namespace relais::docs {
namespace {

using test_support::page_count;

namespace fs = std::filesystem;

bool has_tool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// A folder of its own for one test, removed with it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "relais-docs-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// What `command` prints on its standard output.
std::string output_of(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  pclose(pipe);
  return out;
}

// Runs `tool` (pdftotext, pdffonts) on the PDF written to a file; its output.
std::string read_back(const std::string& tool, const std::string& pdf, const std::string& args) {
  TempDir dir;
  const fs::path file = dir.path() / "document.pdf";
  std::ofstream(file, std::ios::binary) << pdf;
  return output_of(tool + " " + args + " '" + file.string() + "' " +
                   (tool == "pdftotext" ? "- " : "") + "2>/dev/null");
}

// Text as compared: without white space and hyphens (a line may break anywhere), without the
// invisible marks of direction, and without lam and alef: pdftotext puts the two letters of
// the lam-alef ligature of Arabic script out of place ("لائن" comes out as "لئن" ... "ا").
std::string squeezed(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') continue;
    if (s.substr(i, 2) == "\u00a0") {  // a no-break space
      ++i;
      continue;
    }
    // A hyphen at the end of a line is taken out by pdftotext.
    if (c == '-') continue;
    // U+2066..U+2069 (isolates), U+200E, U+200F (marks), U+202A..U+202E (embeddings, which
    // pdftotext writes around right-to-left text): E2 81 A6..A9, E2 80 8E/8F, E2 80 AA..AE.
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) ||
          (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE)))) {
        i += 2;
        continue;
      }
    }
    // U+0644 lam, U+0627 alef and the alefs with hamza or madda (U+0622, U+0623, U+0625).
    if (i + 1 < s.size()) {
      const auto b0 = static_cast<unsigned char>(c);
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      if ((b0 == 0xD9 && b1 == 0x84) ||
          (b0 == 0xD8 && (b1 == 0xA7 || b1 == 0xA2 || b1 == 0xA3 || b1 == 0xA5))) {
        ++i;
        continue;
      }
    }
    out += c;
  }
  return out;
}

// Whether pdftotext's text (squeezed) shows `words`: the whole phrase, or in a right-to-left
// language each of its words, as pdftotext may put a line's pieces in another order there.
bool shows(const std::string& text, std::string_view lang, std::string_view words) {
  if (!is_right_to_left(lang)) return text.find(squeezed(words)) != std::string::npos;
  while (!words.empty()) {
    const auto space = words.find(' ');
    if (text.find(squeezed(words.substr(0, space))) == std::string::npos) return false;
    words = space == std::string_view::npos ? std::string_view{} : words.substr(space + 1);
  }
  return true;
}

LeafletData leaflet_in(const std::string& lang) {
  LeafletData d;
  d.lang = lang;
  d.pseudonym = "R-7K3F-Q9";
  d.structure_name = "CADA Les Tilleuls";
  d.msisdn = "+33612345678";
  d.pin = "0000";
  d.puk = "80469731";
  d.apn = "sl2sfr";
  d.helpline = "+33800123456";
  d.data_gb = 50;
  d.calls_sms_included = true;
  d.ends_on = "2027-06-05";
  return d;
}

NoticeData notice_in(const std::string& lang) {
  NoticeData d;
  d.lang = lang;
  d.version = "2026-12";
  d.programme_name = "Connexion d'urgence";
  d.coordinator_name = "Emmaüs Connect";
  d.structure_name = "CADA Les Tilleuls";
  return d;
}

ExportData export_in(const std::string& lang) {
  ExportData d;
  d.lang = lang;
  d.pseudonym = "R-7K3F-Q9";
  d.printed_on = "2027-01-15";
  d.household_size = 4;
  d.children = 2;
  d.languages = {"ti", "ar", "en"};
  d.needs = {"keep_in_touch", "schooling"};
  d.first_name = "Selam";
  d.consents = {{"line", "given", "2026-12-10", std::nullopt},
                {"follow_up", "withdrawn", "2026-12-10", "2027-01-05"}};
  d.lines = {{"+33612345678", "2026-12-10", std::nullopt}};
  return d;
}

const char* const kLanguagesRead[] = {"fr", "en", "ar", "ti", "bn", "ka", "ur"};

class ResidentDocuments : public testing::TestWithParam<const char*> {};

TEST_P(ResidentDocuments, LeafletShowsTheNumberTheCodesAndTheTitle) {
  const std::string lang = GetParam();
  const std::string pdf = leaflet_pdf(leaflet_in(lang));
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(page_count(pdf), 1);
  if (!has_tool("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  const std::string text = squeezed(read_back("pdftotext", pdf, "-enc UTF-8"));
  EXPECT_NE(text.find("+33612345678"), std::string::npos) << text;
  EXPECT_NE(text.find("80469731"), std::string::npos) << text;  // the PUK, "8046 9731"
  EXPECT_NE(text.find("sl2sfr"), std::string::npos) << text;
  EXPECT_TRUE(shows(text, lang, translate(lang, "Your mobile line"))) << text;
}

TEST_P(ResidentDocuments, NoticeShowsItsTitle) {
  const std::string lang = GetParam();
  const std::string pdf = notice_pdf(notice_in(lang));
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  // Nastaliq's tall lines take a second page; the other scripts fit on one.
  EXPECT_EQ(page_count(pdf), lang == "ur" ? 2 : 1);
  if (!has_tool("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  const std::string text = squeezed(read_back("pdftotext", pdf, "-enc UTF-8"));
  EXPECT_TRUE(shows(text, lang, translate(lang, "Information about your data"))) << text;
  EXPECT_NE(text.find("EmmaüsConnect"), std::string::npos) << text;
}

TEST_P(ResidentDocuments, ExportShowsItsTitleAndTheLine) {
  const std::string lang = GetParam();
  const std::string pdf = export_pdf(export_in(lang));
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  if (!has_tool("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  const std::string text = squeezed(read_back("pdftotext", pdf, "-enc UTF-8"));
  EXPECT_TRUE(
      shows(text, lang,
            translate(lang, "What Relais holds about {pseudonym}", {{"pseudonym", "R-7K3F-Q9"}})))
      << text;
  EXPECT_NE(text.find("+33612345678"), std::string::npos) << text;
  EXPECT_NE(text.find("Selam"), std::string::npos) << text;
  EXPECT_NE(text.find("ትግርኛ"), std::string::npos) << text;  // a language by its own name
}

INSTANTIATE_TEST_SUITE_P(Languages, ResidentDocuments, testing::ValuesIn(kLanguagesRead));

// The fonts embedded for a language's letters: pdffonts lists them, one a line.
std::string fonts_of(const std::string& pdf) { return read_back("pdffonts", pdf, ""); }

TEST(ResidentDocumentFonts, EmbedTheScriptsFontsOfTheLanguage) {
  if (!has_tool("pdffonts")) GTEST_SKIP() << "pdffonts is not installed";
  EXPECT_NE(fonts_of(leaflet_pdf(leaflet_in("ar"))).find("Arabic"), std::string::npos);
  EXPECT_NE(fonts_of(leaflet_pdf(leaflet_in("ur"))).find("NaskhArabic"), std::string::npos);
  EXPECT_NE(fonts_of(notice_pdf(notice_in("ur"))).find("NastaliqUrdu"), std::string::npos);
  EXPECT_NE(fonts_of(notice_pdf(notice_in("ar"))).find("Arabic"), std::string::npos);
  EXPECT_NE(fonts_of(leaflet_pdf(leaflet_in("ti"))).find("Ethiopic"), std::string::npos);
  EXPECT_NE(fonts_of(export_pdf(export_in("ti"))).find("Ethiopic"), std::string::npos);
  EXPECT_NE(fonts_of(leaflet_pdf(leaflet_in("bn"))).find("Bengali"), std::string::npos);
  EXPECT_NE(fonts_of(leaflet_pdf(leaflet_in("ka"))).find("Georgian"), std::string::npos);
  // No Arabic letter in a French leaflet, so no Arabic font.
  EXPECT_EQ(fonts_of(leaflet_pdf(leaflet_in("fr"))).find("Arabic"), std::string::npos);
}

// The leaflet is one A5 page in every language, even with long names and every block filled.
TEST(Leaflet, IsOneA5PageInEveryLanguage) {
  for (const auto& l : languages()) {
    LeafletData d = leaflet_in(std::string(l.code));
    d.structure_name =
        "Centre d'accueil de demandeurs d'asile Croix-Rouge française de Saint-Denis";
    const std::string pdf = leaflet_pdf(d);
    EXPECT_EQ(page_count(pdf), 1) << l.code;
    EXPECT_NE(pdf.find("/MediaBox [ 0 0 419.527559 595.275591 ]"), std::string::npos) << l.code;
  }
}

// The lowest word's bottom edge, in points from the top of the page (pdftotext -bbox leaves
// out what is drawn off the page, so text running off it still ends below the margin).
double lowest_word(const std::string& pdf) {
  const std::string boxes = read_back("pdftotext", pdf, "-bbox -enc UTF-8");
  double lowest = 0;
  for (auto at = boxes.find("yMax=\""); at != std::string::npos;
       at = boxes.find("yMax=\"", at + 1)) {
    lowest = std::max(lowest, std::stod(boxes.substr(at + 6, 20)));
  }
  return lowest;
}

// However long the language's sentences, the text is made smaller until all of it is above
// the bottom margin (10 mm) rather than cut off.
TEST(Leaflet, KeepsAllItsTextAboveTheBottomMargin) {
  if (!has_tool("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  constexpr double kBottom = (210 - 10) * 72 / 25.4;
  for (const auto& l : languages()) {
    LeafletData d = leaflet_in(std::string(l.code));
    d.structure_name =
        "Centre d'accueil de demandeurs d'asile Croix-Rouge française de Saint-Denis";
    const double lowest = lowest_word(leaflet_pdf(d));
    EXPECT_GT(lowest, kBottom - 100) << l.code;  // the rights' paragraph, near the foot
    EXPECT_LE(lowest, kBottom) << l.code;
  }
}

TEST(Leaflet, IsTitledInItsLanguage) {
  EXPECT_NE(leaflet_pdf(leaflet_in("en")).find("/Title (Your mobile line)"), std::string::npos);
  // An unknown language gets the English words rather than nothing.
  EXPECT_NE(leaflet_pdf(leaflet_in("xx")).find("/Title (Your mobile line)"), std::string::npos);
}

TEST(Leaflet, LeavesOutTheValuesItDoesNotHave) {
  LeafletData d = leaflet_in("en");
  d.pin.reset();
  d.puk.reset();
  d.apn.reset();
  d.helpline.reset();
  const std::string pdf = leaflet_pdf(d);
  EXPECT_EQ(page_count(pdf), 1);
  if (!has_tool("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  const std::string text = squeezed(read_back("pdftotext", pdf, "-enc UTF-8"));
  EXPECT_EQ(text.find("80469731"), std::string::npos);
  EXPECT_EQ(text.find("sl2sfr"), std::string::npos);
  EXPECT_EQ(text.find("Programmehelpline"), std::string::npos);
  // The notes stay: what a PIN is for, where the internet settings are.
  EXPECT_NE(text.find("Keepitsecret."), std::string::npos);
  EXPECT_NE(text.find("Usuallyautomatic."), std::string::npos);
}

TEST(Export, GoesOnToMorePagesWhenTheLinesNeedThem) {
  ExportData d = export_in("en");
  EXPECT_EQ(page_count(export_pdf(d)), 1);
  for (int i = 0; i < 40; ++i) d.lines.push_back({"+33687654321", "2026-12-10", "2026-12-20"});
  const std::string pdf = export_pdf(d);
  EXPECT_GE(page_count(pdf), 3);
  if (!has_tool("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  // Every line is there, none lost at a page's foot.
  const std::string text = read_back("pdftotext", pdf, "-enc UTF-8");
  std::size_t count = 0;
  for (auto at = text.find("Taken back on 20 December 2026"); at != std::string::npos;
       at = text.find("Taken back on 20 December 2026", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 40u);
}

TEST(Export, SaysWhatIsNotRecorded) {
  ExportData d = export_in("en");
  d.first_name.reset();
  d.contact.reset();
  d.consents.clear();
  d.lines.clear();
  const std::string pdf = export_pdf(d);
  if (!has_tool("pdftotext")) GTEST_SKIP() << "pdftotext is not installed";
  const std::string text = read_back("pdftotext", pdf, "-enc UTF-8");
  std::size_t count = 0;
  for (auto at = text.find("Not recorded"); at != std::string::npos;
       at = text.find("Not recorded", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 4u) << text;  // first name, contact, consents, lines
}

}  // namespace
}  // namespace relais::docs
