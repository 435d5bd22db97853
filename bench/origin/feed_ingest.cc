// run_ingest: batches are built before the clock starts, so the client's JSON writing is not
// part of the measured time; a 503 (Redis away, or origind busy) sends the same batch again
// after 100 ms.
#include "bench/origin/feed_ingest.h"

#include <deque>

#include "bench/origin/feed_loop.h"

namespace bench::feed {
namespace {

struct Batch {
  std::string body;
  std::size_t events = 0;
};

class Sender {
 public:
  Sender(event_base* loop, HttpCaller& http, std::deque<Batch> batches, IngestResult& result)
      : loop_(loop), http_(http), batches_(std::move(batches)), result_(result) {}

  bool finished() const { return batches_.empty() && in_flight_ == 0; }
  void next() {
    if (batches_.empty()) return;
    auto batch = std::make_shared<Batch>(std::move(batches_.front()));
    batches_.pop_front();
    ++in_flight_;
    Clock::time_point sent = Clock::now();
    std::string body = batch->body;
    http_.post_json("/api/events", std::move(body), [this, batch, sent](HttpResult r) {
      --in_flight_;
      latencies_.push_back(ms_between(sent, Clock::now()));
      if (r.status == 503) {
        ++result_.retries;
        batches_.push_back(std::move(*batch));
        timeval wait{0, 100'000};
        event_base_once(loop_, -1, EV_TIMEOUT, &Sender::resume, this, &wait);
        return;
      }
      if (r.status != 200) {
        ++result_.failed;
        std::fprintf(stderr, "ingest: batch answered %d: %.200s\n", r.status, r.body.c_str());
      } else {
        auto answer = nlohmann::json::parse(r.body, nullptr, false);
        if (answer.is_object()) {
          result_.accepted += answer.value("accepted", std::size_t{0});
          if (auto it = answer.find("rejected"); it != answer.end() && it->is_array()) {
            result_.rejected += it->size();
            if (!it->empty() && result_.rejected == it->size())
              std::fprintf(stderr, "ingest: first refusal: %s\n", it->front().dump().c_str());
          }
        }
      }
      next();
    });
  }
  std::vector<double>& latencies() { return latencies_; }

 private:
  static void resume(evutil_socket_t, short, void* self) { static_cast<Sender*>(self)->next(); }

  event_base* loop_;
  HttpCaller& http_;
  std::deque<Batch> batches_;
  IngestResult& result_;
  std::size_t in_flight_ = 0;
  std::vector<double> latencies_;
};

}  // namespace

IngestResult run_ingest(event_base* loop, HttpCaller& http, const World& world,
                        const IngestOptions& options) {
  IngestResult result;
  result.connections = options.connections;
  EventMaker maker(world, options.seed);
  std::deque<Batch> batches;
  while (result.events < options.events) {
    Batch batch;
    std::size_t want = std::min(options.batch, options.events - result.events);
    batch.body = maker.batch(want, &batch.events);
    result.events += batch.events;
    batches.push_back(std::move(batch));
  }
  result.batches = batches.size();
  Sender sender(loop, http, std::move(batches), result);
  auto cpu_before = cpu_seconds(options.server_pids);
  Clock::time_point start = Clock::now();
  for (std::size_t i = 0; i < options.connections; ++i)
    sender.next();
  run_until(
      loop, [&] { return sender.finished(); }, 3'600);
  http.cancel_all();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.server_cpu_s = cpu_since(cpu_before, options.server_pids);
  result.batch = summarize(sender.latencies());
  return result;
}

}  // namespace bench::feed
