// FillDriver. Responses that must not be shared between viewers (private, Set-Cookie,
// Authorization, Vary beyond the configured headers) reach only the request that started the
// fill, and every other reader goes to the origin on its own; other unstorable responses (errors,
// no-store) are shared by the readers already waiting, so a failing origin is not hit once per
// waiting viewer, and stored by nobody.
#include "edge/cache/fill_driver.h"

#include "edge/cache/head_codec.h"
#include "edge/cache/hit_head.h"

namespace edge::cache {
namespace {

// How far the fill may run ahead of its slowest reader, in bytes.
constexpr uint64_t kWindowBytes = 2 << 20;
// How much of an object a fill keeps from its start for requests that join late: a whole HLS
// segment fits; a larger object is shared only by the readers who came in time.
constexpr uint64_t kShareBytes = 4 << 20;

bool must_not_share(std::string_view reason) {
  return reason == "private" || reason == "authorization" || reason == "set_cookie" ||
         reason == "vary_star" || reason == "vary_unconfigured";
}

}  // namespace

FillDriver::FillDriver(CacheSource& cache, std::string key, std::shared_ptr<Fill> fill,
                       const proxy::ObjectRequest& request, std::optional<StoredObject> stale)
    : cache_(cache),
      key_(std::move(key)),
      fill_(std::move(fill)),
      upstream_(request),
      stale_(std::move(stale)) {
  core::http::Headers& headers = upstream_.request.headers;
  upstream_.request.method = "GET";
  for (std::string_view name : {"range", "if-range", "if-none-match", "if-modified-since",
                                "if-match", "if-unmodified-since"}) {
    headers.remove(name);
  }
  if (stale_) add_validators(stale_->head.head, headers);
}

FillDriver::~FillDriver() {
  if (!ended_) {
    fill_->fail(proxy::SourceError::kUnavailable);
    cache_.shared().fills.release(key_, fill_.get());
    cache_.shared().metrics.fills_in_flight.add(-1);
  }
}

void FillDriver::start() {
  request_time_ = cache_.clock().unix_seconds();
  cache_.shared().metrics.fills_in_flight.add(1);
  cache_.shared().metrics.origin_fetch(stale_ ? FetchKind::kRevalidate : FetchKind::kFill);
  fetch_ = cache_.origins().start(upstream_, *this);
}

void FillDriver::on_head(core::http::ResponseHead head) {
  CacheShared& shared = cache_.shared();
  const int64_t now = cache_.clock().unix_seconds();
  if (stale_ && head.status == 304) {
    refresh(*stale_, head);
    return;
  }
  if (stale_ && head.status >= 500 && usable_on_error(stale_->head.freshness, now)) {
    // The readers fall back to the stale entry (stale-if-error).
    fill_->fail(proxy::SourceError::kUnavailable);
    end();
    return;
  }
  auto stored = storable(upstream_.request, head, request_time_, now, shared.settings.policy);
  head_ = head;
  if (!stored && must_not_share(stored.error())) {
    // Only the viewer who asked first gets this response; later requests start their own.
    cache_.shared().fills.release(key_, fill_.get());
    fill_->set_head(std::move(head), true);
    return;
  }
  if (stored) {
    freshness_ = *stored;
    const uint32_t flags = upstream_.warm ? kFlagWarmed : 0;
    if (shared.disk) {
      std::string blob = encode_head(StoredHead{head, *stored});
      writer_ = head.content_length
                    ? shared.disk->begin(key_, std::move(blob), flags, *head.content_length)
                    : shared.disk->begin(key_, std::move(blob), flags);
    }
    memory_candidate_ = shared.memory_worthy(key_path(key_));
  } else if (stale_) {
    // A stale entry the origin now answers with something unstorable is of no further use.
    cache_.forget(key_);
  }
  fill_->set_head(std::move(head));
}

void FillDriver::on_body(core::http::Chunk chunk) {
  bytes_ += chunk.bytes.size();
  if (bytes_ > cache_.shared().settings.policy.max_object_bytes) {
    // Every reader is fed from the fill's memory: a body past the object limit must end here.
    writer_.reset();
    cache_.shared().metrics.fills_failed.inc();
    fill_->fail(proxy::SourceError::kBadResponse);
    end();
    return;
  }
  if (writer_) writer_->append(chunk);
  if (memory_candidate_) memory_chunks_.push_back(chunk);
  fill_->append(std::move(chunk));
  resume_within_window();
}

void FillDriver::resume_within_window() {
  // Past a window ahead of the slowest reader, or past what a fill keeps for late joiners,
  // readers joining from now on could need what is about to be dropped: they start a fill
  // of their own.
  const bool ahead = fill_->ahead_of_readers() > kWindowBytes;
  if (!closed_ && (ahead || fill_->bytes() > kShareBytes)) {
    closed_ = true;
    cache_.shared().fills.release(key_, fill_.get());
  }
  if (closed_) fill_->trim();
  if (ahead) {
    if (fill_->ahead_of_readers() > kWindowBytes) {
      paused_ = true;
      fill_->wait_for_readers(
          FillWaiter{cache_.mailbox(), [this, alive = std::weak_ptr<char>(alive_)] {
                       if (alive.lock() && paused_) resume_within_window();
                     }});
      return;
    }
  }
  paused_ = false;
  fetch_->resume();
}

void FillDriver::on_complete() {
  if (head_.content_length && *head_.content_length != bytes_) {
    on_error(proxy::SourceError::kTruncated);
    return;
  }
  // A purge during the fill forgot it: what arrived is served to its readers, never stored.
  const bool purged = !cache_.shared().fills.holds(key_, fill_.get());
  if (purged) writer_.reset();
  const bool in_memory = !purged && freshness_ && memory_candidate_ && store_in_memory(*freshness_);
  fill_->complete();
  if (writer_ && !in_memory && !closed_) {
    // The complete fill answers later requests until the disk tier can: released once the
    // object is findable there, or dropped.
    // Weak: the disk tier holds this callback, and must not keep itself alive through it.
    std::weak_ptr<CacheShared> weak = cache_.shared_ptr();
    writer_->commit(bytes_, cache_.mailbox(), [weak, key = key_, fill = fill_](bool) {
      if (auto shared = weak.lock()) shared->fills.release(key, fill.get());
    });
    writer_.reset();
    end(false);
    return;
  }
  if (writer_) writer_->commit(bytes_);
  writer_.reset();
  end();
}

void FillDriver::on_error(proxy::SourceError error) {
  writer_.reset();
  cache_.shared().metrics.fills_failed.inc();
  fill_->fail(error);
  end();
}

void FillDriver::refresh(const StoredObject& stale, const core::http::ResponseHead& not_modified) {
  CacheShared& shared = cache_.shared();
  const int64_t now = cache_.clock().unix_seconds();
  core::http::ResponseHead merged = merge_not_modified(stale.head.head, not_modified);
  auto fresh = storable(upstream_.request, merged, request_time_, now, shared.settings.policy);
  if (!fresh) {
    cache_.forget(key_);
  } else {
    shared.metrics.revalidated.inc();
    if (stale.memory) {
      auto object = std::make_shared<CachedObject>(CachedObject{
          merged, *fresh, stale.memory->body, stale.memory->warmed, make_hit_head(merged)});
      shared.memory.insert(key_, std::move(object));
    }
    if (shared.disk) {
      shared.disk->update_head(key_, encode_head(StoredHead{merged, *fresh}));
    }
  }
  fill_->retry();
  end();
}

bool FillDriver::store_in_memory(const Freshness& freshness) {
  std::string body;
  body.reserve(bytes_);
  for (const core::http::Chunk& chunk : memory_chunks_)
    body.append(chunk.bytes);
  memory_chunks_.clear();
  auto object = std::make_shared<CachedObject>(
      CachedObject{head_, freshness, std::make_shared<const std::string>(std::move(body)),
                   upstream_.warm, make_hit_head(head_)});
  CacheShared& shared = cache_.shared();
  const bool stored = shared.memory.insert(key_, std::move(object));
  shared.count_memory();
  return stored;
}

void FillDriver::end(bool release_fill) {
  ended_ = true;
  if (release_fill) cache_.shared().fills.release(key_, fill_.get());
  cache_.shared().metrics.fills_in_flight.add(-1);
  cache_.driver_done(*this);
}

}  // namespace edge::cache
