// AsyncClient: hiredis's async context on the loop, pipelines kept in send order (Redis answers
// in order on one connection, so the oldest unanswered pipeline is always the front one), a
// timer that drops a connection whose front pipeline is overdue, and reconnection with backoff.
#include "core/redis/async_client.h"

#include <event2/event.h>
#include <hiredis/adapters/libevent.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <charconv>
#include <deque>

#include "core/base/timeval.h"
#include "core/base/unique_handle.h"

namespace core::redis {
namespace {

using Event = base::UniqueHandle<event, event_free>;
using SteadyTime = std::chrono::steady_clock::time_point;

void append_length(std::string& out, char kind, std::size_t n) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.push_back(kind);
  out.append(digits, end);
  out.append("\r\n");
}

// The command in RESP, as hiredis's redisFormatCommandArgv writes it but without its
// printf call per argument, which showed in profiles of busy feeds.
void append_resp(std::string& out, const Command& command) {
  append_length(out, '*', command.size());
  for (const std::string& arg : command) {
    append_length(out, '$', arg.size());
    out.append(arg);
    out.append("\r\n");
  }
}

}  // namespace

struct AsyncClient::State {
  enum class Phase : uint8_t { kWaiting, kConnecting, kReady };

  struct Pipeline {
    State* owner = nullptr;
    std::vector<Reply> replies;
    std::size_t remaining = 0;
    bool broken = false;
    SteadyTime sent;
    PipelineDone done;
  };

  event_base* loop;
  Endpoint endpoint;
  ClientOptions options;
  redisAsyncContext* context = nullptr;
  Phase phase = Phase::kWaiting;
  bool closing = false;
  std::chrono::milliseconds backoff;
  std::string last_error = "not connected yet";
  std::deque<Pipeline*> in_flight;
  std::vector<PipelineDone> refused;  // answered Unavailable from the loop, not from send()
  Event reconnect_timer;
  Event watchdog;
  Event refuse_event;

  State(event_base* base, Endpoint where, ClientOptions opts)
      : loop(base), endpoint(std::move(where)), options(opts), backoff(opts.reconnect_min) {
    reconnect_timer.reset(evtimer_new(loop, &State::on_reconnect_timer, this));
    watchdog.reset(event_new(loop, -1, EV_PERSIST, &State::on_watchdog, this));
    refuse_event.reset(event_new(loop, -1, 0, &State::on_refuse, this));
    timeval period =
        base::to_timeval(std::max(options.command_timeout / 4, std::chrono::milliseconds(1)));
    event_add(watchdog.get(), &period);
  }

  ~State() {
    closing = true;
    if (context != nullptr) redisAsyncFree(context);  // runs the callbacks, which see `closing`
  }

  void connect() {
    context = redisAsyncConnect(endpoint.host.c_str(), endpoint.port);
    if (context == nullptr || context->err != 0) {
      last_error = context != nullptr ? context->errstr : "out of memory";
      if (context != nullptr) redisAsyncFree(context);
      context = nullptr;
      return wait_and_retry();
    }
    context->data = this;
    redisLibeventAttach(context, loop);
    redisAsyncSetConnectCallback(context, &State::on_connect);
    redisAsyncSetDisconnectCallback(context, &State::on_disconnect);
    phase = Phase::kConnecting;
    std::vector<Command> hello;
    if (!endpoint.password.empty()) hello.push_back({"AUTH", endpoint.password});
    if (endpoint.db != 0) hello.push_back({"SELECT", std::to_string(endpoint.db)});
    if (!hello.empty()) {
      enqueue(std::move(hello), [this](PipelineResult result) {
        if (!result) return;
        for (const Reply& reply : *result) {
          if (reply.is_error() && context != nullptr) {
            last_error = "redis refused the handshake: " + reply.text;
            redisAsyncDisconnect(context);
            return;
          }
        }
      });
    }
  }

  void wait_and_retry() {
    phase = Phase::kWaiting;
    timeval delay = base::to_timeval(backoff);
    evtimer_add(reconnect_timer.get(), &delay);
    backoff = std::min(backoff * 2, options.reconnect_max);
  }

  void enqueue(std::vector<Command> commands, PipelineDone done) {
    if (phase == Phase::kWaiting || context == nullptr || commands.empty()) {
      refused.push_back(std::move(done));
      event_active(refuse_event.get(), 0, 0);
      return;
    }
    auto* pipeline = new Pipeline{
        this, {}, commands.size(), false, std::chrono::steady_clock::now(), std::move(done)};
    pipeline->replies.reserve(commands.size());
    in_flight.push_back(pipeline);
    std::string formatted;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      formatted.clear();
      append_resp(formatted, commands[i]);
      int status = redisAsyncFormattedCommand(context, &State::on_reply, pipeline, formatted.data(),
                                              formatted.size());
      if (status != REDIS_OK) {
        // The context is going away: what was queued still gets its callback, the rest never.
        pipeline->broken = true;
        pipeline->remaining -= commands.size() - i;
        if (pipeline->remaining == 0) finish_front_broken(pipeline);
        return;
      }
    }
  }

  // A pipeline none of whose commands reached hiredis: answered like a refused one.
  void finish_front_broken(Pipeline* pipeline) {
    std::erase(in_flight, pipeline);
    refused.push_back(std::move(pipeline->done));
    delete pipeline;
    event_active(refuse_event.get(), 0, 0);
  }

  static void on_reply(redisAsyncContext* /*context*/, void* raw_reply, void* privdata) {
    auto* pipeline = static_cast<Pipeline*>(privdata);
    State* self = pipeline->owner;
    if (raw_reply == nullptr) {
      pipeline->broken = true;
    } else if (!pipeline->broken) {
      pipeline->replies.push_back(Reply::from(*static_cast<redisReply*>(raw_reply)));
    }
    if (--pipeline->remaining != 0) return;
    std::erase(self->in_flight, pipeline);
    std::unique_ptr<Pipeline> owned(pipeline);
    if (self->closing) return;
    if (pipeline->broken) {
      pipeline->done(std::unexpected(Unavailable{"redis connection lost: " + self->last_error}));
    } else {
      pipeline->done(std::move(pipeline->replies));
    }
  }

  static void on_connect(const redisAsyncContext* context, int status) {
    auto* self = static_cast<State*>(context->data);
    if (status != REDIS_OK) {
      // hiredis frees the context after this callback.
      self->last_error = context->errstr;
      self->context = nullptr;
      if (!self->closing) self->wait_and_retry();
      return;
    }
    self->phase = Phase::kReady;
    self->backoff = self->options.reconnect_min;
  }

  static void on_disconnect(const redisAsyncContext* context, int status) {
    auto* self = static_cast<State*>(context->data);
    if (status != REDIS_OK) self->last_error = context->errstr;
    self->context = nullptr;
    if (!self->closing) self->wait_and_retry();
  }

  static void on_reconnect_timer(evutil_socket_t /*fd*/, short /*what*/, void* arg) {
    static_cast<State*>(arg)->connect();
  }

  static void on_watchdog(evutil_socket_t /*fd*/, short /*what*/, void* arg) {
    auto* self = static_cast<State*>(arg);
    if (self->in_flight.empty() || self->context == nullptr) return;
    if (std::chrono::steady_clock::now() - self->in_flight.front()->sent <
        self->options.command_timeout)
      return;
    self->last_error =
        "no reply within " + std::to_string(self->options.command_timeout.count()) + " ms";
    redisAsyncContext* context = self->context;
    self->context = nullptr;
    // Outside any hiredis callback, so freeing at once is allowed: every pending callback
    // runs with no reply, then the disconnect callback schedules the reconnection.
    redisAsyncFree(context);
    if (self->phase != Phase::kWaiting) self->wait_and_retry();
  }

  static void on_refuse(evutil_socket_t /*fd*/, short /*what*/, void* arg) {
    auto* self = static_cast<State*>(arg);
    std::vector<PipelineDone> refused = std::move(self->refused);
    self->refused.clear();
    for (PipelineDone& done : refused)
      done(std::unexpected(Unavailable{"redis unavailable: " + self->last_error}));
  }
};

AsyncClient::AsyncClient(event_base* loop, Endpoint endpoint, ClientOptions options)
    : state_(std::make_unique<State>(loop, std::move(endpoint), options)) {
  state_->connect();
}

AsyncClient::~AsyncClient() = default;

void AsyncClient::send(std::vector<Command> commands, PipelineDone done) {
  state_->enqueue(std::move(commands), std::move(done));
}

bool AsyncClient::available() const {
  return state_->phase != State::Phase::kWaiting;
}

}  // namespace core::redis
