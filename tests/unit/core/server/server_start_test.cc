// Starting the server: bind errors name the address and leave nothing running, port 0 is
// shared by every worker, work can be posted to a worker's loop, and the metrics table.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <set>
#include <string>
#include <thread>

#include "core/server/server_metrics.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

std::unique_ptr<http::Handler> no_handler(WorkerContext&) {
  return nullptr;
}

TEST(ServerStart, BindFailureNamesTheAddress) {
  // A plain socket (no SO_REUSEPORT) holds the port.
  const int holder = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(holder, 1), 0);
  socklen_t size = sizeof(address);
  ::getsockname(holder, reinterpret_cast<sockaddr*>(&address), &size);
  const std::string taken = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  ServerConfig config = testing::test_config();
  config.listeners = {Listener{"127.0.0.1:0", false}, Listener{taken, false}};
  config.workers = 2;
  metrics::Exposition exposition;
  testing::HandlerLog log;
  int factory_calls = 0;
  auto started = Server::start(
      config,
      [&](WorkerContext& worker) {
        ++factory_calls;
        return testing::make_test_handler(log, worker.index);
      },
      exposition);
  ::close(holder);
  ASSERT_FALSE(started.has_value());
  EXPECT_NE(started.error().find(taken), std::string::npos) << started.error();
  EXPECT_EQ(factory_calls, 0);  // no worker thread was started
  EXPECT_EQ(exposition.render().find("server_"), std::string::npos);
}

TEST(ServerStart, BadConfigurationsAreRefused) {
  metrics::Exposition exposition;
  ServerConfig bad_address = testing::test_config();
  bad_address.listeners = {Listener{"localhost:80", false}};
  auto started = Server::start(bad_address, no_handler, exposition);
  ASSERT_FALSE(started.has_value());
  EXPECT_NE(started.error().find("localhost:80"), std::string::npos);

  ServerConfig tls_without_context = testing::test_config();
  tls_without_context.listeners = {Listener{"127.0.0.1:0", true}};
  started = Server::start(tls_without_context, no_handler, exposition);
  ASSERT_FALSE(started.has_value());
  EXPECT_NE(started.error().find("TLS"), std::string::npos);

  ServerConfig no_listener = testing::test_config();
  no_listener.listeners.clear();
  EXPECT_FALSE(Server::start(no_listener, no_handler, exposition).has_value());
}

TEST(ServerStart, HandlerFactoryFailureStopsEverything) {
  metrics::Exposition exposition;
  ServerConfig config = testing::test_config();
  config.workers = 2;
  auto started = Server::start(config, no_handler, exposition);
  ASSERT_FALSE(started.has_value());
  EXPECT_NE(started.error().find("handler"), std::string::npos);
}

TEST(ServerStart, WorkersShareOnePortAndRunPostedTasks) {
  ServerConfig config = testing::test_config();
  config.workers = 3;
  config.listeners.push_back(Listener{"127.0.0.1:0", false});
  testing::TestServer server(config);
  ASSERT_EQ(server.server().workers(), 3);
  const auto ports = server.server().ports();
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_NE(ports[0], 0);
  EXPECT_NE(ports[1], 0);
  EXPECT_NE(ports[0], ports[1]);

  std::set<std::thread::id> threads;
  for (int i = 0; i < 3; ++i) {
    std::promise<std::thread::id> ran;
    server.server().post(i, [&ran] { ran.set_value(std::this_thread::get_id()); });
    threads.insert(ran.get_future().get());
  }
  EXPECT_EQ(threads.size(), 3u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);

  for (int i = 0; i < 30; ++i) {
    testing::TestClient client(ports[static_cast<size_t>(i % 2)]);
    client.send(testing::get("/hello"));
    const auto response = client.read_response();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body, "hello");
  }
  EXPECT_EQ(server.log().requests.load(), 30);
  const std::string text = server.exposition().render();
  EXPECT_NE(text.find("server_requests_total{protocol=\"http1\",code=\"200\"} 30"),
            std::string::npos)
      << text;
}

TEST(ServerStart, ConnectionLimitPerWorker) {
  ServerConfig config = testing::test_config();
  config.limits.max_connections_per_worker = 1;
  testing::TestServer server(config);
  testing::TestClient first(server.port());
  first.send(testing::get("/hello"));
  ASSERT_TRUE(first.read_response().has_value());
  testing::TestClient second(server.port());
  EXPECT_TRUE(second.wait_closed());
  EXPECT_EQ(server.counter(families::kConnectionsRefused, {"connection_limit"}), 1u);
}

TEST(ServerMetricsTable, NamesAreUniqueAndPrefixed) {
  std::set<std::string_view> names;
  for (const metrics::FamilySpec* family : families::kAll) {
    EXPECT_TRUE(family->name.starts_with("server_")) << family->name;
    EXPECT_FALSE(family->help.empty());
    EXPECT_TRUE(names.insert(family->name).second) << family->name;
  }
}

}  // namespace
}  // namespace core::server
