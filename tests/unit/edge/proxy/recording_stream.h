// A test double of the codec side of core::http::Stream: it records the head, the body and
// an abort, and pulls the body like a viewer would, either at once after each chunk (a fast
// viewer, on the next loop turn) or only when the test says so (a stalled one).
#pragma once

#include <event2/event.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/http/stream.h"

namespace test {

class RecordingStream final : public core::http::Stream {
 public:
  RecordingStream(event_base* loop, core::http::Request request)
      : loop_(loop),
        request_(std::move(request)),
        pull_(event_new(loop, -1, 0, &RecordingStream::on_pull, this)) {}
  ~RecordingStream() override {
    exchange_.reset();
    replaced_.clear();
    event_free(pull_);
  }

  const core::http::Request& request() const override { return request_; }
  event_base* loop() const override { return loop_; }
  void attach(std::unique_ptr<core::http::Exchange> exchange) override {
    // Like the real codecs, a replaced exchange lives until the stream is done with it.
    if (exchange_) replaced_.push_back(std::move(exchange_));
    exchange_ = std::move(exchange);
  }
  void respond(core::http::ResponseHead response, bool with_body) override {
    ++responds;
    head = std::move(response);
    has_body = with_body;
    if (!with_body) {
      ended = true;
      return;
    }
    schedule_pull();
  }
  void write(core::http::Chunk chunk, bool last) override {
    ++writes;
    waiting_ = false;
    body.append(chunk.bytes);
    if (last) {
      ended = true;
      complete = true;
      return;
    }
    if (auto_pull) schedule_pull();
  }
  void abort() override {
    aborted = true;
    ended = true;
  }

  // Asks the exchange for one more chunk now (a stalled viewer reading a little).
  void pull() {
    if (ended || waiting_ || !exchange_) return;
    waiting_ = true;
    exchange_->on_writable(*this);
  }
  // The viewer goes away: the stream destroys its exchange as the codecs do.
  void disconnect() {
    ended = true;
    exchange_.reset();
  }

  bool auto_pull = true;
  int responds = 0;
  int writes = 0;
  std::optional<core::http::ResponseHead> head;
  bool has_body = false;
  std::string body;
  bool ended = false;
  bool complete = false;
  bool aborted = false;

 private:
  void schedule_pull() {
    if (auto_pull || writes == 0) event_active(pull_, 0, 0);
  }
  static void on_pull(int, short, void* ctx) { static_cast<RecordingStream*>(ctx)->pull(); }

  event_base* loop_;
  core::http::Request request_;
  event* pull_;
  std::unique_ptr<core::http::Exchange> exchange_;
  std::vector<std::unique_ptr<core::http::Exchange>> replaced_;
  bool waiting_ = false;  // on_writable was called and write() has not answered yet
};

}  // namespace test
