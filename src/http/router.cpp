#include "http/router.hpp"

#include <algorithm>

namespace relais::http {
namespace {
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}
}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, Cost cost,
                 Body body) {
  auto segments = split_path(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler), cost, body});
}

Router::Match Router::match(Request& request) const {
  // Among the routes whose pattern fits the path, the ones with the most literal segments win:
  // "/organisations/import" is not organisation "import".
  const auto segments = split_path(request.path);
  int best = -1;
  std::vector<std::pair<const Route*, std::map<std::string, std::string>>> fitting;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    int literals = 0;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const std::string& s = route.segments[i];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        ok = !segments[i].empty();
        params[s.substr(1, s.size() - 2)] = segments[i];
      } else {
        ok = s == segments[i];
        ++literals;
      }
    }
    if (!ok || literals < best) continue;
    if (literals > best) {
      best = literals;
      fitting.clear();
    }
    fitting.emplace_back(&route, std::move(params));
  }
  Match result;
  for (auto& [route, params] : fitting) {
    if (route->method == request.method) {
      request.params = std::move(params);
      result.handler = &route->handler;
      result.cost = route->cost;
      result.body = route->body;
      result.route = static_cast<int>(route - routes_.data());
      result.allowed.clear();
      return result;
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), route->method) ==
        result.allowed.end()) {
      result.allowed.push_back(route->method);
    }
  }
  return result;
}

}  // namespace relais::http
