// The profile epoch moves with every change of what a feed reads of the viewer, and not with
// the order Redis returns a set in.
#include "origin/feed/profile_epoch.h"

#include <gtest/gtest.h>

#include <string>
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

struct Profile {
  Reply seen = array({"v1", "v2"});
  Reply done = array({"v2", "v1"});
  Reply interest = array({"v2 100 1800000000", "v1 -50 1799999990"});
  Reply follows = array({"alice", "bob"});
  int64_t epoch() const { return profile_epoch({seen, done, interest, follows}); }
};

TEST(ProfileEpochTest, TheSameProfileHasTheSameEpoch) {
  EXPECT_EQ(Profile().epoch(), Profile().epoch());
}

TEST(ProfileEpochTest, TheOrderOfASetDoesNotMoveIt) {
  Profile reordered;
  reordered.seen = array({"v2", "v1"});
  reordered.follows = array({"bob", "alice"});
  EXPECT_EQ(reordered.epoch(), Profile().epoch());
}

TEST(ProfileEpochTest, AnyChangeOfTheProfileMovesIt) {
  const int64_t before = Profile().epoch();
  std::vector<Profile> changed(6);
  changed[0].seen = array({"v1", "v2", "v3"});
  changed[1].done = array({"v1", "v2"});  // the order of completions counts
  changed[2].interest = array({"v3 100 1800000005", "v2 100 1800000000", "v1 -50 1799999990"});
  // The same item moved from one list to the other.
  changed[3].done = array({"v2"});
  changed[3].interest = array({"v1", "v2 100 1800000000", "v1 -50 1799999990"});
  changed[4].follows = array({"alice"});
  // The same member in another part: a video seen is not a creator followed.
  changed[5].follows = array({"alice", "bob", "v1"});
  for (const Profile& profile : changed)
    EXPECT_NE(profile.epoch(), before);
}

}  // namespace
}  // namespace origin::feed
