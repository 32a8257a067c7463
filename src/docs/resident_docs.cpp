#include "docs/resident_docs.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/needs.hpp"
#include "docs/catalogue.hpp"
#include "docs/pdf.hpp"
#include "docs/writing.hpp"

namespace relais::docs {
namespace {

// "Noto Sans Bold 10.5": a pango font description, whatever the process's locale.
std::string font(std::string_view families, std::string_view style, double size) {
  char buf[16];
  const auto end = std::to_chars(buf, buf + sizeof buf, size, std::chars_format::fixed, 1).ptr;
  return std::string(families) + " " + std::string(style) + std::string(buf, end);
}

// Codes and numbers: each digit as wide as the next, 0 and O, 1 and l unlike.
std::string mono(double size) { return font("Monospace", "Bold ", size); }

// The fonts of a language, in the order pango should try them for each letter. Named rather
// than left to fontconfig's fallback, which picks DejaVu Sans for Arabic and Georgian letters
// before the Noto fonts drawn for them, and Kufi (a display style) for Urdu.
// Urdu is printed in Nastaliq, as its readers expect, where pages can flow; its lines are
// twice as tall as Naskh's, so the one-page leaflet is printed in Naskh, which Urdu readers
// read too.
std::string_view families(std::string_view lang, bool compact) {
  if (lang == "ur") {
    return compact ? "Noto Sans,Noto Naskh Arabic,Noto Sans Ethiopic,Noto Sans Bengali,"
                     "Noto Sans Georgian"
                   : "Noto Sans,Noto Nastaliq Urdu,Noto Naskh Arabic,Noto Sans Ethiopic,"
                     "Noto Sans Bengali,Noto Sans Georgian";
  }
  return "Noto Sans,Noto Sans Arabic,Noto Sans Ethiopic,Noto Sans Bengali,Noto Sans Georgian";
}

void grey(cairo_t* cr, double level) { cairo_set_source_rgb(cr, level, level, level); }

// Draws in one language across a text area `width` wide from `left`: positions are given from
// where that language's lines start (the right edge for Arabic script) and mirrored there.
class Sheet {
 public:
  // `compact`: the fonts that take least height (families()). A language without a catalogue
  // is written in English, left to right.
  Sheet(cairo_t* cr, std::string_view lang, double left, double width, bool compact)
      : cr_(cr),
        lang_(lang),
        rtl_(is_right_to_left(lang) && catalogue(lang)),
        left_(left),
        width_(width),
        families_(families(lang, compact)),
        script_(lang == "ur" ? 1.15 : 1.0) {}

  cairo_t* cr() const { return cr_; }
  // Urdu's letters are drawn smaller than the other scripts' at the same size.
  std::string sans(double size) const { return font(families_, "", size * script_); }
  std::string bold(double size) const { return font(families_, "Bold ", size * script_); }
  double width() const { return width_; }

  // The page x of a box `w` wide whose start is `x` from the start edge.
  double at(double x, double w) const { return rtl_ ? left_ + width_ - x - w : left_ + x; }

  // The translation, each value isolated so that its own direction holds in the sentence. At
  // most three values: no message of the template has more.
  std::string t(std::string_view msgid,
                std::initializer_list<std::pair<std::string_view, std::string>> args = {}) const {
    std::vector<std::pair<std::string_view, std::string>> isolated;
    for (const auto& [name, value] : args) {
      isolated.emplace_back(name, rtl_ ? isolate(lang_, value) : value);
    }
    switch (isolated.size()) {
      case 0:
        return translate(lang_, msgid);
      case 1:
        return translate(lang_, msgid, {isolated[0]});
      case 2:
        return translate(lang_, msgid, {isolated[0], isolated[1]});
      default:
        return translate(lang_, msgid, {isolated[0], isolated[1], isolated[2]});
    }
  }

  // Words of the document, in its language and direction; returns their height.
  double words(double x, double y, double w, std::string_view s, const std::string& f, bool draw,
               PangoAlignment align = PANGO_ALIGN_LEFT) const {
    return text(cr_, at(x, w), y, w, s, f.c_str(), align, 0, draw, writing(false));
  }

  // Data (a phone number, a code): left to right in every language, centred or at the start
  // edge of the language.
  double data(double x, double y, double w, std::string_view s, const std::string& f, bool draw,
              bool centred = true) const {
    const PangoAlignment align =
        centred ? PANGO_ALIGN_CENTER : (rtl_ ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    return text(cr_, at(x, w), y, w, s, f.c_str(), align, 0, draw, writing(true));
  }

  // One text of a row: words of the document, or data (left to right, at the start edge).
  struct Piece {
    double x, w;  // from the start edge
    std::string content, font;
    bool data;
  };

  // Texts side by side, their first lines on one baseline (a label in Nastaliq beside a date
  // in Noto Sans); returns the row's height.
  double row(double y, const std::vector<Piece>& pieces, bool draw) const {
    auto first_baseline = [&](const Piece& p) {
      return text_baseline(cr_, p.w, p.content, p.font.c_str(), writing(p.data));
    };
    double top = 0;
    for (const Piece& p : pieces) top = std::max(top, first_baseline(p));
    double h = 0;
    for (const Piece& p : pieces) {
      const double dy = top - first_baseline(p);
      h = std::max(h, dy + (p.data ? data(p.x, y + dy, p.w, p.content, p.font, draw, false)
                                   : words(p.x, y + dy, p.w, p.content, p.font, draw)));
    }
    return h;
  }

  // How far below the top of words() their first baseline is.
  double baseline(double w, std::string_view s, const std::string& f) const {
    return text_baseline(cr_, w, s, f.c_str(), writing(false));
  }

  void box(double x, double y, double w, double h, bool draw, bool filled) const {
    if (!draw) return;
    cairo_save(cr_);
    cairo_rectangle(cr_, at(x, w), y, w, h);
    if (filled) {
      grey(cr_, 0.92);
      cairo_fill(cr_);
    } else {
      cairo_set_line_width(cr_, 0.8);
      grey(cr_, 0.3);
      cairo_stroke(cr_);
    }
    cairo_restore(cr_);
  }

 private:
  // The document's words, or data: left to right, no language (a monospace font asked for
  // with an Urdu language is not one).
  Writing writing(bool data) const {
    Writing w;
    w.direction = data || !rtl_ ? PANGO_DIRECTION_LTR : PANGO_DIRECTION_RTL;
    w.language = data ? nullptr : lang_.c_str();
    return w;
  }

  cairo_t* cr_;
  std::string lang_;
  bool rtl_;
  double left_, width_;
  std::string_view families_;
  double script_;
};

// The value with no-break spaces (U+00A0): a phone number in a sentence is not cut in two.
std::string unbreakable(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == ' ') {
      out += "\u00a0";
    } else {
      out += c;
    }
  }
  return out;
}

// "1234 5678": a PUK read and typed in two halves.
std::string grouped_code(std::string_view code) {
  if (code.size() != 8) return std::string(code);
  return std::string(code.substr(0, 4)) + " " + std::string(code.substr(4));
}

// ---- The leaflet -------------------------------------------------------------------------

constexpr double kA5Width = 148 * kMm, kA5Height = 210 * kMm, kA5Margin = 10 * kMm;

// Draws the leaflet with every size multiplied by `s` (or only measures it, when `draw` is
// false); returns the height it takes below the top margin.
double draw_leaflet(const Sheet& sh, const LeafletData& d, double s, bool draw) {
  cairo_t* cr = sh.cr();
  const double w = sh.width();
  const double pad = 2.5 * kMm * s;
  const double gap = 3 * kMm * s;
  double y = kA5Margin;
  grey(cr, 0);

  y += sh.words(0, y, w, sh.t("Your mobile line"), sh.bold(19 * s), draw) + 0.5 * kMm;
  y += sh.words(0, y, w,
                sh.t("This SIM card is for you, from {structure}. It is free.",
                     {{"structure", d.structure_name}}),
                sh.sans(10 * s), draw) +
       gap;

  // The phone number, in a grey band.
  {
    const std::string label = sh.t("Your phone number");
    const double h = pad + sh.words(pad, 0, w - 2 * pad, label, sh.sans(9 * s), false) +
                     sh.data(0, 0, w, phone_text(d.msisdn), mono(21 * s), false) + pad;
    sh.box(0, y, w, h, draw, true);
    double yy = y + pad;
    grey(cr, 0);
    yy += sh.words(pad, yy, w - 2 * pad, label, sh.sans(9 * s), draw);
    sh.data(0, yy, w, phone_text(d.msisdn), mono(21 * s), draw);
    y += h + gap;
  }

  // Inserting the card: four numbered steps.
  y += sh.words(0, y, w, sh.t("Insert the card"), sh.bold(11.5 * s), draw) + 1 * kMm * s;
  {
    const double disc = 4.6 * kMm * s, indent = disc + 2 * kMm * s;
    int n = 0;
    for (std::string_view step :
         {"Switch off your phone.",
          "Open the SIM tray: push a pin into the small hole on the side of the phone.",
          "Press out the size of card your phone takes and lay it in the tray, gold contacts "
          "down.",
          "Switch the phone on and type the PIN code."}) {
      ++n;
      const std::string words = sh.t(step), f = sh.sans(9.5 * s);
      const double h = sh.words(indent, y, w - indent, words, f, draw);
      // The disc's middle a little above the first line's baseline, where a digit's is.
      const double middle = y + sh.baseline(w - indent, words, f) - disc * 0.36;
      if (draw) {
        cairo_new_path(cr);  // pango leaves a current point: no line from it to the disc
        cairo_arc(cr, sh.at(0, disc) + disc / 2, middle, disc / 2, 0, 2 * 3.14159265358979);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        const std::string digit = std::to_string(n), df = font("Noto Sans", "Bold ", 8 * s);
        const double dh = sh.data(0, 0, disc, digit, df, false);
        sh.data(0, middle - dh / 2, disc, digit, df, true);
        grey(cr, 0);
      }
      y += std::max(h, middle + disc / 2 - y) + 1.2 * kMm * s;
    }
  }
  y += gap - 1.2 * kMm * s;

  // A code's block: its name, its value (when known) large, its note.
  auto code_block = [&](double x, double bw, double top, std::string_view name,
                        const std::optional<std::string>& value, double size, std::string_view note,
                        bool really) {
    double yy = top + pad;
    yy += sh.words(x + pad, yy, bw - 2 * pad, sh.t(name), sh.bold(10 * s), really);
    if (value) {
      yy += 0.5 * kMm * s;
      yy += sh.data(x + pad, yy, bw - 2 * pad, *value, mono(size * s), really);
      yy += 0.5 * kMm * s;
    }
    grey(cr, 0.25);
    yy += sh.words(x + pad, yy, bw - 2 * pad, sh.t(note), sh.sans(8 * s), really);
    grey(cr, 0);
    return yy + pad - top;
  };

  // PIN and PUK side by side, as tall as the taller.
  {
    const double half = (w - gap) / 2;
    const std::optional<std::string> puk =
        d.puk ? std::optional<std::string>(grouped_code(*d.puk)) : std::nullopt;
    auto pin_block = [&](double top, bool really) {
      return code_block(0, half, top, "PIN code", d.pin, 17,
                        "The phone asks for it when it starts. After 3 wrong PIN codes, it asks "
                        "for the PUK code.",
                        really);
    };
    auto puk_block = [&](double top, bool really) {
      return code_block(half + gap, half, top, "PUK code", puk, 17,
                        "Keep it secret. After 10 wrong PUK codes the card is blocked for good.",
                        really);
    };
    const double h = std::max(pin_block(y, false), puk_block(y, false));
    sh.box(0, y, half, h, draw, false);
    sh.box(half + gap, y, half, h, draw, false);
    pin_block(y, draw);
    puk_block(y, draw);
    y += h + gap;
  }
  {
    auto apn_block = [&](bool really) {
      return code_block(0, w, y, "Internet settings (APN)", d.apn, 13,
                        "Usually automatic. If the internet does not work, add this access point "
                        "name in the phone's mobile network settings.",
                        really);
    };
    const double h = apn_block(false);
    sh.box(0, y, w, h, draw, false);
    apn_block(draw);
    y += h + gap;
  }

  // The plan and where to find help, side by side.
  {
    const double half = (w - gap) / 2;
    auto plan = [&](bool really) {
      double yy = y;
      yy += sh.words(0, yy, half, sh.t("Your plan"), sh.bold(11 * s), really) + 0.8 * kMm * s;
      std::string lines;
      if (d.data_gb > 0) {
        lines = sh.t("{gb} GB of mobile internet", {{"gb", std::to_string(d.data_gb)}});
      }
      auto add = [&](const std::string& line) { lines += (lines.empty() ? "" : "\n") + line; };
      add(sh.t(d.calls_sms_included ? "Calls and text messages included"
                                    : "Internet only, no calls"));
      if (!d.ends_on.empty()) {
        add(sh.t("The line is paid until {date}.", {{"date", date_text(d.lang, d.ends_on)}}));
      }
      yy += sh.words(0, yy, half, lines, sh.sans(9 * s), really);
      return yy - y;
    };
    auto help = [&](bool really) {
      double yy = y;
      yy += sh.words(half + gap, yy, half, sh.t("Help"), sh.bold(11 * s), really) + 0.8 * kMm * s;
      std::string lines = sh.t("Ask the staff of {structure}.", {{"structure", d.structure_name}});
      if (d.helpline) {
        lines += "\n" + sh.t("Programme helpline: {phone}",
                             {{"phone", unbreakable(phone_text(*d.helpline))}});
      }
      yy += sh.words(half + gap, yy, half, lines, sh.sans(9 * s), really);
      return yy - y;
    };
    const double h = std::max(plan(draw), help(draw));
    y += h + gap;
  }

  // The rights, short, below a rule.
  if (draw) {
    cairo_set_line_width(cr, 0.5);
    grey(cr, 0.5);
    cairo_move_to(cr, sh.at(0, w), y - gap / 2);
    cairo_rel_line_to(cr, w, 0);
    cairo_stroke(cr);
    grey(cr, 0);
  }
  y += sh.words(0, y, w, sh.t("Your data and your rights"), sh.bold(9.5 * s), draw) + 0.5 * kMm * s;
  y += sh.words(0, y, w,
                sh.t("Relais knows you as {pseudonym}. Your structure keeps only the size of your "
                     "household, your languages and needs, and, if you agreed, your first name "
                     "and a phone number. They are erased {days} days after the line ends. You "
                     "may see them, correct them, have them erased and withdraw your consent at "
                     "any time: ask the staff of your structure.",
                     {{"pseudonym", d.pseudonym}, {"days", std::to_string(d.retention_days)}}),
                sh.sans(8 * s), draw);
  return y - kA5Margin;
}

}  // namespace

std::string leaflet_pdf(const LeafletData& data) {
  Pdf pdf(kA5Width, kA5Height);
  const Sheet sheet(pdf.cr(), data.lang, kA5Margin, kA5Width - 2 * kA5Margin, true);
  pdf.set_title(translate(data.lang, "Your mobile line"));
  // The largest text that fits on the page: long languages get a smaller one. Heights grow
  // about as the sizes do, so the first guess is close and few steps follow.
  const double room = kA5Height - 2 * kA5Margin;
  double scale = std::min(1.0, room / draw_leaflet(sheet, data, 1.0, false) + 0.04);
  while (scale > 0.5 && draw_leaflet(sheet, data, scale, false) > room) scale -= 0.01;
  draw_leaflet(sheet, data, scale, true);
  pdf.next_page();
  return pdf.finish();
}

namespace {

// ---- A4 documents that flow onto further pages -------------------------------------------

constexpr double kA4Width = 210 * kMm, kA4Height = 297 * kMm, kA4Margin = 16 * kMm;

// Blocks put one below the other, on a new page when the next one does not fit. When it does
// not draw, it only adds up their heights, pages not counted.
class Flow {
 public:
  Flow(Pdf& pdf, const Sheet& sheet, bool draw) : pdf_(pdf), sheet_(sheet), draw_(draw) {}

  double y() const { return y_; }
  void skip(double h) { y_ += h; }

  // Makes room for a block `h` tall: a new page when it does not fit below.
  void need(double h) {
    if (draw_ && y_ + h > kA4Height - kA4Margin && y_ > kA4Margin) {
      pdf_.next_page();
      y_ = kA4Margin;
    }
  }

  // A paragraph of the document's words, `indent` from the start edge.
  void words(std::string_view s, const std::string& f, double after, double indent = 0) {
    const double w = sheet_.width() - indent;
    const double h = sheet_.words(indent, 0, w, s, f, false);
    need(h);
    sheet_.words(indent, y_, w, s, f, draw_);
    y_ += h + after;
  }

  // Texts side by side on one baseline (Sheet::row).
  void row(const std::vector<Sheet::Piece>& pieces, double after) {
    const double h = sheet_.row(0, pieces, false);
    need(h);
    sheet_.row(y_, pieces, draw_);
    y_ += h + after;
  }

 private:
  Pdf& pdf_;
  const Sheet& sheet_;
  bool draw_;
  double y_ = kA4Margin;
};

// The notice with every size multiplied by `s`; returns the height it takes (all pages).
double draw_notice(Flow& flow, const Sheet& sh, const NoticeData& data, double s) {
  cairo_t* cr = sh.cr();
  const std::string body = sh.sans(10 * s), heading = sh.bold(12 * s);
  const double after_heading = 0.8 * kMm * s, after_section = 4 * kMm * s;

  grey(cr, 0);
  flow.words(sh.t("Information about your data"), sh.bold(19 * s), 1 * kMm * s);
  grey(cr, 0.35);
  flow.words(sh.t("Notice version {version}", {{"version", data.version}}), sh.sans(9 * s),
             5 * kMm * s);
  grey(cr, 0);
  // A heading is never left alone at the foot of a page.
  auto heading_before = [&](std::string_view title, const std::string& next) {
    const std::string t = sh.t(title);
    flow.need(sh.words(0, 0, sh.width(), t, heading, false) + after_heading +
              sh.words(0, 0, sh.width(), next, body, false));
    flow.words(t, heading, after_heading);
  };
  auto section = [&](std::string_view title, const std::string& text) {
    heading_before(title, text);
    flow.words(text, body, after_section);
  };
  section("Who keeps it",
          sh.t("{programme}, coordinated by {coordinator}. Your structure, {structure}, records "
               "it in Relais.",
               {{"programme", data.programme_name},
                {"coordinator", data.coordinator_name},
                {"structure", data.structure_name}}));
  section("What is kept",
          sh.t("A pseudonym given by Relais, the size of your household, the number of "
               "children, the languages you speak and what you need a line for. Only if you "
               "wish: your first name and a phone number to reach you, encrypted. Never your "
               "nationality, legal status, religion, health, full name or identity papers."));
  {
    const std::vector<std::string> items = {
        sh.t("Your mobile line: to give you a SIM card and keep it working. Without this "
             "consent, no line can be given."),
        sh.t("Follow-up (optional): to ask you, about a month later, what the line is useful "
             "for."),
        sh.t("Testimony (optional): to publish what you say about the line, without your "
             "name.")};
    heading_before("Why: what you agree to, one by one", items[0]);
    const double indent = 6 * kMm * s;
    for (std::size_t i = 0; i < items.size(); ++i) {
      flow.row({{2 * kMm * s, indent - 2 * kMm * s, "•", body, false},
                {indent, sh.width() - indent, items[i], body, false}},
               i + 1 < items.size() ? 1.5 * kMm * s : after_section);
    }
  }
  section("For how long",
          sh.t("Until {days} days after your line ends. Then it is erased automatically.",
               {{"days", std::to_string(data.retention_days)}}));
  section("Who sees it",
          sh.t("Only the staff of your structure see your first name and phone number. The "
               "programme's coordinator sees your pseudonym only. The mobile operator never "
               "learns who holds the line. The funder sees only totals of 5 people or more."));
  section("Your rights",
          sh.t("You may see what is kept, correct it, have it erased, and withdraw any consent "
               "at any time. Withdrawing the follow-up or the testimony changes nothing for your "
               "line. You may also complain to the CNIL, the French data protection authority "
               "(www.cnil.fr)."));
  section("Whom to ask",
          sh.t("The staff of {structure}, or the programme's coordinator: {coordinator}.",
               {{"structure", data.structure_name}, {"coordinator", data.coordinator_name}}));
  return flow.y() - kA4Margin;
}

}  // namespace

std::string notice_pdf(const NoticeData& data) {
  Pdf pdf(kA4Width, kA4Height);
  const Sheet sh(pdf.cr(), data.lang, kA4Margin, kA4Width - 2 * kA4Margin, false);
  pdf.set_title(translate(data.lang, "Information about your data"));
  // One page when a slightly smaller text makes it fit; more pages beyond that.
  double scale = 1.0;
  for (; scale > 0.8; scale -= 0.025) {
    Flow measure(pdf, sh, false);
    if (draw_notice(measure, sh, data, scale) <= kA4Height - 2 * kA4Margin) break;
  }
  Flow flow(pdf, sh, true);
  draw_notice(flow, sh, data, scale);
  pdf.next_page();
  return pdf.finish();
}

namespace {

std::string_view need_msgid(std::string_view code) {
  if (code == "keep_in_touch") return "Keeping in touch with family and friends";
  if (code == "job_search") return "Looking for a job";
  if (code == "training") return "Training";
  if (code == "language_course") return "Language courses";
  if (code == "schooling") return "Children's schooling";
  if (code == "administrative") return "Administrative procedures";
  return code;
}

std::string_view purpose_msgid(std::string_view purpose) {
  if (purpose == "line") return "The line";
  if (purpose == "follow_up") return "Follow-up";
  if (purpose == "testimony") return "Testimony";
  return purpose;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "\n") + i;
  return out;
}

}  // namespace

std::string export_pdf(const ExportData& data) {
  Pdf pdf(kA4Width, kA4Height);
  const std::string& lang = data.lang;
  const Sheet sh(pdf.cr(), lang, kA4Margin, kA4Width - 2 * kA4Margin, false);
  pdf.set_title(
      translate(lang, "What Relais holds about {pseudonym}", {{"pseudonym", data.pseudonym}}));
  cairo_t* cr = pdf.cr();
  Flow flow(pdf, sh, true);
  const std::string body = sh.sans(10), label_font = sh.bold(10), heading = sh.bold(12.5);
  const std::string number_font = mono(10.5);
  const double label_width = 62 * kMm, value_x = label_width + 4 * kMm;
  const double value_width = sh.width() - value_x;
  const double after_row = 2 * kMm;

  grey(cr, 0);
  flow.words(sh.t("What Relais holds about {pseudonym}", {{"pseudonym", data.pseudonym}}),
             sh.bold(17), 1 * kMm);
  grey(cr, 0.35);
  flow.words(sh.t("Printed on {date}", {{"date", date_text(lang, data.printed_on)}}), sh.sans(9),
             6 * kMm);
  grey(cr, 0);

  // A label and its value beside it: the document's words, or data.
  auto row = [&](const std::string& label, const std::string& value, bool is_data = false) {
    flow.row({{0, label_width, label, label_font, false},
              {value_x, value_width, value, is_data ? number_font : body, is_data}},
             after_row);
  };
  const std::string not_recorded = sh.t("Not recorded");

  row(sh.t("Household size"), std::to_string(data.household_size));
  row(sh.t("Children"), std::to_string(data.children));
  {
    std::vector<std::string> names;
    for (const auto& code : data.languages) {
      const Language* l = find_language(code);
      names.emplace_back(l ? l->native : code);
    }
    row(sh.t("Languages"), names.empty() ? not_recorded : joined(names));
  }
  {
    std::vector<std::string> needs;
    for (const auto& code : data.needs) needs.push_back(sh.t(need_msgid(code)));
    row(sh.t("Needs"), needs.empty() ? not_recorded : joined(needs));
  }
  row(sh.t("First name"), data.first_name ? *data.first_name : not_recorded);
  if (data.contact) {
    row(sh.t("Phone number to reach you"), phone_text(*data.contact), true);
  } else {
    row(sh.t("Phone number to reach you"), not_recorded);
  }

  // A section's heading stays with its first row.
  auto section = [&](std::string_view title) {
    flow.skip(3 * kMm);
    const std::string t = sh.t(title);
    flow.need(sh.words(0, 0, sh.width(), t, heading, false) + 2 * kMm + 12 * kMm);
    flow.words(t, heading, 2 * kMm);
  };
  section("Consents");
  if (data.consents.empty()) row("", not_recorded);
  for (const auto& c : data.consents) {
    std::string value = sh.t("Given on {date}", {{"date", date_text(lang, c.given_on)}});
    if (c.ended_on && (c.status == "withdrawn" || c.status == "expired")) {
      value += "\n" + sh.t(c.status == "withdrawn" ? "Withdrawn on {date}" : "Expired on {date}",
                           {{"date", date_text(lang, *c.ended_on)}});
    }
    row(sh.t(purpose_msgid(c.purpose)), value);
  }
  section("Lines");
  if (data.lines.empty()) row("", not_recorded);
  for (const auto& l : data.lines) {
    std::string value =
        sh.t("Handed over on {date}", {{"date", date_text(lang, l.handed_over_on)}});
    if (l.taken_back_on) {
      value += "\n" + sh.t("Taken back on {date}", {{"date", date_text(lang, *l.taken_back_on)}});
    }
    // The number as data in the label's column, its dates beside it.
    flow.row({{0, label_width, phone_text(l.msisdn), number_font, true},
              {value_x, value_width, value, body, false}},
             after_row);
  }
  pdf.next_page();
  return pdf.finish();
}

}  // namespace relais::docs
