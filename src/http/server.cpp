#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>
#include <mutex>
#include <openssl/x509.h>
#include <thread>
#include <type_traits>

#include "core/hex.hpp"
#include "core/messages.hpp"
#include "http/beast_request.hpp"
#include "http/dispatch.hpp"
#include "http/logging.hpp"
#include "http/metrics.hpp"
#include "http/problem.hpp"

namespace relais::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using net::awaitable;
using net::use_awaitable;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

// A connection's stream: plain TCP, or TLS over it. The session below serves both alike.
template <class Stream>
constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

// The request's target as the access log writes it (DESIGN rule 4): a path segment after one of
// these is a secret (a share link's, a parcel's delivery page's, a password reset's token) and
// is not written; nor is any value of the query (a searched phone number), only its names.
std::string loggable_target(std::string_view target) {
  static constexpr std::string_view kBeforeSecret[] = {"shared", "deliveries", "reset",
                                                       "password-resets"};
  const auto query = target.find('?');
  const std::string_view path = target.substr(0, query);
  // Most targets hold nothing to hide: written as they are, without cutting them up.
  if (query == std::string_view::npos &&
      std::none_of(std::begin(kBeforeSecret), std::end(kBeforeSecret),
                   [&](std::string_view name) { return path.find(name) != std::string_view::npos; })) {
    return std::string(target);
  }
  std::string out;
  out.reserve(target.size());
  bool secret = false;
  std::size_t pos = 0;
  while (pos < path.size()) {
    auto end = path.find('/', pos + 1);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(pos, end - pos);  // "/name"
    if (secret && segment.size() > 1) {
      out += "/…";
      secret = false;
    } else {
      out += segment;
      secret = std::find(std::begin(kBeforeSecret), std::end(kBeforeSecret),
                         segment.substr(1)) != std::end(kBeforeSecret);
    }
    pos = end;
  }
  if (query == std::string_view::npos) return out;
  // "?q=0612345678&limit=5" -> "?q=…&limit=…"
  char sep = '?';
  std::string_view rest = target.substr(query + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view param = rest.substr(0, amp);
    const std::string_view name = param.substr(0, param.find('='));
    out += sep;
    out += name;
    if (name.size() < param.size()) out += "=…";
    sep = '&';
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return out;
}

struct ServerState {
  const ServerOptions& options;
  const Router& router;
  const StaticFiles& files;
  net::thread_pool& slow_pool;  // runs Router::Cost::kSlow handlers
  std::atomic<int> active{0};   // requests being handled
  std::atomic<int> connections{0};
  std::atomic<std::size_t> body_bytes{0};   // held by the bodies being read or handled
  std::atomic<std::size_t> spool_bytes{0};  // on disk for the files being read or handled
  std::atomic<bool> stopping{false};
  HttpMetrics metrics{router};
  // With ServerOptions::tls_cert: what new connections are handed; swapped on a reload.
  std::mutex tls_mutex{};
  std::shared_ptr<net::ssl::context> tls{};
  std::atomic<long long> tls_not_after{0};  // the expiry of the certificate in use
  std::string https_address{};  // "https://HOST:PORT" as bound, set before serving
  unsigned short https_port = 0;

  std::shared_ptr<net::ssl::context> current_tls() {
    std::lock_guard lock(tls_mutex);
    return tls;
  }
};

// A TLS context for the pair of files: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers
// (Mozilla's "intermediate" list), no compression, no renegotiation, no session tickets (their
// key would outlive a reload). Throws when a file does not load or the key is not the
// certificate's.
std::shared_ptr<net::ssl::context> make_tls_context(const std::string& cert,
                                                    const std::string& key) {
  auto ctx = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
  SSL_CTX* handle = ctx->native_handle();
  ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_compression |
                   net::ssl::context::single_dh_use);
  SSL_CTX_set_options(handle,
                      SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
  if (SSL_CTX_set_min_proto_version(handle, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(handle,
                              "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                              "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                              "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305") != 1) {
    throw std::runtime_error("OpenSSL refused the TLS settings");
  }
  // The key first: a certificate that is not its own then drops it, and the check says so.
  boost::system::error_code ec;
  ctx->use_private_key_file(key, net::ssl::context::pem, ec);
  if (ec) throw std::runtime_error(key + ": no private key (" + ec.message() + ")");
  ctx->use_certificate_chain_file(cert, ec);
  if (ec) throw std::runtime_error(cert + ": no certificate chain (" + ec.message() + ")");
  if (SSL_CTX_check_private_key(handle) != 1) {
    throw std::runtime_error(key + " is not the key of the certificate " + cert);
  }
  return ctx;
}

// When the context's certificate expires, in Unix time (0 if it cannot be read).
long long certificate_not_after(net::ssl::context& ctx) {
  const X509* cert = SSL_CTX_get0_certificate(ctx.native_handle());
  if (!cert) return 0;
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return 0;
  return static_cast<long long>(timegm(&tm));
}

// What tells a changed file: its device, inode (a file renamed over it), size and mtime.
using FileSignature = std::array<long long, 5>;
std::array<FileSignature, 2> tls_signature(const ServerOptions& opt) {
  std::array<FileSignature, 2> out{};
  const std::string* files[] = {&opt.tls_cert, &opt.tls_key};
  for (std::size_t i = 0; i < 2; ++i) {
    struct stat st{};
    if (::stat(files[i]->c_str(), &st) != 0) continue;
    out[i] = {static_cast<long long>(st.st_dev), static_cast<long long>(st.st_ino),
              static_cast<long long>(st.st_size), static_cast<long long>(st.st_mtim.tv_sec),
              static_cast<long long>(st.st_mtim.tv_nsec)};
  }
  return out;
}

// A share of a budget (ServerOptions::body_memory, or spool_bytes), given back when the
// request is done.
class BodyShare {
 public:
  BodyShare(std::atomic<std::size_t>& held, std::size_t budget, std::size_t bytes) : held_(held) {
    std::size_t now = held.load();
    do {
      if (now + bytes > budget) return;
    } while (!held.compare_exchange_weak(now, now + bytes));
    bytes_ = bytes;
    granted_ = true;
  }
  ~BodyShare() { held_ -= bytes_; }
  BodyShare(const BodyShare&) = delete;
  BodyShare& operator=(const BodyShare&) = delete;
  bool granted() const { return granted_; }

 private:
  std::atomic<std::size_t>& held_;
  std::size_t bytes_ = 0;
  bool granted_ = false;
};

// A file route's body on disk, in ServerOptions::spool_dir: a file without a name (O_TMPFILE;
// else named, and unlinked at once), gone when closed and unmapped.
class SpoolFile {
 public:
  explicit SpoolFile(const std::string& dir) {
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      std::string path = dir + "/relais-body-XXXXXX";
      fd_ = ::mkostemp(path.data(), O_CLOEXEC);
      if (fd_ >= 0) ::unlink(path.c_str());
    }
    if (fd_ < 0) spdlog::error("no spool file in {}: {}", dir, std::strerror(errno));
  }
  ~SpoolFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  bool usable() const { return fd_ >= 0; }

  bool append(const char* data, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd_, data, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        spdlog::error("spool file not written: {}", std::strerror(errno));
        return false;
      }
      data += w;
      n -= static_cast<std::size_t>(w);
      size_ += static_cast<std::size_t>(w);
    }
    return true;
  }

  // The file mapped read-only into `req` (Request::spool, Request::spooled). False when the
  // mapping fails.
  bool map_into(Request& req) const {
    if (size_ == 0) {
      req.spool = std::make_shared<const char>('\0');
      req.spooled = {};
      return true;
    }
    void* at = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (at == MAP_FAILED) {
      spdlog::error("spool file not mapped: {}", std::strerror(errno));
      return false;
    }
    ::madvise(at, size_, MADV_SEQUENTIAL);
    const std::size_t size = size_;
    req.spool = std::shared_ptr<const void>(at, [size](const void* p) {
      ::munmap(const_cast<void*>(p), size);
    });
    req.spooled = {static_cast<const char*>(at), size_};
    return true;
  }

 private:
  int fd_ = -1;
  std::size_t size_ = 0;
};

// Reads a body into `spool` as it arrives, a chunk at a time: the reading's error, or none;
// `written` false when the spool file refused a chunk. The file is written from this thread:
// writes go to the page cache, so --spool-dir belongs on a local disk.
template <class Stream>
awaitable<boost::system::error_code> read_to_spool(
    Stream& stream, beast::flat_buffer& buffer,
    bhttp::request_parser<bhttp::buffer_body>& parser, SpoolFile& spool, bool& written) {
  written = true;
  std::vector<char> chunk(64 * 1024);
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, net::as_tuple(use_awaitable));
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) co_return ec;
    const std::size_t got = chunk.size() - parser.get().body().size;
    if (!spool.append(chunk.data(), got)) {
      written = false;
      co_return boost::system::error_code{};
    }
  }
  co_return boost::system::error_code{};
}

// The largest body a request may send: by its route's class (Router::Body) and, for a file
// route sent as JSON, the JSON limit. Unknown routes and static files take the smallest (their
// answer needs no body).
std::size_t body_limit_for(const ServerOptions& opt, const Router::Match& match, bool json) {
  if (!match.handler) return std::min(opt.small_body_limit, opt.body_limit);
  switch (match.body) {
    case Router::Body::kSmall:
      return std::min(opt.small_body_limit, opt.body_limit);
    case Router::Body::kFile:
      if (!json) return opt.body_limit;
      [[fallthrough]];
    case Router::Body::kJson:
      break;
  }
  return std::min(opt.json_body_limit, opt.body_limit);
}

// `match`: the route of an API request, found once its header was read.
Response handle(ServerState& state, Request& req, const Router::Match& match) {
  if (req.path.starts_with("/api/")) return dispatch(match, req);
  if (auto r = state.files.serve(req)) return *r;
  return dispatch(state.router, req);  // gives the 404 / 405 problem
}

Response error_response(ErrorKind kind, std::string code, std::vector<std::string> args,
                        const std::string& accept_language) {
  return problem_response(Error(kind, std::move(code), std::move(args)),
                          lang_from_accept_language(accept_language));
}

// Every answer, errors at the header stage included. An API answer is never kept by a browser
// or a proxy unless its route says otherwise (a PUK, a referral's note, a resident's name).
// Over TLS, browsers are told to come back over HTTPS only for a year.
void add_common_headers(Response& r, bool api, bool tls) {
  if (api && !r.header("Cache-Control")) r.set("Cache-Control", "no-store");
  if (tls) r.set("Strict-Transport-Security", "max-age=31536000");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "same-origin");
  r.set("X-Frame-Options", "DENY");
  if (!r.header("Content-Type") || r.header("Content-Type")->starts_with("text/html")) {
    r.set("Content-Security-Policy",
          // wasm-unsafe-eval: the packing station's barcode reader compiles its WebAssembly
          // (served by Relais itself); scripts still come from this site only.
          "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
          "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
          "frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  }
}

// An answer's status line and header block as one string, with its Content-Length (the
// GET's, for a HEAD) and what keeps the connection open or closes it. Written here rather than
// through Beast's fields, which allocate a node per header, on the path of every request. A
// header that would break the block (CR, LF, or a colon in its name) is left out, and logged.
std::string head_text(const Response& r, unsigned version, bool keep_alive) {
  std::size_t size = 128;
  for (const auto& [name, value] : r.headers) size += name.size() + value.size() + 4;
  std::string out;
  out.reserve(size);
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(r.status);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
  out += "\r\nServer: relais\r\n";
  for (const auto& [name, value] : r.headers) {
    if (name.empty() || name.find_first_of("\r\n: ") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      std::string shown = name.substr(0, 64);
      for (auto& c : shown) c = std::isprint(static_cast<unsigned char>(c)) ? c : '?';
      spdlog::error("header \"{}\" left out of an answer: it would break the header block", shown);
      continue;
    }
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  // RFC 9110: no length for an informational answer, a 204 or a 304, which have no body.
  if (r.status >= 200 && r.status != 204 && r.status != 304) {
    out += "Content-Length: ";
    out += std::to_string(r.body.size());
    out += "\r\n";
  }
  if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}

// `head`: the answer to a HEAD request, the GET's headers (its Content-Length too) and no body.
template <class Stream>
awaitable<void> write_response(Stream& stream, Response r, unsigned version, bool keep_alive,
                               bool head = false) {
  const std::string text = head_text(r, version, keep_alive);
  const bool body = !head && r.status >= 200 && r.status != 204 && r.status != 304;
  const std::array<net::const_buffer, 2> buffers{net::buffer(text),
                                                 net::buffer(r.body.data(), body ? r.body.size() : 0)};
  co_await net::async_write(stream, buffers, use_awaitable);
}

// Refuses the request being read: the answer (with the common headers; without its body for
// a HEAD), then the connection is drained and closed.
template <class Stream>
awaitable<void> refuse(Stream& stream, Response r, unsigned version, bool head = false);

// Waits, without holding this thread, for what the handler of `req` needs to know first
// (ServerOptions::wait), and resumes on this connection's thread.
awaitable<void> learn_before_handling(const ServerOptions& opt, Request& req) {
  if (!opt.wait || !opt.wait_needed || !opt.wait_needed(req)) co_return;
  auto ex = co_await net::this_coro::executor;
  req.changes = co_await net::async_initiate<decltype(use_awaitable),
                                             void(std::optional<std::uint64_t>)>(
      [&opt, ex](auto handler) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        opt.wait([h, ex](std::optional<std::uint64_t> changes) {
          net::post(ex, [h, changes]() mutable { std::move (*h)(changes); });
        });
      },
      use_awaitable);
  req.changes_known = true;
}

// After refusing a request whose body we did not read, read and drop what the client is
// still sending, so that closing does not reset the connection before it reads our answer.
// Over TLS too, what is drained is the TCP stream below (the records are not decrypted).
template <class Stream>
awaitable<void> drain_and_close(Stream& tls_or_tcp) {
  beast::tcp_stream& stream = beast::get_lowest_layer(tls_or_tcp);
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(std::chrono::seconds(5));
  char sink[16384];
  for (;;) {
    auto [err, n] =
        co_await stream.async_read_some(net::buffer(sink), net::as_tuple(use_awaitable));
    if (err) break;
  }
  stream.socket().close(ec);
}

template <class Stream>
awaitable<void> refuse(Stream& stream, Response r, unsigned version, bool head) {
  add_common_headers(r, true, kTls<Stream>);
  co_await write_response(stream, std::move(r), version, false, head);
  co_await drain_and_close(stream);
}

// A request's id, in its answer (X-Request-Id) and its log line: the one a load balancer gave
// (letters, digits, ".:_-", up to 64), else 16 hexadecimal digits made here.
std::string request_id(std::string_view given) {
  const bool usable = !given.empty() && given.size() <= 64 &&
                      std::all_of(given.begin(), given.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                               c == ':' || c == '_' || c == '-';
                      });
  if (usable) return std::string(given);
  thread_local std::mt19937_64 random(std::random_device{}());
  const std::uint64_t bits = random();
  return to_hex(&bits, sizeof bits);
}

// What every answer goes through last: its id, its access log line (who, what without its
// secrets, the answer, its time) and its count by route (/metrics).
void finish(ServerState& state, Response& r, const std::string& id, const std::string& client,
            std::string_view method, std::string_view target, int route, bool api,
            std::chrono::steady_clock::time_point started) {
  r.set("X-Request-Id", id);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  log_request(id, client, method, loggable_target(target), r.status, r.body.size(),
              took.count() * 1000.0);
  state.metrics.request(route, api, r.status, took.count());
}

// `/metrics` for Prometheus: for a client on this machine, or one that sends the token given
// by --metrics-token; for any other, as if there were nothing there.
std::optional<Response> metrics_answer(const ServerState& state, const Request& req) {
  if (req.path != "/metrics" || req.method != "GET") return std::nullopt;
  const auto& token = state.options.metrics_token;
  const bool local = req.client == "127.0.0.1" || req.client == "::1" ||
                     req.client.starts_with("::ffff:127.");
  const bool with_token =
      !token.empty() && req.header("authorization").value_or("") == "Bearer " + token;
  if (!local && !with_token) return std::nullopt;
  Response r;
  r.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.set("Cache-Control", "no-store");
  r.body = state.metrics.text({state.connections.load(), state.active.load(),
                               state.body_bytes.load(), state.spool_bytes.load(),
                               !state.options.tls_cert.empty(),
                               state.tls_not_after.load()});
  return r;
}

// The requests of one connection, plain or TLS (its handshake done). `over_limit`: the
// connection came past ServerOptions::max_connections, and is refused.
template <class Stream>
awaitable<void> session(ServerState& state, Stream& stream, const std::string& client,
                        bool over_limit) {
  const auto& opt = state.options;
  if (over_limit) {
    spdlog::warn("{} refused: {} connections open", client, opt.max_connections);
    state.metrics.connection_refused();
    Response r = error_response(ErrorKind::kUnavailable, "too_many_connections",
                                {std::to_string(opt.max_connections)}, "");
    r.set("Retry-After", "1");
    co_await refuse(stream, std::move(r), 11);
    co_return;
  }
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
    // The route's own limit is set once the header is read; until then, the largest.
    parser.body_limit(opt.body_limit);

    beast::get_lowest_layer(stream).expires_after(opt.idle_timeout);
    auto [ec_header, n_header] =
        co_await bhttp::async_read_header(stream, buffer, parser, net::as_tuple(use_awaitable));
    const auto started = std::chrono::steady_clock::now();
    if (ec_header) {
      std::optional<Response> r;
      if (ec_header == bhttp::error::body_limit) {
        // Beast checks Content-Length against the limit as soon as the header is parsed.
        r = error_response(ErrorKind::kPayloadTooLarge, "body_too_large",
                           {std::to_string(opt.body_limit)},
                           std::string(parser.get()[bhttp::field::accept_language]));
      } else if (ec_header == bhttp::error::header_limit) {
        r = error_response(ErrorKind::kHeaderTooLarge, "header_too_large",
                           {std::to_string(opt.header_limit)}, "");
      } else if (ec_header != bhttp::error::end_of_stream && ec_header != beast::error::timeout &&
                 ec_header != net::error::eof && ec_header != net::error::connection_reset) {
        r = error_response(ErrorKind::kBadRequest, "bad_request", {ec_header.message()}, "");
      }
      if (r) {
        finish(state, *r, request_id(""), client, "-", "-", -1, true, started);
        co_await refuse(stream, std::move(*r), 11);
      }
      co_return;
    }
    auto& head = parser.get();
    const std::string accept_language(head[bhttp::field::accept_language]);
    const unsigned version = head.version();
    const std::string id = request_id(head["X-Request-Id"]);

    // The route decides how large a body may be, and the body takes its share of the memory
    // all bodies may hold at once before a byte of it is read.
    Request req;
    const bool parsed = to_request_head(head, req);
    const bool is_head = head.method() == bhttp::verb::head;
    if (is_head) req.method = "GET";  // answered as its GET, without the body
    Router::Match match;
    if (parsed && req.path.starts_with("/api/")) match = state.router.match(req);
    const bool json_body =
        head[bhttp::field::content_type].find("json") != std::string_view::npos;
    const std::size_t limit = body_limit_for(opt, match, json_body);
    const auto declared = parser.content_length();
    if (declared && *declared > limit) {
      Response r = error_response(ErrorKind::kPayloadTooLarge, "body_too_large",
                                  {std::to_string(limit)}, accept_language);
      finish(state, r, id, client, head.method_string(), head.target(), match.route, true,
             started);
      co_await refuse(stream, std::move(r), version);
      co_return;
    }
    parser.body_limit(limit);
    const bool has_body = (declared && *declared > 0) || parser.chunked();
    // A file is only received from someone who says who they are (the route then checks it):
    // a stranger's megabytes are refused unread.
    if (has_body && match.body == Router::Body::kFile && !req.headers.contains("authorization") &&
        !req.cookie(kSessionCookie)) {
      Response r = error_response(ErrorKind::kUnauthenticated, "not_authenticated", {},
                                  accept_language);
      finish(state, r, id, client, head.method_string(), head.target(), match.route, true,
             started);
      co_await refuse(stream, std::move(r), version);
      co_return;
    }
    // A file route's file goes to a spool file as it arrives; any other body is held in memory.
    const bool to_spool = has_body && match.body == Router::Body::kFile && !json_body;
    BodyShare share(to_spool ? state.spool_bytes : state.body_bytes,
                    to_spool ? opt.spool_bytes : opt.body_memory,
                    has_body ? static_cast<std::size_t>(declared.value_or(limit)) : 0);
    if (!share.granted()) {
      Response r =
          error_response(ErrorKind::kUnavailable, "server_busy", {}, accept_language);
      r.set("Retry-After", "2");
      state.metrics.body_refused();
      finish(state, r, id, client, head.method_string(), head.target(), match.route, true,
             started);
      co_await refuse(stream, std::move(r), version);
      co_return;
    }

    // Views into the parser's header, which stays as it is until the answer is written; copies
    // when the parser moves into one that spools.
    std::string_view method = head.method_string();
    std::string_view target = head.target();
    const bool keep_alive_asked = head.keep_alive();
    std::string method_copy, target_copy;
    beast::get_lowest_layer(stream).expires_after(opt.request_timeout);
    boost::system::error_code ec;
    bool spool_failed = false;
    if (to_spool) {
      method_copy = method;
      target_copy = target;
      method = method_copy;
      target = target_copy;
      bhttp::request_parser<bhttp::buffer_body> file_parser{std::move(parser)};
      file_parser.body_limit(limit);
      SpoolFile spool(opt.spool_dir);
      bool written = false;
      if (spool.usable()) ec = co_await read_to_spool(stream, buffer, file_parser, spool, written);
      spool_failed = !spool.usable() || !written || (!ec && !spool.map_into(req));
    } else {
      auto [read_ec, n] =
          co_await bhttp::async_read(stream, buffer, parser, net::as_tuple(use_awaitable));
      ec = read_ec;
      if (!ec) req.body = std::move(parser.get().body());  // moved: held once
    }
    if (ec || spool_failed) {
      std::optional<Response> r;
      if (ec == bhttp::error::body_limit) {
        r = error_response(ErrorKind::kPayloadTooLarge, "body_too_large",
                           {std::to_string(limit)}, accept_language);
      } else if (spool_failed) {
        r = error_response(ErrorKind::kInternal, "internal_error", {}, accept_language);
      }
      if (r) {
        finish(state, *r, id, client, method, target, match.route, true, started);
        co_await refuse(stream, std::move(*r), version);
      }
      co_return;
    }

    req.client = client;
    const std::string* forwarded_by = nullptr;
    for (const auto& proxy : opt.trusted_proxies) {
      if (proxy == client) forwarded_by = &proxy;
    }
    Response res;
    ++state.active;
    req.id = id;
    if (forwarded_by) {
      // The last address its proxy appended; anything else stands for the proxy itself.
      const auto it = req.headers.find("x-forwarded-for");
      std::string_view list = it == req.headers.end() ? std::string_view() : it->second;
      const auto comma = list.rfind(',');
      std::string_view last = comma == std::string_view::npos ? list : list.substr(comma + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
      if (!last.empty() && last.size() <= 64 &&
          std::all_of(last.begin(), last.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
          })) {
        req.client = std::string(last);
      }
    }
    const bool api = req.path.starts_with("/api/");
    if (!parsed) {
      res = error_response(ErrorKind::kBadRequest, "bad_request", {std::string(target)},
                           accept_language);
    } else if (auto m = metrics_answer(state, req)) {
      res = std::move(*m);
    } else if (api && match.cost == Router::Cost::kSlow) {
      res = co_await net::co_spawn(
          state.slow_pool, [&]() -> awaitable<Response> { co_return handle(state, req, match); },
          use_awaitable);
    } else {
      co_await learn_before_handling(opt, req);
      res = handle(state, req, match);
    }
    --state.active;
    add_common_headers(res, api, kTls<Stream>);
    bool keep_alive = keep_alive_asked && !state.stopping;
    beast::get_lowest_layer(stream).expires_after(opt.request_timeout);
    finish(state, res, id, req.client.empty() ? client : req.client, method, target, match.route,
           api, started);
    co_await write_response(stream, std::move(res), version, keep_alive, is_head);
    if (!keep_alive) {
      if constexpr (kTls<Stream>) {  // TLS says its end (close_notify) before TCP's
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
        co_await stream.async_shutdown(net::as_tuple(use_awaitable));
      }
      boost::system::error_code ignored;
      beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
  }
}

// The peer's address, for the log and throttling ("-" when the socket cannot say).
std::string peer_of(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  return ec ? std::string("-") : peer.address().to_string();
}

// A connection counted in ServerState::connections from its accept to its close, whatever
// ends it; `over` when it came past max_connections.
struct ConnectionCount {
  explicit ConnectionCount(ServerState& state)
      : n(state.connections), over(++state.connections > state.options.max_connections) {}
  ~ConnectionCount() { --n; }
  ConnectionCount(const ConnectionCount&) = delete;
  ConnectionCount& operator=(const ConnectionCount&) = delete;
  std::atomic<int>& n;
  const bool over;
};

// A connection to the plain HTTP port beside HTTPS (ServerOptions::redirect_port): its request
// is answered 308 to the same path and query on the HTTPS site, and the connection closes.
// Nothing else is served in clear, and the site is never taken from the Host header.
awaitable<void> redirect_connection(ServerState& state, tcp::socket socket) {
  const auto& opt = state.options;
  const std::string client = peer_of(socket);
  const ConnectionCount count(state);
  beast::tcp_stream stream(std::move(socket));
  if (count.over) {
    co_await session(state, stream, client, true);  // its refusal
    co_return;
  }
  beast::flat_buffer buffer;
  bhttp::request_parser<bhttp::empty_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
  parser.body_limit(boost::none);  // the body is never read, only drained after the answer
  stream.expires_after(opt.request_timeout);
  auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                   net::as_tuple(use_awaitable));
  if (ec) co_return;
  const auto started = std::chrono::steady_clock::now();
  const auto& head = parser.get();
  const std::string_view target = head.target();
  // An origin-form target goes on as it came; anything else goes to the home page.
  const bool usable = !target.empty() && target.front() == '/' &&
                      boost::urls::parse_origin_form(target).has_value();
  // The public address; else the address this connection came to (the one the person typed,
  // or what their name stood for), on the HTTPS port.
  std::string site = opt.https_site ? opt.https_site() : std::string();
  if (site.empty()) {
    boost::system::error_code local_ec;
    auto local = stream.socket().local_endpoint(local_ec).address();
    if (local_ec) {
      site = state.https_address;
    } else {
      if (local.is_v6() && local.to_v6().is_v4_mapped()) {
        local = net::ip::make_address_v4(net::ip::v4_mapped, local.to_v6());
      }
      const std::string shown = local.to_string();
      site = "https://" + (local.is_v6() ? "[" + shown + "]" : shown) + ":" +
             std::to_string(state.https_port);
    }
  }
  const std::string location = site + (usable ? std::string(target) : "/");
  Response r;
  r.status = 308;
  r.set("Location", location);
  r.set("Content-Type", "text/plain; charset=utf-8");
  r.body = location + "\n";
  state.metrics.redirected_to_https();
  const std::string id = request_id(head["X-Request-Id"]);
  r.set("X-Request-Id", id);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  log_request(id, client, head.method_string(), loggable_target(target), r.status, r.body.size(),
              took.count() * 1000.0);
  co_await refuse(stream, std::move(r), head.version(), head.method() == bhttp::verb::head);
}

// One accepted connection: counted from the accept to the close, whatever ends it, a TLS
// handshake included; then its session.
awaitable<void> connection(ServerState& state, tcp::socket socket) {
  const std::string client = peer_of(socket);
  const ConnectionCount count(state);
  const bool over_limit = count.over;
  if (auto tls = state.current_tls()) {  // kept alive by this connection, whatever reloads
    TlsStream stream(std::move(socket), *tls);
    // TLS writes its records apart (the handshake's session tickets, then the answer): without
    // this, Nagle holds the answer back until the client's delayed ACK, some 40 ms.
    boost::system::error_code nodelay_ec;
    beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true), nodelay_ec);
    beast::get_lowest_layer(stream).expires_after(state.options.handshake_timeout);
    auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::server,
                                                net::as_tuple(use_awaitable));
    state.metrics.tls_handshake(!ec);
    if (ec) {  // plain HTTP sent to the HTTPS port lands here too
      spdlog::debug("{} TLS handshake failed: {}", client, ec.message());
      co_return;
    }
    co_await session(state, stream, client, over_limit);
  } else {
    beast::tcp_stream stream(std::move(socket));
    co_await session(state, stream, client, over_limit);
  }
}

// Each connection lives on one io_context run by one thread, picked in turn: no strand, no
// lock and no cross-thread wake-up on the path of a request. `redirect`: the acceptor is the
// plain HTTP port beside HTTPS (redirect_connection).
awaitable<void> accept_loop(ServerState& state, tcp::acceptor& acceptor,
                            std::vector<std::unique_ptr<net::io_context>>& contexts,
                            bool redirect = false) {
  std::size_t next = 0;
  for (;;) {
    auto& context = *contexts[next++ % contexts.size()];
    auto [ec, socket] =
        co_await acceptor.async_accept(context.get_executor(), net::as_tuple(use_awaitable));
    if (ec) {
      if (state.stopping || ec == net::error::operation_aborted) co_return;
      // Out of file descriptors, say: pause rather than spin on the same error.
      spdlog::warn("accept: {}", ec.message());
      net::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(net::as_tuple(use_awaitable));
      continue;
    }
    auto executor = socket.get_executor();
    net::co_spawn(executor,
                  redirect ? redirect_connection(state, std::move(socket))
                           : connection(state, std::move(socket)),
                  [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::debug("connection ended: {}", ex.what());
      }
    });
  }
}

}  // namespace

void serve(const ServerOptions& options, const Router& router, const StaticFiles& files,
           const std::function<void(unsigned short)>& on_ready) {
  int threads = options.threads > 0
                    ? options.threads
                    : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  for (int i = 0; i < threads; ++i) {
    contexts.push_back(std::make_unique<net::io_context>(1));
    keep_running.push_back(net::make_work_guard(*contexts.back()));
  }
  net::io_context& ioc = *contexts.front();  // also runs the acceptor and signals
  // Two password hashes at a time at most: each takes ~20 MB and tens of milliseconds.
  net::thread_pool slow_pool(2);
  ServerState state{options, router, files, slow_pool};
  const bool tls = !options.tls_cert.empty();
  auto tls_seen = tls ? tls_signature(options) : std::array<FileSignature, 2>{};
  if (tls) {
    state.tls = make_tls_context(options.tls_cert, options.tls_key);
    state.tls_not_after = certificate_not_after(*state.tls);
  }
  // A spool folder that cannot take a file is said now, not at the first import.
  if (SpoolFile probe(options.spool_dir); !probe.usable() || !probe.append("x", 1)) {
    throw std::runtime_error("--spool-dir " + options.spool_dir + ": cannot write a file there");
  }

  tcp::endpoint endpoint(net::ip::make_address(options.host), options.port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  const unsigned short port = acceptor.local_endpoint().port();

  net::co_spawn(ioc, accept_loop(state, acceptor, contexts), net::detached);

  tcp::acceptor redirect_acceptor(ioc);
  unsigned short redirect_port = 0;
  if (tls && options.redirect_port != 0) {
    tcp::endpoint plain(endpoint.address(), options.redirect_port);
    redirect_acceptor.open(plain.protocol());
    redirect_acceptor.set_option(net::socket_base::reuse_address(true));
    redirect_acceptor.bind(plain);
    redirect_acceptor.listen(net::socket_base::max_listen_connections);
    redirect_port = redirect_acceptor.local_endpoint().port();
    net::co_spawn(ioc, accept_loop(state, redirect_acceptor, contexts, true), net::detached);
  }

  // TLS files read again when they changed (a look every tls_check_interval) or at SIGHUP.
  net::steady_timer tls_check(ioc);
  net::signal_set hangup(ioc);
  std::function<void(bool)> reload_tls = [&](bool asked) {
    const auto now = tls_signature(options);
    if (!asked && now == tls_seen) return;
    tls_seen = now;
    try {
      auto fresh = make_tls_context(options.tls_cert, options.tls_key);
      const long long not_after = certificate_not_after(*fresh);
      {
        std::lock_guard lock(state.tls_mutex);
        state.tls.swap(fresh);
        state.tls_not_after = not_after;
      }
      state.metrics.tls_reload(true);
      spdlog::info("TLS certificate {} and key {} loaded again", options.tls_cert, options.tls_key);
    } catch (const std::exception& e) {
      state.metrics.tls_reload(false);
      spdlog::error("TLS certificate not reloaded, the one in use stays: {}", e.what());
    }
  };
  std::function<void()> check_tls = [&] {
    tls_check.expires_after(options.tls_check_interval);
    tls_check.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      reload_tls(false);
      check_tls();
    });
  };
  // SIGHUP (systemctl reload) never stops the server: without TLS there is nothing to read
  // again, and it says so.
  std::function<void()> wait_for_hangup = [&] {
    hangup.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      if (tls) {
        reload_tls(true);
      } else {
        spdlog::info("SIGHUP: nothing to read again (no TLS certificate)");
      }
      wait_for_hangup();
    });
  };
  hangup.add(SIGHUP);
  wait_for_hangup();
  if (tls) check_tls();

  net::signal_set signals(ioc, SIGINT, SIGTERM);
  net::steady_timer grace(ioc);
  std::function<void()> wait_for_requests;
  auto deadline = std::chrono::steady_clock::now();
  wait_for_requests = [&] {
    if (state.active == 0 || std::chrono::steady_clock::now() >= deadline) {
      for (auto& c : contexts) c->stop();
      return;
    }
    grace.expires_after(std::chrono::milliseconds(50));
    grace.async_wait([&](boost::system::error_code) { wait_for_requests(); });
  };
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: stopping, finishing requests in flight", signal);
    state.stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    redirect_acceptor.close(ignored);
    tls_check.cancel();
    hangup.cancel();
    deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    wait_for_requests();
  });

  state.https_port = port;
  state.https_address = "https://" +
                        (options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                                     : options.host) +
                        ":" + std::to_string(port);
  spdlog::info("relais listening on {}://{}:{}/ ({} threads, {} web files)", tls ? "https" : "http",
               options.host, port, threads, files.size());
  if (redirect_port != 0) {
    spdlog::info("plain HTTP on port {} sends every request on to HTTPS", redirect_port);
  }
  spdlog::default_logger()->flush();  // whoever waits for this line sees it now
  if (on_ready) on_ready(port);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&c = *contexts[i]] { c.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  slow_pool.join();
  spdlog::info("relais stopped");
  spdlog::default_logger()->flush();
}

}  // namespace relais::http
