// One HTTP/2 client connection (h2_fetcher.h): a bufferevent socket and an nghttp2 session.
// Shared by the fetcher and its streams' handles, so that a handle outliving a failed
// connection, or a callback replacing it, never touches freed memory.
#pragma once

#include <nghttp2/nghttp2.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "bench/swipebench/replay/fetcher.h"
#include "bench/swipebench/replay/h1_fetcher.h"
#include "core/client/origin_url.h"

struct bufferevent;
struct event;
struct event_base;

namespace swipebench::replay {

class H2Connection : public std::enable_shared_from_this<H2Connection> {
 public:
  H2Connection(event_base* loop, core::client::OriginAddress address, ConnectionOptions options);
  ~H2Connection();
  H2Connection(const H2Connection&) = delete;
  H2Connection& operator=(const H2Connection&) = delete;

  // Starts connecting; false when the socket could not even be made.
  bool open();
  // False once the connection failed or closed: the fetcher makes another.
  bool usable() const { return !dead_; }
  // Opens a stream for GET `target`; returns a request id for cancel(). `done` runs later.
  uint64_t submit(const std::string& target, bool keep_body, FetchDone done);
  // Forgets request `id` and resets its stream; its `done` never runs.
  void cancel(uint64_t id);

 private:
  struct Stream;
  static void on_read(bufferevent* bev, void* self);
  static void on_event(bufferevent* bev, short what, void* self);
  static void on_timeout(int fd, short what, void* arg);
  static ssize_t send_cb(nghttp2_session*, const uint8_t* data, size_t length, int flags,
                         void* self);
  static int header_cb(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                       size_t namelen, const uint8_t* value, size_t valuelen, uint8_t flags,
                       void* self);
  static int data_cb(nghttp2_session*, uint8_t flags, int32_t stream_id, const uint8_t* data,
                     size_t len, void* self);
  static int close_cb(nghttp2_session*, int32_t stream_id, uint32_t error_code, void* self);

  void start_stream(Stream& stream);
  void flush();
  void fail_all(FetchFailure failure);
  void finish(uint64_t id, FetchResult result);

  event_base* loop_;
  core::client::OriginAddress address_;
  ConnectionOptions options_;
  bufferevent* bev_ = nullptr;
  nghttp2_session* session_ = nullptr;
  bool connected_ = false;
  bool dead_ = false;
  uint64_t next_id_ = 1;
  std::map<uint64_t, std::unique_ptr<Stream>> streams_;  // by request id
  std::map<int32_t, uint64_t> by_stream_;                // nghttp2 stream id -> request id
};

}  // namespace swipebench::replay
