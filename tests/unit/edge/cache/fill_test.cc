// Fills shared across loops: one leader per key, readers woken through their own loop's
// mailbox, every change seen in order, nothing missed between a look and a wait.
#include "edge/cache/fill.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/unit/edge/cache/disk_test_support.h"

namespace edge::cache {
namespace {

TEST(FillRegistry, OneLeaderPerKeyUntilReleased) {
  FillRegistry registry;
  auto first = registry.join("/v/a/seg_0.m4s");
  auto second = registry.join("/v/a/seg_0.m4s");
  auto other = registry.join("/v/b/seg_0.m4s");
  EXPECT_TRUE(first.leader);
  EXPECT_FALSE(second.leader);
  EXPECT_EQ(first.fill, second.fill);
  EXPECT_TRUE(other.leader);
  EXPECT_EQ(registry.in_flight(), 2u);
  registry.release("/v/a/seg_0.m4s", other.fill.get());  // not its fill: nothing happens
  EXPECT_EQ(registry.in_flight(), 2u);
  registry.release("/v/a/seg_0.m4s", first.fill.get());
  EXPECT_TRUE(registry.join("/v/a/seg_0.m4s").leader);
}

TEST(FillRegistry, ConcurrentJoinsMakeExactlyOneLeader) {
  FillRegistry registry;
  std::atomic<int> leaders = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (registry.join("/v/k" + std::to_string(i)).leader) ++leaders;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(leaders.load(), 1000);
}

TEST(Fill, ReaderOnAnotherLoopSeesEveryChunkInOrder) {
  Fill fill;
  std::string received;
  bool done = false;
  const size_t id = fill.add_reader();
  std::thread reader([&] {
    testing::TestLoop loop;
    size_t index = 0;
    std::function<void()> pump = [&] {
      while (true) {
        const Fill::View view = fill.read(id, index, FillWaiter{loop.mailbox(), [&] { pump(); }});
        if (view.chunk) {
          received += view.chunk->bytes;
          ++index;
          continue;
        }
        if (view.state == FillState::kComplete) done = true;
        return;
      }
    };
    pump();
    loop.run_until([&] { return done; });
  });
  core::http::ResponseHead head;
  head.content_length = 3000;
  fill.set_head(head);
  std::string expected;
  for (int i = 0; i < 300; ++i) {
    const std::string piece = std::to_string(i % 10) + "abcdefghi";
    expected += piece;
    fill.append(core::http::Chunk::copy_of(piece));
    if (i % 50 == 0) std::this_thread::yield();
  }
  fill.complete();
  reader.join();
  EXPECT_EQ(received, expected);
  EXPECT_EQ(fill.bytes(), expected.size());
  EXPECT_TRUE(fill.is_complete());
}

TEST(Fill, FailureAfterChunksKeepsThemReadableAndReportsTheError) {
  Fill fill;
  fill.set_head(core::http::ResponseHead{});
  fill.append(core::http::Chunk::copy_of("part"));
  fill.fail(proxy::SourceError::kTruncated);
  fill.complete();  // too late: a failed fill stays failed
  const Fill::View first = fill.read(0, 0, {});
  ASSERT_TRUE(first.chunk);
  EXPECT_EQ(first.chunk->bytes, "part");
  const Fill::View end = fill.read(0, 1, {});
  EXPECT_FALSE(end.chunk);
  EXPECT_EQ(end.state, FillState::kFailed);
  EXPECT_EQ(end.error, proxy::SourceError::kTruncated);
}

TEST(Fill, PrivateResponsesAreMarkedAndRetryEndsWaiting) {
  Fill private_fill;
  private_fill.set_head(core::http::ResponseHead{}, true);
  EXPECT_TRUE(private_fill.read(0, 0, {}).private_to_leader);
  Fill revalidated;
  revalidated.retry();
  EXPECT_EQ(revalidated.read(0, 0, {}).state, FillState::kRetry);
  revalidated.set_head(core::http::ResponseHead{});  // ignored after the end
  EXPECT_EQ(revalidated.read(0, 0, {}).state, FillState::kRetry);
}

TEST(Fill, DropsOnlyWhatEveryReaderHasPassed) {
  Fill fill;
  const size_t fast = fill.add_reader();
  const size_t slow = fill.add_reader();
  fill.set_head(core::http::ResponseHead{});
  for (int i = 0; i < 10; ++i)
    fill.append(core::http::Chunk::copy_of(std::string(100, static_cast<char>('a' + i))));
  EXPECT_EQ(fill.ahead_of_readers(), 1000u);
  for (size_t i = 0; i <= 8; ++i)
    ASSERT_TRUE(fill.read(fast, i, {}).chunk);
  ASSERT_TRUE(fill.read(slow, 3, {}).chunk);  // has taken chunks 0..2
  EXPECT_EQ(fill.ahead_of_readers(), 700u);
  fill.trim();
  EXPECT_EQ(fill.read(slow, 3, {}).chunk->bytes, std::string(100, 'd'));
  // A chunk already dropped is never served as an empty one.
  EXPECT_EQ(fill.read(fast, 1, {}).state, FillState::kFailed);
  bool woken = false;
  auto loop_mailbox = std::make_shared<testing::TestLoop>();
  fill.wait_for_readers(FillWaiter{loop_mailbox->mailbox(), [&] { woken = true; }});
  fill.remove_reader(slow);
  loop_mailbox->run_until([&] { return woken; });
  EXPECT_EQ(fill.ahead_of_readers(), 900u);  // the fast reader asked for chunk 1 last
}

}  // namespace
}  // namespace edge::cache
