// HlsFiles: open + fstat off the loop, preconditions and Range on the loop, then FileBody
// pulls the bytes through the pool.
#include "origin/api/hls_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/base/unique_handle.h"
#include "core/http/range_header.h"
#include "origin/api/offload.h"
#include "origin/api/validators.h"

namespace origin::api {

namespace {

constexpr std::string_view kRoute = "hls";
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

std::string playlist_cache_control(const ApiConfig& config) {
  std::string value = "public, max-age=" + std::to_string(config.playlist_max_age_s);
  if (config.playlist_stale_while_revalidate_s > 0)
    value += ", stale-while-revalidate=" + std::to_string(config.playlist_stale_while_revalidate_s);
  return value;
}

// The body of one response: [offset, offset + remaining) of an open file, read one chunk per
// pull. Reads run on the pool and come back through the mailbox; the state they share is
// kept alive by whichever side holds it last.
class FileBody final : public core::http::Exchange {
 public:
  struct State {
    std::shared_ptr<core::base::UniqueFd> fd;
    uint64_t offset = 0;
    uint64_t remaining = 0;
    core::http::Stream* stream = nullptr;  // null once the exchange is gone
  };

  FileBody(std::shared_ptr<State> state, Service& service,
           std::shared_ptr<core::server::Mailbox> mailbox)
      : state_(std::move(state)), service_(service), mailbox_(std::move(mailbox)) {}
  ~FileBody() override { state_->stream = nullptr; }
  FileBody(const FileBody&) = delete;
  FileBody& operator=(const FileBody&) = delete;

  void on_writable(core::http::Stream& stream) override {
    state_->stream = &stream;
    size_t length = static_cast<size_t>(
        std::min<uint64_t>(state_->remaining, service_.config().read_chunk_bytes));
    service_.pool().post([state = state_, mailbox = mailbox_, length, offset = state_->offset] {
      auto bytes = std::make_shared<std::string>(length, '\0');
      size_t got = 0;
      while (got < length) {
        ssize_t n = ::pread(state->fd->get(), bytes->data() + got, length - got,
                            static_cast<off_t>(offset + got));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<size_t>(n);
      }
      bool complete = got == length;
      mailbox->post([state, bytes, complete] {
        if (state->stream == nullptr) return;
        if (!complete) return state->stream->abort();  // shrunk under us: never send short
        state->offset += bytes->size();
        state->remaining -= bytes->size();
        core::http::Chunk chunk;
        chunk.bytes = *bytes;
        chunk.owner = bytes;
        state->stream->write(std::move(chunk), state->remaining == 0);
      });
    });
  }

 private:
  std::shared_ptr<State> state_;
  Service& service_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
};

}  // namespace

struct HlsFiles::Opened {
  std::shared_ptr<core::base::UniqueFd> fd;  // null when missing
  FileStamp stamp;
  int error = 0;  // errno of a failure other than "missing"
};

void HlsFiles::serve(core::http::Stream& stream, HlsFile file) {
  auto path = service_.layout().video_dir(file.video) / file.relative;
  offload(
      stream, service_, mailbox_,
      [path]() {
        Opened opened;
        core::base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        struct stat st {};
        if (!fd) {
          if (errno != ENOENT && errno != ENOTDIR) opened.error = errno;
          return opened;
        }
        if (::fstat(fd.get(), &st) != 0) {
          opened.error = errno;
          return opened;
        }
        if (!S_ISREG(st.st_mode)) return opened;
        opened.stamp.size = static_cast<uint64_t>(st.st_size);
        opened.stamp.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
        opened.fd = std::make_shared<core::base::UniqueFd>(std::move(fd));
        return opened;
      },
      [this, file = std::move(file)](core::http::Stream& s, Opened opened) {
        answer(s, file, opened);
      });
}

void HlsFiles::answer(core::http::Stream& stream, const HlsFile& file, const Opened& opened) {
  if (!opened.fd) {
    if (opened.error != 0) return replies_.error(stream, kRoute, 500, std::strerror(opened.error));
    return replies_.error(stream, kRoute, 404, "not found");
  }
  const core::http::Request& request = stream.request();
  int64_t now_s = service_.clock().unix_seconds();
  int64_t mtime_s = opened.stamp.mtime_ns / 1'000'000'000;
  std::string etag = etag_of(opened.stamp);
  core::http::ResponseHead head;
  head.headers.set("etag", etag);
  head.headers.set("last-modified", dates_.at(mtime_s));
  head.headers.set("cache-control", file.playlist ? playlist_cache_control(service_.config())
                                                  : std::string(kImmutable));
  head.headers.set("accept-ranges", "bytes");
  if (not_modified(request.headers, etag, mtime_s, now_s)) {
    head.status = 304;
    replies_.count(kRoute, 304);
    return stream.respond(std::move(head), false);
  }
  head.headers.set("content-type", file.content_type);
  uint64_t size = opened.stamp.size;
  uint64_t first = 0;
  uint64_t length = size;
  head.status = 200;
  auto spec = core::http::single_range(request.headers);
  if (spec && if_range_holds(request.headers, etag, mtime_s, now_s)) {
    auto span = core::http::resolve_range(*spec, size);
    if (!span) {
      head.status = 416;
      head.headers.set("content-range", "bytes */" + std::to_string(size));
      head.headers.remove("content-type");
      replies_.count(kRoute, 416);
      return stream.respond_with(std::move(head), "");
    }
    first = span->first;
    length = span->last - span->first + 1;
    head.status = 206;
    head.headers.set("content-range", "bytes " + std::to_string(span->first) + "-" +
                                          std::to_string(span->last) + "/" + std::to_string(size));
  }
  head.content_length = length;
  replies_.count(kRoute, head.status);
  if (request.method == "HEAD" || length == 0) return stream.respond(std::move(head), false);
  auto state = std::make_shared<FileBody::State>();
  state->fd = opened.fd;
  state->offset = first;
  state->remaining = length;
  stream.attach(std::make_unique<FileBody>(state, service_, mailbox_));
  stream.respond(std::move(head), true);
}

}  // namespace origin::api
