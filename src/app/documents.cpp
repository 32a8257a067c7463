#include "app/documents.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <zint.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/authorization.hpp"
#include "core/error.hpp"
#include "core/needs.hpp"
#include "core/packing.hpp"

namespace relais::app {
namespace {

constexpr double kMm = 72.0 / 25.4;  // PDF points per millimetre

// A PDF drawn with cairo into a string.
class Pdf {
 public:
  Pdf(double width, double height) {
    surface_ = cairo_pdf_surface_create_for_stream(&Pdf::write, &bytes_, width, height);
    cr_ = cairo_create(surface_);
  }
  ~Pdf() {
    if (cr_) cairo_destroy(cr_);
    if (surface_) cairo_surface_destroy(surface_);
  }
  Pdf(const Pdf&) = delete;
  Pdf& operator=(const Pdf&) = delete;

  cairo_t* cr() { return cr_; }
  void next_page() { cairo_show_page(cr_); }

  std::string finish() {
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    const auto status = cairo_surface_status(surface_);
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    if (status != CAIRO_STATUS_SUCCESS) {
      throw Error(ErrorKind::kInternal, "internal_error", {cairo_status_to_string(status)});
    }
    return std::move(bytes_);
  }

 private:
  static cairo_status_t write(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  }
  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

// Text laid out by pango (shaping, bidi, fallback fonts: Arabic, Ethiopic, Bengali... render).
// At most `max_lines` lines (0: no limit), the last one ellipsized. Drawn unless `draw` is
// false; returns the height it takes.
double text(cairo_t* cr, double x, double y, double width, std::string_view content,
            const char* font, PangoAlignment align = PANGO_ALIGN_LEFT, int max_lines = 0,
            bool draw = true) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, align);
  if (max_lines > 0) {
    pango_layout_set_height(layout, -max_lines);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  }
  pango_layout_set_text(layout, content.data(), static_cast<int>(content.size()));
  if (draw) {
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
  }
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

// A Code 128 barcode of `data` drawn as vector bars filling `width` x `height` at (x, y).
void code128(cairo_t* cr, double x, double y, double width, double height, std::string_view data) {
  std::unique_ptr<zint_symbol, decltype(&ZBarcode_Delete)> sym(ZBarcode_Create(),
                                                                &ZBarcode_Delete);
  sym->symbology = BARCODE_CODE128;
  sym->show_hrt = 0;  // the digits are printed by pango, below
  if (ZBarcode_Encode_and_Buffer_Vector(sym.get(),
                                        reinterpret_cast<const unsigned char*>(data.data()),
                                        static_cast<int>(data.size()), 0) >= ZINT_ERROR ||
      !sym->vector) {
    throw Error(ErrorKind::kInternal, "internal_error", {sym->errtxt});
  }
  const double sx = width / sym->vector->width;
  const double sy = height / sym->vector->height;
  for (auto* r = sym->vector->rectangles; r; r = r->next) {
    cairo_rectangle(cr, x + r->x * sx, y + r->y * sy, r->width * sx, r->height * sy);
  }
  cairo_fill(cr);
}

// A QR code of `data` (error correction M) in a `size` square at (x, y).
void qr(cairo_t* cr, double x, double y, double size, const std::string& data) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) throw Error(ErrorKind::kInternal, "internal_error", {"qrencode"});
  const int n = code->width;
  const double m = size / (n + 8);  // four modules of quiet zone on each side
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      if (code->data[row * n + col] & 1) {
        cairo_rectangle(cr, x + (col + 4) * m, y + (row + 4) * m, m, m);
      }
    }
  }
  cairo_fill(cr);
}

std::string address_lines(const Organisation& o) {
  std::string s = o.name;
  if (o.address && !o.address->empty()) s += "\n" + *o.address;
  std::string town;
  if (o.postcode) town += *o.postcode;
  if (o.commune) town += (town.empty() ? "" : " ") + *o.commune;
  if (!town.empty()) s += "\n" + town;
  return s;
}

std::string language_names(const std::vector<std::string>& codes, Lang lang) {
  std::string out;
  for (const auto& c : codes) {
    const Language* l = find_language(c);
    if (!out.empty()) out += ", ";
    out += l ? std::string(lang == Lang::kEn ? l->english : l->french) + " (" +
                   std::string(l->native) + ")"
             : c;
  }
  return out;
}

struct Loaded {
  store::PackingOrderRecord order;
  std::vector<store::SimRecord> cards;
};

Loaded load(store::Store& store, const Actor& actor, std::int64_t id) {
  // The documents are for whoever packs or receives the parcel.
  if (!allowed(actor.role, Action::kReadParcels)) throw Error(ErrorKind::kForbidden, "forbidden");
  auto tx = store.begin(store::Mode::kRead);
  auto o = tx->packing_order(id);
  const bool mine = o && (actor.role == Role::kCoordinator ||
                          (actor.role == Role::kLogistics && o->logistics_id == actor.organisation_id) ||
                          (actor.role == Role::kStructure && o->structure_id == actor.organisation_id));
  if (!mine) throw Error(ErrorKind::kNotFound, "not_found", {"entity.packing_order"});
  return {*o, tx->cards_of_order(id)};
}

}  // namespace

std::string packing_list_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                             const std::string& confirm_base, Lang lang) {
  auto [order, cards] = load(store, actor, order_id);
  const std::string reference = packing_reference(order.id);
  const std::string confirm_url = confirm_base + "/deliveries/" + order.delivery_token;
  constexpr double kWidth = 210 * kMm, kHeight = 297 * kMm, kMargin = 15 * kMm;
  constexpr double kRow = 17 * kMm;          // one card: barcode, digits, check box
  constexpr double kColumn = (kWidth - 2 * kMargin) / 2;
  constexpr double kFooter = 12 * kMm;
  constexpr double kQr = 42 * kMm;
  constexpr double kTextWidth = 120 * kMm;

  Pdf pdf(kWidth, kHeight);
  cairo_t* cr = pdf.cr();
  // The first page's header, as tall as its text (a long address, many leaflet languages) or
  // its QR code: measured before anything is drawn, so that the rows never run under it.
  const std::string address = address_lines(order.structure);
  const std::string counts = message("doc.cards_count", lang, {std::to_string(cards.size())}) +
                             " · " + message("doc.packed_by", lang, {order.logistics_name});
  const std::string leaflets =
      message("doc.leaflets", lang, {language_names(order.leaflet_languages, lang)});
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
      text(cr, kMargin, top, kTextWidth, message("doc.packing_list", lang, {reference}),
           "Noto Sans Bold 17", PANGO_ALIGN_LEFT, 1);
      header_text(kMargin, top, true);
      qr(cr, kWidth - kMargin - kQr, top - 3 * kMm, kQr, confirm_url);
      text(cr, kWidth - kMargin - kQr, top + kQr - 4 * kMm, kQr,
           message("doc.scan_to_confirm", lang), "Noto Sans 7", PANGO_ALIGN_CENTER);
      top += kHeader;
    }
    const int rows = page == 1 ? rows_first : rows_next;
    for (int col = 0; col < 2; ++col) {
      for (int row = 0; row < rows && next < cards.size(); ++row, ++next) {
        const double x = kMargin + col * kColumn;
        const double y = top + row * kRow;
        const std::string& iccid = cards[next].iccid;
        text(cr, x, y + 2 * kMm, 9 * kMm, std::to_string(next + 1), "Noto Sans 8",
             PANGO_ALIGN_RIGHT);
        code128(cr, x + 11 * kMm, y + 1 * kMm, 58 * kMm, 9 * kMm, iccid);
        text(cr, x + 11 * kMm, y + 10.5 * kMm, 58 * kMm, iccid, "Monospace 8",
             PANGO_ALIGN_CENTER);
        cairo_set_line_width(cr, 0.6);
        cairo_rectangle(cr, x + 72 * kMm, y + 3 * kMm, 5 * kMm, 5 * kMm);
        cairo_stroke(cr);
      }
    }
    text(cr, kMargin, kHeight - kMargin - 4 * kMm, kWidth - 2 * kMargin,
         reference + " · " + order.structure.name + " · " +
             message("doc.page", lang, {std::to_string(page), std::to_string(pages)}),
         "Noto Sans 8", PANGO_ALIGN_CENTER);
    pdf.next_page();
  }
  return pdf.finish();
}

std::string shipping_label_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                               const std::string& confirm_base, Lang lang) {
  auto [order, cards] = load(store, actor, order_id);
  const std::string reference = packing_reference(order.id);
  constexpr double kWidth = 105 * kMm, kHeight = 148 * kMm, kMargin = 7 * kMm;
  constexpr double kInner = kWidth - 2 * kMargin;
  Pdf pdf(kWidth, kHeight);
  cairo_t* cr = pdf.cr();
  cairo_set_source_rgb(cr, 0, 0, 0);
  double y = kMargin;
  y += text(cr, kMargin, y, kInner, message("doc.recipient", lang), "Noto Sans Bold 8");
  // The address as large as it fits in 40 mm, so that the QR code keeps its room below.
  const std::string address = address_lines(order.structure);
  const char* font = "Noto Sans Bold 13";
  for (const char* f : {"Noto Sans Bold 13", "Noto Sans Bold 11", "Noto Sans Bold 9",
                        "Noto Sans Bold 7"}) {
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
  y += text(cr, kMargin, y, kInner, order.logistics_name, "Noto Sans 10", PANGO_ALIGN_LEFT, 2) +
       4 * kMm;
  y += text(cr, kMargin, y, kInner,
            reference + " · " + message("doc.cards_count", lang, {std::to_string(cards.size())}),
            "Noto Sans Bold 11") + 2 * kMm;
  code128(cr, kMargin, y, kInner, 14 * kMm, reference);
  y += 15 * kMm;
  y += text(cr, kMargin, y, kInner, reference, "Monospace 9", PANGO_ALIGN_CENTER) + 1 * kMm;
  // The QR code takes the room left above its caption, up to 36 mm.
  const double q = std::min(36 * kMm, kHeight - kMargin - 5 * kMm - y);
  qr(cr, (kWidth - q) / 2, y, q, confirm_base + "/deliveries/" + order.delivery_token);
  text(cr, kMargin, kHeight - kMargin - 5 * kMm, kInner, message("doc.scan_to_confirm", lang),
       "Noto Sans 7", PANGO_ALIGN_CENTER);
  pdf.next_page();
  return pdf.finish();
}

}  // namespace relais::app
