// h2test::Client: an nghttp2 client session driven synchronously over a blocking socket.
#include <chrono>
#include <cstring>
#include <utility>

#include "tests/unit/core/server/h2_test_util.h"

namespace core::server::h2test {
namespace {

constexpr int kFailSafeMs = 5'000;

nghttp2_nv make_nv(std::string_view name, std::string_view value) {
  nghttp2_nv nv{};
  nv.name = reinterpret_cast<uint8_t*>(const_cast<char*>(name.data()));
  nv.namelen = name.size();
  nv.value = reinterpret_cast<uint8_t*>(const_cast<char*>(value.data()));
  nv.valuelen = value.size();
  nv.flags = NGHTTP2_NV_FLAG_NONE;
  return nv;
}

}  // namespace

Client::Client(uint16_t port, ClientOptions options) : socket_(std::make_unique<Socket>(port)) {
  if (!socket_->connected()) return;
  make_session(options);
  if (!session_) return;
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, options.initial_window},
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0}};
  nghttp2_submit_settings(session_.get(), NGHTTP2_FLAG_NONE, settings, 2);
}

Client::Client(std::unique_ptr<Socket> socket, std::string_view settings_payload, std::string rest)
    : socket_(std::move(socket)) {
  make_session(ClientOptions{});
  if (!session_) return;
  if (nghttp2_session_upgrade2(session_.get(),
                               reinterpret_cast<const uint8_t*>(settings_payload.data()),
                               settings_payload.size(), 0, nullptr) != 0) {
    session_.reset();
    return;
  }
  // The preface after an upgrade still starts with a SETTINGS frame (RFC 9113 3.4).
  const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}};
  nghttp2_submit_settings(session_.get(), NGHTTP2_FLAG_NONE, settings, 1);
  if (!rest.empty()) feed(rest);
}

Client::~Client() = default;

void Client::make_session(const ClientOptions& options) {
  nghttp2_session_callbacks* callbacks = nullptr;
  nghttp2_session_callbacks_new(&callbacks);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, &Client::on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Client::on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Client::on_close);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Client::on_frame);
  nghttp2_option* option = nullptr;
  nghttp2_option_new(&option);
  nghttp2_option_set_no_auto_window_update(option, options.auto_window_update ? 0 : 1);
  nghttp2_session* session = nullptr;
  if (nghttp2_session_client_new2(&session, callbacks, this, option) == 0) session_.reset(session);
  nghttp2_option_del(option);
  nghttp2_session_callbacks_del(callbacks);
}

int32_t Client::submit(std::string_view method, std::string_view path, std::string body,
                       std::vector<std::pair<std::string, std::string>> extra) {
  std::vector<nghttp2_nv> nva = {make_nv(":method", method), make_nv(":scheme", "http"),
                                 make_nv(":path", path), make_nv(":authority", "test.local")};
  for (const auto& [name, value] : extra)
    nva.push_back(make_nv(name, value));
  if (body.empty()) {
    return nghttp2_submit_request(session_.get(), nullptr, nva.data(), nva.size(), nullptr,
                                  nullptr);
  }
  auto owned = std::make_unique<Body>();
  owned->data = std::move(body);
  nghttp2_data_provider provider{};
  provider.source.ptr = owned.get();
  provider.read_callback = &Client::read_body;
  const int32_t id =
      nghttp2_submit_request(session_.get(), nullptr, nva.data(), nva.size(), &provider, nullptr);
  if (id > 0) bodies_[id] = std::move(owned);
  return id;
}

void Client::reset(int32_t stream_id, uint32_t error_code) {
  nghttp2_submit_rst_stream(session_.get(), NGHTTP2_FLAG_NONE, stream_id, error_code);
}

bool Client::flush() {
  for (;;) {
    const uint8_t* data = nullptr;
    const ssize_t n = nghttp2_session_mem_send(session_.get(), &data);
    if (n < 0) return false;
    if (n == 0) return true;
    if (!socket_->send(
            std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(n)))) {
      return false;
    }
  }
}

bool Client::feed(std::string_view bytes) {
  const ssize_t n = nghttp2_session_mem_recv(
      session_.get(), reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return n >= 0;
}

bool Client::run_until(const std::function<bool()>& done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFailSafeMs);
  for (;;) {
    if (!flush()) return done();
    if (done()) return true;
    if (eof_ || std::chrono::steady_clock::now() > give_up) return false;
    bool closed = false;
    const std::string bytes = socket_->receive(50, closed);
    if (closed) {
      eof_ = true;
      return done();
    }
    if (!bytes.empty() && !feed(bytes)) return done();
  }
}

int Client::on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                      size_t namelen, const uint8_t* value, size_t valuelen, uint8_t,
                      void* user_data) {
  auto* self = static_cast<Client*>(user_data);
  StreamResult& result = self->results_[frame->hd.stream_id];
  const std::string n(reinterpret_cast<const char*>(name), namelen);
  const std::string v(reinterpret_cast<const char*>(value), valuelen);
  if (n == ":status") {
    result.status = std::stoi(v);
  } else {
    result.headers.emplace_back(n, v);
  }
  return 0;
}

int Client::on_data(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data, size_t len,
                    void* user_data) {
  auto* self = static_cast<Client*>(user_data);
  self->results_[stream_id].body.append(reinterpret_cast<const char*>(data), len);
  return 0;
}

int Client::on_close(nghttp2_session*, int32_t stream_id, uint32_t error_code, void* user_data) {
  auto* self = static_cast<Client*>(user_data);
  StreamResult& result = self->results_[stream_id];
  result.closed = true;
  result.error_code = error_code;
  return 0;
}

int Client::on_frame(nghttp2_session*, const nghttp2_frame* frame, void* user_data) {
  auto* self = static_cast<Client*>(user_data);
  if (frame->hd.type == NGHTTP2_GOAWAY) {
    self->goaway_ = Goaway{frame->goaway.last_stream_id, frame->goaway.error_code};
  }
  return 0;
}

ssize_t Client::read_body(nghttp2_session*, int32_t, uint8_t* buf, size_t length,
                          uint32_t* data_flags, nghttp2_data_source* source, void*) {
  auto* body = static_cast<Body*>(source->ptr);
  const size_t n = std::min(length, body->data.size() - body->offset);
  std::memcpy(buf, body->data.data() + body->offset, n);
  body->offset += n;
  if (body->offset == body->data.size()) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

}  // namespace core::server::h2test
