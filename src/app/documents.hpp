// The documents that travel with a parcel, as PDF (cairo + pango for text in any script, zint
// for the Code 128 barcodes, qrencode for the QR code): the packing list and the A6 label.
#pragma once

#include <cstdint>
#include <string>

#include "app/actor.hpp"
#include "core/messages.hpp"
#include "store/store.hpp"

namespace relais::app {

// `confirm_base`: the site's address ("https://relais.example.org"); the QR code opens
// `<confirm_base>/deliveries/<token>`, the structure's delivery confirmation page.
std::string packing_list_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                             const std::string& confirm_base, Lang lang);
std::string shipping_label_pdf(store::Store& store, const Actor& actor, std::int64_t order_id,
                               const std::string& confirm_base, Lang lang);

}  // namespace relais::app
