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
  void add(std::string method, std::string pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // set when method and path match
    std::vector<std::string> allowed;  // methods of a matching path, for 405
  };
  // Fills request.params on a match.
  Match match(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" segments capture
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace relais::http
