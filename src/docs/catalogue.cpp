#include "docs/catalogue.hpp"

#include <algorithm>
#include <cctype>
#include <span>

#include "core/utf8.hpp"

namespace relais::embedded {
// cmake/embed.cmake: the files of src/docs/po, {file name, contents}, sorted by name.
std::span<const std::pair<std::string_view, std::string_view>> resident_po_files();
}  // namespace relais::embedded

namespace relais::docs {
namespace {

constexpr std::string_view kTemplateFile = "relais-resident.pot";

// The length of the placeholder "{name}" (a name of letters, digits and _) at `at`, or 0.
std::size_t placeholder_at(std::string_view s, std::size_t at) {
  if (s[at] != '{') return 0;
  std::size_t j = at + 1;
  while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
  return j > at + 1 && j < s.size() && s[j] == '}' ? j - at + 1 : 0;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view skip_spaces(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}

bool starts_with_word(std::string_view line, std::string_view word) {
  return line.starts_with(word) && line.size() > word.size() && is_space(line[word.size()]);
}

// One quoted string, alone on what is left of its line: appends its value to `out`, or says
// what is wrong.
std::string read_string(std::string_view s, std::string& out) {
  s = skip_spaces(s);
  if (s.empty() || s.front() != '"') return "a quoted string was expected";
  std::size_t i = 1;
  for (;; ++i) {
    if (i >= s.size()) return "the string is not closed";
    const char c = s[i];
    if (c == '"') break;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= s.size()) return "the string is not closed";
    switch (s[i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      default:
        return std::string("unknown escape \\") + s[i];
    }
  }
  if (!skip_spaces(s.substr(i + 1)).empty()) return "text after the closing quote";
  return {};
}

// "Key: value" lines of the header entry's msgstr.
std::string read_header(std::string_view header, Catalogue& c) {
  while (!header.empty()) {
    const auto end = header.find('\n');
    std::string_view line = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
    if (line.empty()) continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return "header line without a colon: " + std::string(line);
    const std::string_view key = line.substr(0, colon);
    const std::string value(trim_spaces(line.substr(colon + 1)));
    if (key == "Language") {
      c.language = value;
    } else if (key == "Last-Translator") {
      c.translator = value;
    } else if (key == "X-Checked-By") {
      c.checked_by = value;
    } else if (key == "Content-Type" && value.find("charset=") != std::string::npos &&
               value.find("charset=UTF-8") == std::string::npos) {
      return "the charset is not UTF-8: " + value;
    }
  }
  return {};
}

struct Embedded {
  std::map<std::string, Catalogue, std::less<>> languages;
  Catalogue pot;
  std::vector<std::string> errors;
};

const Embedded& embedded() {
  static const Embedded all = [] {
    Embedded e;
    for (const auto& [name, text] : embedded::resident_po_files()) {
      PoReading r = read_po(text);
      if (!r.error.empty()) {
        e.errors.push_back(std::string(name) + ": " + r.error);
      } else if (name == kTemplateFile) {
        e.pot = std::move(r.catalogue);
      } else if (name.ends_with(".po")) {
        e.languages.emplace(name.substr(0, name.size() - 3), std::move(r.catalogue));
      }
    }
    return e;
  }();
  return all;
}

}  // namespace

PoReading read_po(std::string_view text) {
  PoReading r;
  Catalogue& c = r.catalogue;
  if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    r.error = "invalid UTF-8 at byte " + std::to_string(bad);
    return r;
  }
  // The entry being read: its msgid once seen, then its msgstr; `into` is where a continuation
  // string goes.
  std::string msgid, msgstr;
  bool has_msgid = false, has_msgstr = false, fuzzy = false, seen_header = false;
  std::string* into = nullptr;
  int line_no = 0;
  auto fail = [&](const std::string& why) {
    r.error = "line " + std::to_string(line_no) + ": " + why;
    return r;
  };
  // Ends the entry read so far (when complete); returns an error, or "".
  auto finish = [&]() -> std::string {
    if (!has_msgid) return {};
    if (!has_msgstr) return "msgid without msgstr";
    if (msgid.empty()) {
      if (seen_header) return "a second header";
      seen_header = true;
      if (auto e = read_header(msgstr, c); !e.empty()) return e;
    } else if (!c.messages.emplace(msgid, fuzzy ? std::string{} : msgstr).second) {
      return "msgid repeated: " + msgid;
    }
    msgid.clear();
    msgstr.clear();
    has_msgid = has_msgstr = fuzzy = false;
    into = nullptr;
    return {};
  };

  while (!text.empty()) {
    ++line_no;
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    line = skip_spaces(line);
    if (line.empty()) continue;
    if (line.front() == '#') {
      // A comment belongs to the entry after it, so the one before is complete.
      if (has_msgstr) {
        if (auto e = finish(); !e.empty()) return fail(e);
      }
      if (line.starts_with("#,")) {
        std::string_view flags = line.substr(2);
        while (!flags.empty()) {
          const auto comma = flags.find(',');
          if (trim_spaces(flags.substr(0, comma)) == "fuzzy") fuzzy = true;
          flags = comma == std::string_view::npos ? std::string_view{} : flags.substr(comma + 1);
        }
      }
      into = nullptr;
      continue;
    }
    std::string why;
    if (starts_with_word(line, "msgid")) {
      if (has_msgid && !has_msgstr) return fail("msgid without msgstr");
      if (auto e = finish(); !e.empty()) return fail(e);
      has_msgid = true;
      into = &msgid;
      why = read_string(line.substr(5), msgid);
    } else if (starts_with_word(line, "msgstr")) {
      if (!has_msgid || has_msgstr) return fail("msgstr without msgid");
      has_msgstr = true;
      into = &msgstr;
      why = read_string(line.substr(6), msgstr);
    } else if (line.front() == '"') {
      if (!into) return fail("a string that continues nothing");
      why = read_string(line, *into);
    } else if (line.starts_with("msgctxt") || line.starts_with("msgid_plural") ||
               line.starts_with("msgstr[")) {
      return fail("contexts and plurals are not used by these catalogues");
    } else {
      return fail("unexpected text: " + std::string(line.substr(0, 40)));
    }
    if (!why.empty()) return fail(why);
  }
  if (auto e = finish(); !e.empty()) return fail(e);
  return r;
}

const Catalogue* catalogue(std::string_view lang) {
  const auto& all = embedded().languages;
  const auto it = all.find(lang);
  return it == all.end() ? nullptr : &it->second;
}

std::vector<std::string> catalogue_languages() {
  std::vector<std::string> out;
  for (const auto& [code, c] : embedded().languages) out.push_back(code);
  return out;
}

const Catalogue& catalogue_template() { return embedded().pot; }

const std::vector<std::string>& catalogue_errors() { return embedded().errors; }

std::string translate(std::string_view lang, std::string_view msgid,
                      std::initializer_list<std::pair<std::string_view, std::string>> args) {
  std::string_view message = msgid;
  if (const Catalogue* c = catalogue(lang)) {
    const auto it = c->messages.find(msgid);
    if (it != c->messages.end() && !it->second.empty()) message = it->second;
  }
  std::string out;
  out.reserve(message.size());
  std::size_t i = 0;
  while (i < message.size()) {
    const std::size_t length = placeholder_at(message, i);
    if (length == 0) {
      out += message[i++];
      continue;
    }
    const std::string_view name = message.substr(i + 1, length - 2);
    const auto arg =
        std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == name; });
    if (arg != args.end()) {
      out += arg->second;
    } else {
      out += message.substr(i, length);
    }
    i += length;
  }
  return out;
}

std::vector<std::string> placeholders(std::string_view message) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (const std::size_t length = placeholder_at(message, i)) {
      out.emplace_back(message.substr(i + 1, length - 2));
      i += length - 1;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace relais::docs
