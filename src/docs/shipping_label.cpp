#include "docs/shipping_label.hpp"

#include <algorithm>
#include <string>

#include "docs/pdf.hpp"

namespace relais::docs {

std::string shipping_label_pdf(const Parcel& parcel) {
  const Lang lang = parcel.lang;
  const std::string& reference = parcel.reference;
  constexpr double kWidth = 105 * kMm, kHeight = 148 * kMm, kMargin = 7 * kMm;
  constexpr double kInner = kWidth - 2 * kMargin;
  Pdf pdf(kWidth, kHeight);
  pdf.set_title(message("doc.label", lang, {reference}));
  cairo_t* cr = pdf.cr();
  cairo_set_source_rgb(cr, 0, 0, 0);
  double y = kMargin;
  y += text(cr, kMargin, y, kInner, message("doc.recipient", lang), "Noto Sans Bold 8");
  // The address as large as it fits in 40 mm, so that the QR code keeps its room below.
  const std::string address = parcel.recipient_block();
  const char* font = "Noto Sans Bold 13";
  for (const char* f :
       {"Noto Sans Bold 13", "Noto Sans Bold 11", "Noto Sans Bold 9", "Noto Sans Bold 7"}) {
    font = f;
    if (text(cr, kMargin, y, kInner, address, f, PANGO_ALIGN_LEFT, 0, false) <= 40 * kMm) break;
  }
  y += text(cr, kMargin, y, kInner, address, font, PANGO_ALIGN_LEFT, 0) + 4 * kMm;
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, kMargin, y);
  cairo_line_to(cr, kWidth - kMargin, y);
  cairo_stroke(cr);
  y += 3 * kMm;
  y += text(cr, kMargin, y, kInner, message("doc.sender", lang), "Noto Sans Bold 8");
  y += text(cr, kMargin, y, kInner, parcel.logistics_name, "Noto Sans 10", PANGO_ALIGN_LEFT, 2) +
       4 * kMm;
  y += text(cr, kMargin, y, kInner,
            reference + " · " +
                message("doc.cards_count", lang, {std::to_string(parcel.iccids.size())}),
            "Noto Sans Bold 11") +
       2 * kMm;
  code128(cr, kMargin, y, kInner, 14 * kMm, reference);
  y += 15 * kMm;
  y += text(cr, kMargin, y, kInner, reference, "Monospace 9", PANGO_ALIGN_CENTER) + 1 * kMm;
  // The QR code takes the room left above its caption, up to 36 mm.
  const double q = std::min(36 * kMm, kHeight - kMargin - 5 * kMm - y);
  qr(cr, (kWidth - q) / 2, y, q, parcel.confirm_url);
  text(cr, kMargin, kHeight - kMargin - 5 * kMm, kInner, message("doc.scan_to_confirm", lang),
       "Noto Sans 7", PANGO_ALIGN_CENTER);
  pdf.next_page();
  return pdf.finish();
}

}  // namespace relais::docs
