// CacheSource: the lookup (memory, then disk), the freshness verdict, and the fills.
#include "edge/cache/cache_source.h"

#include "edge/cache/delivery_plan.h"
#include "edge/cache/fill_driver.h"
#include "edge/cache/fill_reader.h"
#include "edge/cache/pass_fetch.h"
#include "edge/cache/stored_fetch.h"

namespace edge::cache {
namespace {

// Bodies up to this size go out whole at once. A larger one takes the long way, which ends the
// request (its log record and duration, or a viewer gone mid-body) once the body has gone out.
constexpr uint64_t kAnswerAtOnceBytes = uint64_t{64} * 1024;

// A request that goes round more often than this (an entry refreshed and evicted again and
// again) is answered by a plain origin fetch.
constexpr int kMaxAttempts = 3;

}  // namespace

CacheSource::CacheSource(std::shared_ptr<CacheShared> shared,
                         std::unique_ptr<proxy::ObjectSource> origins,
                         std::shared_ptr<core::server::Mailbox> mailbox,
                         const core::base::Clock& clock)
    : shared_(std::move(shared)),
      origins_(std::move(origins)),
      mailbox_(std::move(mailbox)),
      clock_(clock) {}

CacheSource::~CacheSource() = default;

std::unique_ptr<proxy::ObjectFetch> CacheSource::start(const proxy::ObjectRequest& request,
                                                       proxy::ObjectObserver& observer) {
  return lookup(request, observer, 0);
}

std::optional<proxy::ReadyAnswer> CacheSource::answer_at_once(const core::http::Request& viewer) {
  const CacheSettings& settings = shared_->settings;
  if (viewer.method != "GET" || !settings.keys.vary_headers.empty() || !asks_for_whole(viewer)) {
    return std::nullopt;
  }
  const auto key = cache_key(viewer, settings.keys);
  if (!key) return std::nullopt;
  std::shared_ptr<const CachedObject> object = shared_->memory.find(*key);
  if (!object || !object->hit_head || object->body->size() > kAnswerAtOnceBytes) {
    return std::nullopt;
  }
  const int64_t now = clock_.unix_seconds();
  if (judge(object->freshness, now) != Verdict::kFresh) return std::nullopt;
  shared_->metrics.lookup(LookupResult::kHit);
  shared_->metrics.hits_at_once.inc();
  if (object->warmed && shared_->warmed_hit) shared_->warmed_hit(*key);
  shared_->metrics.served(Tier::kMemory, object->body->size());
  return proxy::ReadyAnswer{object->hit_head, current_age(object->freshness, now),
                            to_x_cache(LookupResult::kHit),
                            core::http::Chunk{object->body, *object->body}};
}

std::unique_ptr<proxy::ObjectFetch> CacheSource::restart(const proxy::ObjectRequest& request,
                                                         proxy::ObjectObserver& observer,
                                                         int attempt) {
  return lookup(request, observer, attempt);
}

std::unique_ptr<proxy::ObjectFetch> CacheSource::pass(const proxy::ObjectRequest& request,
                                                      proxy::ObjectObserver& observer) {
  return std::make_unique<PassFetch>(*origins_, request, observer);
}

std::unique_ptr<proxy::ObjectFetch> CacheSource::lookup(const proxy::ObjectRequest& request,
                                                        proxy::ObjectObserver& observer,
                                                        int attempt) {
  const std::string& method = request.request.method;
  const auto key = cache_key(request.request, shared_->settings.keys);
  if ((method != "GET" && method != "HEAD") || !key || attempt >= kMaxAttempts) {
    count_lookup(request, LookupResult::kPass);
    return pass(request, observer);
  }
  std::optional<StoredObject> stored = find(*key);
  if (!stored) return fill(*key, request, observer, std::nullopt, attempt);
  switch (judge(stored->head.freshness, clock_.unix_seconds())) {
    case Verdict::kFresh:
      count_lookup(request, LookupResult::kHit);
      count_warm_hit(request, *stored);
      return std::make_unique<StoredFetch>(*this, request, observer, std::move(*stored),
                                           LookupResult::kHit, attempt);
    case Verdict::kStaleWhileRevalidate: {
      FillRegistry::Joined joined = shared_->fills.join(*key);
      joined.fill->remove_reader(joined.reader);  // the viewer reads the stale entry instead
      if (joined.leader) start_driver(*key, std::move(joined.fill), request, stored);
      count_lookup(request, LookupResult::kStale);
      count_warm_hit(request, *stored);
      return std::make_unique<StoredFetch>(*this, request, observer, std::move(*stored),
                                           LookupResult::kStale, attempt);
    }
    case Verdict::kMustRevalidate:
      break;
  }
  return fill(*key, request, observer, std::move(stored), attempt);
}

void CacheSource::count_lookup(const proxy::ObjectRequest& request, LookupResult result) {
  // The lookup counters tell operators what viewers got; pre-warming has its own.
  if (!request.warm) shared_->metrics.lookup(result);
}

void CacheSource::count_warm_hit(const proxy::ObjectRequest& request, const StoredObject& stored) {
  if (!request.warm && stored.warmed() && shared_->warmed_hit) shared_->warmed_hit(stored.key);
}

std::optional<StoredObject> CacheSource::find(const std::string& key) {
  if (auto object = shared_->memory.find(key)) {
    return StoredObject{key, StoredHead{object->head, object->freshness}, object, nullptr};
  }
  if (!shared_->disk) return std::nullopt;
  auto entry = shared_->disk->find(key);
  if (!entry) return std::nullopt;
  auto head = decode_head(entry->head);
  if (!head) {
    // A record this build cannot read is worth nothing: drop it rather than fail on it forever.
    shared_->disk->erase(key);
    return std::nullopt;
  }
  return StoredObject{key, std::move(*head), nullptr, std::move(entry)};
}

std::unique_ptr<proxy::ObjectFetch> CacheSource::fill(const std::string& key,
                                                      const proxy::ObjectRequest& request,
                                                      proxy::ObjectObserver& observer,
                                                      std::optional<StoredObject> stale,
                                                      int attempt) {
  FillRegistry::Joined joined = shared_->fills.join(key);
  // A complete fill still answers while the disk tier takes the object in: that is a hit.
  LookupResult result = joined.leader ? LookupResult::kMiss : LookupResult::kCoalesced;
  if (!joined.leader && joined.fill->is_complete()) result = LookupResult::kHit;
  count_lookup(request, result);
  if (joined.leader) {
    if (request.warm) joined.fill->mark_warm();
    start_driver(key, joined.fill, request, stale);
  } else if (!request.warm && joined.fill->warm() && shared_->warmed_hit) {
    shared_->warmed_hit(key);
  }
  return std::make_unique<FillReader>(*this, request, observer, std::move(joined.fill),
                                      joined.reader, result, std::move(stale), attempt);
}

void CacheSource::start_driver(const std::string& key, std::shared_ptr<Fill> fill,
                               const proxy::ObjectRequest& request,
                               std::optional<StoredObject> stale) {
  auto driver =
      std::make_unique<FillDriver>(*this, key, std::move(fill), request, std::move(stale));
  FillDriver& started = *driver;
  drivers_.emplace(&started, std::move(driver));
  started.start();
}

void CacheSource::driver_done(FillDriver& driver) {
  drivers_.erase(&driver);
}

void CacheSource::forget(const std::string& key) {
  shared_->memory.erase(key);
  if (shared_->disk) shared_->disk->erase(key);
  shared_->count_memory();
}

}  // namespace edge::cache
