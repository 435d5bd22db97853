// Internal to core/client: one request and its response on one connection. Sends the request
// at once when the connection is ready, reads the response head with http1::ResponseParser,
// frames the body with http1::BodyDecoder (RFC 9112 6.3), hands out as much body as is
// buffered (up to chunk_bytes) as one chunk that references the input without a copy, and
// reads nothing more until resume().
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/client/connection_pool.h"
#include "core/client/origin_client.h"
#include "core/client/origin_connection.h"
#include "core/http1/body_decoder.h"
#include "core/http1/response_parser.h"

namespace core::client {

class UpstreamFetch final : public Fetch, public ConnectionUser {
 public:
  // Writes `request` on a pooled or new connection; the observer hears from the loop only.
  UpstreamFetch(std::shared_ptr<ConnectionPool> pool, const http::Request& request,
                FetchObserver& observer);
  ~UpstreamFetch() override;
  UpstreamFetch(const UpstreamFetch&) = delete;
  UpstreamFetch& operator=(const UpstreamFetch&) = delete;

  void resume() override;

  // ConnectionUser, for the connection carrying this fetch.
  void on_readable(Connection& connection) override;
  void on_writable(Connection& connection) override;

 private:
  enum class Phase : uint8_t {
    kConnecting,  // a new connection, request queued behind the connect
    kHead,        // waiting for the response head
    kBody,        // reading body bytes
    kPaused,      // a chunk is with the observer; reading stops until resume()
    kDone,        // the observer has heard the end; the connection is gone or pooled
  };

  void start(const http::Request& request);
  void connected();
  void send_request();
  void arm_timer();
  void process();
  bool read_head();
  void read_body();
  void end_of_input();
  void finish_body();
  void finish_body_with(http::Chunk last);
  // Where the connection goes once its response was read whole.
  void release_connection();
  void need_more();
  void fail(FetchError error);

  static void on_kick(int fd, short what, void* ctx);
  static void on_timeout(int fd, short what, void* ctx);

  std::shared_ptr<ConnectionPool> pool_;
  FetchObserver& observer_;
  std::unique_ptr<Connection> connection_;
  EventHandle kick_;   // runs process() (or a pending error) from the loop
  EventHandle timer_;  // the connect timeout, then the read timeout while bytes are awaited
  std::string request_bytes_;
  size_t request_sent_ = 0;
  http1::ResponseParser parser_;
  http1::BodyDecoder decoder_;
  http1::Method method_ = http1::Method::kGet;
  Phase phase_ = Phase::kConnecting;
  std::optional<FetchError> pending_error_;  // found before any I/O; told from the loop
  bool keep_alive_ = false;
  bool eof_ = false;      // the origin closed its side cleanly
  bool reset_ = false;    // the socket failed after connecting
  bool surplus_ = false;  // bytes followed the end of the response
  bool first_byte_ = false;
  std::chrono::steady_clock::time_point started_;
  std::shared_ptr<char> alive_;  // observers may destroy us inside a callback; weak refs see it
};

}  // namespace core::client
