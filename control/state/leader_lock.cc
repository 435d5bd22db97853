// The lock's commands and the lease kept by our own clock.
#include "control/state/leader_lock.h"

namespace control::state {
namespace {

// Extends the lock only when it holds our id: 1 when extended, 0 when it is not ours.
constexpr std::string_view kRenewScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
// Deletes the lock only when it holds our id.
constexpr std::string_view kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "return redis.call('DEL', KEYS[1]) else return 0 end";

}  // namespace

LeaderLock::LeaderLock(core::redis::AsyncClient& redis, const core::base::Clock& clock,
                       std::string key, std::string id, std::chrono::milliseconds ttl)
    : redis_(redis), clock_(clock), key_(std::move(key)), id_(std::move(id)), ttl_(ttl) {}

void LeaderLock::step(std::function<void(Outcome)> done) {
  const std::string ttl = std::to_string(ttl_.count());
  core::redis::Command command =
      held_ ? core::redis::Command{"EVAL", std::string(kRenewScript), "1", key_, id_, ttl}
            : core::redis::Command{"SET", key_, id_, "NX", "PX", ttl};
  const auto sent = clock_.now();
  redis_.send({std::move(command)},
              [this, sent, done = std::move(done)](core::redis::PipelineResult result) {
                on_reply(sent, std::move(result), done);
              });
}

void LeaderLock::on_reply(std::chrono::steady_clock::time_point sent,
                          core::redis::PipelineResult result,
                          const std::function<void(Outcome)>& done) {
  if (!result || result->empty() || result->front().is_error()) {
    done(Outcome::kUnavailable);
    return;
  }
  const core::redis::Reply& reply = result->front();
  // SET NX answers OK or nil; the renewal 1 or 0.
  held_ = reply.type == core::redis::Reply::Type::kStatus || reply.as_integer() == 1;
  if (held_) lease_end_ = sent + ttl_;
  done(held_ ? Outcome::kLeading : Outcome::kFollowing);
}

void LeaderLock::release(std::function<void()> done) {
  if (!held_) {
    done();
    return;
  }
  held_ = false;
  lease_end_ = {};
  redis_.send({{"EVAL", std::string(kReleaseScript), "1", key_, id_}},
              [done = std::move(done)](const core::redis::PipelineResult&) { done(); });
}

bool LeaderLock::leading() const {
  return held_ && clock_.now() < lease_end_;
}

}  // namespace control::state
