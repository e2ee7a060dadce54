// The HTTP/1.1 server: the only code that sees Boost.Asio and Boost.Beast.
//
// One listening socket; every accepted connection is handed round-robin to
// one of N threads, each running its own `io_context`, and stays on it. A
// connection serves requests one after another (keep-alive) and is closed
// when a limit is hit:
//   - idle timeout: waiting for the first byte of the next request
//   - header timeout: the complete header once its first byte arrived
//   - body timeout: the complete body
//   - write timeout: the complete response
//   - header limit: 431 and close; body limit: 413 and close (a request that
//     `large_body` names, an uploaded document, has `large_body_limit` instead)
//   - malformed request: 400 and close
// With a worker pool (`ServerOptions::workers.threads` > 0), requests run on
// the pool's threads except those `runs_inline` names (cheap ones: /healthz,
// static files), which run on the connection's thread; the connection waits
// for its answer without holding its I/O thread. A full queue, or a request
// that waited longer than the queue time-out, is answered 503 with
// `Retry-After`. Without a pool every handler runs on the connection's thread.
//
// Graceful shutdown (`shutdown()`, SIGTERM or SIGINT when `run(true)`): stop
// accepting, close idle connections, let requests in progress finish (their
// responses say `Connection: close`), and stop when none is left or the
// shutdown timeout has passed.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "lap/core/error.h"
#include "lap/server/router.h"
#include "lap/server/worker_pool.h"

namespace lap::server::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see `HttpServer::port()`)
  int threads = 0;       // 0: one per core
  std::size_t header_limit = std::size_t{16} * 1024;
  std::size_t body_limit = std::size_t{1024} * 1024;
  // The requests (method and path, without the query) that may carry a body
  // up to `large_body_limit` instead of `body_limit`: the upload of a document.
  // Every other request keeps `body_limit`.
  std::function<bool(std::string_view method, std::string_view path)> large_body;
  std::size_t large_body_limit = 0;
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds header_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds body_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds shutdown_timeout{std::chrono::seconds(10)};
  // Heavy requests run here; threads 0: no pool, everything runs inline.
  WorkerPoolOptions workers{.threads = 0};
  // Which requests run on the I/O thread although there is a pool.
  std::function<bool(const Request&)> runs_inline;
};

// Answers one request. Called concurrently from the server's threads; must
// not throw (`Service::handle` does not).
using DispatchFn = std::function<Response(Request&)>;
// Told about each request refused before dispatch (status 400, 413 or 431 and
// the size of the problem body). Called concurrently; must not throw.
using RejectFn = std::function<void(int status, std::size_t bytes)>;

class HttpServer {
 public:
  HttpServer(ServerOptions options, DispatchFn dispatch, RejectFn on_reject = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. kInvalidArgument for a bad address, kIo when the
  // socket cannot be bound.
  Status listen();
  // The bound port (after `listen`).
  uint16_t port() const;
  // The number of I/O threads `run` uses.
  int threads() const;
  // The worker pool; null without one.
  const WorkerPool* workers() const;
  // Whether the graceful shutdown has begun.
  bool stopping() const;

  // Serves until shutdown; returns true when every connection finished before
  // the shutdown timeout. With `handle_signals`, SIGTERM and SIGINT start the
  // graceful shutdown.
  bool run(bool handle_signals);
  // Starts the graceful shutdown; callable from any thread, idempotent.
  void shutdown();

  // The implementation (public only so that the connection type in server.cc
  // can name it).
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace lap::server::http
