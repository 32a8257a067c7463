#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast.hpp>
#include <boost/url.hpp>
#include <thread>

#include "core/messages.hpp"
#include "http/beast_request.hpp"
#include "http/dispatch.hpp"
#include "http/problem.hpp"

namespace relais::http {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using net::awaitable;
using net::use_awaitable;

namespace {

// The request's target as the access log writes it: a share link's token is the right to read
// a programme's results, and is not written (only the database's hash of it is kept).
std::string loggable_target(std::string_view target) {
  constexpr std::string_view kShared = "/api/v1/shared/";
  if (!target.starts_with(kShared)) return std::string(target);
  const auto end = target.find('/', kShared.size());
  return std::string(kShared) + "…" +
         std::string(end == std::string_view::npos ? std::string_view() : target.substr(end));
}


struct ServerState {
  const ServerOptions& options;
  const Router& router;
  const StaticFiles& files;
  net::thread_pool& slow_pool;  // runs Router::Cost::kSlow handlers
  std::atomic<int> active{0};   // requests being handled
  std::atomic<bool> stopping{false};
};

Response handle(ServerState& state, Request& req) {
  if (req.path.starts_with("/api/")) return dispatch(state.router, req);
  if (auto r = state.files.serve(req)) return *r;
  return dispatch(state.router, req);  // gives the 404 / 405 problem
}

Response error_response(ErrorKind kind, std::string code, std::vector<std::string> args,
                        const std::string& accept_language) {
  return problem_response(Error(kind, std::move(code), std::move(args)),
                          lang_from_accept_language(accept_language));
}

void add_common_headers(Response& r) {
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

awaitable<void> write_response(beast::tcp_stream& stream, Response r, unsigned version,
                               bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), version};
  out.set(bhttp::field::server, "relais");
  for (const auto& [name, value] : r.headers) out.insert(name, value);
  out.body() = std::move(r.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  co_await bhttp::async_write(stream, out, use_awaitable);
}

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
awaitable<void> drain_and_close(beast::tcp_stream& stream) {
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

awaitable<void> session(ServerState& state, tcp::socket socket) {
  boost::system::error_code peer_ec;
  const auto peer = socket.remote_endpoint(peer_ec);
  const std::string client = peer_ec ? std::string("-") : peer.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  const auto& opt = state.options;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
    parser.body_limit(opt.body_limit);

    stream.expires_after(opt.idle_timeout);
    auto [ec_header, n_header] =
        co_await bhttp::async_read_header(stream, buffer, parser, net::as_tuple(use_awaitable));
    if (ec_header) {
      if (ec_header == bhttp::error::body_limit) {
        // Beast checks Content-Length against the limit as soon as the header is parsed.
        Response r = error_response(ErrorKind::kPayloadTooLarge, "body_too_large",
                                    {std::to_string(opt.body_limit)},
                                    std::string(parser.get()[bhttp::field::accept_language]));
        add_common_headers(r);
        co_await write_response(stream, r, 11, false);
        co_await drain_and_close(stream);
      } else if (ec_header == bhttp::error::header_limit) {
        Response r = error_response(ErrorKind::kHeaderTooLarge, "header_too_large",
                                    {std::to_string(opt.header_limit)}, "");
        co_await write_response(stream, r, 11, false);
        co_await drain_and_close(stream);
      } else if (ec_header != bhttp::error::end_of_stream && ec_header != beast::error::timeout &&
                 ec_header != net::error::eof && ec_header != net::error::connection_reset) {
        Response r =
            error_response(ErrorKind::kBadRequest, "bad_request", {ec_header.message()}, "");
        co_await write_response(stream, r, 11, false);
        co_await drain_and_close(stream);
      }
      co_return;
    }
    const std::string accept_language(parser.get()[bhttp::field::accept_language]);

    stream.expires_after(opt.request_timeout);
    auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, net::as_tuple(use_awaitable));
    if (ec) {
      if (ec == bhttp::error::body_limit) {
        Response r = error_response(ErrorKind::kPayloadTooLarge, "body_too_large",
                                    {std::to_string(opt.body_limit)}, accept_language);
        add_common_headers(r);
        co_await write_response(stream, r, parser.get().version(), false);
        co_await drain_and_close(stream);
      }
      co_return;
    }

    auto started = std::chrono::steady_clock::now();
    const auto& in = parser.get();
    Request req;
    req.client = client;
    Response res;
    ++state.active;
    if (!to_request(in, req)) {
      res = error_response(ErrorKind::kBadRequest, "bad_request", {std::string(in.target())},
                           accept_language);
    } else if (req.path.starts_with("/api/") &&
               state.router.match(req).cost == Router::Cost::kSlow) {
      res = co_await net::co_spawn(
          state.slow_pool, [&]() -> awaitable<Response> { co_return handle(state, req); },
          use_awaitable);
    } else {
      co_await learn_before_handling(opt, req);
      res = handle(state, req);
    }
    --state.active;
    add_common_headers(res);
    bool keep_alive = in.keep_alive() && !state.stopping;
    stream.expires_after(opt.request_timeout);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    spdlog::info("{} {} {} {}B {:.1f}ms", in.method_string(), loggable_target(in.target()),
                 res.status, res.body.size(), static_cast<double>(micros) / 1000.0);
    co_await write_response(stream, std::move(res), in.version(), keep_alive);
    if (!keep_alive) {
      boost::system::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
  }
}

// Each connection lives on one io_context run by one thread, picked in turn: no strand, no
// lock and no cross-thread wake-up on the path of a request.
awaitable<void> accept_loop(ServerState& state, tcp::acceptor& acceptor,
                            std::vector<std::unique_ptr<net::io_context>>& contexts) {
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
    net::co_spawn(executor, session(state, std::move(socket)), [](std::exception_ptr e) {
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

  tcp::endpoint endpoint(net::ip::make_address(options.host), options.port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  const unsigned short port = acceptor.local_endpoint().port();

  net::co_spawn(ioc, accept_loop(state, acceptor, contexts), net::detached);

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
    deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    wait_for_requests();
  });

  spdlog::info("relais listening on http://{}:{}/ ({} threads, {} web files)", options.host, port,
               threads, files.size());
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
