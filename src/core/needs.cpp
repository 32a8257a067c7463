#include "core/needs.hpp"

#include <algorithm>

namespace relais {

bool is_need(std::string_view code) {
  return std::find(kNeeds.begin(), kNeeds.end(), code) != kNeeds.end();
}

const std::array<Language, 20>& languages() {
  static const std::array<Language, 20> all = {{
      {"fr", "français", "français"},    {"en", "anglais", "English"},
      {"ar", "arabe", "العربية"},        {"prs", "dari", "دری"},
      {"ps", "pachto", "پښتو"},          {"fa", "persan", "فارسی"},
      {"ti", "tigrigna", "ትግርኛ"},        {"am", "amharique", "አማርኛ"},
      {"so", "somali", "Soomaali"},      {"ru", "russe", "русский"},
      {"ka", "géorgien", "ქართული"},     {"sq", "albanais", "shqip"},
      {"uk", "ukrainien", "українська"}, {"es", "espagnol", "español"},
      {"pt", "portugais", "português"},  {"tr", "turc", "Türkçe"},
      {"bn", "bengali", "বাংলা"},        {"ur", "ourdou", "اردو"},
      {"ku", "kurde", "Kurdî"},          {"ln", "lingala", "lingála"},
  }};
  return all;
}

const Language* find_language(std::string_view code) {
  for (const auto& l : languages()) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

}  // namespace relais
