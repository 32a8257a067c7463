#include "core/shipment.hpp"

#include <set>

namespace relais {

std::optional<std::string_view> next_shipment_state(std::string_view from,
                                                    std::string_view transition) {
  if (from == "prepared" && transition == "ship") return "shipped";
  if (from == "shipped" && transition == "declare_lost") return "lost";
  if (from == "shipped" && transition == "return") return "returned";
  return std::nullopt;
}

std::optional<std::string> tracking_url(std::string_view url_template, std::string_view number) {
  const auto at = url_template.find("{tracking}");
  if (at == std::string_view::npos) return std::nullopt;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : number) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  std::string out(url_template.substr(0, at));
  out += encoded;
  out += url_template.substr(at + 10);
  return out;
}

DeliveryCheck check_delivery(const std::vector<std::string>& sent,
                             const std::vector<std::string>& scanned) {
  DeliveryCheck c;
  const std::set<std::string> sent_set(sent.begin(), sent.end());
  std::set<std::string> seen;
  for (const auto& s : scanned) {
    if (!seen.insert(s).second) continue;
    (sent_set.count(s) ? c.received : c.unexpected).push_back(s);
  }
  for (const auto& s : sent) {
    if (!seen.count(s)) c.missing.push_back(s);
  }
  return c;
}

}  // namespace relais
