// A loop's mailbox: other threads (a disk tier's I/O threads, another worker finishing a shared
// fill) hand work to one event loop through it, and the loop's own code posts the next step of
// something that must not run inside the call that asks for it. It is shared, so a sender may
// keep it past the loop's end; tasks posted after close() are dropped, never run on a dead loop.
#pragma once

#include <event2/event.h>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/base/unique_handle.h"

namespace core::server {

class Mailbox {
 public:
  // Null when libevent cannot create the event.
  static std::shared_ptr<Mailbox> create(event_base* loop);
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  // Runs `task` on the loop thread; dropped once closed. Thread-safe (the loop's libevent must
  // have pthreads locking on). Tasks from one thread run in posting order.
  void post(std::function<void()> task);
  // On the loop thread, before it runs the loop: from then on, what this thread posts skips the
  // lock and may run as soon as the current callback ends (run_posted_here()).
  void bind_to_this_thread();
  // On the bound thread, at the end of a callback: runs what that callback (and the tasks run
  // here) posted, so that a step posted while serving one connection does not wait for the
  // rest of the loop pass. Tasks not run this way run at the end of the pass.
  void run_posted_here();
  // On the loop thread, when the loop ends: queued tasks are dropped and the event freed.
  void close();

 private:
  Mailbox() = default;
  static void on_posted(evutil_socket_t fd, short what, void* arg);

  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;  // from other threads, under mutex_
  bool closed_ = false;                       // under mutex_
  base::UniqueHandle<event, event_free> event_;
  // The bound thread's own tasks, touched by that thread only.
  std::vector<std::function<void()>> local_;
  std::vector<std::function<void()>> running_;
  bool local_closed_ = false;
  bool running_local_ = false;
};

}  // namespace core::server
