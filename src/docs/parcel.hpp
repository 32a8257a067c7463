// What the documents of a parcel print, as plain data: docs knows nothing of the store, the
// caller (app/documents.cpp) reads the packing order and fills this in.
#pragma once

#include <string>
#include <vector>

#include "core/messages.hpp"

namespace relais::docs {

struct Parcel {
  std::string reference;                       // "CO-000001": printed and barcoded
  std::string structure_name;                  // the recipient
  std::vector<std::string> address_lines;      // below its name: street, "postcode commune"
  std::string logistics_name;                  // the sender, who packs it
  std::vector<std::string> iccids;             // the cards, in the order they are listed
  std::vector<std::string> leaflet_languages;  // ISO 639 codes of the leaflets to put in
  std::string confirm_url;  // what the QR code opens: the delivery confirmation page
  Lang lang = Lang::kFr;    // of the document's own words

  // The recipient's name and address lines, one per line, as both documents print them.
  std::string recipient_block() const {
    std::string s = structure_name;
    for (const auto& line : address_lines) s += "\n" + line;
    return s;
  }
};

}  // namespace relais::docs
