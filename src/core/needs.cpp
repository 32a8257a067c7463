#include "core/needs.hpp"

#include <algorithm>
#include <set>

namespace relais {

bool is_need(std::string_view code) {
  return std::find(kNeeds.begin(), kNeeds.end(), code) != kNeeds.end();
}

const std::array<Language, 20>& languages() {
  static const std::array<Language, 20> all = {{
      {"fr", "français", "French", "français"},
      {"en", "anglais", "English", "English"},
      {"ar", "arabe", "Arabic", "العربية"},
      {"prs", "dari", "Dari", "دری"},
      {"ps", "pachto", "Pashto", "پښتو"},
      {"fa", "persan", "Persian", "فارسی"},
      {"ti", "tigrigna", "Tigrinya", "ትግርኛ"},
      {"am", "amharique", "Amharic", "አማርኛ"},
      {"so", "somali", "Somali", "Soomaali"},
      {"ru", "russe", "Russian", "русский"},
      {"ka", "géorgien", "Georgian", "ქართული"},
      {"sq", "albanais", "Albanian", "shqip"},
      {"uk", "ukrainien", "Ukrainian", "українська"},
      {"es", "espagnol", "Spanish", "español"},
      {"pt", "portugais", "Portuguese", "português"},
      {"tr", "turc", "Turkish", "Türkçe"},
      {"bn", "bengali", "Bengali", "বাংলা"},
      {"ur", "ourdou", "Urdu", "اردو"},
      {"ku", "kurde", "Kurdish", "Kurdî"},
      {"ln", "lingala", "Lingala", "lingála"},
  }};
  return all;
}

const Language* find_language(std::string_view code) {
  for (const auto& l : languages()) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

std::vector<std::string> check_codes(CodeList list, const char* field,
                                     const std::vector<std::string>& values, bool required,
                                     std::vector<FieldError>& errors) {
  const bool languages_list = list == CodeList::kLanguageCodes;
  const std::size_t most = languages_list ? languages().size() : kNeeds.size();
  std::vector<std::string> out;
  if (values.empty()) {
    if (required) errors.push_back(field_error(field, "", "required"));
    return out;
  }
  if (values.size() > most) {
    errors.push_back(field_error(field, std::to_string(values.size()), "too_many",
                                 {std::to_string(most)}));
    return out;
  }
  std::set<std::string_view> seen;
  for (const auto& v : values) {
    const bool known = languages_list ? find_language(v) != nullptr : is_need(v);
    if (!known) {
      errors.push_back(field_error(field, v.substr(0, 40),
                                   languages_list ? "unknown_languages" : "unknown_needs"));
    } else if (!seen.insert(v).second) {
      errors.push_back(field_error(field, v, "repeated"));
    } else {
      out.push_back(v);
    }
  }
  return out;
}

}  // namespace relais
