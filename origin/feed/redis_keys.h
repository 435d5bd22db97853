// The Redis key space of the feeds, in one place. Every key starts with the configured prefix.
//
//   v:{video}            hash   counters of a video (rank::VideoStats, field for field)
//   vlog                 stream change log: an entry per batch applied, "v" -> the ids of the
//                               videos whose counters it changed, space-separated; the
//                               refreshers trim it to its last two minutes (incremental refresh)
//   regions              set    regions that have sent events
//   tr:{region}:{period} zset   video -> trending score with forward decay (periodic_decay.h)
//   act:{region}         zset   viewer -> ms of their last watch in the region, kept for the
//                               session gap (absent: the next watch starts a session)
//   sv:{region}          hash   survival counts: watches, session_starts, watch_ms
//   ss:{region}:{minute} string sessions started in that minute (expires)
//   u:{user}:seen        zset   video -> ms watched (bounded)
//   u:{user}:done        list   recent completions, newest first (bounded); its length is
//                               the completion count that ends the cold start
//   u:{user}:int         list   interest signals, latest received first (bounded), each
//                               "{video} {units} {unix seconds}" (interest_entry.h); a
//                               viewer's interests are their sum over each video's hashtags
//                               and creator, halved per half-life of age
//   u:{user}:fol         set    creators followed
//   u:{user}:cur         hash   "feed" -> id of the feed being paged, "at" -> its page start
//   f:{user}:{feed}      list   a stored ranked feed (expires)
//   cw:{video}           zset   video -> times completed by the same viewers (bounded)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace origin::feed {

class RedisKeys {
 public:
  explicit RedisKeys(std::string prefix) : prefix_(std::move(prefix)) {}

  std::string video(std::string_view id) const { return join("v:", id); }
  std::string changes() const { return prefix_ + "vlog"; }
  std::string regions() const { return prefix_ + "regions"; }
  std::string trending(std::string_view region, int64_t period) const {
    return join("tr:", region) + ":" + std::to_string(period);
  }
  std::string active(std::string_view region) const { return join("act:", region); }
  std::string survival(std::string_view region) const { return join("sv:", region); }
  std::string sessions(std::string_view region, int64_t minute) const {
    return join("ss:", region) + ":" + std::to_string(minute);
  }
  std::string seen(std::string_view user) const { return join("u:", user) + ":seen"; }
  std::string done(std::string_view user) const { return join("u:", user) + ":done"; }
  std::string interest(std::string_view user) const { return join("u:", user) + ":int"; }
  std::string follows(std::string_view user) const { return join("u:", user) + ":fol"; }
  std::string current(std::string_view user) const { return join("u:", user) + ":cur"; }
  std::string feed(std::string_view user, std::string_view id) const {
    return join("f:", user) + ":" + std::string(id);
  }
  std::string co_watch(std::string_view video) const { return join("cw:", video); }

 private:
  std::string join(std::string_view kind, std::string_view name) const {
    std::string key;
    key.reserve(prefix_.size() + kind.size() + name.size());
    key.append(prefix_).append(kind).append(name);
    return key;
  }
  std::string prefix_;
};

}  // namespace origin::feed
