// The HTTP/2 codec: an nghttp2 server session over the transport's buffers (prior knowledge,
// h2c Upgrade, or TLS with ALPN h2). Input is fed to nghttp2 whole; output is produced only
// while the output buffer is below a high watermark, so a slow reader is never buffered
// without bound. Requests go to the handler after each batch of input, so a stream the
// client resets in the same batch never reaches it; abusers get GOAWAY (ENHANCE_YOUR_CALM).
#pragma once

#include <event2/event.h>
#include <nghttp2/nghttp2.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/server/codec.h"
#include "core/server/h2_abuse.h"
#include "core/server/h2_metrics.h"
#include "core/server/http_date.h"

struct evbuffer;

namespace core::server {

class Http2Stream;

class Http2Codec final : public Codec {
 public:
  // Output above this is enough: nothing more is framed until the client reads some.
  static constexpr size_t kOutputHigh = 256 * 1024;
  // The transport reports drained output (on_write_drained) once it is at most this.
  static constexpr size_t kOutputLow = 64 * 1024;
  // Reading from the socket pauses while this much input waits (output backpressure).
  static constexpr size_t kInputHigh = 64 * 1024;
  // The opaque data of the PING whose answer sends the final GOAWAY of a shutdown.
  static constexpr std::string_view kShutdownPing = "shutdown";

  Http2Codec(Transport& transport, std::optional<std::string> upgrade_settings,
             std::optional<http::Request> upgraded);
  ~Http2Codec() override;
  Http2Codec(const Http2Codec&) = delete;
  Http2Codec& operator=(const Http2Codec&) = delete;

  void on_read() override;
  void on_write_drained() override;
  void on_peer_closed() override;
  void begin_shutdown() override;
  bool idle() const override;

  // For streams.
  Transport& transport() { return transport_; }
  nghttp2_session* session() { return session_.get(); }
  evbuffer* output();
  std::string_view date();
  // The connection is closing or gone: streams must not submit anything more.
  bool closed() const { return closed_ || terminating_; }
  // A stream submitted something: sent now, or after the batch being processed.
  void want_send();
  // Stream `id`'s provider needs the next chunk: asked for once the session is not busy.
  void chunk_wanted(int32_t id);

  // nghttp2 events (h2_callbacks.cc calls these); each returns 0 or an nghttp2 error code.
  int frame_begins(const nghttp2_frame_hd& hd);
  int headers_begin(const nghttp2_frame& frame);
  int header(const nghttp2_frame& frame, std::string_view name, std::string_view value);
  int frame_received(const nghttp2_frame& frame);
  int data_received(int32_t stream_id, std::string_view data);
  int stream_closed(int32_t stream_id, uint32_t error_code);
  int frame_sent(const nghttp2_frame& frame);
  int send_data(const nghttp2_frame& frame, const uint8_t* framehd, size_t length,
                Http2Stream& stream);

 private:
  enum class TimerKind : uint8_t { kNone, kIdle, kHeaderRead, kBodyRead };

  static void on_timer(evutil_socket_t fd, short what, void* arg);
  static void on_stall(evutil_socket_t fd, short what, void* arg);
  static void on_kick(evutil_socket_t fd, short what, void* arg);
  static void on_reap(evutil_socket_t fd, short what, void* arg);

  // h2_codec.cc: the session, input and output.
  bool start(std::optional<std::string> upgrade_settings, std::optional<http::Request> upgraded);
  void receive();
  void dispatch();
  void pump();
  bool send();
  void ask_for_chunks();
  void after_io();
  void fail(int nghttp2_error);
  void abuse(Abuse kind);
  void terminate(uint32_t error_code);
  void close_now();
  Http2Stream* find(int32_t stream_id);
  // h2_codec_timers.cc: timeouts, stalls and the graceful shutdown.
  void update_timers();
  void stop_timers();
  void arm(TimerKind kind);
  void timed_out();
  void stalled();
  void final_goaway();

  Transport& transport_;
  Http2Metrics metrics_;
  AbuseGuard guard_;
  HttpDate date_;
  base::UniqueHandle<nghttp2_session, nghttp2_session_del> session_;
  std::unordered_map<int32_t, std::unique_ptr<Http2Stream>> streams_;
  // Closed by nghttp2, destroyed from the reap event: never under a stream's own call.
  std::vector<std::unique_ptr<Http2Stream>> closed_streams_;
  std::vector<int32_t> ready_;                   // complete requests waiting for the handler
  std::vector<int32_t> chunk_wanted_;            // providers waiting for on_writable()
  base::UniqueHandle<event, event_free> timer_;  // idle and request read timeouts
  base::UniqueHandle<event, event_free> stall_;  // no DATA could be sent for too long
  base::UniqueHandle<event, event_free> kick_;   // dispatch and send outside a callback
  base::UniqueHandle<event, event_free> reap_;
  TimerKind timer_kind_ = TimerKind::kNone;
  std::optional<Abuse> abuse_;  // what a callback detected before failing the session
  int busy_ = 0;                // inside receive or dispatch: sending waits for the end
  bool send_wanted_ = false;
  bool pumping_ = false;
  size_t header_block_ = 0;     // bytes of the header block being received
  bool read_progress_ = false;  // a frame of a stream still receiving arrived
  bool data_sent_ = false;      // a DATA frame went out since the stall timer was armed
  bool stall_armed_ = false;
  bool shutting_down_ = false;
  bool final_goaway_sent_ = false;
  bool terminating_ = false;  // GOAWAY submitted for an error: closes once it is flushed
  bool closing_ = false;      // close_when_flushed() called
  bool closed_ = false;       // the transport is gone or closing now
};

}  // namespace core::server
