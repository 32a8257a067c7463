// Serves the built web app (web/dist): correct content types, ETag / 304, long caching for
// hashed assets, and index.html for the app's own routes.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace relais::http {

class StaticFiles {
 public:
  // Loads every file under `dir` into memory (the built app is a few hundred kB).
  // An absent directory leaves the set empty; the server still answers the API.
  explicit StaticFiles(const std::string& dir);

  bool empty() const { return files_.empty(); }
  std::size_t size() const { return files_.size(); }

  // The response for a GET of `path`, or nullopt when nothing matches (a 404 problem).
  std::optional<Response> serve(const Request& request) const;

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };
  std::map<std::string, File> files_;  // by URL path, "/index.html"
};

std::string content_type_for(const std::string& path);

}  // namespace relais::http
