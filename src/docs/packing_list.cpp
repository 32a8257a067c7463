#include "docs/packing_list.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/needs.hpp"
#include "docs/pdf.hpp"

namespace relais::docs {
namespace {

// "français, arabe (العربية), dari (دری)": each name in the reader's language, then in its
// own when that is another.
std::string language_names(const std::vector<std::string>& codes, Lang lang) {
  std::string out;
  for (const auto& c : codes) {
    const Language* l = find_language(c);
    if (!out.empty()) out += ", ";
    if (!l) {
      out += c;
      continue;
    }
    const std::string_view name = lang == Lang::kEn ? l->english : l->french;
    out += name;
    if (l->native != name) out += " (" + std::string(l->native) + ")";
  }
  return out;
}

}  // namespace

std::string packing_list_pdf(const Parcel& parcel) {
  const Lang lang = parcel.lang;
  const std::vector<std::string>& cards = parcel.iccids;
  constexpr double kWidth = 210 * kMm, kHeight = 297 * kMm, kMargin = 15 * kMm;
  constexpr double kRow = 17 * kMm;  // one card: barcode, digits, check box
  constexpr double kColumn = (kWidth - 2 * kMargin) / 2;
  constexpr double kFooter = 12 * kMm;
  constexpr double kQr = 42 * kMm;
  constexpr double kTextWidth = 120 * kMm;

  Pdf pdf(kWidth, kHeight);
  const std::string title = message("doc.packing_list", lang, {parcel.reference});
  pdf.set_title(title);
  cairo_t* cr = pdf.cr();
  // The first page's header, as tall as its text (a long address, many leaflet languages) or
  // its QR code: measured before anything is drawn, so that the rows never run under it.
  const std::string address = parcel.recipient_block();
  const std::string counts = message("doc.cards_count", lang, {std::to_string(cards.size())}) +
                             " · " + message("doc.packed_by", lang, {parcel.logistics_name});
  const std::string leaflets =
      message("doc.leaflets", lang, {language_names(parcel.leaflet_languages, lang)});
  auto header_text = [&](double x, double y, bool draw) {
    double h = 11 * kMm;
    h += text(cr, x, y + h, kTextWidth, address, "Noto Sans 11", PANGO_ALIGN_LEFT, 6, draw) + 2;
    h += text(cr, x, y + h, kTextWidth, counts, "Noto Sans 10", PANGO_ALIGN_LEFT, 3, draw) + 1;
    h += text(cr, x, y + h, kTextWidth, leaflets, "Noto Sans 10", PANGO_ALIGN_LEFT, 4, draw);
    return h;
  };
  const double kHeader = std::max(header_text(0, 0, false), kQr) + 6 * kMm;
  const int rows_first = static_cast<int>((kHeight - 2 * kMargin - kHeader - kFooter) / kRow);
  const int rows_next = static_cast<int>((kHeight - 2 * kMargin - kFooter) / kRow);
  const int per_first = 2 * rows_first, per_next = 2 * rows_next;
  const int n = static_cast<int>(cards.size());
  const int pages = n <= per_first ? 1 : 1 + (n - per_first + per_next - 1) / per_next;

  std::size_t next = 0;
  for (int page = 1; page <= pages; ++page) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    double top = kMargin;
    if (page == 1) {
      text(cr, kMargin, top, kTextWidth, title, "Noto Sans Bold 15", PANGO_ALIGN_LEFT, 1);
      header_text(kMargin, top, true);
      qr(cr, kWidth - kMargin - kQr, top - 3 * kMm, kQr, parcel.confirm_url);
      text(cr, kWidth - kMargin - kQr, top + kQr - 4 * kMm, kQr,
           message("doc.scan_to_confirm", lang), "Noto Sans 7", PANGO_ALIGN_CENTER);
      top += kHeader;
    }
    const int rows = page == 1 ? rows_first : rows_next;
    for (int col = 0; col < 2; ++col) {
      for (int row = 0; row < rows && next < cards.size(); ++row, ++next) {
        const double x = kMargin + col * kColumn;
        const double y = top + row * kRow;
        const std::string& iccid = cards[next];
        text(cr, x, y + 2 * kMm, 9 * kMm, std::to_string(next + 1), "Noto Sans 8",
             PANGO_ALIGN_RIGHT);
        code128(cr, x + 11 * kMm, y + 1 * kMm, 58 * kMm, 9 * kMm, iccid);
        text(cr, x + 11 * kMm, y + 10.5 * kMm, 58 * kMm, iccid, "Monospace 8", PANGO_ALIGN_CENTER);
        cairo_set_line_width(cr, 0.6);
        cairo_rectangle(cr, x + 72 * kMm, y + 3 * kMm, 5 * kMm, 5 * kMm);
        cairo_stroke(cr);
      }
    }
    text(cr, kMargin, kHeight - kMargin - 4 * kMm, kWidth - 2 * kMargin,
         parcel.reference + " · " + parcel.structure_name + " · " +
             message("doc.page", lang, {std::to_string(page), std::to_string(pages)}),
         "Noto Sans 8", PANGO_ALIGN_CENTER);
    pdf.next_page();
  }
  return pdf.finish();
}

}  // namespace relais::docs
