// UniqueFd: close-on-destruction ownership of a file descriptor.
#include <unistd.h>

#include "core/base/unique_handle.h"

namespace core::base {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

UniqueFd::~UniqueFd() {
  reset();
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

}  // namespace core::base
