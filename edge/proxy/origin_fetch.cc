// OriginFetch: which failures are worth another origin, and when. Only failures before the
// response head are retried: after it, bytes may already be on their way to the viewer, and
// a second response cannot be spliced onto the first.
#include "edge/proxy/origin_fetch.h"

#include <event2/event.h>

#include <algorithm>

namespace edge::proxy {
namespace {

using core::client::FetchError;

SourceError before_head(FetchError error) {
  switch (error) {
    case FetchError::kConnect:
    case FetchError::kReset:
      return SourceError::kUnavailable;
    case FetchError::kTimeout:
      return SourceError::kTimeout;
    default:
      return SourceError::kBadResponse;
  }
}

SourceError after_head(FetchError error) {
  return error == FetchError::kTimeout ? SourceError::kTimeout : SourceError::kTruncated;
}

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

}  // namespace

void free_timer(event* ev) {
  event_free(ev);
}

OriginFetch::OriginFetch(OriginSource& source, const ObjectRequest& request,
                         ObjectObserver& observer)
    : source_(source),
      request_(request),
      observer_(observer),
      retry_timer_(evtimer_new(source.loop_, &OriginFetch::on_retry_timer, this)),
      idempotent_(request.request.method == "GET" || request.request.method == "HEAD") {
  attempt();
}

OriginFetch::~OriginFetch() = default;

void OriginFetch::attempt() {
  const size_t origin = source_.pick(request_.video, tried_);
  const bool failover = !tried_.empty() || origin != source_.ring_.owner(request_.video);
  tried_.push_back(origin);
  info_.upstream = source_.authority(origin);
  info_.attempts = static_cast<int>(tried_.size());
  source_.metrics_.selected(origin, failover);
  // The client never calls back inside fetch(), so the observer hears nothing from here.
  fetch_ = source_.origins_[origin].client->fetch(request_.request, *this);
}

void OriginFetch::resume() {
  if (fetch_) fetch_->resume();
}

void OriginFetch::on_head(core::http::ResponseHead head) {
  head_seen_ = true;
  source_.record(tried_.back(), std::nullopt);
  observer_.on_head(std::move(head));
}

void OriginFetch::on_body(core::http::Chunk chunk) {
  observer_.on_body(std::move(chunk));
}

void OriginFetch::on_complete() {
  observer_.on_complete();
}

void OriginFetch::on_error(FetchError error) {
  source_.record(tried_.back(), error);
  if (head_seen_) {
    observer_.on_error(after_head(error));
    return;
  }
  if (!may_retry(error)) {
    observer_.on_error(before_head(error));
    return;
  }
  source_.metrics_.retry(error);
  // The failed fetch is finished with; dropping it here is allowed inside its callback.
  fetch_.reset();
  const timeval wait = to_timeval(backoff());
  evtimer_add(retry_timer_.get(), &wait);
}

bool OriginFetch::may_retry(FetchError error) const {
  const bool retryable =
      error == FetchError::kConnect || error == FetchError::kTimeout || error == FetchError::kReset;
  const int retries_done = static_cast<int>(tried_.size()) - 1;
  return idempotent_ && retryable && retries_done < source_.config_.retries;
}

std::chrono::milliseconds OriginFetch::backoff() const {
  const size_t retry = tried_.size() - 1;  // 0 for the first retry
  std::chrono::milliseconds wait = source_.config_.retry_backoff;
  for (size_t i = 0; i < retry && wait < source_.config_.max_retry_backoff; ++i)
    wait *= 2;
  return std::min(wait, source_.config_.max_retry_backoff);
}

void OriginFetch::on_retry_timer(int /*fd*/, short /*what*/, void* ctx) {
  static_cast<OriginFetch*>(ctx)->attempt();
}

}  // namespace edge::proxy
