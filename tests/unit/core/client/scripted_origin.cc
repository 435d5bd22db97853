// ScriptedOrigin: blocking sockets on threads, so scripts read as a plain sequence of what the
// origin does; the client under test runs on its own libevent loop in the test thread.
#include "tests/unit/core/client/scripted_origin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace test {

bool OriginPeer::send(std::string_view bytes) {
  while (open_ && !bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent_.fetch_add(static_cast<size_t>(n));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return open_;
}

void OriginPeer::reset() {
  if (!open_) return;
  // A zero linger time makes close() send RST; serve() closes the socket right after.
  linger lg{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
  open_ = false;
}

void OriginPeer::close() {
  if (!open_) return;
  ::shutdown(fd_, SHUT_WR);
  open_ = false;
}

ScriptedOrigin::ScriptedOrigin(Script script) : script_(std::move(script)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&sa), sizeof(sa)) != 0 ||
      ::listen(listen_fd_, 64) != 0 || ::pipe(wake_) != 0) {
    std::abort();
  }
  socklen_t size = sizeof(sa);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&sa), &size);
  port_ = ntohs(sa.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

ScriptedOrigin::~ScriptedOrigin() {
  const char byte = 0;
  (void)!::write(wake_[1], &byte, 1);
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : fds_)
      ::shutdown(fd, SHUT_RDWR);
  }
  for (std::thread& t : threads_)
    t.join();
  ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

std::vector<std::string> ScriptedOrigin::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void ScriptedOrigin::accept_loop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    const int index = accepted_.fetch_add(1);
    std::lock_guard lock(mutex_);
    fds_.push_back(fd);
    threads_.emplace_back([this, fd, index] { serve(fd, index); });
  }
}

// Reads requests (head, then a Content-Length body if any) and hands each to the script.
void ScriptedOrigin::serve(int fd, int index) {
  serve_requests(fd, index);
  std::lock_guard lock(mutex_);
  std::erase(fds_, fd);
  ::close(fd);
}

void ScriptedOrigin::serve_requests(int fd, int index) {
  OriginPeer peer(fd, sent_);
  peer.index = index;
  std::string buffer;
  char block[4096];
  while (peer.open()) {
    const size_t end = buffer.find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t body = 0;
      const size_t cl = buffer.find("content-length: ");
      if (cl != std::string::npos && cl < end) body = std::strtoul(&buffer[cl + 16], nullptr, 10);
      if (buffer.size() >= end + 4 + body) {
        std::string request = buffer.substr(0, end + 4 + body);
        buffer.erase(0, request.size());
        {
          std::lock_guard lock(mutex_);
          requests_.push_back(request);
        }
        script_(peer, request);
        continue;
      }
    }
    const ssize_t n = ::recv(fd, block, sizeof(block), 0);
    if (n <= 0) {
      closed_by_client_.fetch_add(1);
      return;
    }
    buffer.append(block, static_cast<size_t>(n));
  }
}

std::string fixed_response(std::string_view body, std::string_view extra_fields) {
  std::string out = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ";
  out += std::to_string(body.size());
  out += "\r\n";
  out += extra_fields;
  out += "\r\n";
  out += body;
  return out;
}

std::string chunked_response(const std::vector<std::string>& pieces) {
  std::string out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  char size[32];
  for (const std::string& piece : pieces) {
    std::snprintf(size, sizeof(size), "%zx\r\n", piece.size());
    out += size;
    out += piece;
    out += "\r\n";
  }
  out += "0\r\nX-Trailer: yes\r\n\r\n";
  return out;
}

}  // namespace test
