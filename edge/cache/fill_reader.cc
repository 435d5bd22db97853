// FillReader. pump() makes at most one observer call and returns right after it: the observer
// may destroy the reader inside.
#include "edge/cache/fill_reader.h"

#include <algorithm>
#include <string>

#include "edge/cache/stored_fetch.h"

namespace edge::cache {

FillReader::FillReader(CacheSource& cache, const proxy::ObjectRequest& request,
                       proxy::ObjectObserver& observer, std::shared_ptr<Fill> fill, size_t reader,
                       LookupResult result, std::optional<StoredObject> stale, int attempt)
    : cache_(cache),
      request_(request),
      observer_(observer),
      fill_(std::move(fill)),
      reader_(reader),
      result_(result),
      stale_(std::move(stale)),
      attempt_(attempt),
      calls_(cache.mailbox()) {
  info_.cache_status = std::string(to_x_cache(result));
  calls_.post([this] { pump(); });
}

FillReader::~FillReader() {
  if (fill_) fill_->remove_reader(reader_);
}

const proxy::SourceInfo& FillReader::info() const {
  return replacement_ ? replacement_->info() : info_;
}

void FillReader::resume() {
  if (replacement_) {
    replacement_->resume();
    return;
  }
  awaiting_resume_ = false;
  if (sent_ >= plan_.length) {
    calls_.post([this] { observer_.on_complete(); });
    return;
  }
  calls_.post([this] { pump(); });
}

void FillReader::replace(std::unique_ptr<proxy::ObjectFetch> fetch) {
  fill_->remove_reader(reader_);
  fill_.reset();
  replacement_ = std::move(fetch);
}

void FillReader::pump() {
  if (awaiting_resume_ || replacement_) return;
  while (true) {
    FillWaiter waiter{cache_.mailbox(), calls_.guard([this] { pump(); })};
    const Fill::View view = fill_->read(reader_, index_, std::move(waiter));
    switch (view.state) {
      case FillState::kWaitingHead:
        return;
      case FillState::kRetry:
        replace(cache_.restart(request_, observer_, attempt_ + 1));
        return;
      case FillState::kFailed:
        if (!view.chunk) {
          on_failed(view.error);
          return;
        }
        break;
      case FillState::kStreaming:
      case FillState::kComplete:
        break;
    }
    if (view.private_to_leader && result_ != LookupResult::kMiss) {
      cache_.shared().metrics.lookup(LookupResult::kPass);
      replace(cache_.pass(request_, observer_));
      return;
    }
    if (!head_sent_) {
      start_head();
      return;
    }
    if (!view.chunk) {
      // Nothing new yet: the waiter is registered, unless the fill is over.
      if (view.state == FillState::kComplete || view.state == FillState::kFailed) {
        awaiting_resume_ = true;  // the end: nothing more goes to the observer
      }
      if (view.state == FillState::kComplete) observer_.on_complete();
      if (view.state == FillState::kFailed) on_failed(view.error);
      return;
    }
    // Only the part of the chunk inside the plan's byte span goes out; chunks wholly before
    // it are skipped here, without a round trip through the loop.
    const core::http::Chunk& chunk = *view.chunk;
    const uint64_t chunk_first = offset_;
    offset_ += chunk.bytes.size();
    ++index_;
    const uint64_t from = std::max(chunk_first, plan_.first + sent_);
    const uint64_t to = std::min(offset_, plan_.first + plan_.length);
    if (from < to) {
      core::http::Chunk slice{chunk.owner, chunk.bytes.substr(from - chunk_first, to - from)};
      sent_ += to - from;
      cache_.shared().metrics.served(Tier::kFill, to - from);
      awaiting_resume_ = true;
      observer_.on_body(std::move(slice));
      return;
    }
    if (sent_ >= plan_.length) {
      awaiting_resume_ = true;
      observer_.on_complete();
      return;
    }
  }
}

void FillReader::start_head() {
  const int64_t now = cache_.clock().unix_seconds();
  core::http::ResponseHead head = fill_->head();
  head.headers.set("x-cache", to_x_cache(result_));
  // It left the origin just now, or (for a complete fill still answering) moments ago.
  if (!head.headers.contains("age")) head.headers.add("age", "0");
  const std::optional<uint64_t> length = head.content_length;
  plan_ = plan_delivery(request_.request, std::move(head), length, now);
  if (!plan_.head.content_length) plan_.length = UINT64_MAX;
  head_sent_ = true;
  if (request_.request.method == "HEAD" || !plan_.body || plan_.length == 0) {
    observer_.on_head(std::move(plan_.head));
    calls_.post([this] { observer_.on_complete(); });
    return;
  }
  observer_.on_head(std::move(plan_.head));
  calls_.post([this] { pump(); });
}

void FillReader::on_failed(proxy::SourceError error) {
  if (!head_sent_ && stale_ &&
      usable_on_error(stale_->head.freshness, cache_.clock().unix_seconds())) {
    cache_.shared().metrics.stale_on_error.inc();
    replace(std::make_unique<StoredFetch>(cache_, request_, observer_, std::move(*stale_),
                                          LookupResult::kStale, attempt_));
    return;
  }
  observer_.on_error(head_sent_ ? proxy::SourceError::kTruncated : error);
}

}  // namespace edge::cache
