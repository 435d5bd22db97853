// StoredFetch. Every observer call is the last thing its step does: the observer may destroy
// this fetch inside it.
#include "edge/cache/stored_fetch.h"

#include <algorithm>
#include <string>

namespace edge::cache {
namespace {

// Age and X-Cache here, Via on the way out: room for them without moving the stored fields (a
// 206 adds its range fields too, and moves them once).
constexpr std::size_t kFieldsAddedOnTheWayOut = 3;

}  // namespace

StoredFetch::StoredFetch(CacheSource& cache, const proxy::ObjectRequest& request,
                         proxy::ObjectObserver& observer, StoredObject stored, LookupResult result,
                         int attempt)
    : cache_(cache),
      request_(request),
      observer_(observer),
      stored_(std::move(stored)),
      attempt_(attempt),
      calls_(cache.mailbox()) {
  info_.cache_status = std::string(to_x_cache(result));
  const int64_t now = cache_.clock().unix_seconds();
  core::http::ResponseHead head = std::move(stored_.head.head);  // read nowhere else
  head.headers.reserve(head.headers.size() + kFieldsAddedOnTheWayOut);
  head.headers.set("age", std::to_string(current_age(stored_.head.freshness, now)));
  head.headers.set("x-cache", to_x_cache(result));
  plan_ = plan_delivery(request_.request, std::move(head), stored_.size(), now);
  if (request_.request.method == "HEAD") plan_.body = false;
  calls_.post([this] { begin(); });
}

const proxy::SourceInfo& StoredFetch::info() const {
  return replacement_ ? replacement_->info() : info_;
}

void StoredFetch::begin() {
  if (!stored_.disk || !plan_.body || plan_.length == 0) {
    send_head();
    return;
  }
  if (!request_.file_chunks) {
    read_next();
    return;
  }
  cache_.shared().disk->open_for_send(
      stored_.disk, plan_.first, plan_.length, cache_.mailbox(),
      calls_.guard([this](std::expected<DiskTier::SendFd, std::string> file) {
        if (!file) {
          // Evicted or purged between the lookup and the open: look it up afresh.
          replacement_ = cache_.restart(request_, observer_, attempt_ + 1);
          return;
        }
        first_ = core::http::Chunk::from_file(std::move(*file), plan_.first, plan_.length);
        sent_ = plan_.length;
        cache_.shared().metrics.served(Tier::kDisk, plan_.length);
        send_head();
      }));
}

void StoredFetch::send_head() {
  head_sent_ = true;
  const bool body = plan_.body && plan_.length > 0;
  if (!body) {
    observer_.on_head(std::move(plan_.head));
    // The observer may have gone inside on_head(); the completion is a step of its own.
    calls_.post([this] { observer_.on_complete(); });
    return;
  }
  core::http::Chunk first;
  if (stored_.memory) {
    const std::string_view bytes =
        std::string_view(*stored_.memory->body).substr(plan_.first, plan_.length);
    sent_ = plan_.length;
    cache_.shared().metrics.served(Tier::kMemory, bytes.size());
    first = core::http::Chunk{stored_.memory->body, bytes};
  } else if (first_) {
    first = std::move(*first_);
    first_.reset();
  }
  const std::weak_ptr<char> alive = calls_.watch();
  observer_.on_head(std::move(plan_.head));
  if (!alive.expired()) observer_.on_body(std::move(first));
}

void StoredFetch::read_next() {
  const uint64_t remaining = plan_.length - sent_;
  const uint64_t length = std::min(remaining, DiskTier::kMaxReadBytes);
  cache_.shared().disk->read(
      stored_.disk, plan_.first + sent_, length, cache_.mailbox(),
      calls_.guard([this](std::expected<core::http::Chunk, std::string> chunk) {
        on_read(std::move(chunk));
      }));
}

void StoredFetch::on_read(std::expected<core::http::Chunk, std::string> chunk) {
  if (!chunk || chunk->bytes.empty()) {
    if (!head_sent_) {
      // Evicted or purged between the lookup and the read: look it up afresh.
      replacement_ = cache_.restart(request_, observer_, attempt_ + 1);
      return;
    }
    observer_.on_error(proxy::SourceError::kTruncated);
    return;
  }
  sent_ += chunk->bytes.size();
  cache_.shared().metrics.served(Tier::kDisk, chunk->bytes.size());
  if (!head_sent_) {
    first_ = std::move(*chunk);
    send_head();
    return;
  }
  observer_.on_body(std::move(*chunk));
}

void StoredFetch::resume() {
  if (replacement_) {
    replacement_->resume();
    return;
  }
  if (sent_ >= plan_.length) {
    calls_.post([this] { observer_.on_complete(); });
    return;
  }
  read_next();
}

}  // namespace edge::cache
