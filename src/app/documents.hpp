// The documents that travel with a parcel, as PDF: the packing list and the A6 label. These use
// cases check who asks and read the packing order; src/docs draws them.
#pragma once

#include <cstdint>
#include <string>

#include "app/actor.hpp"
#include "core/messages.hpp"
#include "app/store_fwd.hpp"

namespace relais::app {

// `confirm_base`: the site's address ("https://relais.example.org"); the QR code opens
// `<confirm_base>/deliveries/<token>`, the structure's delivery confirmation page.
std::string packing_list_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                             const std::string& confirm_base, Lang lang);
std::string shipping_label_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                               const std::string& confirm_base, Lang lang);

}  // namespace relais::app
