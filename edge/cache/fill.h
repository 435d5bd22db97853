// A fill is one object on its way from the origin, shared by every viewer who asked for it
// meanwhile, whatever their worker: one origin fetch however many viewers miss at once, and
// each of them gets the bytes as they arrive (read-while-write), not after the fill ends.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/http/chunk.h"
#include "core/http/message.h"
#include "core/server/mailbox.h"
#include "edge/proxy/object_source.h"

namespace edge::cache {

enum class FillState : uint8_t {
  kWaitingHead,  // the origin has not answered yet
  kStreaming,    // head known, body arriving
  kComplete,     // every byte is here
  kFailed,       // the origin failed; readers see error() (before or after the head)
  kRetry,        // the stored entry was revalidated or refreshed: readers look it up again
};

// How a reader is told that something changed: `wake` is posted to `mailbox` once.
struct FillWaiter {
  std::shared_ptr<core::server::Mailbox> mailbox;
  std::function<void()> wake;
};

// Thread-safe. The driver (on the loop that started the fill) writes; readers on any loop
// read under the same short lock. Chunks are shared, never copied.
//
// Memory stays bounded whatever the viewers' speeds: the fill knows where each reader is, and
// once the bytes buffered past the slowest reader exceed a window, the driver closes the fill
// to new readers (they start a fill of their own), drops what every reader has passed, and
// pauses the origin until the slowest reader moves on.
class Fill {
 public:
  // What a reader sees at one moment.
  struct View {
    FillState state = FillState::kWaitingHead;
    std::optional<core::http::Chunk> chunk;  // the chunk at the index asked for, if here
    proxy::SourceError error = proxy::SourceError::kUnavailable;
    bool private_to_leader = false;  // the response is only for the request that started it
  };

  Fill() = default;
  Fill(const Fill&) = delete;
  Fill& operator=(const Fill&) = delete;

  // Driver side. Each change wakes every registered waiter.
  // `private_to_leader`: the response must not be shared between viewers (private,
  // Set-Cookie...): it still flows to the request that started the fill, and every other
  // reader fetches on its own.
  void set_head(core::http::ResponseHead head, bool private_to_leader = false);
  void append(core::http::Chunk chunk);
  void complete();
  void fail(proxy::SourceError error);
  void retry();

  // Reader side: the head once the state is kStreaming or kComplete.
  core::http::ResponseHead head() const;
  // The state and the chunk at `index`; when there is no chunk there yet and the fill is not
  // over, `waiter` is registered (under the same lock, so no change slips between the look
  // and the registration) and woken once on the next change.
  // Reading `index` tells the fill that `reader` has taken every chunk before it.
  View read(size_t reader, size_t index, FillWaiter waiter);
  uint64_t bytes() const;
  bool is_complete() const;
  // A pre-warm started it: a viewer joining it uses what was warmed. Set by the leader when it
  // starts the driver; a reader joining before that sees false.
  void mark_warm() { warm_.store(true, std::memory_order_relaxed); }
  bool warm() const { return warm_.load(std::memory_order_relaxed); }

  // Readers: FillRegistry::join adds one for each request that joins; a reader that goes away
  // (or fetches elsewhere) is removed.
  size_t add_reader();
  void remove_reader(size_t reader);

  // Driver side of the window: the bytes buffered past the slowest reader (all of them when no
  // reader is left); dropping every chunk all readers have passed (only once the fill is closed
  // to new readers); and a waiter woken when the slowest reader moves or leaves.
  uint64_t ahead_of_readers() const;
  void trim();
  void wait_for_readers(FillWaiter waiter);

 private:
  void change(FillState state);
  size_t slowest_locked() const;  // chunks_.size() when there are no readers
  void readers_moved_locked(std::vector<FillWaiter>& wake);

  mutable std::mutex mutex_;
  FillState state_ = FillState::kWaitingHead;
  proxy::SourceError error_ = proxy::SourceError::kUnavailable;
  core::http::ResponseHead head_;
  bool private_to_leader_ = false;
  std::vector<core::http::Chunk> chunks_;
  std::vector<uint64_t> offsets_;  // fill bytes before each chunk
  size_t trimmed_ = 0;             // chunks before this index were dropped
  uint64_t bytes_ = 0;
  std::vector<FillWaiter> waiters_;
  std::unordered_map<size_t, size_t> readers_;  // reader -> the next chunk index it needs
  size_t next_reader_ = 0;
  std::vector<FillWaiter> driver_waiters_;
  std::atomic<bool> warm_{false};
};

// The fills in progress, by cache key. Process-wide and thread-safe.
class FillRegistry {
 public:
  struct Joined {
    std::shared_ptr<Fill> fill;
    bool leader = false;  // the caller made it and must drive it to an end
    size_t reader = 0;    // the caller's reader of the fill (Fill::remove_reader when unused)
  };
  Joined join(const std::string& key);
  // The driver is done with `fill`: later requests for `key` go to the tiers again.
  void release(const std::string& key, const Fill* fill);
  size_t in_flight() const;
  // Whether a fill of `key` is registered (in progress and still joinable).
  bool filling(const std::string& key);
  // Whether `fill` is still the one registered for `key` (not released, not purged).
  bool holds(const std::string& key, const Fill* fill);
  // Purge: later requests for `key` (or keys starting with `prefix`) start a fill of their own;
  // readers of the forgotten fills finish reading it. Returns how many were forgotten.
  size_t forget(const std::string& key);
  size_t forget_prefix(std::string_view prefix);

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<Fill>> fills;
  };
  Shard& shard_of(std::string_view key);

  Shard shards_[kShards];
};

}  // namespace edge::cache
