#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/crypto.hpp"

namespace relais::http {
namespace fs = std::filesystem;

std::string content_type_for(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".wasm", "application/wasm"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
  };
  auto ext = fs::path(path).extension().string();
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    File f;
    f.body = content.str();
    f.content_type = content_type_for(entry.path().string());
    f.etag = "\"" + app::sha256_hex(f.body).substr(0, 32) + "\"";
    std::string url = "/" + fs::relative(entry.path(), dir).generic_string();
    files_.emplace(std::move(url), std::move(f));
  }
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  std::string path = request.path == "/" ? "/index.html" : request.path;
  auto it = files_.find(path);
  bool app_route = false;
  if (it == files_.end()) {
    // Paths without a file extension are the app's own routes (/organisations/12).
    if (fs::path(path).has_extension()) return std::nullopt;
    it = files_.find("/index.html");
    if (it == files_.end()) return std::nullopt;
    app_route = true;
  }
  const File& f = it->second;
  Response r;
  r.set("ETag", f.etag);
  // Vite names assets by content hash: they never change. index.html must be revalidated.
  bool immutable = !app_route && path.starts_with("/assets/");
  r.set("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (request.header("if-none-match") == f.etag) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.set("Content-Type", f.content_type);
  if (request.method == "GET") r.body = f.body;
  return r;
}

}  // namespace relais::http
