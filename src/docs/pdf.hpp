// The drawing primitives every document shares: a PDF surface written into a string, text laid
// out by pango, Code 128 barcodes (zint) and QR codes (qrencode), all as vectors. Private to docs.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <string>
#include <string_view>

namespace relais::docs {

inline constexpr double kMm = 72.0 / 25.4;  // PDF points per millimetre

// A PDF drawn with cairo into a string.
class Pdf {
 public:
  Pdf(double width, double height);
  ~Pdf();
  Pdf(const Pdf&) = delete;
  Pdf& operator=(const Pdf&) = delete;

  cairo_t* cr() { return cr_; }
  // The document's title (what a PDF viewer shows in its title bar or tab).
  void set_title(const std::string& title);
  void next_page() { cairo_show_page(cr_); }

  // Ends the document and returns its bytes; throws internal_error when cairo failed.
  std::string finish();

 private:
  static cairo_status_t write(void* closure, const unsigned char* data, unsigned int length);
  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

// How a text is written, when the defaults do not do.
struct Writing {
  // NEUTRAL: each paragraph's first strong letter decides. RTL or LTR: set for all, and a
  // right-to-left paragraph mirrors the alignment (LEFT is where its lines start: the right).
  PangoDirection direction = PANGO_DIRECTION_NEUTRAL;
  // "ar", "ur"... lets pango choose the fonts and letter forms that language expects; none:
  // the process's.
  const char* language = nullptr;
};

// Text laid out by pango (shaping, bidi, fallback fonts: Arabic, Ethiopic, Bengali... render).
// At most `max_lines` lines (0: no limit), the last one ellipsized. Drawn unless `draw` is
// false; returns the height it takes.
double text(cairo_t* cr, double x, double y, double width, std::string_view content,
            const char* font, PangoAlignment align = PANGO_ALIGN_LEFT, int max_lines = 0,
            bool draw = true, const Writing& writing = {});

// How far below `y` text() with the same arguments puts the baseline of the first line: to
// line up texts whose fonts differ in height (Nastaliq, a label beside a number).
double text_baseline(cairo_t* cr, double width, std::string_view content, const char* font,
                     const Writing& writing = {});

// A Code 128 barcode of `data` drawn as vector bars filling `width` x `height` at (x, y).
void code128(cairo_t* cr, double x, double y, double width, double height, std::string_view data);

// A QR code of `data` (error correction M) in a `size` square at (x, y).
void qr(cairo_t* cr, double x, double y, double size, const std::string& data);

}  // namespace relais::docs
