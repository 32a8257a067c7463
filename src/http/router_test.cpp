#include "http/router.hpp"

#include <gtest/gtest.h>

namespace relais::http {
namespace {
Response named(std::string name) {
  Response r;
  r.body = std::move(name);
  return r;
}
}  // namespace

TEST(Router, MatchesByMethodAndCapturesParameters) {
  Router router;
  router.add("GET", "/api/v1/organisations/{id}",
             [](Request& r) { return named("get " + r.params["id"]); });
  router.add("PATCH", "/api/v1/organisations/{id}", [](Request&) { return named("patch"); });
  Request req;
  req.method = "GET";
  req.path = "/api/v1/organisations/42";
  auto m = router.match(req);
  ASSERT_TRUE(m.handler);
  EXPECT_EQ((*m.handler)(req).body, "get 42");

  req.method = "DELETE";
  m = router.match(req);
  EXPECT_FALSE(m.handler);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "PATCH"}));

  req.path = "/api/v1/organisations/";
  EXPECT_TRUE(router.match(req).allowed.empty());
}

TEST(Router, PrefersLiteralSegmentsOverParameters) {
  Router router;
  router.add("GET", "/api/v1/organisations/{id}", [](Request&) { return named("get"); });
  router.add("POST", "/api/v1/organisations/import", [](Request&) { return named("import"); });
  Request req;
  req.method = "GET";
  req.path = "/api/v1/organisations/import";
  auto m = router.match(req);
  EXPECT_FALSE(m.handler);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"POST"}));
  req.method = "POST";
  EXPECT_EQ((*router.match(req).handler)(req).body, "import");
}

}  // namespace relais::http
