#include "core/needs.hpp"

#include <algorithm>

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

}  // namespace relais
