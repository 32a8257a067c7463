// Routes requests by method and path pattern ("/api/v1/organisations/{id}").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace relais::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  // kSlow marks handlers that spend long on the CPU (argon2id password hashing): the server
  // runs them on a separate pool so that they never hold up the threads serving other requests.
  enum class Cost { kFast, kSlow };

  // The largest body a route reads (DESIGN rule 7), as a class the server turns into bytes
  // (ServerOptions): kSmall for a login (a few hundred bytes), kJson for any JSON body, kFile
  // for the routes that take a file (a SIM batch, a status report, a structures CSV), whose
  // JSON form is still held to kJson.
  enum class Body { kSmall, kJson, kFile };

  void add(std::string method, std::string pattern, Handler handler, Cost cost = Cost::kFast,
           Body body = Body::kJson);

  struct Match {
    const Handler* handler = nullptr;  // set when method and path match
    Cost cost = Cost::kFast;
    Body body = Body::kSmall;  // kSmall when no route matches (the answer is a 404 or 405)
    int route = -1;            // the route's index (route_count), -1 when none matches
    std::vector<std::string> allowed;  // methods of a matching path, for 405
  };
  // Fills request.params on a match.
  Match match(Request& request) const;

  // The routes in the order they were added, for what counts requests by route (/metrics).
  std::size_t route_count() const { return routes_.size(); }
  const std::string& method(std::size_t route) const { return routes_[route].method; }
  const std::string& pattern(std::size_t route) const { return routes_[route].pattern; }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{name}" segments capture
    Handler handler;
    Cost cost;
    Body body;
  };
  std::vector<Route> routes_;
};

}  // namespace relais::http
