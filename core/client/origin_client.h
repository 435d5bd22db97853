// The upstream HTTP/1.1 client: keep-alive connection pools per origin, owned by one worker
// and used only on its loop. Responses stream with backpressure: after each body chunk the
// client reads nothing more until the consumer asks for it, so a slow viewer never makes the
// edge buffer a whole segment and a fast viewer of a slow origin gets bytes as they come.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/http/chunk.h"
#include "core/http/message.h"
#include "core/metrics/registry.h"

struct event_base;

namespace core::client {

enum class FetchError : uint8_t {
  kConnect,         // could not connect (refused, unreachable, connect timeout)
  kTimeout,         // no response bytes within the read timeout
  kReset,           // the connection closed or reset before the response ended
  kBadResponse,     // the response did not parse (status line, headers, framing)
  kLengthMismatch,  // the body ended (connection closed) before Content-Length or the chunked
                    // framing said it would; bytes beyond the framing end the connection,
                    // not the response, which is whole as framed
  kTooLarge,        // response head beyond limits
  kBadRequest,      // the request cannot be written as HTTP/1.1: a method, target or field
                    // with bytes that would let it split into two requests
};
std::string_view to_string(FetchError error);

// Receives one fetch's response on the worker's loop. Any callback may destroy the Fetch.
// Order: on_head, then on_body zero or more times, then on_complete or on_error; or on_error
// alone. on_complete may follow on_body at once when the body's end was already read.
class FetchObserver {
 public:
  virtual ~FetchObserver() = default;
  // The final response head (1xx are skipped). Transfer-Encoding is removed (the client
  // decodes chunked bodies); Content-Length is in `content_length` when it frames the body,
  // and stays a header only on responses without a body (HEAD, 204, 304).
  virtual void on_head(http::ResponseHead head) = 0;
  // One chunk of body; the client reads no further until Fetch::resume().
  virtual void on_body(http::Chunk chunk) = 0;
  // The body ended and its length verified.
  virtual void on_complete() = 0;
  // The fetch failed; after on_head() this means the body is truncated.
  virtual void on_error(FetchError error) = 0;
};

// One request in flight. Destroying it cancels the fetch; a connection cancelled mid-body is
// closed, never returned to the pool.
class Fetch {
 public:
  virtual ~Fetch() = default;
  // The observer has taken the last chunk and wants the next. The next callback runs from
  // the loop, never inside this call.
  virtual void resume() = 0;
};

struct OriginOptions {
  std::chrono::milliseconds connect_timeout{2'000};
  std::chrono::milliseconds read_timeout{10'000};
  size_t max_idle_connections = 64;
  size_t max_response_header_bytes = 64 * 1024;
  size_t chunk_bytes = 64 * 1024;  // at most this many body bytes per on_body()
  bool operator==(const OriginOptions&) const = default;
};

// The connections of one worker to one origin ("http://host:port"). Origins are IP literals
// (no DNS on the loop); see origin_url.h. Fetches may outlive their client: the pool state
// they return connections to is shared.
class OriginClient {
 public:
  virtual ~OriginClient() = default;
  // nullptr when `origin_url` is not valid (parse_origin_url() tells why). With `metrics`,
  // the client counts into that registry (client_metrics.h), labelled with the authority.
  static std::unique_ptr<OriginClient> create(event_base* loop, std::string_view origin_url,
                                              const OriginOptions& options,
                                              metrics::Registry* metrics = nullptr);
  // Sends `request` (method, target, headers, body as given; Host is the request's "host"
  // header when it has one, the origin's authority otherwise; Content-Length is written for
  // a body or a method that expects one; given framing fields are dropped) on an idle
  // connection or a new one. Callbacks never run inside this call.
  virtual std::unique_ptr<Fetch> fetch(const http::Request& request, FetchObserver& observer) = 0;
  virtual size_t idle_connections() const = 0;
  // "host:port" as Host carries it.
  virtual const std::string& authority() const = 0;
};

}  // namespace core::client
