// The per-request steps after lookup: fetch (start the ObjectSource), deliver (the response
// head, then the body one chunk at a time, each pulled by Exchange::on_writable and answered
// by ObjectFetch::resume), and done. Never more than one chunk waits here and one in the
// codec, whatever the sizes of the object and of the viewer's bandwidth.
#pragma once

#include <memory>
#include <optional>

#include "core/http/stream.h"
#include "edge/proxy/object_source.h"
#include "edge/proxy/proxy_config.h"
#include "edge/proxy/proxy_shared.h"
#include "edge/proxy/request_log.h"

namespace edge::proxy {

using BodyRewrite = decltype(MasterRoute::rewrite);

class ProxyExchange final : public core::http::Exchange, public ObjectObserver {
 public:
  // `stream` outlives the exchange (the stream owns it once attached).
  ProxyExchange(std::shared_ptr<ProxyShared> shared, core::http::Stream& stream, RequestLog log);
  // A viewer that leaves mid-response ends here: logged as client_gone, the fetch cancelled.
  ~ProxyExchange() override;
  ProxyExchange(const ProxyExchange&) = delete;
  ProxyExchange& operator=(const ProxyExchange&) = delete;

  // The fetch step; call once, after the stream holds the exchange, which keeps `request` for
  // as long as the fetch may read it. With `rewrite`, a 200's body is taken whole (up to
  // kMaxRewriteBytes) and the viewer gets what `rewrite` makes of it.
  void fetch(ObjectRequest request, BodyRewrite rewrite = {});

  static constexpr size_t kMaxRewriteBytes = size_t{1} << 20;

  // core::http::Exchange
  void on_writable(core::http::Stream& stream) override;

  // ObjectObserver
  void on_head(core::http::ResponseHead head) override;
  void on_body(core::http::Chunk chunk) override;
  void on_complete() override;
  void on_error(SourceError error) override;

 private:
  enum class State : uint8_t {
    kFetching,   // nothing sent to the viewer yet
    kHeadHeld,   // a head without body, sent once the source confirms the end
    kRewriting,  // a body being collected whole for `rewrite_`
    kStreaming,  // head sent, body flowing
    kFinished,   // done() ran; the last stream call was made or is being made
  };

  void deliver(core::http::ResponseHead head);
  void send(core::http::Chunk chunk, bool last);
  void fail_before_head(SourceError error);
  void send_rewritten();
  void done(Outcome outcome);

  std::shared_ptr<ProxyShared> shared_;
  core::http::Stream& stream_;
  RequestLog log_;
  ObjectRequest request_;
  std::unique_ptr<ObjectFetch> fetch_;  // after request_: destroyed before it
  BodyRewrite rewrite_;
  std::string original_;  // the body being collected for rewrite_
  std::optional<core::http::ResponseHead> held_head_;
  std::optional<core::http::Chunk> pending_;  // taken from the source, not yet writable
  State state_ = State::kFetching;
  bool writable_ = false;     // the stream asked for a chunk we did not have
  bool source_done_ = false;  // on_complete() came
  int status_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace edge::proxy
