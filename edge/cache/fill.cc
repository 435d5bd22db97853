// Fill and FillRegistry. Waiters are posted outside the lock: a wake may run at once on
// another loop and call read() again.
#include "edge/cache/fill.h"

#include <xxhash.h>

namespace edge::cache {
namespace {

void wake_all(std::vector<FillWaiter> waiters) {
  for (FillWaiter& waiter : waiters) {
    if (waiter.mailbox) waiter.mailbox->post(std::move(waiter.wake));
  }
}

}  // namespace

void Fill::set_head(core::http::ResponseHead head, bool private_to_leader) {
  std::vector<FillWaiter> waiters;
  {
    std::lock_guard lock(mutex_);
    if (state_ != FillState::kWaitingHead) return;
    head_ = std::move(head);
    private_to_leader_ = private_to_leader;
    state_ = FillState::kStreaming;
    waiters.swap(waiters_);
  }
  wake_all(std::move(waiters));
}

void Fill::append(core::http::Chunk chunk) {
  std::vector<FillWaiter> waiters;
  {
    std::lock_guard lock(mutex_);
    if (state_ != FillState::kStreaming) return;
    offsets_.push_back(bytes_);
    bytes_ += chunk.bytes.size();
    chunks_.push_back(std::move(chunk));
    waiters.swap(waiters_);
  }
  wake_all(std::move(waiters));
}

void Fill::complete() {
  change(FillState::kComplete);
}

void Fill::fail(proxy::SourceError error) {
  {
    std::lock_guard lock(mutex_);
    error_ = error;
  }
  change(FillState::kFailed);
}

void Fill::retry() {
  change(FillState::kRetry);
}

void Fill::change(FillState state) {
  std::vector<FillWaiter> waiters;
  {
    std::lock_guard lock(mutex_);
    const bool over = state_ != FillState::kWaitingHead && state_ != FillState::kStreaming;
    if (over) return;
    if (state == FillState::kComplete && state_ != FillState::kStreaming) return;
    state_ = state;
    waiters.swap(waiters_);
  }
  wake_all(std::move(waiters));
}

core::http::ResponseHead Fill::head() const {
  std::lock_guard lock(mutex_);
  return head_;
}

Fill::View Fill::read(size_t reader, size_t index, FillWaiter waiter) {
  std::vector<FillWaiter> wake;
  View view;
  {
    std::lock_guard lock(mutex_);
    view.state = state_;
    view.error = error_;
    view.private_to_leader = private_to_leader_;
    if (auto it = readers_.find(reader); it != readers_.end() && it->second != index) {
      it->second = index;
      readers_moved_locked(wake);
    }
    if (index < trimmed_) {
      // Dropped: only a reader that broke the protocol can ask for it. Never serve a hole.
      view.state = FillState::kFailed;
      view.error = proxy::SourceError::kTruncated;
    } else if (index < chunks_.size()) {
      view.chunk = chunks_[index];
    } else if (state_ == FillState::kWaitingHead || state_ == FillState::kStreaming) {
      waiters_.push_back(std::move(waiter));
    }
  }
  wake_all(std::move(wake));
  return view;
}

size_t Fill::add_reader() {
  std::lock_guard lock(mutex_);
  const size_t reader = next_reader_++;
  readers_.emplace(reader, trimmed_);
  return reader;
}

void Fill::remove_reader(size_t reader) {
  std::vector<FillWaiter> wake;
  {
    std::lock_guard lock(mutex_);
    if (readers_.erase(reader) > 0) readers_moved_locked(wake);
  }
  wake_all(std::move(wake));
}

size_t Fill::slowest_locked() const {
  size_t slowest = chunks_.size();
  for (const auto& [reader, index] : readers_)
    slowest = std::min(slowest, index);
  return slowest;
}

void Fill::readers_moved_locked(std::vector<FillWaiter>& wake) {
  wake.insert(wake.end(), std::make_move_iterator(driver_waiters_.begin()),
              std::make_move_iterator(driver_waiters_.end()));
  driver_waiters_.clear();
}

uint64_t Fill::ahead_of_readers() const {
  std::lock_guard lock(mutex_);
  const size_t slowest = slowest_locked();
  return slowest < offsets_.size() ? bytes_ - offsets_[slowest] : 0;
}

void Fill::trim() {
  std::lock_guard lock(mutex_);
  const size_t slowest = slowest_locked();
  for (; trimmed_ < slowest; ++trimmed_)
    chunks_[trimmed_] = core::http::Chunk{};
}

void Fill::wait_for_readers(FillWaiter waiter) {
  std::lock_guard lock(mutex_);
  driver_waiters_.push_back(std::move(waiter));
}

bool Fill::is_complete() const {
  std::lock_guard lock(mutex_);
  return state_ == FillState::kComplete;
}

uint64_t Fill::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

FillRegistry::Shard& FillRegistry::shard_of(std::string_view key) {
  return shards_[XXH3_64bits(key.data(), key.size()) % kShards];
}

FillRegistry::Joined FillRegistry::join(const std::string& key) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto [it, inserted] = shard.fills.try_emplace(key);
  if (inserted) it->second = std::make_shared<Fill>();
  // Under the shard lock: a driver closes the fill to joiners (release) before it drops
  // chunks, so a reader added here is counted before anything it needs can go.
  return Joined{it->second, inserted, it->second->add_reader()};
}

void FillRegistry::release(const std::string& key, const Fill* fill) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.fills.find(key);
  if (it != shard.fills.end() && it->second.get() == fill) shard.fills.erase(it);
}

bool FillRegistry::holds(const std::string& key, const Fill* fill) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.fills.find(key);
  return it != shard.fills.end() && it->second.get() == fill;
}

bool FillRegistry::filling(const std::string& key) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  return shard.fills.contains(key);
}

size_t FillRegistry::forget(const std::string& key) {
  Shard& shard = shard_of(key);
  std::lock_guard lock(shard.mutex);
  return shard.fills.erase(key);
}

size_t FillRegistry::forget_prefix(std::string_view prefix) {
  size_t forgotten = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    forgotten += std::erase_if(shard.fills, [prefix](const auto& entry) {
      return std::string_view(entry.first).starts_with(prefix);
    });
  }
  return forgotten;
}

size_t FillRegistry::in_flight() const {
  size_t count = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    count += shard.fills.size();
  }
  return count;
}

}  // namespace edge::cache
