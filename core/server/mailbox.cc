// Mailbox: a task queue guarded by a mutex and one event the senders activate.
#include "core/server/mailbox.h"

namespace core::server {

std::shared_ptr<Mailbox> Mailbox::create(event_base* loop) {
  std::shared_ptr<Mailbox> mailbox(new Mailbox());
  mailbox->event_.reset(event_new(loop, -1, 0, &Mailbox::on_posted, mailbox.get()));
  if (!mailbox->event_) return nullptr;
  return mailbox;
}

void Mailbox::post(std::function<void()> task) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  tasks_.push_back(std::move(task));
  // Under the lock, so close() cannot free the event between the check and the activation.
  event_active(event_.get(), EV_READ, 0);
}

void Mailbox::close() {
  std::vector<std::function<void()>> dropped;
  std::lock_guard lock(mutex_);
  closed_ = true;
  dropped.swap(tasks_);
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
}

}  // namespace core::server
