// A slow reader of a large streamed body: the body's producer is pulled only as the client
// reads, so the server never buffers much more than its high watermark.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "core/server/http1_codec.h"
#include "tests/unit/core/server/server_test_util.h"

namespace core::server {
namespace {

using namespace std::chrono_literals;

// Waits until the producer has made no chunk for a while, and returns how many it made.
int settled_chunks(testing::HandlerLog& log) {
  int last = -1;
  for (int i = 0; i < 200; ++i) {
    const int now = log.chunks_produced.load();
    if (now == last && now > 0) return now;
    last = now;
    std::this_thread::sleep_for(50ms);
  }
  return log.chunks_produced.load();
}

TEST(ServerBackpressure, ProducerFollowsTheReader) {
  constexpr int kChunks = 1000;
  constexpr int kChunkSize = 64 * 1024;  // 64 MB in all
  testing::TestServer server;
  testing::TestClient client(server.port(), 16 * 1024);
  client.send(testing::get("/stream?chunks=" + std::to_string(kChunks) +
                           "&size=" + std::to_string(kChunkSize)));

  // While nothing is read, the server holds its watermark plus what the kernel buffers take
  // (a few MB on loopback at most), nowhere near the whole body.
  const int while_stalled = settled_chunks(server.log());
  const int bound =
      static_cast<int>(kOutputHighWatermark / kChunkSize) + 1 + (8 << 20) / kChunkSize;
  EXPECT_LE(while_stalled, bound);
  EXPECT_LT(while_stalled, kChunks);

  // Reading a little lets a little more be produced, not everything.
  std::string head_and_some;
  while (head_and_some.size() < size_t{1024} * 1024) {
    const std::string got = client.read_some();
    ASSERT_FALSE(got.empty());
    head_and_some += got;
  }
  const int after_some = settled_chunks(server.log());
  EXPECT_LE(after_some, while_stalled + bound);

  // Everything still arrives once the client reads on.
  size_t total = head_and_some.size();
  std::string tail;
  while (!tail.ends_with("\r\n0\r\n\r\n")) {
    const std::string got = client.read_some();
    if (got.empty()) break;
    total += got.size();
    tail += got;
    if (tail.size() > 16) tail.erase(0, tail.size() - 16);
  }
  EXPECT_EQ(server.log().chunks_produced.load(), kChunks);
  EXPECT_GT(total, static_cast<size_t>(kChunks) * kChunkSize);
}

}  // namespace
}  // namespace core::server
