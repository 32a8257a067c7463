// The packing list of a parcel, A4: its reference, recipient and leaflets, a QR code for the
// delivery confirmation, then every card as a Code 128 barcode with a box to tick.
#pragma once

#include <string>

#include "docs/parcel.hpp"

namespace relais::docs {

// The PDF's bytes. As many pages as the cards need; each page's footer says which it is.
std::string packing_list_pdf(const Parcel& parcel);

}  // namespace relais::docs
