// Server::start and the server object: binds every listener once per worker (port 0 is
// resolved by the first worker's socket), starts the worker threads, and stops them.
#include <event2/thread.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/server/listen_socket.h"
#include "core/server/server.h"
#include "core/server/worker.h"

namespace core::server {
namespace {

class ServerImpl final : public Server {
 public:
  ServerImpl(ServerConfig config, metrics::Exposition& exposition) : exposition_(exposition) {
    shared_.tls.store(config.tls);
    shared_.config = std::move(config);
  }

  ~ServerImpl() override {
    shutdown(std::chrono::milliseconds(0));
    for (const auto& worker : workers_)
      exposition_.remove(worker->registry());
  }

  std::expected<void, std::string> bind_and_start(const HandlerFactory& factory);

  std::vector<uint16_t> ports() const override { return ports_; }
  void reload_tls(std::shared_ptr<const tls::TlsContext> tls) override {
    shared_.tls.store(std::move(tls));
  }
  void shutdown(std::chrono::milliseconds deadline) override;
  void post(int index, std::function<void()> task) override {
    if (index >= 0 && index < workers())
      workers_[static_cast<size_t>(index)]->post(std::move(task));
  }
  int workers() const override { return static_cast<int>(workers_.size()); }

 private:
  std::expected<std::vector<ListenSocket>, std::string> bind_worker(
      const std::vector<SocketAddress>& addresses, bool first);

  metrics::Exposition& exposition_;
  SharedState shared_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<uint16_t> ports_;
  std::mutex shutdown_mutex_;
  bool stopped_ = false;
};

std::expected<std::vector<ListenSocket>, std::string> ServerImpl::bind_worker(
    const std::vector<SocketAddress>& addresses, bool first) {
  const std::vector<Listener>& listeners = shared_.config.listeners;
  std::vector<ListenSocket> sockets;
  for (size_t i = 0; i < listeners.size(); ++i) {
    // Later workers bind the port the first one got, which matters when it asked for 0.
    const SocketAddress address = first ? addresses[i] : with_port(addresses[i], ports_[i]);
    auto fd = open_listen_socket(address, listeners[i].address);
    if (!fd) return std::unexpected(fd.error());
    if (first) ports_.push_back(bound_port(fd->get()));
    sockets.push_back(ListenSocket{std::move(*fd), listeners[i].tls});
  }
  return sockets;
}

std::expected<void, std::string> ServerImpl::bind_and_start(const HandlerFactory& factory) {
  const ServerConfig& config = shared_.config;
  if (config.workers < 1) return std::unexpected("workers must be at least 1");
  if (config.listeners.empty()) return std::unexpected("no listener configured");
  std::vector<SocketAddress> addresses;
  for (const Listener& listener : config.listeners) {
    auto address = parse_listen_address(listener.address);
    if (!address) return std::unexpected(address.error());
    if (listener.tls && !config.tls) {
      return std::unexpected("listener " + listener.address +
                             " wants TLS but no certificate is "
                             "configured");
    }
    addresses.push_back(*address);
  }
  // Everything is bound before any thread starts, so a failure leaves nothing running.
  for (int i = 0; i < config.workers; ++i) {
    auto sockets = bind_worker(addresses, i == 0);
    if (!sockets) return std::unexpected(sockets.error());
    auto worker = std::make_unique<Worker>(i, shared_);
    if (auto opened = worker->open(std::move(*sockets)); !opened) {
      return std::unexpected(opened.error());
    }
    workers_.push_back(std::move(worker));
  }
  for (const auto& worker : workers_) {
    if (auto started = worker->start(factory); !started) {
      shutdown(std::chrono::milliseconds(0));
      return std::unexpected(started.error());
    }
  }
  for (const auto& worker : workers_)
    exposition_.add(worker->registry());
  return {};
}

void ServerImpl::shutdown(std::chrono::milliseconds deadline) {
  std::lock_guard lock(shutdown_mutex_);
  if (stopped_) return;
  for (const auto& worker : workers_)
    worker->stop(deadline);
  for (const auto& worker : workers_)
    worker->join();
  stopped_ = true;
}

}  // namespace

std::expected<std::unique_ptr<Server>, std::string> Server::start(ServerConfig config,
                                                                  const HandlerFactory& handlers,
                                                                  metrics::Exposition& exposition) {
  // Before any loop exists: cross-thread event_active() needs libevent's locks. Repeating
  // the call with the same functions is harmless.
  if (evthread_use_pthreads() != 0) return std::unexpected("libevent has no pthreads support");
  auto server = std::make_unique<ServerImpl>(std::move(config), exposition);
  if (auto started = server->bind_and_start(handlers); !started) {
    return std::unexpected(started.error());
  }
  return server;
}

}  // namespace core::server
