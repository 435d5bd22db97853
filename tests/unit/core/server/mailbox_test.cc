#include "core/server/mailbox.h"

#include <event2/event.h>
#include <event2/thread.h>
#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "core/base/unique_handle.h"

namespace core::server {
namespace {

class MailboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(evthread_use_pthreads(), 0);
    loop_.reset(event_base_new());
    ASSERT_TRUE(loop_);
    mailbox_ = Mailbox::create(loop_.get());
    ASSERT_TRUE(mailbox_);
  }
  void TearDown() override {
    if (mailbox_) mailbox_->close();
  }
  void run_pass() { event_base_loop(loop_.get(), EVLOOP_NONBLOCK); }

  base::UniqueHandle<event_base, event_base_free> loop_;
  std::shared_ptr<Mailbox> mailbox_;
};

TEST_F(MailboxTest, OwnPostsRunWhenTheCallbackEndsAndInOrder) {
  mailbox_->bind_to_this_thread();
  std::vector<int> order;
  mailbox_->post([&] {
    order.push_back(1);
    mailbox_->post([&] { order.push_back(3); });  // posted by a task: same run
  });
  mailbox_->post([&] { order.push_back(2); });
  EXPECT_TRUE(order.empty());  // never inside the call that posts
  mailbox_->run_posted_here();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  run_pass();
  EXPECT_EQ(order.size(), 3u);  // each ran once
}

TEST_F(MailboxTest, OwnPostsNobodyRanRunAtTheEndOfThePass) {
  mailbox_->bind_to_this_thread();
  int runs = 0;
  mailbox_->post([&] { ++runs; });
  run_pass();
  EXPECT_EQ(runs, 1);
}

TEST_F(MailboxTest, PostsFromOtherThreadsWaitForTheLoop) {
  mailbox_->bind_to_this_thread();
  int runs = 0;
  std::thread sender([&] { mailbox_->post([&] { ++runs; }); });
  sender.join();
  mailbox_->run_posted_here();
  EXPECT_EQ(runs, 0);  // not the bound thread's own post
  run_pass();
  EXPECT_EQ(runs, 1);
}

TEST_F(MailboxTest, UnboundPostsRunOnTheLoop) {
  int runs = 0;
  mailbox_->post([&] { ++runs; });
  mailbox_->run_posted_here();
  EXPECT_EQ(runs, 0);
  run_pass();
  EXPECT_EQ(runs, 1);
}

TEST_F(MailboxTest, CloseDropsWhatIsQueuedAndLaterPosts) {
  mailbox_->bind_to_this_thread();
  int runs = 0;
  mailbox_->post([&] { ++runs; });
  std::thread sender([&] { mailbox_->post([&] { ++runs; }); });
  sender.join();
  mailbox_->close();
  mailbox_->post([&] { ++runs; });
  std::thread late([&] { mailbox_->post([&] { ++runs; }); });
  late.join();
  mailbox_->run_posted_here();
  run_pass();
  EXPECT_EQ(runs, 0);
  mailbox_.reset();
}

}  // namespace
}  // namespace core::server
