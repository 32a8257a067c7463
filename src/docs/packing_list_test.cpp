// The documents drawn from plain data, read back through the PDF's own page tree (cairo writes
// it uncompressed): how many pages, of which size.
#include "docs/pdf_test_support.hpp"
#include "docs/packing_list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "docs/shipping_label.hpp"

namespace relais::docs {
namespace {

using test_support::page_count;

Parcel parcel_of(int cards) {
  Parcel p;
  p.reference = "CO-000042";
  // A header shorter than the QR code beside it: one line each for the address, the counts
  // and the leaflets.
  p.structure_name = "CADA Le Moule";
  p.address_lines = {"97160 Le Moule"};
  p.logistics_name = "ARES";
  for (int i = 0; i < cards; ++i) {
    std::string n = std::to_string(i);
    p.iccids.push_back("8933150319" + std::string(9 - n.size(), '0') + n);
  }
  p.leaflet_languages = {"fr", "ar"};
  p.confirm_url = "https://relais.example.org/deliveries/0123456789abcdef";
  return p;
}

}  // namespace

TEST(PackingList, ThreeCardsMakeOneA4Page) {
  const std::string pdf = packing_list_pdf(parcel_of(3));
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(page_count(pdf), 1);
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 595.275591 841.889764 ]"), std::string::npos);
}

// Below a short header, the first page holds 2 columns of 12 cards, the next ones 2 of 15.
TEST(PackingList, CardsBeyondAPageGoOnTheNext) {
  EXPECT_EQ(page_count(packing_list_pdf(parcel_of(24))), 1);
  EXPECT_EQ(page_count(packing_list_pdf(parcel_of(25))), 2);
  EXPECT_EQ(page_count(packing_list_pdf(parcel_of(54))), 2);
  EXPECT_EQ(page_count(packing_list_pdf(parcel_of(55))), 3);
}

// A header taller than the QR code (a six-line address, many leaflets) pushes the rows down
// rather than letting them run under it: 24 cards no longer fit on the first page.
TEST(PackingList, ATallHeaderLeavesFewerCardsOnTheFirstPage) {
  Parcel p = parcel_of(24);
  p.structure_name = "CADA Croix-Rouge française Le Moule";
  p.address_lines = {"Bâtiment B, escalier 3", "Résidence des Flamboyants", "12 rue Schœlcher",
                     "Lieu-dit Bellevue", "97160 Le Moule"};
  p.logistics_name = "ARES — Association pour la réinsertion économique et sociale";
  p.leaflet_languages = {"fr", "en", "ar", "prs", "ps", "ti", "so", "ru",
                         "ka", "sq", "uk", "es",  "pt", "tr", "bn", "ur"};
  EXPECT_EQ(page_count(packing_list_pdf(p)), 2);
}

TEST(ShippingLabel, IsOneA6Page) {
  const std::string pdf = shipping_label_pdf(parcel_of(12));
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(page_count(pdf), 1);
  EXPECT_NE(pdf.find("/MediaBox [ 0 0 297.637795 419.527559 ]"), std::string::npos);
}

// A viewer shows the document's title in its tab: the name of the button that opened it, in
// the reader's language.
TEST(Documents, AreTitledLikeTheButtonsThatOpenThem) {
  Parcel p = parcel_of(3);
  EXPECT_NE(packing_list_pdf(p).find("/Title (Bordereau de colisage CO-000042)"), std::string::npos);
  p.lang = Lang::kEn;
  EXPECT_NE(packing_list_pdf(p).find("/Title (Packing list CO-000042)"), std::string::npos);
  EXPECT_NE(shipping_label_pdf(p).find("/Title (Label CO-000042)"), std::string::npos);
}

}  // namespace relais::docs
