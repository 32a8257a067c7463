#include "app/documents.hpp"
#include "store/store.hpp"

#include <vector>

#include "core/authorization.hpp"
#include "core/error.hpp"
#include "core/packing.hpp"
#include "docs/packing_list.hpp"
#include "docs/shipping_label.hpp"

namespace relais::app {
namespace {

// What both documents print of the packing order `id`, for whoever packs or receives it.
docs::Parcel load_parcel(store::Store& store, const Actor& actor, std::int64_t id,
                         const std::string& confirm_base, Lang lang) {
  if (!allowed(actor.role, Action::kReadParcels)) throw Error(ErrorKind::kForbidden, "forbidden");
  auto tx = store.begin(store::Mode::kRead);
  auto o = tx->packing().packing_order(id);
  const bool mine =
      o && (actor.role == Role::kCoordinator ||
            (actor.role == Role::kLogistics && o->logistics_id == actor.organisation_id) ||
            (actor.role == Role::kStructure && o->structure_id == actor.organisation_id));
  if (!mine) throw Error(ErrorKind::kNotFound, "not_found", {"entity.packing_order"});
  docs::Parcel p;
  p.reference = packing_reference(o->id);
  p.structure_name = o->structure.name;
  if (o->structure.address && !o->structure.address->empty()) {
    p.address_lines.push_back(*o->structure.address);
  }
  std::string town;
  if (o->structure.postcode) town += *o->structure.postcode;
  if (o->structure.commune) town += (town.empty() ? "" : " ") + *o->structure.commune;
  if (!town.empty()) p.address_lines.push_back(town);
  p.logistics_name = o->logistics_name;
  for (auto& card : tx->packing().cards_of_order(id)) p.iccids.push_back(std::move(card.iccid));
  p.leaflet_languages = o->leaflet_languages;
  p.confirm_url = confirm_base + "/deliveries/" + o->delivery_token;
  p.lang = lang;
  return p;
}

}  // namespace

std::string packing_list_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                             const std::string& confirm_base, Lang lang) {
  return docs::packing_list_pdf(load_parcel(store, actor, order_id, confirm_base, lang));
}

std::string shipping_label_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                               const std::string& confirm_base, Lang lang) {
  return docs::shipping_label_pdf(load_parcel(store, actor, order_id, confirm_base, lang));
}

}  // namespace relais::app
