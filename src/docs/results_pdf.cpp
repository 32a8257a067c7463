// The results as an A4 PDF report: a title, the key figures, the funnel and the monthly
// activations as charts, a map of France by department, then every table, with a footer on
// each page (the legend of hidden figures, page numbers). A hidden figure is never drawn to
// scale: its bar is left out and it reads "< 5" or "s".
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/utf8.hpp"
#include "docs/france_map.hpp"
#include "docs/pdf.hpp"
#include "docs/results_exports.hpp"
#include "docs/results_text.hpp"

namespace relais::docs {
namespace {

using namespace results_text;

constexpr double kWidth = 210 * kMm, kHeight = 297 * kMm, kMargin = 15 * kMm;
constexpr double kContent = kWidth - 2 * kMargin;
constexpr double kBottom = kHeight - kMargin - 12 * kMm;  // the footer's top
constexpr double kRow = 5 * kMm;

// Latin, then the scripts testimonies may be written in.
std::string font(double size, bool bold = false, bool italic = false) {
  std::string f =
      "Noto Sans,Noto Sans Arabic,Noto Sans Ethiopic,Noto Sans Bengali,"
      "Noto Sans Georgian ";
  if (bold) f += "Bold ";
  if (italic) f += "Italic ";
  // A point whatever the process's locale: pango reads "7.5", not "7,5".
  char buf[16];
  const auto end = std::to_chars(buf, buf + sizeof buf, size, std::chars_format::fixed, 1).ptr;
  return f + std::string(buf, end);
}

void rgb(cairo_t* cr, unsigned hex) {
  cairo_set_source_rgb(cr, ((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0,
                       (hex & 0xFF) / 255.0);
}

// The map's classes, light to dark (a sequential blue palette), and the two greys.
constexpr std::array<unsigned, 5> kPalette = {0xEFF3FF, 0xBDD7E7, 0x6BAED6, 0x3182BD, 0x08519C};
constexpr unsigned kNoStructure = 0xE6E6E6, kHiddenGrey = 0x9E9E9E, kBar = 0x3182BD;

struct Column {
  std::string header;
  double width;  // in millimetres
  bool right = false;
};

struct Table {
  std::string title;  // drawn as a heading on the page where the table starts
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> bold;  // per row; missing: regular
};

// Lays the report out; run once to count the pages, then again to draw them numbered.
class Report {
 public:
  Report(Pdf& pdf, const ProgrammeResults& r, Lang lang, int pages)
      : pdf_(pdf), cr_(pdf.cr()), r_(r), lang_(lang), pages_(pages) {}

  int draw() {
    title();
    key_figures();
    funnel_chart();
    active_chart();
    budget_tables();  // under the charts: the first page is then full
    map();
    tables();
    footer();
    pdf_.next_page();
    return page_;
  }

 private:
  std::string L(const char* key) const { return label(key, lang_); }

  void black() { cairo_set_source_rgb(cr_, 0, 0, 0); }

  void footer() {
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    const double y = kBottom + 3 * kMm;
    text(cr_, kMargin, y, kContent, legend(lang_), font(7).c_str());
    text(cr_, kMargin, y + 4.5 * kMm, kContent * 0.75,
         r_.programme_name + " · " + L("results") + " · " + date_words(r_.as_of, lang_),
         font(7).c_str(), PANGO_ALIGN_LEFT, 1);
    const std::string page =
        fill(L("page"), {std::to_string(page_), pages_ > 0 ? std::to_string(pages_) : "?"});
    text(cr_, kMargin, y + 4.5 * kMm, kContent, page, font(7).c_str(), PANGO_ALIGN_RIGHT);
    black();
  }

  void new_page() {
    footer();
    pdf_.next_page();
    ++page_;
    y_ = kMargin;
  }

  // Room for `h` more points on this page, else the next one.
  void ensure(double h) {
    if (y_ + h > kBottom) new_page();
  }

  void heading(const std::string& s, double room = 20 * kMm) {
    ensure(room);
    y_ += 3 * kMm;
    black();
    y_ += text(cr_, kMargin, y_, kContent, s, font(11.5, true).c_str()) + 1.5 * kMm;
  }

  void title() {
    y_ = kMargin;
    black();
    y_ += text(cr_, kMargin, y_, kContent, r_.programme_name, font(18, true).c_str());
    y_ += text(cr_, kMargin, y_, kContent,
               L("results") + " · " + L("as_of") + " " + date_words(r_.as_of, lang_),
               font(12).c_str());
    y_ += 1 * kMm;
    cairo_set_source_rgb(cr_, 0.25, 0.25, 0.25);
    const std::string sep = lang_ == Lang::kFr ? "\u202F: " : ": ";
    y_ += text(cr_, kMargin, y_, kContent, L("filter") + sep + filter_words(r_.filter, lang_),
               font(9).c_str());
    // Who runs it, with which operator and plan: those that are set.
    std::string who;
    for (const auto& [key, value] :
         {std::pair<const char*, const std::string&>{"coordinator", r_.coordinator_name},
          {"operator", r_.operator_name},
          {"plan", r_.plan_name}}) {
      if (value.empty()) continue;
      who += (who.empty() ? "" : " · ") + L(key) + sep + value;
    }
    if (!who.empty()) y_ += text(cr_, kMargin, y_, kContent, who, font(9).c_str());
    black();
    y_ += 4 * kMm;
  }

  void key_figures() {
    struct Key {
      std::string value, name;
    };
    std::string mean = "—";
    if (r_.changes.satisfaction_mean) {
      mean = decimal(r_.changes.satisfaction_mean, lang_) + " / 5";
    }
    std::string rate = "—";
    if (r_.changes.still_used_rate) {
      rate = decimal(r_.changes.still_used_rate, lang_) + (lang_ == Lang::kFr ? "\u202F%" : "%");
    }
    const Figure& people = r_.budget.people_connected;
    std::string people_text = people.shown() ? whole(people.n, lang_) : figure(people);
    if (r_.profile.target_people) {
      people_text += " / " + whole(*r_.profile.target_people, lang_);
    }
    const std::array<Key, 4> keys = {
        Key{people_text, L("people_connected") +
                             (r_.profile.target_people ? " / " + L("target") : std::string())},
        Key{euros(r_.budget.cost_per_person_cents, lang_), L("cost_per_person")},
        Key{rate, L("still_used_rate")}, Key{mean, L("satisfaction_mean")}};
    const double gap = 3 * kMm, w = (kContent - 3 * gap) / 4, h = 21 * kMm;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const double x = kMargin + static_cast<double>(i) * (w + gap);
      rgb(cr_, 0xF1F5FA);
      cairo_rectangle(cr_, x, y_, w, h);
      cairo_fill(cr_);
      rgb(cr_, 0x08519C);
      // A long value ("2 843 / 3 000") in a smaller size rather than cut.
      const double size = utf8_length(keys[i].value) > 9 ? 11.5 : 15;
      text(cr_, x + 2 * kMm, y_ + 2.5 * kMm, w - 4 * kMm, keys[i].value, font(size, true).c_str(),
           PANGO_ALIGN_LEFT, 1);
      cairo_set_source_rgb(cr_, 0.2, 0.2, 0.2);
      text(cr_, x + 2 * kMm, y_ + 11 * kMm, w - 4 * kMm, keys[i].name, font(8).c_str(),
           PANGO_ALIGN_LEFT, 2);
    }
    black();
    y_ += h + 2 * kMm;
  }

  // The funnel's totals as horizontal bars; a hidden total has no bar.
  void funnel_chart() {
    heading(L("funnel_chart"), 60 * kMm);
    std::int64_t max = 0;
    for (const auto& st : r_.funnel) {
      if (st.total && st.total->shown()) max = std::max(max, st.total->n);
    }
    const double label_w = 38 * kMm, bar_w = kContent - label_w - 22 * kMm, h = 6 * kMm;
    for (const auto& st : r_.funnel) {
      if (!st.total) continue;
      black();
      text(cr_, kMargin, y_ + 0.8 * kMm, label_w - 2 * kMm, L(st.stage.c_str()), font(8.5).c_str(),
           PANGO_ALIGN_RIGHT, 1);
      double end = kMargin + label_w;
      if (st.total->shown() && max > 0) {
        const double len = bar_w * static_cast<double>(st.total->n) / static_cast<double>(max);
        rgb(cr_, kBar);
        cairo_rectangle(cr_, end, y_ + 0.8 * kMm, len, h - 1.6 * kMm);
        cairo_fill(cr_);
        end += len;
      }
      black();
      const std::string value = st.total->shown() ? whole(st.total->n, lang_) : figure(*st.total);
      text(cr_, end + 1.5 * kMm, y_ + 0.8 * kMm, 25 * kMm, value, font(8.5, true).c_str());
      y_ += h;
    }
    y_ += 2 * kMm;
  }

  // The lines activated each month, as vertical bars with their values; a hidden month has
  // no bar, only its "< 5" or "s".
  void active_chart() {
    const StageResult* active = nullptr;
    for (const auto& st : r_.funnel) {
      if (st.stage == "active") active = &st;
    }
    heading(L("active_chart"), 62 * kMm);
    if (!active || active->by_month.empty()) {
      y_ += text(cr_, kMargin, y_, kContent, L("no_data"), font(9).c_str()) + 2 * kMm;
      return;
    }
    const double h = 42 * kMm, axis = 8 * kMm;
    const double base = y_ + h;
    std::int64_t max = 0;
    for (const auto& f : active->by_month) {
      if (f.shown()) max = std::max(max, f.n);
    }
    const std::size_t n = active->by_month.size();
    const double slot = kContent / static_cast<double>(n);
    const double bar = std::min(slot * 0.7, 14 * kMm);
    // At most about 16 month labels, however many months.
    const std::size_t every = std::max<std::size_t>(1, (n + 15) / 16);
    cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMargin, base);
    cairo_line_to(cr_, kMargin + kContent, base);
    cairo_stroke(cr_);
    const double value_h = 4 * kMm;
    for (std::size_t i = 0; i < n; ++i) {
      const Figure& f = active->by_month[i];
      const double cx = kMargin + slot * (static_cast<double>(i) + 0.5);
      double top = base;
      if (f.shown() && max > 0) {
        const double len = (h - value_h) * static_cast<double>(f.n) / static_cast<double>(max);
        rgb(cr_, kBar);
        cairo_rectangle(cr_, cx - bar / 2, base - len, bar, len);
        cairo_fill(cr_);
        top = base - len;
      }
      black();
      const std::string value = f.shown() ? whole(f.n, lang_) : figure(f);
      if (n <= 24) {
        text(cr_, cx - slot / 2, top - value_h, slot, value, font(7).c_str(), PANGO_ALIGN_CENTER,
             1);
      }
      if (i % every == 0) {
        cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
        const std::string m = month_name(r_.months[i], lang_, n > 6);
        text(cr_, cx - slot * every / 2.0, base + 1 * kMm, slot * static_cast<double>(every), m,
             font(7).c_str(), PANGO_ALIGN_CENTER, 1);
      }
    }
    black();
    y_ = base + axis;
  }

  // France by department, coloured by people connected per 100 places in five classes: the
  // quintiles of the values shown (each class holds about as many departments), or, with fewer
  // than five distinct values, five equal steps from 0 to the highest.
  void map() {
    const double map_h = 118 * kMm, legend_h = 16 * kMm;
    heading(L("map"), map_h + legend_h + 12 * kMm);
    std::vector<double> values;
    for (const auto& d : r_.departments) {
      if (d.per_100_places) values.push_back(*d.per_100_places);
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::array<double, 6> edges{};  // class c: from edges[c] to edges[c + 1]
    const std::size_t distinct = values.size();
    for (std::size_t k = 0; k <= 5; ++k) {
      if (distinct >= 5) {
        edges[k] = k == 5 ? values.back() : values[k * distinct / 5];
      } else {
        edges[k] = (values.empty() ? 0.0 : values.back()) * static_cast<double>(k) / 5;
      }
    }
    auto class_of = [&](double v) {
      int c = 0;
      for (int k = 1; k < 5; ++k) {
        if (v >= edges[static_cast<std::size_t>(k)]) c = k;
      }
      return c;
    };
    auto hatch = [](cairo_t* cr) {
      // Mid-grey, hatched in white: a figure hidden, not a figure small.
      cairo_path_t* path = cairo_copy_path(cr);
      rgb(cr, kHiddenGrey);
      cairo_fill_preserve(cr);
      cairo_clip(cr);
      double x0, y0, x1, y1;
      cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_set_line_width(cr, 0.5);
      for (double d = x0 - (y1 - y0); d < x1; d += 2.2) {
        cairo_move_to(cr, d, y1);
        cairo_line_to(cr, d + (y1 - y0), y0);
      }
      cairo_stroke(cr);
      cairo_reset_clip(cr);
      cairo_new_path(cr);
      cairo_append_path(cr, path);
      cairo_path_destroy(path);
    };
    auto paint = [&](cairo_t* cr, const std::string& code) {
      auto it = std::find_if(r_.departments.begin(), r_.departments.end(),
                             [&](const PlaceRow& p) { return p.key == code; });
      if (it == r_.departments.end()) {
        rgb(cr, kNoStructure);
      } else if (!it->connected.shown()) {
        hatch(cr);
        return;
      } else if (it->per_100_places) {
        rgb(cr, kPalette[static_cast<std::size_t>(class_of(*it->per_100_places))]);
      } else {
        rgb(cr, kNoStructure);  // no reception place to count against
      }
      cairo_fill_preserve(cr);
    };
    draw_france(cr_, kMargin, y_, kContent, map_h, paint);
    y_ += map_h + 3 * kMm;
    // The legend: the five classes, then no structure and hidden.
    const double sw = 5 * kMm, item = kContent / 4;
    auto swatch = [&](double x, double y, unsigned colour, const std::string& what, bool hatched,
                      double width = kContent / 4) {
      cairo_new_path(cr_);
      cairo_rectangle(cr_, x, y, sw, 3.5 * kMm);
      if (hatched) {
        cairo_save(cr_);
        hatch(cr_);
        cairo_restore(cr_);
        cairo_new_path(cr_);
      } else {
        rgb(cr_, colour);
        cairo_fill(cr_);
      }
      black();
      text(cr_, x + sw + 1.5 * kMm, y - 0.3 * kMm, width - sw - 2 * kMm, what, font(7.5).c_str(),
           PANGO_ALIGN_LEFT, 1);
    };
    const std::string dash = " – ";
    for (int c = 0; c < 5; ++c) {
      const auto lo = edges[static_cast<std::size_t>(c)],
                 hi = edges[static_cast<std::size_t>(c + 1)];
      const std::string range =
          values.empty() ? "—" : decimal(lo, lang_) + dash + decimal(hi, lang_);
      const double x = kMargin + item * (c % 4);
      swatch(x, y_ + (c / 4) * 5 * kMm, kPalette[static_cast<std::size_t>(c)], range, false);
    }
    swatch(kMargin + item, y_ + 5 * kMm, kNoStructure, L("map_none"), false);
    swatch(kMargin + 2 * item, y_ + 5 * kMm, 0, L("map_hidden") + " (< 5, s)", true, 2 * item);
    y_ += legend_h;
  }

  void table(const Table& t) {
    auto header_height = [&] {
      double h = 0;
      for (const auto& c : t.columns) {
        h = std::max(h, text(cr_, 0, 0, c.width * kMm - 2 * kMm, c.header, font(6.5, true).c_str(),
                             PANGO_ALIGN_LEFT, 3, false));
      }
      return h + 2 * kMm;
    };
    const double hh = header_height();
    // A short table stays whole, a long one starts with a few rows: never a heading or a
    // header alone at the foot of a page.
    const std::size_t keep = t.rows.size() <= 10 ? t.rows.size() : 3;
    const double title_h = t.title.empty() ? 0 : 12 * kMm;
    ensure(title_h + hh + static_cast<double>(keep) * kRow);
    if (!t.title.empty()) heading(t.title, 0);
    auto header = [&] {
      double x = kMargin;
      rgb(cr_, 0xE8EEF5);
      cairo_rectangle(cr_, kMargin, y_, kContent, hh);
      cairo_fill(cr_);
      black();
      for (const auto& c : t.columns) {
        text(cr_, x + 1 * kMm, y_ + 1 * kMm, c.width * kMm - 2 * kMm, c.header,
             font(6.5, true).c_str(), c.right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, 3);
        x += c.width * kMm;
      }
      y_ += hh;
    };
    header();
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      if (y_ + kRow > kBottom) {
        new_page();
        header();
      }
      const bool bold = i < t.bold.size() && t.bold[i];
      double x = kMargin;
      for (std::size_t c = 0; c < t.columns.size() && c < t.rows[i].size(); ++c) {
        const Column& col = t.columns[c];
        text(cr_, x + 1 * kMm, y_ + 0.8 * kMm, col.width * kMm - 2 * kMm, t.rows[i][c],
             font(8, bold).c_str(), col.right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, 1);
        x += col.width * kMm;
      }
      cairo_set_source_rgb(cr_, 0.85, 0.85, 0.85);
      cairo_set_line_width(cr_, 0.3);
      cairo_move_to(cr_, kMargin, y_ + kRow);
      cairo_line_to(cr_, kMargin + kContent, y_ + kRow);
      cairo_stroke(cr_);
      black();
      y_ += kRow;
    }
    y_ += 2 * kMm;
  }

  void note(const std::string& s) {
    ensure(kRow);
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    y_ += text(cr_, kMargin, y_, kContent, s, font(8, false, true).c_str()) + 1 * kMm;
    black();
  }

  std::string fig(const Figure& f) const { return f.shown() ? whole(f.n, lang_) : figure(f); }

  void place_table(const std::string& title, const std::vector<PlaceRow>& rows,
                   const PlaceRow& total, bool departments) {
    Table t;
    t.title = title;
    if (departments) {
      t.columns = {{L("code"), 16}, {L("department"), 54}};
    } else {
      t.columns = {{L("structure_type"), 70}};
    }
    for (const char* k : {"structures", "places", "people_connected", "per_100"}) {
      t.columns.push_back({L(k), 27.5, true});
    }
    std::vector<const PlaceRow*> shown;
    for (const auto& p : rows) shown.push_back(&p);
    std::size_t more = 0;
    if (departments && shown.size() > 30) {
      // The 30 with most reception places; the workbook has them all.
      std::stable_sort(shown.begin(), shown.end(),
                       [](const PlaceRow* a, const PlaceRow* b) { return a->places > b->places; });
      more = shown.size() - 30;
      shown.resize(30);
    }
    auto add = [&](const PlaceRow& p, const std::string& key, const std::string& name) {
      std::vector<std::string> row = {key};
      if (departments) row.push_back(name);
      row.push_back(whole(p.structures, lang_));
      row.push_back(whole(p.places, lang_));
      row.push_back(fig(p.connected));
      row.push_back(decimal(p.per_100_places, lang_));
      t.rows.push_back(std::move(row));
      t.bold.push_back(false);
    };
    for (const auto* p : shown) add(*p, departments ? p->key : label(p->key, lang_), p->name);
    if (departments) {
      add(total, "", L("total"));
    } else {
      add(total, L("total"), "");
    }
    t.bold.back() = true;
    table(t);
    if (more > 0) note(fill(L("more_departments"), {std::to_string(more)}));
  }

  void count_table(const std::string& title, const std::string& key_header,
                   const std::vector<CountRow>& rows, const std::optional<Figure>& total,
                   bool languages) {
    Table t;
    t.title = title;
    t.columns = {{key_header, 140}, {L("people"), 40, true}};
    for (const auto& c : rows) {
      t.rows.push_back(
          {languages ? language_name(c.key, lang_) + " (" + c.key + ")" : label(c.key, lang_),
           fig(c.people)});
      t.bold.push_back(false);
    }
    if (total) {
      t.rows.push_back({L("total"), fig(*total)});
      t.bold.push_back(true);
    }
    table(t);
  }

  void budget_tables() {
    {
      Table t;
      t.title = L("budget");
      t.columns = {{L("budget_line"), 60},
                   {L("budget"), 30, true},
                   {L("committed"), 30, true},
                   {L("spent"), 30, true},
                   {L("left"), 30, true}};
      auto add = [&](const BudgetLineResult& l, bool bold) {
        t.rows.push_back({label(l.category, lang_), euros(l.budget_cents, lang_),
                          euros(l.committed_cents, lang_), euros(l.spent_cents, lang_),
                          euros(l.left_cents, lang_)});
        t.bold.push_back(bold);
      };
      for (const auto& l : r_.budget.lines) add(l, false);
      add(r_.budget.total, true);
      table(t);
    }
    if (!r_.budget.funders.empty()) {
      Table t;
      t.title = L("funders");
      t.columns = {{L("funder"), 45},          {L("scope"), 39},       {L("share_pct"), 15, true},
                   {L("committed"), 27, true}, {L("spent"), 27, true}, {L("left"), 27, true}};
      for (const auto& f : r_.budget.funders) {
        t.rows.push_back(
            {f.name, f.category ? label(*f.category, lang_) : L("whole_programme"),
             f.share_bp ? decimal(static_cast<double>(*f.share_bp) / 100.0, lang_) : "—",
             euros(f.committed_cents, lang_), euros(f.spent_cents, lang_),
             euros(f.left_cents, lang_)});
      }
      table(t);
    }
  }

  void tables() {
    {
      // A month a row, a stage a column: as many months as there are, never too wide.
      Table t;
      t.title = L("funnel");
      t.columns = {{L("month"), 24}};
      for (const auto& st : r_.funnel) t.columns.push_back({L(st.stage.c_str()), 19.5, true});
      for (std::size_t m = 0; m < r_.months.size(); ++m) {
        std::vector<std::string> row = {month_abbreviated(r_.months[m], lang_)};
        for (const auto& st : r_.funnel) {
          row.push_back(m < st.by_month.size() ? fig(st.by_month[m]) : "—");
        }
        t.rows.push_back(std::move(row));
        t.bold.push_back(false);
      }
      std::vector<std::string> total = {L("total")};
      for (const auto& st : r_.funnel) total.push_back(st.total ? fig(*st.total) : "—");
      t.rows.push_back(std::move(total));
      t.bold.push_back(true);
      table(t);
    }
    {
      Table t;
      t.title = L("lead_times");
      t.columns = {{L("measure"), 75},
                   {L("count"), 25, true},
                   {L("median_hours"), 40, true},
                   {L("p90_hours"), 40, true}};
      for (const auto& l : r_.lead_times) {
        t.rows.push_back({label(l.measure, lang_), fig(l.count), decimal(l.median_hours, lang_),
                          decimal(l.p90_hours, lang_)});
      }
      table(t);
    }
    place_table(L("departments"), r_.departments, r_.departments_total, true);
    place_table(L("structure_types"), r_.structure_types, r_.structure_types_total, false);
    count_table(L("household_sizes"), L("household_size"), r_.household_sizes, r_.household_total,
                false);
    count_table(L("languages"), L("language"), r_.languages, r_.language_total, true);
    count_table(L("uses"), L("use"), r_.changes.uses, std::nullopt, false);
    {
      const ChangeResult& ch = r_.changes;
      Table t;
      t.title = L("satisfaction");
      t.columns = {{L("score"), 140}, {L("people"), 40, true}};
      for (const auto& c : ch.satisfaction) t.rows.push_back({c.key, fig(c.people)});
      t.rows.push_back({L("answers"), fig(ch.satisfaction_answers)});
      t.rows.push_back({L("satisfaction_mean_5"), decimal(ch.satisfaction_mean, lang_)});
      t.rows.push_back({L("still_used"), fig(ch.still_used)});
      t.rows.push_back({L("not_used"), fig(ch.not_used)});
      t.rows.push_back({L("surveys"), fig(ch.surveys)});
      t.rows.push_back({L("still_used_rate_pct"), decimal(ch.still_used_rate, lang_)});
      t.bold.assign(t.rows.size(), false);
      t.bold[ch.satisfaction.size()] = true;
      table(t);
    }
    if (!r_.changes.testimonies.empty()) {
      heading(L("testimonies"));
      for (const auto& tm : r_.changes.testimonies) {
        const std::string quote = "« " + tm.text + " »";
        const std::string by = "— " + tm.year;
        const double h = text(cr_, 0, 0, kContent - 6 * kMm, quote, font(9, false, true).c_str(),
                              PANGO_ALIGN_LEFT, 0, false);
        ensure(h + kRow);
        y_ += text(cr_, kMargin + 3 * kMm, y_, kContent - 6 * kMm, quote,
                   font(9, false, true).c_str());
        cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
        y_ += text(cr_, kMargin + 3 * kMm, y_, kContent - 6 * kMm, by, font(8).c_str()) + 2.5 * kMm;
        black();
      }
    }
  }

  Pdf& pdf_;
  cairo_t* cr_;
  const ProgrammeResults& r_;
  Lang lang_;
  int pages_ = 0;
  int page_ = 1;
  double y_ = kMargin;
};

}  // namespace

std::string results_pdf(const ProgrammeResults& r, std::string_view lang_code) {
  const Lang lang = lang_of(lang_code);
  int pages = 0;
  {
    // A first layout, thrown away, to know how many pages the footers count.
    Pdf draft(kWidth, kHeight);
    pages = Report(draft, r, lang, 0).draw();
    draft.finish();
  }
  Pdf pdf(kWidth, kHeight);
  pdf.set_title(label("results", lang) + " — " + r.programme_name);
  Report(pdf, r, lang, pages).draw();
  return pdf.finish();
}

}  // namespace relais::docs
