// FeedRoutes: query parameters checked here, the work done by feed::FeedWorker; the stream is
// guarded while Redis answers, since the client may go away meanwhile.
#include "origin/api/feed_routes.h"

#include <charconv>

#include "core/http/query_param.h"
#include "origin/api/offload.h"
#include "origin/feed/event_batch.h"

namespace origin::api {
namespace {

// A whole number in [1, max] or nullopt; absent gives `fallback`.
constexpr std::size_t kMaxRegionHorizonS = 3'600;

// The whole number `name` of the query, `fallback` when absent; nullopt unless in 1..max.
std::optional<std::size_t> whole_param(std::string_view query, std::string_view name,
                                       std::size_t fallback, std::size_t max) {
  auto text = core::http::query_param(query, name);
  if (!text) return fallback;
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value == 0 || value > max)
    return std::nullopt;
  return value;
}

// Runs `start(done)`; `done` answers on the stream if the stream still exists.
template <typename Start>
void guarded(core::http::Stream& stream, Start start,
             std::function<void(core::http::Stream&, feed::FeedReply)> answer) {
  auto guard = std::make_shared<StreamGuard>(StreamGuard{&stream});
  stream.attach(std::make_unique<GuardExchange>(guard));
  start([guard, answer = std::move(answer)](feed::FeedReply reply) {
    if (guard->stream != nullptr) answer(*guard->stream, std::move(reply));
  });
}

}  // namespace

FeedRoutes::FeedRoutes(Service& service, event_base* loop,
                       std::shared_ptr<core::server::Mailbox> mailbox, Replies& replies)
    : replies_(replies),
      ingestor_(service.ingestor()),
      mailbox_(std::move(mailbox)),
      redis_(std::make_unique<core::redis::AsyncClient>(
          loop, service.feed().config.redis,
          core::redis::ClientOptions{.command_timeout = service.feed().config.redis_timeout})),
      worker_(service.feed(), *redis_, replies.metrics()) {}

void FeedRoutes::answer(core::http::Stream& stream, std::string_view route, feed::FeedReply reply) {
  core::http::ResponseHead head;
  head.headers.set("x-feed-source", reply.fallback ? "fallback" : "redis");
  if (reply.status == 503) head.headers.set("retry-after", "1");
  replies_.json(stream, route, reply.status, reply.body, std::move(head));
}

void FeedRoutes::events(core::http::Stream& stream) {
  std::string body = stream.request().body;
  // The answer comes back on the ingestor's thread (or on this one, when the ingestor is too
  // busy) and is posted to this worker's loop, where the guard is checked.
  guarded(
      stream,
      [&](feed::ReplyDone done) {
        ingestor_.submit(
            std::move(body), [mailbox = mailbox_, done = std::move(done)](feed::FeedReply reply) {
              mailbox->post([done, reply = std::move(reply)]() mutable { done(std::move(reply)); });
            });
      },
      [this](core::http::Stream& s, feed::FeedReply reply) {
        answer(s, "events", std::move(reply));
      });
}

void FeedRoutes::viewer_feed(core::http::Stream& stream) {
  std::string_view query = stream.request().query();
  feed::ViewerFeedRequest request;
  request.user = core::http::query_param(query, "user").value_or("");
  if (!feed::is_valid_name(request.user))
    return replies_.error(stream, "feed", 400, "user: 1-64 letters, digits or ._-:");
  request.region = core::http::query_param(query, "region").value_or("global");
  if (!feed::is_valid_name(request.region))
    return replies_.error(stream, "feed", 400, "region: 1-64 letters, digits or ._-:");
  const feed::FeedConfig& config = worker_.config();
  auto count = whole_param(query, "count", config.default_page, config.max_page);
  if (!count)
    return replies_.error(stream, "feed", 400,
                          "count: a whole number from 1 to " + std::to_string(config.max_page));
  request.count = *count;
  request.cursor = core::http::query_param(query, "cursor").value_or("");
  guarded(
      stream,
      [&](feed::ReplyDone done) { worker_.viewer_feed(std::move(request), std::move(done)); },
      [this](core::http::Stream& s, feed::FeedReply reply) {
        answer(s, "feed", std::move(reply));
      });
}

void FeedRoutes::region_feed(core::http::Stream& stream, std::string_view region) {
  if (!feed::is_valid_name(region))
    return replies_.error(stream, "region_feed", 404, "no such region");
  const feed::FeedConfig& config = worker_.config();
  const std::string_view query = stream.request().query();
  auto count = whole_param(query, "count", 50, config.stored_feed);
  if (!count)
    return replies_.error(stream, "region_feed", 400,
                          "count: a whole number from 1 to " + std::to_string(config.stored_feed));
  // A planner asks for the horizon it plans for: what its edges can warm before viewers come.
  auto horizon = whole_param(query, "horizon", static_cast<std::size_t>(config.region_horizon_s),
                             kMaxRegionHorizonS);
  if (!horizon)
    return replies_.error(
        stream, "region_feed", 400,
        "horizon: a whole number of seconds from 1 to " + std::to_string(kMaxRegionHorizonS));
  guarded(
      stream,
      [&](feed::ReplyDone done) {
        worker_.region_feed(std::string(region), *count, static_cast<double>(*horizon),
                            std::move(done));
      },
      [this](core::http::Stream& s, feed::FeedReply reply) {
        answer(s, "region_feed", std::move(reply));
      });
}

}  // namespace origin::api
