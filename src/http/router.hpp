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

  void add(std::string method, std::string pattern, Handler handler, Cost cost = Cost::kFast);

  struct Match {
    const Handler* handler = nullptr;  // set when method and path match
    Cost cost = Cost::kFast;
    std::vector<std::string> allowed;  // methods of a matching path, for 405
  };
  // Fills request.params on a match.
  Match match(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" segments capture
    Handler handler;
    Cost cost;
  };
  std::vector<Route> routes_;
};

}  // namespace relais::http
