#include "lap/server/http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace lap::server::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using Tcp = asio::ip::tcp;

namespace {

class Session;

// One thread's io_context and the connections living on it. `sessions` is
// touched only from that thread.
struct Context {
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      asio::make_work_guard(ioc)};
  std::vector<std::weak_ptr<Session>> sessions;
};

}  // namespace

struct HttpServer::Impl {
  Impl(ServerOptions o, DispatchFn d, RejectFn r)
      : options(std::move(o)), dispatch(std::move(d)), on_reject(std::move(r)) {
    int n = options.threads > 0
                ? options.threads
                : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    contexts.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
      contexts.push_back(std::make_unique<Context>());
    acceptor.emplace(contexts.front()->ioc);
    if (options.workers.threads > 0) workers = std::make_unique<WorkerPool>(options.workers);
  }

  void accept();
  void begin_shutdown();
  void poll_drained();
  void stop_all();

  ServerOptions options;
  DispatchFn dispatch;
  RejectFn on_reject;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> sessions{0};
  bool drained = true;
  std::chrono::steady_clock::time_point deadline;
  std::size_t next_context = 0;
  // Destroyed before the members above: the sessions they own refer to them.
  std::vector<std::unique_ptr<Context>> contexts;
  std::optional<Tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  std::optional<asio::steady_timer> drain_timer;
  // Destroyed before the contexts: a job still running posts its answer to one.
  std::unique_ptr<WorkerPool> workers;
};

namespace {

// One connection. Lives on its context's thread only; owned by the pending
// asynchronous operation (shared_from_this).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    server_.sessions.fetch_add(1, std::memory_order_relaxed);
  }
  ~Session() { server_.sessions.fetch_sub(1, std::memory_order_relaxed); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start(Context& context) {
    context.sessions.erase(
        std::remove_if(context.sessions.begin(), context.sessions.end(),
                       [](const std::weak_ptr<Session>& w) { return w.expired(); }),
        context.sessions.end());
    context.sessions.push_back(weak_from_this());
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
    (void)stream_.socket().set_option(Tcp::no_delay(true), ec);
    wait_for_request();
  }

  // Called on the session's thread when the server shuts down.
  void on_shutdown() {
    if (idle_) {
      beast::error_code ec;
      (void)stream_.socket().shutdown(Tcp::socket::shutdown_both, ec);
      (void)stream_.socket().close(ec);
    }
  }

 private:
  void wait_for_request() {
    if (server_.stopping.load(std::memory_order_relaxed)) return close();
    if (buffer_.size() > 0) return read_header();
    idle_ = true;
    stream_.expires_after(first_ ? server_.options.header_timeout : server_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->on_first_bytes(ec, n);
                            });
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    idle_ = false;
    if (ec) return close();
    buffer_.commit(n);
    read_header();
  }

  void read_header() {
    first_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    parser_->body_limit(widest_body_limit());
    stream_.expires_after(server_.options.header_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return send_error(431, "header_too_large", "The request header is too large.");
    }
    if (ec == bhttp::error::body_limit) {
      return send_error(413, "body_too_large", "The request body is too large.");
    }
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      return close();
    }
    if (ec) return send_error(400, "bad_request", "The request is not valid HTTP/1.1.");
    // The parser took the widest limit; this request's own is known now.
    if (const std::size_t limit = body_limit_of(parser_->get()); limit < widest_body_limit()) {
      const auto length = parser_->content_length();
      if (length && *length > limit) {
        return send_error(413, "body_too_large", "The request body is too large.");
      }
      parser_->body_limit(limit);
    }
    if (parser_->is_done()) return handle();
    auto& header = parser_->get();
    auto expect = header[bhttp::field::expect];
    stream_.expires_after(server_.options.body_timeout);
    if (beast::iequals(expect, "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](beast::error_code e, std::size_t) {
                          if (e) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  std::size_t widest_body_limit() const {
    const auto& o = server_.options;
    return o.large_body ? std::max(o.body_limit, o.large_body_limit) : o.body_limit;
  }

  // `large_body_limit` for the requests `large_body` names, else `body_limit`.
  template <typename Header>
  std::size_t body_limit_of(const Header& header) const {
    const auto& o = server_.options;
    if (!o.large_body) return o.body_limit;
    const auto target = header.target();
    std::string_view path(target.data(), target.size());
    path = path.substr(0, path.find('?'));
    const auto method = header.method_string();
    return o.large_body(std::string_view(method.data(), method.size()), path)
               ? std::max(o.body_limit, o.large_body_limit)
               : o.body_limit;
  }

  void read_body() {
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return send_error(413, "body_too_large", "The request body is too large.");
    }
    if (ec) return close();
    handle();
  }

  void handle() {
    auto message = parser_->release();
    parser_.reset();
    Request request;
    request.method = std::string(message.method_string());
    set_target(request, std::string_view(message.target().data(), message.target().size()));
    request.headers.reserve(16);
    for (const auto& field : message) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.remote_address = remote_;
    Reply reply{message.version(), message.keep_alive(), message.method() == bhttp::verb::head};
    WorkerPool* pool = server_.workers.get();
    if (pool == nullptr || (server_.options.runs_inline && server_.options.runs_inline(request))) {
      return answer(server_.dispatch(request), reply);
    }
    // The connection's timer must not fire while no operation is pending.
    stream_.expires_never();
    auto shared = std::make_shared<Request>(std::move(request));
    bool queued = pool->try_submit([self = shared_from_this(), shared, reply](bool expired) {
      Response response = expired ? self->busy() : self->server_.dispatch(*shared);
      asio::post(self->stream_.get_executor(),
                 [self, reply, response = std::move(response)]() mutable {
                   self->answer(std::move(response), reply);
                 });
    });
    if (!queued) answer(busy(), reply);
  }

  // What the request line said about the answer.
  struct Reply {
    unsigned version;
    bool keep_alive;
    bool head;
  };

  void answer(Response response, const Reply& reply) {
    bool keep_alive = reply.keep_alive && !server_.stopping.load(std::memory_order_relaxed);
    write(std::move(response), reply.version, keep_alive, reply.head);
  }

  // The answer to a request the workers cannot take (queue full) or took too
  // late (it waited longer than the queue time-out).
  Response busy() const {
    auto response = Response::problem(
        503, "busy", "De server is even overbelast; probeer het over enkele seconden opnieuw.");
    response.headers.emplace_back("Retry-After", "2");
    if (server_.on_reject) server_.on_reject(503, response.body.size());
    return response;
  }

  // An error found before the request was read completely: answer and close.
  // The rest of the request is read and thrown away for a moment first, so
  // that the client is not reset before it has read the answer.
  void send_error(int status, std::string_view code, std::string_view text) {
    lingering_ = true;
    auto response = Response::problem(status, code, text);
    if (server_.on_reject) server_.on_reject(status, response.body.size());
    write(std::move(response), 11, false, false);
  }

  void linger() {
    lingering_ = false;
    beast::error_code ec;
    (void)stream_.socket().shutdown(Tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::milliseconds(500));
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(discard_.data(), discard_.size()),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->drain();
                            });
  }

  void write(Response response, unsigned version, bool keep_alive, bool head) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    res->set(bhttp::field::server, "lap");
    if (!response.content_type.empty()) res->set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers)
      res->set(name, value);
    res->keep_alive(keep_alive);
    std::size_t size = response.body.size();
    if (head) {
      res->content_length(size);
    } else {
      res->body() = std::move(response.body);
      res->prepare_payload();
    }
    bool close_after = res->need_eof() || !keep_alive;
    stream_.expires_after(server_.options.write_timeout);
    if (head) {
      // The header alone: a HEAD response has no body whatever its length.
      auto serializer = std::make_shared<bhttp::response_serializer<bhttp::string_body>>(*res);
      bhttp::async_write_header(
          stream_, *serializer,
          [self = shared_from_this(), res, serializer, close_after](
              beast::error_code ec, std::size_t) { self->on_write(ec, close_after); });
      return;
    }
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, close_after](
                           beast::error_code ec, std::size_t) { self->on_write(ec, close_after); });
  }

  void on_write(beast::error_code ec, bool close_after) {
    if (!ec && lingering_) return linger();
    if (ec || close_after) return close();
    wait_for_request();
  }

  void close() {
    idle_ = false;
    beast::error_code ec;
    (void)stream_.socket().shutdown(Tcp::socket::shutdown_send, ec);
    (void)stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string remote_;
  bool idle_ = false;
  bool first_ = true;
  bool lingering_ = false;
  std::array<char, 16384> discard_{};
};

}  // namespace

void HttpServer::Impl::accept() {
  Context& target = *contexts[next_context];
  next_context = (next_context + 1) % contexts.size();
  acceptor->async_accept(target.ioc, [this, &target](beast::error_code ec, Tcp::socket socket) {
    if (ec) {
      if (stopping.load()) return;
      // Out of file descriptors and the like: try again shortly.
      auto timer = std::make_shared<asio::steady_timer>(contexts.front()->ioc,
                                                        std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) {
        if (!stopping.load()) accept();
      });
      return;
    }
    auto session = std::make_shared<Session>(std::move(socket), *this);
    asio::post(target.ioc, [session, &target] { session->start(target); });
    accept();
  });
}

void HttpServer::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  (void)acceptor->close(ec);
  if (signals) (void)signals->cancel(ec);
  for (auto& context : contexts) {
    Context* c = context.get();
    asio::post(c->ioc, [c] {
      for (auto& weak : c->sessions) {
        if (auto s = weak.lock()) s->on_shutdown();
      }
    });
  }
  deadline = std::chrono::steady_clock::now() + options.shutdown_timeout;
  drain_timer.emplace(contexts.front()->ioc);
  poll_drained();
}

void HttpServer::Impl::poll_drained() {
  if (sessions.load() == 0) return stop_all();
  if (std::chrono::steady_clock::now() >= deadline) {
    drained = false;
    return stop_all();
  }
  drain_timer->expires_after(std::chrono::milliseconds(20));
  drain_timer->async_wait([this](beast::error_code) { poll_drained(); });
}

void HttpServer::Impl::stop_all() {
  for (auto& context : contexts) {
    context->work.reset();
    context->ioc.stop();
  }
}

HttpServer::HttpServer(ServerOptions options, DispatchFn dispatch, RejectFn on_reject)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch), std::move(on_reject))) {
}

HttpServer::~HttpServer() = default;

Status HttpServer::listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: not an IP address", impl_->options.address));
  }
  Tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = *impl_->acceptor;
  auto fail = [&](std::string_view what) {
    return make_error(ErrorCode::kIo,
                      fmt::format("cannot {} {}:{}: {}", what, impl_->options.address,
                                  impl_->options.port, ec.message()));
  };
  (void)acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for");
  (void)acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("set options on");
  (void)acceptor.bind(endpoint, ec);
  if (ec) return fail("listen on");
  (void)acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  return {};
}

uint16_t HttpServer::port() const {
  beast::error_code ec;
  auto endpoint = impl_->acceptor->local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

int HttpServer::threads() const {
  return static_cast<int>(impl_->contexts.size());
}

const WorkerPool* HttpServer::workers() const {
  return impl_->workers.get();
}

bool HttpServer::stopping() const {
  return impl_->stopping.load(std::memory_order_relaxed);
}

bool HttpServer::run(bool handle_signals) {
  Impl& impl = *impl_;
  if (handle_signals) {
    impl.signals.emplace(impl.contexts.front()->ioc, SIGINT, SIGTERM);
    impl.signals->async_wait([&impl](beast::error_code ec, int) {
      if (!ec) impl.begin_shutdown();
    });
  }
  impl.accept();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.contexts.size(); ++i) {
    threads.emplace_back([c = impl.contexts[i].get()] { c->ioc.run(); });
  }
  impl.contexts.front()->ioc.run();
  for (auto& t : threads)
    t.join();
  return impl.drained;
}

void HttpServer::shutdown() {
  Impl* impl = impl_.get();
  asio::post(impl->contexts.front()->ioc, [impl] { impl->begin_shutdown(); });
}

}  // namespace lap::server::http
