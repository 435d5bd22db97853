// ProxyExchange. Every Stream call that can end the exchange (respond without body, the last
// write, abort, respond_with) is the last thing its function does, after done(): the stream
// may destroy the exchange inside that call.
#include "edge/proxy/proxy_exchange.h"

#include <string>

#include "edge/proxy/forwarding.h"

namespace edge::proxy {
namespace {

// What the viewer gets depends on who and where it is: no shared cache may keep it, and the
// origin's length and validators describe another body.
void mark_rewritten(core::http::ResponseHead& head) {
  head.headers.remove("etag");
  head.headers.remove("last-modified");
  head.headers.remove("content-length");
  head.content_length.reset();
  head.headers.set("cache-control", "private, no-cache");
}

bool has_body(const core::http::ResponseHead& head, std::string_view method) {
  if (method == "HEAD" || head.status < 200 || head.status == 204 || head.status == 304) {
    return false;
  }
  return !(head.content_length && *head.content_length == 0);
}

}  // namespace

ProxyExchange::ProxyExchange(std::shared_ptr<ProxyShared> shared, core::http::Stream& stream,
                             RequestLog log)
    : shared_(std::move(shared)), stream_(stream), log_(std::move(log)) {}

ProxyExchange::~ProxyExchange() {
  if (state_ != State::kFinished) done(Outcome::kClientGone);
}

void ProxyExchange::fetch(ObjectRequest request, BodyRewrite rewrite) {
  request_ = std::move(request);
  rewrite_ = std::move(rewrite);
  fetch_ = shared_->source->start(request_, *this);
}

void ProxyExchange::on_head(core::http::ResponseHead head) {
  if (state_ != State::kFetching) return;
  deliver(std::move(head));
}

void ProxyExchange::deliver(core::http::ResponseHead head) {
  const std::string_view method = stream_.request().method;
  core::http::ResponseHead out =
      make_downstream_head(std::move(head), method, shared_->config->pop);
  status_ = out.status;
  if (rewrite_ && out.status == 200 && method == "GET") {
    held_head_ = std::move(out);
    state_ = State::kRewriting;
    return;
  }
  if (rewrite_ && out.status == 200) {
    // A HEAD says what a GET would get: not the origin's length, validators or sharing.
    mark_rewritten(out);
  }
  if (!has_body(out, method)) {
    // Sent once the source says the response ended, so that its connection is reusable.
    held_head_ = std::move(out);
    state_ = State::kHeadHeld;
    return;
  }
  state_ = State::kStreaming;
  stream_.respond(std::move(out), true);
}

void ProxyExchange::on_body(core::http::Chunk chunk) {
  if (state_ == State::kRewriting) {
    if (original_.size() + chunk.size() > kMaxRewriteBytes) {
      fail_before_head(SourceError::kBadResponse);
      return;
    }
    original_.append(chunk.bytes);
    fetch_->resume();
    return;
  }
  if (state_ != State::kStreaming) return;
  if (!writable_) {
    pending_ = std::move(chunk);
    return;
  }
  writable_ = false;
  fetch_->resume();  // never calls back inside; the next chunk comes while this one is sent
  send(std::move(chunk), false);
}

void ProxyExchange::on_writable(core::http::Stream& /*stream*/) {
  if (state_ != State::kStreaming) return;
  if (pending_) {
    core::http::Chunk chunk = std::move(*pending_);
    pending_.reset();
    if (source_done_) {
      send(std::move(chunk), true);
      return;
    }
    fetch_->resume();
    send(std::move(chunk), false);
    return;
  }
  if (source_done_) {
    send({}, true);
    return;
  }
  writable_ = true;
}

void ProxyExchange::on_complete() {
  source_done_ = true;
  if (state_ == State::kRewriting) {
    send_rewritten();
    return;
  }
  if (state_ == State::kHeadHeld) {
    done(Outcome::kComplete);
    core::http::ResponseHead head = std::move(held_head_).value();
    held_head_.reset();
    stream_.respond(std::move(head), false);
    return;
  }
  if (state_ == State::kStreaming && !pending_ && writable_) {
    writable_ = false;
    send({}, true);
  }
}

void ProxyExchange::send(core::http::Chunk chunk, bool last) {
  bytes_ += chunk.size();
  if (last) done(Outcome::kComplete);
  stream_.write(std::move(chunk), last);
}

void ProxyExchange::send_rewritten() {
  core::http::ResponseHead head = std::move(held_head_).value();
  held_head_.reset();
  std::optional<std::string> rewritten = rewrite_(original_);
  std::string body = rewritten ? std::move(*rewritten) : std::move(original_);
  if (rewritten) mark_rewritten(head);
  bytes_ = body.size();
  done(Outcome::kComplete);
  stream_.respond_with(std::move(head), std::move(body));
}

void ProxyExchange::on_error(SourceError error) {
  if (state_ == State::kFetching || state_ == State::kHeadHeld || state_ == State::kRewriting) {
    fail_before_head(error);
    return;
  }
  if (state_ != State::kStreaming) return;
  // The head is out: the only honest end is a cut-off the viewer can see.
  shared_->metrics->aborted(error);
  done(Outcome::kAborted);
  stream_.abort();
}

void ProxyExchange::fail_before_head(SourceError error) {
  status_ = error == SourceError::kTimeout ? 504 : 502;
  std::string body = status_ == 504 ? "origin timed out\n" : "origin unavailable\n";
  if (error == SourceError::kBadResponse) body = "bad response from origin\n";
  bytes_ = body.size();
  done(Outcome::kUpstreamError);
  stream_.respond_with(status_, "text/plain; charset=utf-8", std::move(body));
}

void ProxyExchange::done(Outcome outcome) {
  state_ = State::kFinished;
  const SourceInfo* info = fetch_ ? &fetch_->info() : nullptr;
  Ending ending;
  ending.outcome = outcome;
  ending.status = status_;
  ending.bytes = bytes_;
  if (info) {
    ending.upstream = info->upstream;
    ending.cache_status = info->cache_status;
  }
  finish_request(*shared_, log_, ending);
}

}  // namespace edge::proxy
