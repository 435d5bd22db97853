// The profile epoch moves with every change of what a feed reads of the viewer, and only then.
#include "origin/feed/profile_epoch.h"

#include <gtest/gtest.h>

#include <vector>

namespace origin::feed {
namespace {

using core::redis::Reply;

Reply array(std::vector<std::string> texts) {
  Reply reply;
  reply.type = Reply::Type::kArray;
  for (std::string& text : texts) {
    Reply element;
    element.type = Reply::Type::kString;
    element.text = std::move(text);
    reply.elements.push_back(std::move(element));
  }
  return reply;
}

// seen, completions, this period's interest, the previous period's, follows.
std::vector<Reply> profile() {
  return {array({"v1", "v2"}), array({"v2"}), array({"t:cats", "300", "#done", "1"}), array({}),
          array({"alice"})};
}

TEST(ProfileEpochTest, TheSameProfileHasTheSameEpoch) {
  EXPECT_EQ(profile_epoch(profile()), profile_epoch(profile()));
}

TEST(ProfileEpochTest, AnyChangeOfTheProfileMovesIt) {
  const int64_t before = profile_epoch(profile());
  auto seen = profile();
  seen[0] = array({"v1", "v2", "v3"});
  auto weight = profile();
  weight[2] = array({"t:cats", "301", "#done", "1"});
  auto follows = profile();
  follows[4] = array({"alice", "bob"});
  // The same texts in another reply: a completion is not a follow.
  auto moved = profile();
  moved[4] = array({});
  moved[3] = array({"alice"});
  for (const auto& changed : {seen, weight, follows, moved})
    EXPECT_NE(profile_epoch(changed), before);
}

}  // namespace
}  // namespace origin::feed
