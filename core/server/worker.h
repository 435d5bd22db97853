// One worker thread of the server: its event loop, its own listening sockets, its handler,
// its metrics and the connections it accepted. Nothing here is shared with other workers;
// other threads reach a worker only through post().
#pragma once

#include <event2/event.h>
#include <event2/listener.h>

#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/metrics/registry.h"
#include "core/server/mailbox.h"
#include "core/server/server.h"
#include "core/server/server_metrics.h"

namespace core::server {

class Connection;

// What every worker reads and nothing on a loop writes, owned by the server.
struct SharedState {
  ServerConfig config;
  std::atomic<std::shared_ptr<const tls::TlsContext>> tls;
  base::SystemClock clock;
};

struct ListenSocket {
  base::UniqueFd fd;
  bool tls = false;
};

class Worker {
 public:
  Worker(int index, SharedState& shared);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // On the starting thread, before start(): the loop and a listener on each socket.
  std::expected<void, std::string> open(std::vector<ListenSocket> sockets);
  // Starts the thread, which builds its handler with `factory` and runs the loop. Returns
  // once the handler exists, or the reason it could not be built (the thread has then ended).
  std::expected<void, std::string> start(const HandlerFactory& factory);
  // Runs `task` on the loop thread; dropped once the loop has stopped. Thread-safe.
  void post(std::function<void()> task);
  // Stops accepting, lets connections finish until `deadline`, then closes the rest and ends
  // the loop. Thread-safe.
  void stop(std::chrono::milliseconds deadline);
  void join();

  metrics::Registry& registry() { return registry_; }

  // For connections, on the loop thread.
  event_base* loop() { return base_.get(); }
  const ServerConfig& config() const { return shared_.config; }
  const base::Clock& clock() const { return shared_.clock; }
  ServerMetrics& metrics() { return metrics_; }
  http::Handler& handler() { return *handler_; }
  Mailbox& mailbox() { return *mailbox_; }
  // Graceful shutdown has begun on this worker.
  bool shutting_down() const { return shutting_down_; }
  // Takes `connection` out of the open set; it is destroyed from the loop soon after.
  void retire(Connection& connection);

 private:
  struct Listening {
    Worker* worker = nullptr;
    bool tls = false;
    base::UniqueHandle<evconnlistener, evconnlistener_free> listener;
    base::UniqueHandle<event, event_free> retry;  // re-enables accepting after an error
  };

  static void on_accept(evconnlistener* listener, evutil_socket_t fd, sockaddr* address, int length,
                        void* arg);
  static void on_accept_error(evconnlistener* listener, void* arg);
  static void on_accept_retry(evutil_socket_t fd, short what, void* arg);
  static void on_reap(evutil_socket_t fd, short what, void* arg);
  static void on_deadline(evutil_socket_t fd, short what, void* arg);

  void run(const HandlerFactory& factory, std::promise<std::string> ready);
  void teardown();
  void accept(evutil_socket_t fd, const sockaddr* address, bool tls);
  void begin_shutdown(std::chrono::milliseconds deadline);
  void close_remaining();
  void exit_when_done();
  std::vector<Connection*> open_connections() const;

  int index_;
  SharedState& shared_;
  metrics::Registry registry_;
  ServerMetrics metrics_;
  WorkerContext context_;
  base::UniqueHandle<event_base, event_base_free> base_;
  std::shared_ptr<Mailbox> mailbox_;  // closed when the loop ends
  base::UniqueHandle<event, event_free> reap_event_;
  base::UniqueHandle<event, event_free> deadline_event_;
  std::vector<std::unique_ptr<Listening>> listeners_;
  std::unique_ptr<http::Handler> handler_;
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::vector<std::unique_ptr<Connection>> retired_;
  bool shutting_down_ = false;

  std::thread thread_;
};

}  // namespace core::server
