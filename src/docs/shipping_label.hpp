// The shipping label of a parcel, A6: recipient, sender, the reference as a Code 128 barcode and
// a QR code for the delivery confirmation.
#pragma once

#include <string>

#include "docs/parcel.hpp"

namespace relais::docs {

// The PDF's bytes: one page.
std::string shipping_label_pdf(const Parcel& parcel);

}  // namespace relais::docs
