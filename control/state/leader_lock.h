// Leader election through one Redis key: a replica takes it with SET NX PX and, while it leads,
// renews it with a script that extends the key only when it still holds this replica's id, so
// a replica that lost the key (expired while it was cut off) never extends another's lease.
// A replica counts itself leader only until its lease would run out by its own clock, measured
// from when the request that took or renewed it was sent: with Redis away it stops leading in
// time for another replica to take over.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/base/clock.h"
#include "core/redis/async_client.h"

namespace control::state {

class LeaderLock {
 public:
  enum class Outcome : uint8_t {
    kLeading,      // the lock is ours until lease_end()
    kFollowing,    // another replica holds it
    kUnavailable,  // Redis did not answer; leading() ends with the lease
  };

  // `redis` and `clock` must outlive the lock; callbacks run on the redis client's loop.
  LeaderLock(core::redis::AsyncClient& redis, const core::base::Clock& clock, std::string key,
             std::string id, std::chrono::milliseconds ttl);

  // One election step: renews the lock when we hold it, tries to take it otherwise.
  void step(std::function<void(Outcome)> done);
  // Deletes the lock if it is still ours (a graceful stop), then runs `done`.
  void release(std::function<void()> done);

  // Whether this replica holds the lock now, by its own clock.
  bool leading() const;
  const std::string& id() const { return id_; }

 private:
  void on_reply(std::chrono::steady_clock::time_point sent, core::redis::PipelineResult result,
                const std::function<void(Outcome)>& done);

  core::redis::AsyncClient& redis_;
  const core::base::Clock& clock_;
  std::string key_;
  std::string id_;
  std::chrono::milliseconds ttl_;
  bool held_ = false;
  std::chrono::steady_clock::time_point lease_end_{};
};

}  // namespace control::state
