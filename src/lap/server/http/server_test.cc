#include "lap/server/http/server.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace lap::server::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// A server on a free port of 127.0.0.1, running on its own thread.
class Running {
 public:
  explicit Running(ServerOptions options, DispatchFn fn = echo, RejectFn on_reject = {})
      : server_(
            [&] {
              options.port = 0;
              options.threads = 2;
              return options;
            }(),
            std::move(fn), std::move(on_reject)) {
    EXPECT_TRUE(server_.listen().has_value());
    result_ = std::async(std::launch::async, [this] { return server_.run(false); });
  }
  ~Running() {
    server_.shutdown();
    if (result_.valid()) result_.wait();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  uint16_t port() const { return server_.port(); }
  HttpServer& server() { return server_; }
  std::future<bool>& result() { return result_; }

  static Response echo(Request& r) {
    auto response = Response::json(
        200, "{\"path\":\"" + r.path + "\",\"bytes\":" + std::to_string(r.body.size()) + "}");
    return response;
  }

 private:
  HttpServer server_;
  std::future<bool> result_;
};

struct Client {
  explicit Client(uint16_t port) : socket(ioc) {
    socket.connect(Tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  void send(const std::string& raw) { asio::write(socket, asio::buffer(raw)); }
  bhttp::response<bhttp::string_body> receive() {
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    return res;
  }
  // True when the server closed the connection.
  bool closed() {
    beast::error_code ec;
    char c = 0;
    socket.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  asio::io_context ioc;
  Tcp::socket socket;
  beast::flat_buffer buffer;
};

TEST(HttpServer, KeepAliveServesSeveralRequests) {
  Running running({});
  Client client(running.port());
  for (int i = 0; i < 3; ++i) {
    client.send("GET /a/b?x=1 HTTP/1.1\r\nHost: t\r\n\r\n");
    auto res = client.receive();
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), R"({"path":"/a/b","bytes":0})");
    EXPECT_EQ(res[bhttp::field::content_type], "application/json");
    EXPECT_TRUE(res.keep_alive());
  }
  // Two pipelined requests.
  client.send(
      "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabcGET /q HTTP/1.1\r\nHost: "
      "t\r\n\r\n");
  EXPECT_EQ(client.receive().body(), R"({"path":"/p","bytes":3})");
  EXPECT_EQ(client.receive().body(), R"({"path":"/q","bytes":0})");
}

TEST(HttpServer, HeadHasNoBody) {
  Running running({});
  Client client(running.port());
  client.send("HEAD /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n");
  bhttp::response_parser<bhttp::string_body> parser;
  parser.skip(true);
  bhttp::read(client.socket, client.buffer, parser);
  EXPECT_EQ(parser.get()[bhttp::field::content_length], "23");
  EXPECT_EQ(client.receive().body(), R"({"path":"/b","bytes":0})");
}

TEST(HttpServer, OversizedBodyIs413) {
  ServerOptions options;
  options.body_limit = 1000;
  std::atomic<int> rejected{0};
  Running running(options, Running::echo, [&rejected](int status, std::size_t) {
    EXPECT_EQ(status, 413);
    ++rejected;
  });
  {
    Client client(running.port());
    client.send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n");
    auto res = client.receive();
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_NE(res.body().find(R"("code":"body_too_large")"), std::string::npos);
    EXPECT_FALSE(res.keep_alive());
  }
  {
    // Chunked bodies are limited as they arrive.
    Client client(running.port());
    std::string chunk(600, 'x');
    client.send("POST /p HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
                "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(client.receive().result_int(), 413);
  }
  {
    Client client(running.port());
    client.send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" +
                std::string(1000, 'x'));
    EXPECT_EQ(client.receive().result_int(), 200);
  }
  EXPECT_EQ(rejected.load(), 2);
}

// The upload of a document may carry more than every other request; nothing
// else gains from its limit, a chunked body included.
TEST(HttpServer, TheLargeBodyRouteHasItsOwnLimit) {
  ServerOptions options;
  options.body_limit = 1000;
  options.large_body_limit = 5000;
  options.large_body = [](std::string_view method, std::string_view path) {
    return method == "PUT" && path == "/upload";
  };
  Running running(options);
  auto post = [&](const std::string& method, const std::string& target, size_t bytes) {
    Client client(running.port());
    client.send(method + " " + target + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                std::to_string(bytes) + "\r\n\r\n" + std::string(bytes, 'x'));
    return client.receive().result_int();
  };
  EXPECT_EQ(post("PUT", "/upload?file=a.pdf", 5000), 200);
  EXPECT_EQ(post("PUT", "/upload", 5001), 413);
  EXPECT_EQ(post("POST", "/upload", 1001), 413);  // another method
  EXPECT_EQ(post("PUT", "/other", 1001), 413);
  EXPECT_EQ(post("PUT", "/other", 1000), 200);
  Client client(running.port());
  std::string chunk(600, 'x');
  client.send("PUT /other HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" +
              chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
  EXPECT_EQ(client.receive().result_int(), 413);
}

TEST(HttpServer, OversizedHeaderIs431AndGarbageIs400) {
  ServerOptions options;
  options.header_limit = 2048;
  Running running(options);
  {
    Client client(running.port());
    client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n");
    EXPECT_EQ(client.receive().result_int(), 431);
  }
  {
    Client client(running.port());
    client.send("NOT HTTP AT ALL\r\n\r\n");
    EXPECT_EQ(client.receive().result_int(), 400);
  }
}

TEST(HttpServer, ClosesIdleConnections) {
  ServerOptions options;
  options.header_timeout = 200ms;
  options.idle_timeout = 200ms;
  Running running(options);
  Client client(running.port());
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(HttpServer, ShutdownFinishesRequestsInProgress) {
  std::promise<void> entered;
  auto slow = [&entered](Request& r) {
    entered.set_value();
    std::this_thread::sleep_for(400ms);
    return Running::echo(r);
  };
  Running running({}, slow);
  const uint16_t port = running.port();
  Client idle(running.port());
  Client busy(running.port());
  busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  entered.get_future().wait();
  running.server().shutdown();
  auto res = busy.receive();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_FALSE(res.keep_alive());  // Connection: close
  EXPECT_TRUE(idle.closed());
  ASSERT_EQ(running.result().wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(running.result().get());
  // Nothing listens any more.
  asio::io_context ioc;
  Tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(Tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  EXPECT_TRUE(ec);
}

// Finding 8 of the security review: 8 person lists made /healthz wait 0.7 s.
// With workers, heavy requests leave the I/O threads free for cheap ones.
TEST(HttpServer, SlowRequestsOnTheWorkersDoNotDelayHealthz) {
  std::atomic<int> heavy_running{0};
  auto dispatch = [&heavy_running](Request& r) {
    if (r.path == "/heavy") {
      heavy_running.fetch_add(1);
      std::this_thread::sleep_for(600ms);
      heavy_running.fetch_sub(1);
    }
    return Running::echo(r);
  };
  ServerOptions options;
  options.workers = WorkerPoolOptions{.threads = 4};
  options.runs_inline = [](const Request& r) { return r.path == "/healthz"; };
  Running running(options, dispatch);
  std::vector<std::unique_ptr<Client>> heavy;
  for (int i = 0; i < 16; ++i) {
    heavy.push_back(std::make_unique<Client>(running.port()));
    heavy.back()->send("GET /heavy HTTP/1.1\r\nHost: t\r\n\r\n");
  }
  while (heavy_running.load() < 4)
    std::this_thread::sleep_for(1ms);
  Client health(running.port());
  auto worst = std::chrono::nanoseconds(0);
  for (int i = 0; i < 20; ++i) {
    auto start = std::chrono::steady_clock::now();
    health.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(health.receive().result_int(), 200);
    worst = std::max(worst, std::chrono::steady_clock::now() - start);
  }
  // Inline requests never wait for a worker (600 ms each, four at a time).
  EXPECT_LT(worst, 300ms);
  EXPECT_GT(heavy_running.load(), 0);  // the heavy ones were still running
  for (auto& c : heavy)
    EXPECT_EQ(c->receive().result_int(), 200);
}

TEST(HttpServer, AFullWorkerQueueAnswers503WithRetryAfter) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> rejected{0};
  auto dispatch = [gate](Request& r) {
    gate.wait();
    return Running::echo(r);
  };
  ServerOptions options;
  options.workers = WorkerPoolOptions{.threads = 1, .queue_limit = 1};
  Running running(options, dispatch, [&rejected](int status, std::size_t) {
    if (status == 503) rejected.fetch_add(1);
  });
  Client first(running.port());
  first.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
  const WorkerPool* pool = running.server().workers();
  ASSERT_NE(pool, nullptr);
  while (pool->busy() < 1)
    std::this_thread::sleep_for(1ms);
  Client second(running.port());
  second.send("GET /b HTTP/1.1\r\nHost: t\r\n\r\n");
  while (pool->queued() < 1)
    std::this_thread::sleep_for(1ms);
  Client third(running.port());
  third.send("GET /c HTTP/1.1\r\nHost: t\r\n\r\n");
  auto refused = third.receive();
  EXPECT_EQ(refused.result_int(), 503);
  EXPECT_EQ(refused[bhttp::field::retry_after], "2");
  EXPECT_EQ(rejected.load(), 1);
  release.set_value();
  EXPECT_EQ(first.receive().result_int(), 200);
  EXPECT_EQ(second.receive().result_int(), 200);
}

}  // namespace
}  // namespace lap::server::http
