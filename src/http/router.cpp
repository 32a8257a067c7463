#include "http/router.hpp"

#include <algorithm>
#include <string_view>

namespace relais::http {
namespace {
// "/a/b/" -> {"a", "b", ""}: views into `path`, which must outlive them.
template <class Piece>
std::vector<Piece> split_path(std::string_view path) {
  std::vector<Piece> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.emplace_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, Cost cost,
                 Body body) {
  auto segments = split_path<std::string>(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler), cost, body});
}

Router::Match Router::match(Request& request) const {
  // Among the routes whose pattern fits the path, the ones with the most literal segments win:
  // "/organisations/import" is not organisation "import". Nothing is copied until the route
  // is chosen: this runs for every request.
  const auto segments = split_path<std::string_view>(request.path);
  int best = -1;
  std::vector<const Route*> fitting;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    int literals = 0;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const std::string& s = route.segments[i];
      if (is_parameter(s)) {
        ok = !segments[i].empty();
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
    fitting.push_back(&route);
  }
  Match result;
  for (const Route* route : fitting) {
    if (route->method == request.method) {
      request.params.clear();
      for (size_t i = 0; i < segments.size(); ++i) {
        const std::string& s = route->segments[i];
        if (is_parameter(s)) request.params[s.substr(1, s.size() - 2)] = std::string(segments[i]);
      }
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
