// The JSON API v1 (docs/openapi.yaml): routes that translate HTTP to app use cases.
#pragma once

#include <optional>
#include <string>

#include "app/allocation.hpp"
#include "app/sealer.hpp"
#include "core/messages.hpp"
#include "http/router.hpp"
#include "app/store_fwd.hpp"

namespace relais::http {

struct ApiOptions {
  std::string version;
  const app::Sealer* sealer = nullptr;  // opens PUK codes for those who may read them
  bool secure_cookies = false;          // add `Secure` to the session cookie (behind TLS)
  std::string public_url;               // "https://relais.example.org": links in documents
};

struct ServerOptions;

// The site links point to when no public URL is configured: "http://HOST:PORT" of the bound
// socket (the machine's name when listening on every address). Set once, before serving.
void set_listening_site(std::string site);

// On a shared database (PostgreSQL), a request with a session cookie first learns the store's
// count of changes (one round trip, shared by the requests that arrive together) without
// holding a thread; its session may then come from memory.
void learn_changes_before_sessions(ServerOptions& options, store::Store& store);

// Every route of the API (the issue 4 routes come from add_request_routes).
void add_api_routes(Router& router, store::Store& store, const ApiOptions& options);
void add_account_routes(Router& router, store::Store& store, const ApiOptions& options);
void add_request_routes(Router& router, store::Store& store, const ApiOptions& options);
void add_packing_routes(Router& router, store::Store& store, const ApiOptions& options);
void add_shipment_routes(Router& router, store::Store& store, const ApiOptions& options);
void add_resident_routes(Router& router, store::Store& store, const ApiOptions& options);
void add_line_routes(Router& router, store::Store& store);
void add_results_routes(Router& router, store::Store& store, const ApiOptions& options);

// The allocation preview (or applied result) as JSON: its summary (the API's answer), and with
// `every_request_in` the whole list of requests with their explanations in that language
// (`relais allocate`'s output, a file for scripts).
std::string allocation_json(const app::AllocationPreview& preview, bool applied,
                            std::optional<Lang> every_request_in = std::nullopt);

}  // namespace relais::http
