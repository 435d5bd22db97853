// H2Connection: the socket reads into nghttp2_session_mem_recv and nghttp2 writes through
// send_cb into the bufferevent. Each stream has its own timer (the request timeout, which also
// bounds the connect); a stream's result is handed to its `done` with the stream forgotten
// first, so `done` may submit or cancel anything. Failures of the whole connection end every
// stream with the same kind: kConnect before the connection was made, kReset after.
#include "bench/swipebench/replay/h2_connection.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include <vector>

namespace swipebench::replay {

struct H2Connection::Stream {
  uint64_t id = 0;
  int32_t stream_id = -1;
  std::string target;
  bool keep_body = false;
  FetchDone done;
  FetchReply reply;
  event* timer = nullptr;
  H2Connection* owner = nullptr;
  ~Stream() {
    if (timer) event_free(timer);
  }
};

H2Connection::H2Connection(event_base* loop, core::client::OriginAddress address,
                           ConnectionOptions options)
    : loop_(loop), address_(std::move(address)), options_(std::move(options)) {}

H2Connection::~H2Connection() {
  if (session_) nghttp2_session_del(session_);
  if (bev_) bufferevent_free(bev_);
}

bool H2Connection::open() {
  bev_ = bufferevent_socket_new(loop_, -1, BEV_OPT_CLOSE_ON_FREE);
  if (!bev_) return false;
  bufferevent_setcb(bev_, &H2Connection::on_read, nullptr, &H2Connection::on_event, this);
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_send_callback(callbacks, &H2Connection::send_cb);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &H2Connection::header_cb);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &H2Connection::data_cb);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &H2Connection::close_cb);
  int rv = nghttp2_session_client_new(&session_, callbacks, this);
  nghttp2_session_callbacks_del(callbacks);
  if (rv != 0) return false;
  // A large stream window: the replay reads segments as fast as the network gives them.
  nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                       {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 24}};
  nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 2);
  nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, 1 << 26);
  if (bufferevent_socket_connect(bev_, reinterpret_cast<sockaddr*>(&address_.address),
                                 static_cast<int>(address_.address_size)) != 0) {
    dead_ = true;
  }
  bufferevent_enable(bev_, EV_READ | EV_WRITE);
  return true;
}

uint64_t H2Connection::submit(const std::string& target, bool keep_body, FetchDone done) {
  auto stream = std::make_unique<Stream>();
  stream->id = next_id_++;
  stream->target = target;
  stream->keep_body = keep_body;
  stream->done = std::move(done);
  stream->owner = this;
  stream->timer = evtimer_new(loop_, &H2Connection::on_timeout, stream.get());
  // A connection that failed already fails the stream from the loop (never inside submit).
  timeval tv{};
  if (!dead_) {
    tv.tv_sec = options_.request_timeout.count() / 1000;
    tv.tv_usec = static_cast<suseconds_t>(options_.request_timeout.count() % 1000) * 1000;
  }
  evtimer_add(stream->timer, &tv);
  uint64_t id = stream->id;
  Stream& s = *stream;
  streams_[id] = std::move(stream);
  if (!dead_) start_stream(s);
  flush();
  return id;
}

void H2Connection::start_stream(Stream& stream) {
  std::string authority = address_.authority;
  auto nv = [](const std::string& name, const std::string& value) {
    return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                      reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(),
                      value.size(), NGHTTP2_NV_FLAG_NONE};
  };
  const std::string method = ":method", get = "GET", scheme = ":scheme", http = "http",
                    auth = ":authority", path = ":path", ua = "user-agent", swipe = "swipebench",
                    xff = "x-forwarded-for";
  std::vector<nghttp2_nv> headers = {nv(method, get), nv(scheme, http), nv(auth, authority),
                                     nv(path, stream.target), nv(ua, swipe)};
  if (!options_.forwarded_for.empty()) headers.push_back(nv(xff, options_.forwarded_for));
  int32_t id =
      nghttp2_submit_request(session_, nullptr, headers.data(), headers.size(), nullptr, nullptr);
  if (id < 0) {
    // Out of stream ids or a dead session: fail from the loop through the timer.
    dead_ = true;
    timeval now{};
    evtimer_add(stream.timer, &now);
    return;
  }
  stream.stream_id = id;
  by_stream_[id] = stream.id;
}

void H2Connection::cancel(uint64_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  if (it->second->stream_id >= 0 && session_ && !dead_) {
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, it->second->stream_id, NGHTTP2_CANCEL);
    by_stream_.erase(it->second->stream_id);
  }
  streams_.erase(it);
  flush();
}

void H2Connection::flush() {
  if (dead_ || !session_) return;
  if (nghttp2_session_send(session_) != 0) fail_all(FetchFailure::kReset);
}

void H2Connection::finish(uint64_t id, FetchResult result) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  std::unique_ptr<Stream> stream = std::move(it->second);
  streams_.erase(it);
  if (stream->stream_id >= 0) by_stream_.erase(stream->stream_id);
  auto done = std::move(stream->done);
  stream.reset();
  auto keep = shared_from_this();  // `done` may drop the fetcher's reference
  if (done) done(std::move(result));
}

void H2Connection::fail_all(FetchFailure failure) {
  dead_ = true;
  std::vector<uint64_t> ids;
  ids.reserve(streams_.size());
  for (const auto& [id, stream] : streams_)
    ids.push_back(id);
  auto keep = shared_from_this();
  for (uint64_t id : ids)
    finish(id, std::unexpected(failure));
}

void H2Connection::on_read(bufferevent* bev, void* self) {
  auto* c = static_cast<H2Connection*>(self);
  auto keep = c->shared_from_this();
  evbuffer* input = bufferevent_get_input(bev);
  size_t length = evbuffer_get_length(input);
  const unsigned char* data = evbuffer_pullup(input, -1);
  ssize_t used = nghttp2_session_mem_recv(c->session_, data, length);
  if (used < 0) return c->fail_all(FetchFailure::kBadResponse);
  evbuffer_drain(input, static_cast<size_t>(used));
  c->flush();
}

void H2Connection::on_event(bufferevent* /*bev*/, short what, void* self) {
  auto* c = static_cast<H2Connection*>(self);
  if (what & BEV_EVENT_CONNECTED) {
    c->connected_ = true;
    c->flush();
    return;
  }
  if (what & (BEV_EVENT_ERROR | BEV_EVENT_EOF | BEV_EVENT_TIMEOUT)) {
    bufferevent_disable(c->bev_, EV_READ | EV_WRITE);
    c->fail_all(c->connected_ ? FetchFailure::kReset : FetchFailure::kConnect);
  }
}

void H2Connection::on_timeout(int /*fd*/, short /*what*/, void* arg) {
  auto* stream = static_cast<Stream*>(arg);
  H2Connection* c = stream->owner;
  auto keep = c->shared_from_this();
  FetchFailure failure = c->dead_ && !c->connected_ ? FetchFailure::kConnect
                         : c->connected_            ? FetchFailure::kTimeout
                                                    : FetchFailure::kConnect;
  if (c->dead_ && c->connected_) failure = FetchFailure::kReset;
  uint64_t id = stream->id;
  if (stream->stream_id >= 0 && !c->dead_)
    nghttp2_submit_rst_stream(c->session_, NGHTTP2_FLAG_NONE, stream->stream_id, NGHTTP2_CANCEL);
  c->finish(id, std::unexpected(failure));
  c->flush();
}

ssize_t H2Connection::send_cb(nghttp2_session* /*session*/, const uint8_t* data, size_t length,
                              int /*flags*/, void* self) {
  auto* c = static_cast<H2Connection*>(self);
  bufferevent_write(c->bev_, data, length);
  return static_cast<ssize_t>(length);
}

int H2Connection::header_cb(nghttp2_session* /*session*/, const nghttp2_frame* frame,
                            const uint8_t* name, size_t namelen, const uint8_t* value,
                            size_t valuelen, uint8_t /*flags*/, void* self) {
  auto* c = static_cast<H2Connection*>(self);
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto it = c->by_stream_.find(frame->hd.stream_id);
  if (it == c->by_stream_.end()) return 0;
  Stream& s = *c->streams_.at(it->second);
  std::string_view n(reinterpret_cast<const char*>(name), namelen);
  std::string_view v(reinterpret_cast<const char*>(value), valuelen);
  if (n == ":status") {
    int status = 0;
    for (char ch : v)
      status = status * 10 + (ch - '0');
    // 1xx heads are interim; the final one replaces them.
    s.reply.status = status;
  } else if (n == "x-cache") {
    s.reply.x_cache = std::string(v);
  }
  return 0;
}

int H2Connection::data_cb(nghttp2_session* /*session*/, uint8_t /*flags*/, int32_t stream_id,
                          const uint8_t* data, size_t len, void* self) {
  auto* c = static_cast<H2Connection*>(self);
  auto it = c->by_stream_.find(stream_id);
  if (it == c->by_stream_.end()) return 0;
  Stream& s = *c->streams_.at(it->second);
  s.reply.bytes += len;
  if (s.keep_body) s.reply.body.append(reinterpret_cast<const char*>(data), len);
  // Bytes arrived: the timeout counts from the last of them.
  timeval tv{
      .tv_sec = c->options_.request_timeout.count() / 1000,
      .tv_usec = static_cast<suseconds_t>(c->options_.request_timeout.count() % 1000) * 1000};
  evtimer_add(s.timer, &tv);
  return 0;
}

int H2Connection::close_cb(nghttp2_session* /*session*/, int32_t stream_id, uint32_t error_code,
                           void* self) {
  auto* c = static_cast<H2Connection*>(self);
  auto it = c->by_stream_.find(stream_id);
  if (it == c->by_stream_.end()) return 0;
  uint64_t id = it->second;
  Stream& s = *c->streams_.at(id);
  if (error_code != NGHTTP2_NO_ERROR || s.reply.status == 0) {
    c->finish(id, std::unexpected(FetchFailure::kReset));
  } else {
    c->finish(id, std::move(s.reply));
  }
  return 0;
}

}  // namespace swipebench::replay
