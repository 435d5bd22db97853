// Mailbox: a task queue guarded by a mutex and one event the senders activate, and beside it a
// lock-free queue for the loop thread's own posts.
#include "core/server/mailbox.h"

namespace core::server {
namespace {

// The mailbox whose loop runs on this thread, if any.
thread_local const Mailbox* t_bound_mailbox = nullptr;

}  // namespace

std::shared_ptr<Mailbox> Mailbox::create(event_base* loop) {
  std::shared_ptr<Mailbox> mailbox(new Mailbox());
  mailbox->event_.reset(event_new(loop, -1, 0, &Mailbox::on_posted, mailbox.get()));
  if (!mailbox->event_) return nullptr;
  return mailbox;
}

void Mailbox::bind_to_this_thread() {
  t_bound_mailbox = this;
}

void Mailbox::post(std::function<void()> task) {
  if (t_bound_mailbox == this) {
    if (local_closed_) return;
    local_.push_back(std::move(task));
    // Whoever ends the current callback may run it sooner; the pass's end runs it at the latest.
    if (local_.size() == 1) event_active(event_.get(), EV_READ, 0);
    return;
  }
  std::lock_guard lock(mutex_);
  if (closed_) return;
  tasks_.push_back(std::move(task));
  // Under the lock, so close() cannot free the event between the check and the activation.
  event_active(event_.get(), EV_READ, 0);
}

void Mailbox::run_posted_here() {
  if (running_local_) return;  // a task's own call: the outer run picks up what it posts
  running_local_ = true;
  while (!local_.empty()) {
    running_.swap(local_);
    for (auto& task : running_)
      task();
    running_.clear();
  }
  running_local_ = false;
}

void Mailbox::close() {
  std::vector<std::function<void()>> dropped;
  if (t_bound_mailbox == this) {
    local_closed_ = true;
    dropped.swap(local_);
    t_bound_mailbox = nullptr;
  }
  std::lock_guard lock(mutex_);
  closed_ = true;
  dropped.insert(dropped.end(), std::make_move_iterator(tasks_.begin()),
                 std::make_move_iterator(tasks_.end()));
  tasks_.clear();
  event_.reset();
}

void Mailbox::on_posted(evutil_socket_t, short, void* arg) {
  auto* self = static_cast<Mailbox*>(arg);
  std::vector<std::function<void()>> tasks;
  {
    std::lock_guard lock(self->mutex_);
    tasks.swap(self->tasks_);
  }
  for (auto& task : tasks)
    task();
  self->run_posted_here();
}

}  // namespace core::server
