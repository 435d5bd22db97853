// A loop's mailbox: other threads (a disk tier's I/O threads, another worker finishing a shared
// fill) hand work to one event loop through it. It is shared, so a sender may keep it past the
// loop's end; tasks posted after close() are dropped, never run on a dead loop.
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

  // Runs `task` on the loop thread, in posting order; dropped once closed. Thread-safe (the
  // loop's libevent must have pthreads locking on).
  void post(std::function<void()> task);
  // On the loop thread, when the loop ends: queued tasks are dropped and the event freed.
  void close();

 private:
  Mailbox() = default;
  static void on_posted(evutil_socket_t fd, short what, void* arg);

  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
  bool closed_ = false;  // under mutex_
  base::UniqueHandle<event, event_free> event_;
};

}  // namespace core::server
