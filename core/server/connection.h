// One accepted connection: its bufferevent (plain socket or OpenSSL), the TLS handshake,
// the choice of protocol (ALPN, or the HTTP/2 preface on cleartext), the codec that speaks
// it, and a lifetime that ends through the worker's deferred reaping, never under a
// codec's own call stack.
#pragma once

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include <memory>
#include <optional>
#include <string>

#include "core/base/unique_handle.h"
#include "core/server/codec.h"
#include "core/server/server_metrics.h"

namespace core::server {

class Worker;

class Connection final : public Transport {
 public:
  Connection(Worker& worker, std::string peer, bool tls);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Takes the accepted socket `fd` (closed on failure too) and starts the TLS handshake or
  // protocol detection. `tls` is the context for a TLS listener, null otherwise.
  bool start(evutil_socket_t fd, std::shared_ptr<const tls::TlsContext> tls);
  // Graceful shutdown began: idle or not yet speaking HTTP closes now, a codec finishes.
  void begin_shutdown();
  // The shutdown deadline passed: closes whatever state the connection is in.
  void close_for_shutdown();

  // Transport.
  bufferevent* bev() override { return bev_.get(); }
  event_base* loop() override;
  const ConnectionInfo& info() const override { return info_; }
  const ServerConfig& config() const override;
  metrics::Registry& metrics() override;
  ServerMetrics& server_metrics() override;
  const base::Clock& clock() const override;
  http::Handler& handler() override;
  void close_when_flushed() override;
  void close_now() override;
  void write_now() override;
  void file_queued() override { file_in_output_ = true; }
  void switch_codec(std::unique_ptr<Codec> next) override;

 private:
  enum class State : uint8_t {
    kHandshake,  // TLS handshake in progress
    kDetecting,  // cleartext: waiting for enough bytes to tell HTTP/2's preface from HTTP/1
    kOpen,       // a codec owns the connection
    kFlushing,   // closing once the output is written
    kLingering,  // output written and our side shut: reading the rest until EOF or a timer
    kClosed,     // waiting to be reaped
  };

  static void on_read(bufferevent* bev, void* arg);
  static void on_write(bufferevent* bev, void* arg);
  static void on_event(bufferevent* bev, short what, void* arg);
  static void on_timer(evutil_socket_t fd, short what, void* arg);
  static void on_deferred(evutil_socket_t fd, short what, void* arg);
  static void on_flush(evutil_socket_t fd, short what, void* arg);
  static void on_socket_readable(evutil_socket_t fd, short what, void* arg);
  static void on_input_changed(evbuffer* buffer, const evbuffer_cb_info* info, void* arg);
  static void on_output_changed(evbuffer* buffer, const evbuffer_cb_info* info, void* arg);

  bool make_bufferevent(evutil_socket_t fd);
  void read_ready();
  void write_ready();
  // Cleartext socket I/O without the bufferevent (connection_io.cc).
  bool make_socket_events(evutil_socket_t fd);
  void schedule_flush();  // one flush per pass, however many adds
  void flush();
  // Writes the output while the socket takes bytes; false if the socket failed.
  bool write_output();
  void socket_readable();
  // Whether input is wanted at all; below the codec's read limit it is then read.
  void set_reading(bool on);
  void update_read_interest();
  void handle_event(short what);
  void handshake_done();
  void detect();
  void install(std::unique_ptr<Codec> codec, WireProtocol protocol);
  void set_protocol(WireProtocol protocol);
  void peer_gone();
  void input_ended();
  void flushed();
  void arm_timer(std::chrono::milliseconds after, std::optional<TimeoutKind> kind);
  void timer_fired();

  Worker& worker_;
  ConnectionInfo info_;
  State state_;
  std::shared_ptr<const tls::TlsContext> tls_;  // keeps the context the SSL was made from
  base::UniqueHandle<bufferevent, bufferevent_free> bev_;
  base::UniqueHandle<event, event_free> timer_;
  base::UniqueHandle<event, event_free> deferred_;  // runs switch_codec's follow-up
  // Cleartext output is written by this event at the end of the loop pass that queued it
  // (unless write_now() took it first), with no write readiness to wait for; only what the
  // socket did not take is left to the bufferevent's write event (then enabled, and disabled
  // again once the output is empty).
  base::UniqueHandle<event, event_free> flush_;
  bool flush_scheduled_ = false;  // flush_ is active and will write
  bool flush_requeued_ = false;   // flush_ went round once and writes when it comes up again
  bool wrote_early_ = false;      // write_now() wrote bytes the pass's flush must report
  bool file_in_output_ = false;   // a file span is queued: writes are corked until it is out
  // Cleartext input is read by this event, one read per readiness with no FIONREAD first;
  // it is registered while reading is wanted and the input is under the codec's limit.
  base::UniqueHandle<event, event_free> read_event_;
  bool reading_wanted_ = false;
  bool read_registered_ = false;
  std::optional<TimeoutKind> timer_kind_;  // what the timer counts when it fires
  evbuffer_cb_entry* input_watch_ = nullptr;
  evbuffer_cb_entry* output_watch_ = nullptr;
  std::unique_ptr<Codec> codec_;
  std::unique_ptr<Codec> retired_codec_;  // replaced by switch_codec, destroyed deferred
  std::optional<WireProtocol> protocol_;
  uint64_t unattributed_received_ = 0;  // bytes read before the protocol was known
};

}  // namespace core::server
