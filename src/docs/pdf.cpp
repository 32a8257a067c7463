#include "docs/pdf.hpp"

#include <cairo-pdf.h>
#include <qrencode.h>
#include <zint.h>

#include <memory>

#include "core/error.hpp"

namespace relais::docs {

Pdf::Pdf(double width, double height) {
  surface_ = cairo_pdf_surface_create_for_stream(&Pdf::write, &bytes_, width, height);
  cr_ = cairo_create(surface_);
}

Pdf::~Pdf() {
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

void Pdf::set_title(const std::string& title) {
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
}

std::string Pdf::finish() {
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

cairo_status_t Pdf::write(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

namespace {

// The layout text() draws; the caller unrefs it.
PangoLayout* layout_of(cairo_t* cr, double width, std::string_view content, const char* font,
                       PangoAlignment align, int max_lines, const Writing& writing) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  // The layout has a context of its own (pango_cairo_create_layout): changing it changes only
  // this text.
  PangoContext* context = pango_layout_get_context(layout);
  if (writing.language) {
    pango_context_set_language(context, pango_language_from_string(writing.language));
  }
  const PangoDirection direction = writing.direction;
  if (direction == PANGO_DIRECTION_RTL || direction == PANGO_DIRECTION_LTR) {
    pango_context_set_base_dir(context, direction);
    pango_layout_set_auto_dir(layout, FALSE);
    if (direction == PANGO_DIRECTION_RTL && align != PANGO_ALIGN_CENTER) {
      align = align == PANGO_ALIGN_LEFT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
    }
  }
  pango_layout_context_changed(layout);
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
  return layout;
}

}  // namespace

double text(cairo_t* cr, double x, double y, double width, std::string_view content,
            const char* font, PangoAlignment align, int max_lines, bool draw,
            const Writing& writing) {
  PangoLayout* layout = layout_of(cr, width, content, font, align, max_lines, writing);
  if (draw) {
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
  }
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

double text_baseline(cairo_t* cr, double width, std::string_view content, const char* font,
                     const Writing& writing) {
  PangoLayout* layout = layout_of(cr, width, content, font, PANGO_ALIGN_LEFT, 0, writing);
  const int baseline = pango_layout_get_baseline(layout);
  g_object_unref(layout);
  return static_cast<double>(baseline) / PANGO_SCALE;
}

void code128(cairo_t* cr, double x, double y, double width, double height, std::string_view data) {
  std::unique_ptr<zint_symbol, decltype(&ZBarcode_Delete)> sym(ZBarcode_Create(), &ZBarcode_Delete);
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

}  // namespace relais::docs
