// Worker: the loop thread, accepting on its own sockets, the posted-task queue, deferred
// destruction of closed connections, and the graceful shutdown sequence.
#include "core/server/worker.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <exception>
#include <utility>

#include "core/base/timeval.h"
#include "core/server/connection.h"
#include "core/server/listen_socket.h"

namespace core::server {
namespace {

// How long accepting pauses after an accept error such as EMFILE, instead of spinning.
constexpr timeval kAcceptRetry{0, 100'000};

// epoll's change list folds the interest changes of one loop pass into at most one epoll_ctl
// per socket, applied before the next wait: an event deleted and added again in the same
// pass (a pooled upstream connection handed from one request to the next) costs nothing.
// The change list mishandles fds cloned with dup(); the server never dups a socket.
base::UniqueHandle<event_base, event_base_free> make_loop() {
  base::UniqueHandle<event_config, event_config_free> config(event_config_new());
  if (!config) return base::UniqueHandle<event_base, event_base_free>(event_base_new());
  event_config_set_flag(config.get(), EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
  return base::UniqueHandle<event_base, event_base_free>(event_base_new_with_config(config.get()));
}

}  // namespace

Worker::Worker(int index, SharedState& shared)
    : index_(index), shared_(shared), metrics_(registry_) {}

Worker::~Worker() {
  if (thread_.joinable()) {
    stop(std::chrono::milliseconds(0));
    join();
  }
}

std::expected<void, std::string> Worker::open(std::vector<ListenSocket> sockets) {
  base_ = make_loop();
  if (!base_) return std::unexpected("cannot create an event loop");
  mailbox_ = Mailbox::create(base_.get());
  reap_event_.reset(event_new(base_.get(), -1, 0, &Worker::on_reap, this));
  deadline_event_.reset(evtimer_new(base_.get(), &Worker::on_deadline, this));
  if (!mailbox_ || !reap_event_ || !deadline_event_) {
    return std::unexpected("cannot create loop events");
  }
  for (ListenSocket& socket : sockets) {
    auto listening = std::make_unique<Listening>();
    listening->worker = this;
    listening->tls = socket.tls;
    listening->listener.reset(evconnlistener_new(base_.get(), &Worker::on_accept, listening.get(),
                                                 LEV_OPT_CLOSE_ON_FREE, 0, socket.fd.get()));
    listening->retry.reset(evtimer_new(base_.get(), &Worker::on_accept_retry, listening.get()));
    if (!listening->listener || !listening->retry) {
      return std::unexpected("cannot listen on a bound socket");
    }
    socket.fd.release();  // the listener closes it
    evconnlistener_set_error_cb(listening->listener.get(), &Worker::on_accept_error);
    listeners_.push_back(std::move(listening));
  }
  context_ = WorkerContext{index_, base_.get(), &registry_, mailbox_};
  return {};
}

std::expected<void, std::string> Worker::start(const HandlerFactory& factory) {
  std::promise<std::string> ready;
  std::future<std::string> result = ready.get_future();
  thread_ = std::thread(
      [this, &factory, ready = std::move(ready)]() mutable { run(factory, std::move(ready)); });
  std::string error = result.get();
  if (!error.empty()) {
    thread_.join();
    return std::unexpected(std::move(error));
  }
  return {};
}

void Worker::run(const HandlerFactory& factory, std::promise<std::string> ready) {
  // A peer that vanished must fail a write with EPIPE, not kill the process; the signal is
  // blocked on this thread only.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);

  mailbox_->bind_to_this_thread();
  std::string error;
  try {
    handler_ = factory(context_);
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception";
  }
  if (!handler_) {
    if (error.empty()) error = "no handler";
    teardown();
    ready.set_value("worker " + std::to_string(index_) + ": handler factory failed: " + error);
    return;
  }
  ready.set_value({});
  event_base_loop(base_.get(), EVLOOP_NO_EXIT_ON_EMPTY);
  teardown();
}

void Worker::teardown() {
  // Connections go first: their exchanges may still refer to the handler.
  connections_.clear();
  retired_.clear();
  listeners_.clear();
  handler_.reset();
  mailbox_->close();
}

void Worker::post(std::function<void()> task) {
  mailbox_->post(std::move(task));
}

void Worker::stop(std::chrono::milliseconds deadline) {
  post([this, deadline] { begin_shutdown(deadline); });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::retire(Connection& connection) {
  auto it = connections_.find(&connection);
  if (it == connections_.end()) return;
  retired_.push_back(std::move(it->second));
  connections_.erase(it);
  event_active(reap_event_.get(), EV_READ, 0);
}

void Worker::on_accept(evconnlistener*, evutil_socket_t fd, sockaddr* address, int, void* arg) {
  auto* listening = static_cast<Listening*>(arg);
  listening->worker->accept(fd, address, listening->tls);
}

void Worker::on_accept_error(evconnlistener* listener, void* arg) {
  auto* listening = static_cast<Listening*>(arg);
  listening->worker->metrics_.connection_refused("accept_error");
  evconnlistener_disable(listener);
  event_add(listening->retry.get(), &kAcceptRetry);
}

void Worker::on_accept_retry(evutil_socket_t, short, void* arg) {
  auto* listening = static_cast<Listening*>(arg);
  evconnlistener_enable(listening->listener.get());
}

void Worker::accept(evutil_socket_t fd, const sockaddr* address, bool tls) {
  if (shutting_down_) {
    ::close(fd);
    return;
  }
  if (connections_.size() >= shared_.config.limits.max_connections_per_worker) {
    metrics_.connection_refused("connection_limit");
    ::close(fd);
    return;
  }
  const int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  metrics_.connection_accepted(tls);
  std::shared_ptr<const tls::TlsContext> context;
  if (tls) context = shared_.tls.load();
  auto connection = std::make_unique<Connection>(*this, format_peer(address), tls);
  if (!connection->start(fd, std::move(context))) return;
  Connection* key = connection.get();
  connections_.emplace(key, std::move(connection));
}

void Worker::on_reap(evutil_socket_t, short, void* arg) {
  auto* self = static_cast<Worker*>(arg);
  std::vector<std::unique_ptr<Connection>> dead;
  dead.swap(self->retired_);
  dead.clear();
  self->exit_when_done();
}

void Worker::on_deadline(evutil_socket_t, short, void* arg) {
  static_cast<Worker*>(arg)->close_remaining();
}

std::vector<Connection*> Worker::open_connections() const {
  std::vector<Connection*> out;
  out.reserve(connections_.size());
  for (const auto& entry : connections_)
    out.push_back(entry.first);
  return out;
}

void Worker::begin_shutdown(std::chrono::milliseconds deadline) {
  if (shutting_down_) return;
  shutting_down_ = true;
  listeners_.clear();
  // A connection may retire itself here; the snapshot keeps iteration valid and retired
  // connections live until the reap event.
  for (Connection* connection : open_connections())
    connection->begin_shutdown();
  const timeval tv = base::to_timeval(deadline);
  event_add(deadline_event_.get(), &tv);
  exit_when_done();
}

void Worker::close_remaining() {
  for (Connection* connection : open_connections())
    connection->close_for_shutdown();
  exit_when_done();
}

void Worker::exit_when_done() {
  if (shutting_down_ && connections_.empty()) event_base_loopexit(base_.get(), nullptr);
}

}  // namespace core::server
