// What both demo programmes draw from (private to demo.cpp and demo_national.cpp): a fixed-seed
// generator, the towns where hosting structures are, the national network's mix of structure
// types, managers, streets, associations and the people behind the demo accounts.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "app/store_fwd.hpp"
#include "core/csv.hpp"
#include "core/organisation.hpp"
#include "core/role.hpp"

namespace relais {
namespace embedded {
extern const std::string_view kCommunesCsv;
}

namespace app::demo_data {

// A small fixed-seed generator (SplitMix64): the same demo on every machine and compiler,
// which std::uniform_int_distribution does not promise.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }
  std::int64_t below64(std::int64_t n) {
    return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n));
  }
  // True `per_mille` times in a thousand.
  bool chance(int per_mille) { return below(1000) < per_mille; }

 private:
  std::uint64_t state_;
};

struct Commune {
  std::string name;
  std::string department;
  std::string postcode;
  std::int64_t population = 0;
};

// Communes of at least 8,000 inhabitants, where hosting structures mostly are (every
// department has some).
inline std::vector<Commune> towns() {
  std::vector<Commune> out;
  csv::Table t = csv::parse(embedded::kCommunesCsv);
  for (std::size_t i = 1; i < t.rows.size(); ++i) {
    const auto& f = t.rows[i].fields;
    if (f.size() < 5) continue;
    std::int64_t pop = std::atoll(f[4].c_str());
    if (pop < 8000) continue;
    std::string postcode = f[3].substr(0, f[3].find(' '));
    out.push_back({f[1], f[2], postcode, pop});
  }
  return out;
}

inline const Commune& pick_weighted(const std::vector<const Commune*>& pool, Rng& rng) {
  std::int64_t total = 0;
  for (auto* c : pool) total += c->population;
  std::int64_t target = static_cast<std::int64_t>(rng.next() % static_cast<std::uint64_t>(total));
  for (auto* c : pool) {
    if (target < c->population) return *c;
    target -= c->population;
  }
  return *pool.back();
}

struct TypeMix {
  const char* type;
  int weight;  // percent of structures, close to the national network's mix
  int min_places;
  int max_places;
};
inline constexpr std::array<TypeMix, 6> kTypes = {{{"HUDA", 40, 30, 200},
                                                   {"CADA", 35, 40, 150},
                                                   {"CPH", 10, 20, 90},
                                                   {"CAES", 7, 50, 200},
                                                   {"PRAHDA", 5, 80, 250},
                                                   {"other", 3, 15, 60}}};

inline const TypeMix& pick_type(Rng& rng) {
  int roll = rng.below(100);
  for (const auto& t : kTypes) {
    if (roll < t.weight) return t;
    roll -= t.weight;
  }
  return kTypes.back();
}

inline constexpr std::array<const char*, 9> kManagers = {"Adoma",
                                                         "Coallia",
                                                         "France terre d'asile",
                                                         "Forum réfugiés",
                                                         "COS",
                                                         "Croix-Rouge française",
                                                         "Habitat et Humanisme",
                                                         "Aurore",
                                                         "ALTEMED"};

inline constexpr std::array<const char*, 12> kStreets = {
    "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Pasteur",
    "rue des Écoles",       "avenue de la Gare",  "rue du Moulin",   "place de la Mairie",
    "rue Jules Ferry",      "allée des Tilleuls", "rue de la Paix",  "chemin des Vignes"};

struct FixedOrg {
  Role kind;
  const char* name;
  const char* code;
  const char* address;
  const char* postcode;
  const char* commune;
  const char* department;
};

inline constexpr std::array<FixedOrg, 5> kPartners = {{
    {Role::kCoordinator, "Emmaüs Connect", nullptr, "71 rue Archereau", "75019", "Paris", "75"},
    {Role::kFunder,
     "DIAIR — Délégation interministérielle à l'accueil et à l'intégration des réfugiés", nullptr,
     "20 avenue de Ségur", "75007", "Paris", "75"},
    {Role::kOperator, "SFR", "SFR", "16 rue du Général Alain de Boissieu", "75015", "Paris", "75"},
    {Role::kLogistics, "ARES — Association pour la réinsertion économique et sociale", nullptr,
     "10 rue Cavé", "75018", "Paris", "75"},
    {Role::kLiaison, "OFII — Office français de l'immigration et de l'intégration", nullptr,
     "44 rue Bargue", "75015", "Paris", "75"},
}};

struct AssociationSeed {
  const char* name;
  const char* commune;
  const char* postcode;
  const char* department;
};
inline constexpr std::array<AssociationSeed, 10> kAssociations = {{
    {"Each One", "Paris", "75011", "75"},
    {"Singa France", "Paris", "75010", "75"},
    {"JRS France", "Paris", "75006", "75"},
    {"Utopia 56", "Lorient", "56100", "56"},
    {"Kodiko", "Lyon", "69003", "69"},
    {"Action Emploi Réfugiés", "Lille", "59000", "59"},
    {"Bibliothèques Sans Frontières", "Montreuil", "93100", "93"},
    {"Welcome Bordeaux", "Bordeaux", "33000", "33"},
    {"Accueil Réfugiés Marseille", "Marseille", "13001", "13"},
    {"Solidarité Migrants Strasbourg", "Strasbourg", "67000", "67"},
}};

// One person per role, in kAllRoles order.
inline constexpr std::array<const char*, 7> kPeople = {
    "Camille Laurent", "Nadia Benali",  "Thomas Girard", "Samir Haddad",
    "Claire Dubois",   "Julien Moreau", "Awa Diallo"};

// The seven accounts' password hashes, made before the write transaction (argon2id is slow).
std::vector<std::string> demo_password_hashes();

// The seven demo accounts, one per role in the first organisation of its kind, each audited;
// their user ids by role.
std::map<Role, std::int64_t> add_demo_accounts(store::Transaction& tx, const Actor& system,
                                               const std::map<Role, Organisation>& first_of_kind,
                                               const std::vector<std::string>& hashes,
                                               const std::string& at);

}  // namespace app::demo_data
}  // namespace relais
