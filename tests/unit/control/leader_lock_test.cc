// The leader lock against a real redis-server: one leader at a time, a lease that runs out by
// the holder's own clock, take-over once it expired, release on a graceful stop, and no
// leadership while Redis is away.
#include "control/state/leader_lock.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/unit/control/loop_runner.h"
#include "tests/unit/support/redis_server.h"

namespace control::state {
namespace {

using Outcome = LeaderLock::Outcome;
constexpr auto kTtl = std::chrono::milliseconds(400);

class LeaderLockTest : public ::testing::Test {
 protected:
  Outcome step(LeaderLock& lock) {
    return runner_.run<Outcome>([&](auto done) { lock.step(done); })
        .value_or(Outcome::kUnavailable);
  }
  void release(LeaderLock& lock) {
    runner_.run<bool>([&](auto done) { lock.release([done] { done(true); }); });
  }

  testsupport::RedisServer server_;
  control::testing::LoopRunner runner_;
  core::base::SystemClock clock_;
  core::redis::AsyncClient redis_{runner_.loop(), server_.endpoint()};
  LeaderLock a_{redis_, clock_, "lock", "a", kTtl};
  LeaderLock b_{redis_, clock_, "lock", "b", kTtl};
};

TEST_F(LeaderLockTest, OneLeaderAtATimeWhoKeepsItByRenewing) {
  EXPECT_EQ(step(a_), Outcome::kLeading);
  EXPECT_EQ(step(b_), Outcome::kFollowing);
  EXPECT_TRUE(a_.leading());
  EXPECT_FALSE(b_.leading());
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(kTtl / 2);
    EXPECT_EQ(step(a_), Outcome::kLeading);
    EXPECT_EQ(step(b_), Outcome::kFollowing);
  }
}

TEST_F(LeaderLockTest, AnotherReplicaTakesOverOnceTheLeaseExpired) {
  ASSERT_EQ(step(a_), Outcome::kLeading);
  std::this_thread::sleep_for(kTtl + std::chrono::milliseconds(50));
  // a stopped renewing (it was killed): its own clock says it no longer leads...
  EXPECT_FALSE(a_.leading());
  EXPECT_EQ(step(b_), Outcome::kLeading);
  // ...and its renewal cannot extend b's lease.
  EXPECT_EQ(step(a_), Outcome::kFollowing);
  EXPECT_TRUE(b_.leading());
}

TEST_F(LeaderLockTest, ReleaseLetsTheNextReplicaInAtOnce) {
  ASSERT_EQ(step(a_), Outcome::kLeading);
  release(b_);  // not b's: a no-op
  EXPECT_EQ(step(b_), Outcome::kFollowing);
  release(a_);
  EXPECT_FALSE(a_.leading());
  EXPECT_EQ(step(b_), Outcome::kLeading);
}

TEST_F(LeaderLockTest, WithoutRedisTheLeaderStopsLeadingWhenItsLeaseEnds) {
  ASSERT_EQ(step(a_), Outcome::kLeading);
  server_.stop();
  EXPECT_EQ(step(a_), Outcome::kUnavailable);
  std::this_thread::sleep_for(kTtl + std::chrono::milliseconds(50));
  EXPECT_EQ(step(a_), Outcome::kUnavailable);
  EXPECT_FALSE(a_.leading());
  ASSERT_TRUE(server_.start());
  // The client reconnects with backoff; a later step finds the lock free.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (step(a_) != Outcome::kLeading && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(a_.leading());
}

}  // namespace
}  // namespace control::state
