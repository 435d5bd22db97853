// File chunks: a cleartext HTTP/1.1 stream takes them and sends a real temporary file through
// a real socket (sendfile, with partial sends against a small receive buffer), framed by
// Content-Length or chunked; an HTTP/2 stream says it cannot, and gets the bytes instead.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "core/http/chunk.h"
#include "core/http/stream.h"
#include "core/server/server.h"
#include "tests/unit/core/server/h2_test_util.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

// An unlinked temporary file of patterned bytes; the descriptor keeps it while it is shared.
struct TempFile {
  explicit TempFile(size_t size) {
    std::string path = (std::filesystem::temp_directory_path() / "file-chunk-XXXXXX").string();
    const int fd = ::mkstemp(path.data());
    if (fd < 0) return;
    ::unlink(path.c_str());
    for (size_t i = 0; i < size; ++i)
      content.push_back(static_cast<char>('a' + (i * 7 + i / 1000) % 26));
    size_t written = 0;
    while (written < content.size()) {
      const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    file = std::make_shared<const base::UniqueFd>(fd);
  }
  std::string content;
  std::shared_ptr<const base::UniqueFd> file;
};

struct Seen {
  std::atomic<int> with_files{0};     // requests whose stream took file chunks
  std::atomic<int> without_files{0};  // requests whose stream could not
};

// The body in two parts, from the file when the stream can send files, as bytes otherwise.
class FileExchange final : public http::Exchange {
 public:
  explicit FileExchange(const TempFile& file) : file_(file) {}
  void on_writable(http::Stream& stream) override {
    const uint64_t half = file_.content.size() / 2;
    const uint64_t offset = part_ == 0 ? 0 : half;
    const uint64_t length = part_ == 0 ? half : file_.content.size() - half;
    const bool last = part_ == 1;
    ++part_;
    if (stream.can_send_file()) {
      stream.write(http::Chunk::from_file(file_.file, offset, length), last);
    } else {
      stream.write(http::Chunk::copy_of(std::string_view(file_.content).substr(offset, length)),
                   last);
    }
  }

 private:
  const TempFile& file_;
  int part_ = 0;
};

// /file answers with a Content-Length, /file-chunked without one.
class FileHandler final : public http::Handler {
 public:
  FileHandler(const TempFile& file, Seen& seen) : file_(file), seen_(seen) {}
  void on_request(http::Stream& stream) override {
    (stream.can_send_file() ? seen_.with_files : seen_.without_files)++;
    http::ResponseHead head;
    head.headers.add("content-type", "application/octet-stream");
    if (stream.request().path() == "/file") head.content_length = file_.content.size();
    stream.attach(std::make_unique<FileExchange>(file_));
    stream.respond(std::move(head), true);
  }

 private:
  const TempFile& file_;
  Seen& seen_;
};

class FileChunkTest : public ::testing::Test {
 protected:
  // A file of `size` bytes and a server that serves it.
  void start(size_t size) {
    file_ = std::make_unique<TempFile>(size);
    ASSERT_TRUE(file_->file) << "no temporary file";
    auto started = Server::start(
        testing::test_config(),
        [this](WorkerContext&) { return std::make_unique<FileHandler>(*file_, seen_); },
        exposition_);
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
  }
  uint16_t port() const { return server_->ports().at(0); }
  const std::string& content() const { return file_->content; }

  std::unique_ptr<TempFile> file_;
  Seen seen_;
  metrics::Exposition exposition_;
  std::unique_ptr<Server> server_;
};

TEST_F(FileChunkTest, Http1SendsTheFileWithBothFramings) {
  // Halves larger than a socket's send buffer can grow to: each takes several sendfile calls,
  // the later ones from the write event.
  start(size_t{12} * 1024 * 1024 + 4321);
  testing::TestClient client(port(), 16 * 1024);
  ASSERT_TRUE(client.connected());
  client.send(testing::get("/file"));
  auto sized = client.read_response();
  ASSERT_TRUE(sized) << sized.error();
  EXPECT_EQ(sized->status, 200);
  EXPECT_EQ(sized->header("content-length"), std::to_string(content().size()));
  EXPECT_TRUE(sized->body == content()) << "body of " << sized->body.size() << " bytes differs";

  // Same connection: the framing after the file spans is intact.
  client.send(testing::get("/file-chunked"));
  auto chunked = client.read_response();
  ASSERT_TRUE(chunked) << chunked.error();
  EXPECT_EQ(chunked->status, 200);
  EXPECT_EQ(chunked->header("transfer-encoding"), "chunked");
  EXPECT_TRUE(chunked->body == content()) << "body of " << chunked->body.size() << " bytes differs";
  EXPECT_EQ(seen_.with_files.load(), 2);
  EXPECT_EQ(seen_.without_files.load(), 0);
}

TEST_F(FileChunkTest, Http2StreamsTakeNoFiles) {
  start(size_t{100} * 1024 + 17);
  h2test::Client client(port());
  ASSERT_TRUE(client.connected());
  const int32_t id = client.submit("GET", "/file");
  ASSERT_TRUE(client.run_until([&] { return client.stream_closed(id); }));
  const h2test::StreamResult& result = client.result(id);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.error_code, 0u);
  EXPECT_TRUE(result.body == content()) << "body of " << result.body.size() << " bytes";
  EXPECT_EQ(seen_.with_files.load(), 0);
  EXPECT_EQ(seen_.without_files.load(), 1);
}

}  // namespace
}  // namespace core::server
