// The JSON API v1 (docs/openapi.yaml): routes that translate HTTP to app use cases.
#pragma once

#include <string>

#include "app/sealer.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace relais::http {

struct ApiOptions {
  std::string version;
  const app::Sealer* sealer = nullptr;  // opens PUK codes for those who may read them
  bool secure_cookies = false;          // add `Secure` to the session cookie (behind TLS)
};

void add_api_routes(Router& router, store::Store& store, const ApiOptions& options);

}  // namespace relais::http
