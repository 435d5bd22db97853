// ProxyHandler behind a real core::server::Server (HTTP/1.1 on 127.0.0.1, two workers) in
// front of a scripted origin, with a plain blocking socket as the viewer.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.h"
#include "core/server/server.h"
#include "edge/proxy/proxy_handler.h"
#include "tests/unit/core/client/scripted_origin.h"

namespace edge::proxy {
namespace {

// A viewer's connection: writes raw requests, reads raw responses.
class Viewer {
 public:
  explicit Viewer(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) == 0;
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~Viewer() { ::close(fd_); }
  bool connected() const { return connected_; }

  void send(std::string_view bytes) { (void)!::send(fd_, bytes.data(), bytes.size(), 0); }

  struct Response {
    std::string head;  // status line and fields
    std::string body;
    bool whole = false;  // the body ended where its framing said
  };
  // One response; reads until its framing ends (Content-Length or chunked) or the close.
  Response read_response() {
    Response out;
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return out;
    }
    out.head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    const std::string lower = lowercase(out.head);
    if (out.head.starts_with("HTTP/1.1 304") || head_request_) {
      out.whole = true;
      return out;
    }
    if (auto cl = field(lower, "content-length: ")) {
      const size_t length = std::stoul(*cl);
      while (buffer_.size() < length) {
        if (!fill()) {
          out.body = buffer_;
          buffer_.clear();
          return out;
        }
      }
      out.body = buffer_.substr(0, length);
      buffer_.erase(0, length);
      out.whole = true;
      return out;
    }
    if (field(lower, "transfer-encoding: ")) {
      for (;;) {
        size_t line_end;
        while ((line_end = buffer_.find("\r\n")) == std::string::npos) {
          if (!fill()) return out;
        }
        const size_t size = std::stoul(buffer_.substr(0, line_end), nullptr, 16);
        while (buffer_.size() < line_end + 2 + size + 2) {
          if (!fill()) return out;
        }
        out.body += buffer_.substr(line_end + 2, size);
        buffer_.erase(0, line_end + 2 + size + 2);
        if (size == 0) {
          out.whole = true;
          return out;
        }
      }
    }
    while (fill()) {
    }
    out.body = buffer_;
    return out;
  }
  // True when the edge closed the connection (reads EOF or an error).
  bool closed() {
    char c;
    return ::recv(fd_, &c, 1, 0) <= 0;
  }
  bool head_request_ = false;

 private:
  static std::string lowercase(std::string s) {
    for (char& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  static std::optional<std::string> field(const std::string& lower_head, std::string_view name) {
    const size_t at = lower_head.find(name);
    if (at == std::string::npos) return std::nullopt;
    const size_t begin = at + name.size();
    return lower_head.substr(begin, lower_head.find("\r\n", begin) - begin);
  }
  bool fill() {
    char block[65536];
    const ssize_t n = ::recv(fd_, block, sizeof(block), 0);
    if (n <= 0) return false;
    buffer_.append(block, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

class ServerProxyTest : public ::testing::Test {
 protected:
  void start(const test::ScriptedOrigin& origin) {
    auto config = std::make_shared<ProxyConfig>();
    config->origins = {origin.url()};
    config->pop = "srv-pop";
    core::server::ServerConfig server_config;
    server_config.listeners = {core::server::Listener{"127.0.0.1:0", false}};
    server_config.workers = 2;
    auto started = core::server::Server::start(
        server_config,
        [this,
         config](core::server::WorkerContext& worker) -> std::unique_ptr<core::http::Handler> {
          auto handler =
              ProxyHandler::create(worker, config, clock_, [this](const AccessRecord& r) {
                std::lock_guard lock(mutex_);
                outcomes_.push_back(std::string(r.outcome));
              });
          if (!handler) return nullptr;
          return std::move(*handler);
        },
        exposition_);
    ASSERT_TRUE(started.has_value()) << started.error();
    server_ = std::move(*started);
    port_ = server_->ports().at(0);
  }
  // The access log's outcomes once `count` records arrived from the workers (or after a
  // generous guard).
  std::vector<std::string> logged_outcomes(size_t count) {
    for (int i = 0; i < 1000; ++i) {
      {
        std::lock_guard lock(mutex_);
        if (outcomes_.size() >= count) return outcomes_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard lock(mutex_);
    return outcomes_;
  }
  void TearDown() override {
    if (server_) server_->shutdown(std::chrono::milliseconds(2000));
  }

  core::base::SystemClock clock_;
  core::metrics::Exposition exposition_;
  std::unique_ptr<core::server::Server> server_;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::vector<std::string> outcomes_;
};

TEST_F(ServerProxyTest, KeepAliveViewerAndPooledOrigin) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string& request) {
    if (request.find("chunked") != std::string::npos) {
      peer.send(test::chunked_response({"part one, ", "part two"}));
    } else {
      peer.send(test::fixed_response("fixed body", "Connection: keep-alive\r\n"));
    }
  });
  start(origin);
  Viewer viewer(port_);
  ASSERT_TRUE(viewer.connected());
  viewer.send("GET /v/clip/seg_0.m4s HTTP/1.1\r\nHost: edge\r\n\r\n");
  const auto first = viewer.read_response();
  EXPECT_TRUE(first.head.starts_with("HTTP/1.1 200")) << first.head;
  EXPECT_TRUE(first.whole);
  EXPECT_EQ(first.body, "fixed body");
  EXPECT_NE(first.head.find("via: 1.1 srv-pop"), std::string::npos) << first.head;
  EXPECT_EQ(first.head.find("keep-alive"), std::string::npos) << first.head;

  viewer.send("GET /v/clip/chunked HTTP/1.1\r\nHost: edge\r\n\r\n");
  const auto second = viewer.read_response();
  EXPECT_TRUE(second.whole);
  EXPECT_EQ(second.body, "part one, part two");
  // Same viewer connection, same worker: the origin connection was reused.
  EXPECT_EQ(origin.connections(), 1);
}

TEST_F(ServerProxyTest, HeadAndRefusals) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 4321\r\n\r\n");
  });
  start(origin);
  Viewer viewer(port_);
  viewer.head_request_ = true;
  viewer.send("HEAD /v/clip/seg_0.m4s HTTP/1.1\r\nHost: edge\r\n\r\n");
  const auto head = viewer.read_response();
  EXPECT_NE(head.head.find("Content-Length: 4321"), std::string::npos) << head.head;

  Viewer hostile(port_);
  hostile.send("GET /v/%2e%2e/secret HTTP/1.1\r\nHost: edge\r\n\r\n");
  EXPECT_TRUE(hostile.read_response().head.starts_with("HTTP/1.1 400"));
  Viewer post(port_);
  post.send("POST /v/clip/x HTTP/1.1\r\nHost: edge\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_TRUE(post.read_response().head.starts_with("HTTP/1.1 405"));
  EXPECT_EQ(origin.requests().size(), 1u);
  EXPECT_EQ(logged_outcomes(3).size(), 3u);
}

TEST_F(ServerProxyTest, TruncatedOriginBodyClosesTheViewerConnection) {
  test::ScriptedOrigin origin([](test::OriginPeer& peer, const std::string&) {
    peer.send("HTTP/1.1 200 OK\r\nContent-Length: 50000\r\n\r\n" + std::string(20000, 't'));
    peer.close();
  });
  start(origin);
  Viewer viewer(port_);
  viewer.send("GET /v/clip/seg_0.m4s HTTP/1.1\r\nHost: edge\r\n\r\n");
  const auto response = viewer.read_response();
  EXPECT_TRUE(response.head.starts_with("HTTP/1.1 200"));
  EXPECT_FALSE(response.whole);
  EXPECT_LT(response.body.size(), 50000u);
  EXPECT_TRUE(viewer.closed());
  EXPECT_EQ(logged_outcomes(1), std::vector<std::string>{"aborted"});
}

}  // namespace
}  // namespace edge::proxy
