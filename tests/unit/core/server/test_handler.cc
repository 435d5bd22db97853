// The scripted handler of the server tests: fixed answers, echoes, generated and slow bodies,
// a handler that never answers and one that aborts mid-body.
#include <event2/event.h>

#include <charconv>
#include <string>

#include "core/base/unique_handle.h"
#include "core/http/stream.h"
#include "tests/unit/core/server/server_test_util.h"
#include "tests/unit/core/server/shared_answer.h"

namespace core::server::testing {
namespace {

std::string_view query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

int int_param(const http::Request& request, std::string_view name, int fallback) {
  const std::string_view text = query_param(request.query(), name);
  int value = fallback;
  if (!text.empty()) std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string describe(const http::Request& request) {
  std::string out;
  out += "method: " + request.method + "\n";
  out += "target: " + request.target + "\n";
  out += "authority: " + request.authority + "\n";
  out += "scheme: " + request.scheme + "\n";
  out += "protocol: " + std::string(http::to_string(request.protocol)) + "\n";
  out += "tls: " + std::string(request.tls ? "1" : "0") + "\n";
  out += "peer: " + request.peer + "\n";
  for (const http::Header& h : request.headers.items()) {
    out += "header " + h.name + ": " + h.value + "\n";
  }
  out += "body: " + request.body;
  return out;
}

// N chunks of S bytes, each made when the stream asks for it.
class GeneratedBody final : public http::Exchange {
 public:
  GeneratedBody(HandlerLog& log, int chunks, size_t size)
      : log_(log), chunks_(chunks), size_(size) {}
  void on_writable(http::Stream& stream) override {
    const char fill = static_cast<char>('a' + sent_ % 26);
    ++sent_;
    log_.chunks_produced.fetch_add(1);
    stream.write(http::Chunk::from_string(std::string(size_, fill)), sent_ == chunks_);
  }

 private:
  HandlerLog& log_;
  int chunks_;
  size_t size_;
  int sent_ = 0;
};

// "tick\n" every delay, driven by a timer on the stream's loop.
class SlowBody final : public http::Exchange {
 public:
  SlowBody(http::Stream& stream, int chunks, int delay_ms)
      : stream_(stream),
        chunks_(chunks),
        delay_{delay_ms / 1000, suseconds_t{delay_ms % 1000} * 1000},
        timer_(evtimer_new(stream.loop(), &SlowBody::on_timer, this)) {}
  void on_writable(http::Stream&) override { event_add(timer_.get(), &delay_); }

 private:
  static void on_timer(evutil_socket_t, short, void* arg) {
    auto* self = static_cast<SlowBody*>(arg);
    ++self->sent_;
    self->stream_.write(http::Chunk::copy_of("tick\n"), self->sent_ == self->chunks_);
  }
  http::Stream& stream_;
  int chunks_;
  timeval delay_;
  base::UniqueHandle<event, event_free> timer_;
  int sent_ = 0;
};

// One chunk, then abort() on the next pull.
class AbortingBody final : public http::Exchange {
 public:
  void on_writable(http::Stream& stream) override {
    if (sent_++ == 0) {
      stream.write(http::Chunk::copy_of("partial"), false);
    } else {
      stream.abort();
    }
  }

 private:
  int sent_ = 0;
};

class TestHandler final : public http::Handler {
 public:
  TestHandler(HandlerLog& log, int worker) : log_(log), worker_(worker) {}

  void on_request(http::Stream& stream) override {
    const http::Request& request = stream.request();
    {
      std::lock_guard lock(log_.mutex);
      log_.seen.push_back(request);
      log_.workers.push_back(worker_);
    }
    log_.requests.fetch_add(1);
    const std::string_view path = request.path();
    if (path == "/hello") {
      stream.respond_with(200, "text/plain", "hello");
    } else if (path == "/echo") {
      stream.respond_with(200, "text/plain", describe(request));
    } else if (path == "/status") {
      const int code = int_param(request, "code", 200);
      stream.respond_with(code, "text/plain", "status " + std::to_string(code));
    } else if (path == "/stream") {
      const int chunks = int_param(request, "chunks", 1);
      const int size = int_param(request, "size", 1024);
      http::ResponseHead head;
      if (int_param(request, "length", 0) == 1) {
        head.content_length = static_cast<uint64_t>(chunks) * static_cast<uint64_t>(size);
      }
      stream.attach(std::make_unique<GeneratedBody>(log_, chunks, static_cast<size_t>(size)));
      stream.respond(std::move(head), true);
    } else if (path == "/slow") {
      stream.attach(std::make_unique<SlowBody>(stream, int_param(request, "chunks", 3),
                                               int_param(request, "delay_ms", 20)));
      stream.respond(http::ResponseHead{}, true);
    } else if (path == "/shared") {
      respond_shared_answer(stream);
    } else if (path == "/hang") {
      return;
    } else if (path == "/abort") {
      stream.attach(std::make_unique<AbortingBody>());
      stream.respond(http::ResponseHead{}, true);
    } else {
      stream.respond_with(404, "text/plain", "not found");
    }
  }

 private:
  HandlerLog& log_;
  int worker_;
};

}  // namespace

std::unique_ptr<http::Handler> make_test_handler(HandlerLog& log, int worker) {
  return std::make_unique<TestHandler>(log, worker);
}

}  // namespace core::server::testing
