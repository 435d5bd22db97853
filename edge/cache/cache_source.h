// The cache as edged's ObjectSource (the lookup step's seam): memory tier, then disk tier, then
// one coalesced origin fill per key for every worker, decorating the OriginSource. One per
// worker, used on its loop only; the tiers and fills behind it are process-wide.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/base/clock.h"
#include "core/server/mailbox.h"
#include "edge/cache/cache_shared.h"
#include "edge/cache/head_codec.h"
#include "edge/proxy/object_source.h"

namespace edge::cache {

class FillDriver;

// A stored object as a lookup found it: in memory (body at hand) or on disk (to be read).
struct StoredObject {
  std::string key;
  StoredHead head;
  std::shared_ptr<const CachedObject> memory;  // set for a memory hit
  std::shared_ptr<const DiskEntry> disk;       // set for a disk hit
  uint64_t size() const { return memory ? memory->body->size() : disk->size; }
  bool warmed() const { return memory ? memory->warmed : (disk->flags & kFlagWarmed) != 0; }
};

class CacheSource final : public proxy::ObjectSource {
 public:
  // `mailbox` is the worker's (WorkerContext::mailbox); `clock` outlives the source.
  CacheSource(std::shared_ptr<CacheShared> shared, std::unique_ptr<proxy::ObjectSource> origins,
              std::shared_ptr<core::server::Mailbox> mailbox, const core::base::Clock& clock);
  ~CacheSource() override;
  CacheSource(const CacheSource&) = delete;
  CacheSource& operator=(const CacheSource&) = delete;

  std::unique_ptr<proxy::ObjectFetch> start(const proxy::ObjectRequest& request,
                                            proxy::ObjectObserver& observer) override;
  // A fresh 200 of at most 64 KiB in memory (a playlist, an init segment), for a GET that asks
  // for all of it, when no Vary header is configured: the key is then the target's alone, the
  // same in the viewer's request as in the one forwarding rules make of it.
  std::optional<proxy::ReadyAnswer> answer_at_once(const core::http::Request& viewer) override;

  // For the fetches of this module, on the loop.
  // The lookup again, after a revalidation refreshed the entry or a stored file vanished;
  // `attempt` bounds how often one request goes round.
  std::unique_ptr<proxy::ObjectFetch> restart(const proxy::ObjectRequest& request,
                                              proxy::ObjectObserver& observer, int attempt);
  // Straight to the origins, for a response that must not be shared.
  std::unique_ptr<proxy::ObjectFetch> pass(const proxy::ObjectRequest& request,
                                           proxy::ObjectObserver& observer);
  // A driver has ended (its fill is released); destroys it.
  void driver_done(FillDriver& driver);
  // Drops `key` from both tiers (a stored entry that can no longer be used).
  void forget(const std::string& key);

  CacheShared& shared() { return *shared_; }
  const std::shared_ptr<CacheShared>& shared_ptr() const { return shared_; }
  proxy::ObjectSource& origins() { return *origins_; }
  const std::shared_ptr<core::server::Mailbox>& mailbox() const { return mailbox_; }
  const core::base::Clock& clock() const { return clock_; }

 private:
  std::unique_ptr<proxy::ObjectFetch> lookup(const proxy::ObjectRequest& request,
                                             proxy::ObjectObserver& observer, int attempt);
  std::optional<StoredObject> find(const std::string& key);
  void count_lookup(const proxy::ObjectRequest& request, LookupResult result);
  // A viewer's hit on a warmed object makes that warm useful.
  void count_warm_hit(const proxy::ObjectRequest& request, const StoredObject& stored);
  // Joins the fill of `key`, starting (and driving) it when there is none; then reads it.
  std::unique_ptr<proxy::ObjectFetch> fill(const std::string& key,
                                           const proxy::ObjectRequest& request,
                                           proxy::ObjectObserver& observer,
                                           std::optional<StoredObject> stale, int attempt);
  void start_driver(const std::string& key, std::shared_ptr<Fill> fill,
                    const proxy::ObjectRequest& request, std::optional<StoredObject> stale);

  std::shared_ptr<CacheShared> shared_;
  std::unique_ptr<proxy::ObjectSource> origins_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
  const core::base::Clock& clock_;
  std::unordered_map<FillDriver*, std::unique_ptr<FillDriver>> drivers_;
};

}  // namespace edge::cache
