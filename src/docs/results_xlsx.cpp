// The results as an XLSX workbook, one sheet per table, with libxlsxwriter. Numbers are
// numbers (amounts in euros, two decimals); a hidden figure is the text "< 5" or "s".
#include <stdlib.h>  // mkstemps
#include <unistd.h>  // close
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "docs/results_exports.hpp"
#include "docs/results_text.hpp"

namespace relais::docs {
namespace {

using namespace results_text;

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) {
    throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
  }
}

constexpr std::size_t kCellMax = 32767;  // bytes of text in a cell (libxlsxwriter's bound)

// A sheet name Excel accepts: none of []:*?/\ and at most 31 characters.
std::string sheet_name(const std::string& name) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (std::string_view("[]:*?/\\").find(name[i]) == std::string_view::npos) {
      if (chars == 31) break;
      out += name.substr(i, len);
      ++chars;
    }
    i += len;
  }
  return out;
}

// A file name no other process holds, removed when it goes out of scope.
class TempFile {
 public:
  TempFile() {
    path_ = (std::filesystem::temp_directory_path() / "relais-results-XXXXXX.xlsx").string();
    const int fd = mkstemps(path_.data(), 5);
    if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file");
    ::close(fd);
  }
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class Sheet {
 public:
  Sheet(lxw_worksheet* ws, lxw_format* bold, lxw_format* money, lxw_format* one_decimal)
      : ws_(ws), bold_(bold), money_(money), one_decimal_(one_decimal) {}

  void text(lxw_row_t row, lxw_col_t col, const std::string& s, bool bold = false) {
    if (s.empty()) return;
    // A cell holds at most 32,767 bytes: a longer text (a testimony) is cut at a character.
    std::string cell = s.substr(0, kCellMax);
    if (cell.size() < s.size()) {
      while (!cell.empty() && (static_cast<unsigned char>(s[cell.size()]) & 0xC0) == 0x80) {
        cell.pop_back();
      }
    }
    check(worksheet_write_string(ws_, row, col, cell.c_str(), bold ? bold_ : nullptr), "string");
  }
  void number(lxw_row_t row, lxw_col_t col, double x, lxw_format* format = nullptr) {
    check(worksheet_write_number(ws_, row, col, x, format), "number");
  }
  void figure(lxw_row_t row, lxw_col_t col, const Figure& f) {
    if (f.shown()) {
      number(row, col, static_cast<double>(f.n));
    } else {
      text(row, col, results_text::figure(f));  // "< 5" or "s", never the count
    }
  }
  void money(lxw_row_t row, lxw_col_t col, std::optional<std::int64_t> cents) {
    if (cents) number(row, col, static_cast<double>(*cents) / 100.0, money_);
  }
  void ratio(lxw_row_t row, lxw_col_t col, std::optional<double> x) {
    if (x) number(row, col, *x, one_decimal_);
  }
  void header(lxw_row_t row, const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      text(row, static_cast<lxw_col_t>(i), names[i], true);
    }
  }
  void widths(const std::vector<double>& w) {
    for (std::size_t i = 0; i < w.size(); ++i) {
      const auto c = static_cast<lxw_col_t>(i);
      check(worksheet_set_column(ws_, c, c, w[i], nullptr), "column");
    }
  }

 private:
  lxw_worksheet* ws_;
  lxw_format* bold_;
  lxw_format* money_;
  lxw_format* one_decimal_;
};

class Book {
 public:
  Book(const std::string& path, const std::string& tmpdir) {
    lxw_workbook_options options{};
    options.tmpdir = const_cast<char*>(tmpdir.c_str());
    wb_ = workbook_new_opt(path.c_str(), &options);
    if (!wb_) throw std::runtime_error("xlsx: cannot create the workbook");
    bold_ = workbook_add_format(wb_);
    money_ = workbook_add_format(wb_);
    one_decimal_ = workbook_add_format(wb_);
    if (!bold_ || !money_ || !one_decimal_) {
      lxw_workbook_free(wb_);  // the destructor does not run when the constructor throws
      wb_ = nullptr;
      throw std::runtime_error("xlsx: cannot add a format");
    }
    format_set_bold(bold_);
    format_set_num_format(money_, "#,##0.00");
    format_set_num_format(one_decimal_, "0.0");
  }
  ~Book() {
    if (wb_) lxw_workbook_free(wb_);  // only when close() was not reached
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  Sheet add(const std::string& name) {
    const std::string n = sheet_name(name);
    check(workbook_validate_sheet_name(wb_, n.c_str()), "sheet name");
    lxw_worksheet* ws = workbook_add_worksheet(wb_, n.c_str());
    if (!ws) throw std::runtime_error("xlsx: cannot add sheet " + n);
    return Sheet(ws, bold_, money_, one_decimal_);
  }
  void title(const std::string& t) {
    lxw_doc_properties props{};
    props.title = const_cast<char*>(t.c_str());
    check(workbook_set_properties(wb_, &props), "properties");
  }
  void close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;  // workbook_close frees it, whatever it returns
    check(workbook_close(wb), "close");
  }

 private:
  lxw_workbook* wb_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* money_ = nullptr;
  lxw_format* one_decimal_ = nullptr;
};

void place_sheet(Sheet s, const std::vector<PlaceRow>& rows, const PlaceRow& total, Lang lang,
                 bool departments) {
  lxw_col_t c = 0;
  std::vector<std::string> head;
  if (departments) {
    head = {label("department_code", lang), label("department", lang)};
  } else {
    head = {label("structure_type", lang)};
  }
  for (const char* k : {"structures", "places", "people_connected", "per_100_places"}) {
    head.push_back(label(k, lang));
  }
  s.header(0, head);
  lxw_row_t row = 1;
  auto write = [&](const PlaceRow& p, const std::string& key, const std::string& name) {
    c = 0;
    s.text(row, c++, key);
    if (departments) s.text(row, c++, name);
    s.number(row, c++, static_cast<double>(p.structures));
    s.number(row, c++, static_cast<double>(p.places));
    s.figure(row, c++, p.connected);
    s.ratio(row, c++, p.per_100_places);
    ++row;
  };
  for (const auto& p : rows) write(p, departments ? p.key : label(p.key, lang), p.name);
  if (departments) {
    write(total, "", label("total", lang));
    s.widths({14, 28, 11, 14, 18, 18});
  } else {
    write(total, label("total", lang), "");
    s.widths({20, 11, 14, 18, 18});
  }
}

void count_sheet(Sheet s, const std::string& key_header, const std::vector<CountRow>& rows,
                 const std::optional<Figure>& total, Lang lang, bool languages) {
  if (languages) {
    s.header(0, {label("language_code", lang), label("language", lang), label("people", lang)});
  } else {
    s.header(0, {key_header, label("people", lang)});
  }
  lxw_row_t row = 1;
  const lxw_col_t people = languages ? 2 : 1;
  for (const auto& c : rows) {
    s.text(row, 0, languages ? c.key : label(c.key, lang));
    if (languages) s.text(row, 1, language_name(c.key, lang));
    s.figure(row, people, c.people);
    ++row;
  }
  if (total) {
    s.text(row, 0, label("total", lang), true);
    s.figure(row, people, *total);
  }
  s.widths(languages ? std::vector<double>{14, 20, 12} : std::vector<double>{26, 12});
}

}  // namespace

std::string results_xlsx(const ProgrammeResults& r, std::string_view lang_code) {
  const Lang lang = lang_of(lang_code);
  TempFile file;
  {
    Book book(file.path(), std::filesystem::temp_directory_path().string());
    book.title(label("results", lang) + " — " + r.programme_name);

    {  // Summary: what and when, the key figures, the legend.
      Sheet s = book.add(label("summary", lang));
      lxw_row_t row = 0;
      auto line = [&](const std::string& key, const std::string& value) {
        s.text(row, 0, key, true);
        s.text(row, 1, value);
        ++row;
      };
      line(label("programme", lang), r.programme_name + " (" + r.programme_code + ")");
      line(label("operator", lang), r.operator_name);
      line(label("plan", lang), r.plan_name);
      line(label("coordinator", lang), r.coordinator_name);
      line(label("as_of", lang), r.as_of);
      line(label("filter", lang), filter_words(r.filter, lang));
      s.text(row, 0, label("people_connected", lang), true);
      s.figure(row++, 1, r.budget.people_connected);
      s.text(row, 0, label("cost_per_person_eur", lang), true);
      s.money(row++, 1, r.budget.cost_per_person_cents);
      s.text(row, 0, label("still_used_rate_pct", lang), true);
      s.ratio(row++, 1, r.changes.still_used_rate);
      s.text(row, 0, label("satisfaction_mean_5", lang), true);
      s.ratio(row++, 1, r.changes.satisfaction_mean);
      s.text(row, 0, label("target", lang), true);
      if (r.profile.target_people) s.number(row, 1, static_cast<double>(*r.profile.target_people));
      row += 2;
      s.text(row, 0, label("legend", lang), true);
      s.text(row, 1, legend(lang));
      s.widths({30, 60});
    }
    {  // Budget: each line, then the total.
      Sheet s = book.add(label("budget", lang));
      s.header(0,
               {label("budget_line", lang), label("budget_eur", lang), label("committed_eur", lang),
                label("spent_eur", lang), label("left_eur", lang)});
      lxw_row_t row = 1;
      auto write = [&](const BudgetLineResult& l, bool bold) {
        s.text(row, 0, label(l.category, lang), bold);
        s.money(row, 1, l.budget_cents);
        s.money(row, 2, l.committed_cents);
        s.money(row, 3, l.spent_cents);
        s.money(row, 4, l.left_cents);
        ++row;
      };
      for (const auto& l : r.budget.lines) write(l, false);
      write(r.budget.total, true);
      s.widths({22, 14, 14, 14, 14});
    }
    {  // Funders.
      Sheet s = book.add(label("funders", lang));
      s.header(0, {label("funder", lang), label("iati_ref", lang), label("scope", lang),
                   label("share_pct", lang), label("committed_eur", lang), label("spent_eur", lang),
                   label("left_eur", lang)});
      lxw_row_t row = 1;
      for (const auto& f : r.budget.funders) {
        s.text(row, 0, f.name);
        s.text(row, 1, f.iati_ref.value_or(""));
        s.text(row, 2, f.category ? label(*f.category, lang) : label("whole_programme", lang));
        if (f.share_bp) s.ratio(row, 3, static_cast<double>(*f.share_bp) / 100.0);
        s.money(row, 4, f.committed_cents);
        s.money(row, 5, f.spent_cents);
        s.money(row, 6, f.left_cents);
        ++row;
      }
      s.widths({30, 22, 22, 10, 14, 14, 14});
    }
    {  // Funnel: a stage a row, a month a column, then the total.
      Sheet s = book.add(label("funnel", lang));
      std::vector<std::string> head = {label("stage", lang)};
      for (const auto& m : r.months) head.push_back(m);
      head.push_back(label("total", lang));
      s.header(0, head);
      lxw_row_t row = 1;
      for (const auto& st : r.funnel) {
        s.text(row, 0, label(st.stage, lang));
        for (std::size_t i = 0; i < st.by_month.size(); ++i) {
          s.figure(row, static_cast<lxw_col_t>(1 + i), st.by_month[i]);
        }
        if (st.total) s.figure(row, static_cast<lxw_col_t>(1 + r.months.size()), *st.total);
        ++row;
      }
      std::vector<double> w(r.months.size() + 2, 10);
      w[0] = 20;
      s.widths(w);
    }
    {  // Lead times.
      Sheet s = book.add(label("lead_times", lang));
      s.header(0, {label("measure", lang), label("count", lang), label("median_hours", lang),
                   label("p90_hours", lang)});
      lxw_row_t row = 1;
      for (const auto& l : r.lead_times) {
        s.text(row, 0, label(l.measure, lang));
        s.figure(row, 1, l.count);
        s.ratio(row, 2, l.median_hours);
        s.ratio(row, 3, l.p90_hours);
        ++row;
      }
      s.widths({32, 10, 18, 22});
    }
    place_sheet(book.add(label("departments", lang)), r.departments, r.departments_total, lang,
                true);
    place_sheet(book.add(label("structure_types", lang)), r.structure_types,
                r.structure_types_total, lang, false);
    count_sheet(book.add(label("household_sizes", lang)), label("household_size", lang),
                r.household_sizes, r.household_total, lang, false);
    count_sheet(book.add(label("languages", lang)), label("language", lang), r.languages,
                r.language_total, lang, true);
    count_sheet(book.add(label("uses", lang)), label("use", lang), r.changes.uses, std::nullopt,
                lang, false);
    {  // Satisfaction, then whether the lines are still used.
      Sheet s = book.add(label("satisfaction", lang));
      s.header(0, {label("score", lang), label("people", lang)});
      lxw_row_t row = 1;
      for (const auto& c : r.changes.satisfaction) {
        s.number(row, 0, static_cast<double>(c.key[0] - '0'));
        s.figure(row++, 1, c.people);
      }
      s.text(row, 0, label("answers", lang), true);
      s.figure(row++, 1, r.changes.satisfaction_answers);
      s.text(row, 0, label("satisfaction_mean_5", lang), true);
      s.ratio(row++, 1, r.changes.satisfaction_mean);
      ++row;
      s.text(row, 0, label("still_used", lang), true);
      s.figure(row++, 1, r.changes.still_used);
      s.text(row, 0, label("not_used", lang), true);
      s.figure(row++, 1, r.changes.not_used);
      s.text(row, 0, label("surveys", lang), true);
      s.figure(row++, 1, r.changes.surveys);
      s.text(row, 0, label("still_used_rate_pct", lang), true);
      s.ratio(row++, 1, r.changes.still_used_rate);
      s.widths({30, 12});
    }
    {  // Testimonies, as their authors consented to publish them.
      Sheet s = book.add(label("testimonies", lang));
      s.header(0, {label("testimony", lang), label("year", lang)});
      lxw_row_t row = 1;
      for (const auto& t : r.changes.testimonies) {
        s.text(row, 0, t.text);
        s.text(row, 1, t.year);
        ++row;
      }
      s.widths({80, 10});
    }
    book.close();
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw std::runtime_error("xlsx: cannot read the workbook back");
  if (bytes.empty()) throw std::runtime_error("xlsx: empty workbook");
  return bytes;
}

}  // namespace relais::docs
