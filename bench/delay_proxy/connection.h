// One client connection and its target. The connect starts after the up delay (the SYN
// crossing); once the target accepts, the target is read at once and the client from the down
// delay on (the SYN-ACK crossing back), so a new connection costs one RTT before its first
// byte, as on a real link. A refused or timed-out connect resets the client after the down
// delay. Then two pipes; the connection closes when both FINs have crossed, and is reset when
// a reset has.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "bench/delay_proxy/loop_handles.h"
#include "bench/delay_proxy/pipe.h"
#include "bench/delay_proxy/proxy_config.h"
#include "bench/delay_proxy/proxy_metrics.h"
#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/log/logger.h"
#include "core/server/listen_socket.h"

namespace bench::delay_proxy {

class Connection;

// What the connections of one route share; owned by the route, outlives its connections.
struct RouteContext {
  event_base* loop;
  const core::base::Clock& clock;
  core::log::Logger& log;
  std::string name;  // the route's index, its metrics label
  const Route& route;
  std::chrono::microseconds connect_timeout;
  PipeShared up;
  PipeShared down;
  RouteMetrics metrics;
};

// The owner of a route's connections.
class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  // `connection` has closed its sockets and stopped its events; it is freed after the callback
  // that closed it has returned.
  virtual void retire(Connection& connection) = 0;
};

class Connection final : private Pipe::Owner {
 public:
  // `client` is accepted, `target` a fresh non-blocking socket of `target_address`'s family:
  // the route's target, or for a transparent route the client's original destination.
  Connection(RouteContext& context, ConnectionHost& host, core::base::UniqueFd client,
             core::base::UniqueFd target, const core::server::SocketAddress& target_address);
  ~Connection() override = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the clock of the connect.
  void begin();

 private:
  enum class Phase : uint8_t {
    kSyn,  // waiting out the up delay before connecting
    kConnecting,
    kSynAck,  // connected, waiting out the down delay before reading the client
    kOpen,
    kRefusing,  // the connect failed, waiting out the down delay before resetting the client
    kClosed,
  };
  enum class Close : uint8_t { kGraceful, kReset };

  void on_timer();
  void connect_target();
  void on_connect_event(short what);
  void connect_failed(int error);
  void close(Close how);

  void on_fin_delivered(Pipe& pipe) override;
  void on_reset_due(Pipe& pipe) override;
  void on_sink_failed(Pipe& pipe) override;

  RouteContext& context_;
  ConnectionHost& host_;
  core::base::UniqueFd client_;
  core::base::UniqueFd target_;
  core::server::SocketAddress target_address_;
  Phase phase_ = Phase::kSyn;
  // After the sockets: events are freed before their sockets close.
  Pipe up_;
  Pipe down_;
  Event timer_;
  Event connect_;
};

}  // namespace bench::delay_proxy
