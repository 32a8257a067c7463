// How a SIM's phone number (MSISDN) is judged. The rules of numbering plans live in
// libphonenumber's metadata, which app brings; core only states the question, so that its
// import logic stays pure and testable with any answer.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace relais {

struct MsisdnCheck {
  std::optional<std::string> e164;  // "+33612345678" when accepted
  std::string reason;               // bad_msisdn, not_french, not_mobile when refused
};

using MsisdnValidator = std::function<MsisdnCheck(std::string_view raw)>;

}  // namespace relais
