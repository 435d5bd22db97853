// origind, the composition root: options, logs, the store, the job runner, the HTTP server
// with one OriginHandler per worker, and signals (SIGTERM and SIGINT stop gracefully: the
// server drains, running transcodes are cancelled and their jobs queued for the next start).
// `origind ingest FILE` adds one clip through the same store and runner, synchronously;
// `origind --check-config` stops once the options are parsed and valid.
#include <event2/event.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "core/server/port_file.h"
#include "core/server/server.h"
#include "origin/api/data_layout.h"
#include "origin/api/job_runner.h"
#include "origin/api/options.h"
#include "origin/api/origin_handler.h"
#include "origin/api/service.h"
#include "origin/api/sha256_file.h"
#include "origin/av_log_bridge.h"
#include "origin/feed/event_ingestor.h"
#include "origin/feed/refresher.h"
#include "origin/store/store.h"
#include "swipecdn/version.h"

namespace {

using origin::api::Options;
using EventBase = core::base::UniqueHandle<event_base, event_base_free>;
using Event = core::base::UniqueHandle<event, event_free>;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
// An upload chunk travels in one request body; a little more for nothing else.
constexpr size_t kMaxRequestBody = size_t{16} << 20;
// Viewers whose ranked feed is kept in memory between their requests.
constexpr size_t kCandidateCacheViewers = 100'000;

std::expected<std::unique_ptr<origin::store::Store>, std::string> open_store(
    const Options& options, const origin::api::DataLayout& layout, bool daemon,
    const core::base::Clock& clock) {
  if (auto prepared = layout.prepare(daemon); !prepared) return std::unexpected(prepared.error());
  origin::store::StoreConfig config;
  config.dir = layout.db_dir();
  config.creator_quota_bytes = options.creator_quota_bytes;
  config.clock = &clock;
  auto store = origin::store::Store::open(config);
  if (!store) return std::unexpected(store.error().what);
  return std::move(*store);
}

// The daemon: what the signal callback acts on.
class Origind {
 public:
  explicit Origind(Options options)
      : options_(std::move(options)),
        log_(options_.log_file, options_.log_level),
        av_log_route_(log_),
        layout_(options_.data_dir) {}

  int run() {
    auto store = open_store(options_, layout_, true, clock_);
    if (!store) return fail("cannot open the data directory", store.error());
    store_ = std::move(*store);
    if (auto recovered = store_->recover_jobs(); !recovered) {
      return fail("cannot recover jobs", recovered.error().what);
    }
    exposition_.add(process_metrics_);
    runner_ = std::make_unique<origin::api::JobRunner>(*store_, layout_, options_.runner, log_,
                                                       process_metrics_);
    refresher_ =
        std::make_unique<origin::feed::Refresher>(options_.feed, *store_, board_, clock_, log_);
    origin::feed::FeedShared feed{options_.feed, board_, candidates_, clock_};
    ingestor_ = origin::feed::EventIngestor::start(feed);
    if (!ingestor_) return fail("cannot start", "no event loop for the event ingestor");
    exposition_.add(ingestor_->metrics());
    service_ = std::make_unique<origin::api::Service>(*store_, layout_, options_.api, *runner_,
                                                      exposition_, clock_, feed, *ingestor_);
    runner_->start();
    core::server::ServerConfig config;
    config.listeners.push_back({options_.listen, false});
    config.workers = options_.workers;
    config.limits.max_request_body = kMaxRequestBody;
    config.server_name = "origind";
    auto server = core::server::Server::start(
        std::move(config),
        [this](core::server::WorkerContext& worker) -> std::unique_ptr<core::http::Handler> {
          return std::make_unique<origin::api::OriginHandler>(*service_, worker);
        },
        exposition_);
    if (!server) return fail("cannot start", server.error());
    server_ = std::move(*server);
    log_.info("started", {{"version", swipecdn::kVersion},
                          {"pid", ::getpid()},
                          {"listen", options_.listen},
                          {"port", server_->ports().at(0)},
                          {"workers", server_->workers()},
                          {"transcode_jobs", options_.runner.workers},
                          {"data_dir", options_.data_dir}});
    if (!options_.port_file.empty() &&
        !core::server::write_port_file(options_.port_file, server_->ports())) {
      server_->shutdown(std::chrono::milliseconds(0));
      return fail("cannot write the port file", options_.port_file);
    }
    int status = wait_for_signals();
    runner_->stop();
    log_.info("stopped");
    return status;
  }

 private:
  int fail(std::string_view what, const std::string& error) {
    log_.error(what, {{"error", error}});
    std::fprintf(stderr, "origind: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                 error.c_str());
    if (runner_) runner_->stop();
    return kExitFailure;
  }

  int wait_for_signals() {
    EventBase base(event_base_new());
    Event term(base ? evsignal_new(base.get(), SIGTERM, &Origind::on_signal, this) : nullptr);
    Event interrupt(base ? evsignal_new(base.get(), SIGINT, &Origind::on_signal, this) : nullptr);
    if (!term || !interrupt || event_add(term.get(), nullptr) != 0 ||
        event_add(interrupt.get(), nullptr) != 0) {
      server_->shutdown(options_.shutdown_timeout);
      return fail("cannot watch signals", "libevent");
    }
    base_ = base.get();
    event_base_dispatch(base.get());
    base_ = nullptr;
    return 0;
  }

  static void on_signal(evutil_socket_t signal_number, short, void* self) {
    auto* origind = static_cast<Origind*>(self);
    origind->log_.info("stopping", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
    origind->server_->shutdown(origind->options_.shutdown_timeout);
    event_base_loopbreak(origind->base_);
  }

  Options options_;
  core::log::Logger log_;
  origin::AvLogRoute av_log_route_;  // until every transcode has stopped (members below)
  core::base::SystemClock clock_;
  origin::api::DataLayout layout_;
  core::metrics::Registry process_metrics_;  // the job runner's
  core::metrics::Exposition exposition_;
  origin::feed::SnapshotBoard board_;
  origin::feed::CandidateCache candidates_{kCandidateCacheViewers};
  // Destroyed in reverse: the server first (joined), then the pool, the event ingestor, the
  // runner, the feed refresher, the store.
  std::unique_ptr<origin::store::Store> store_;
  std::unique_ptr<origin::feed::Refresher> refresher_;
  std::unique_ptr<origin::api::JobRunner> runner_;
  std::unique_ptr<origin::feed::EventIngestor> ingestor_;
  std::unique_ptr<origin::api::Service> service_;
  std::unique_ptr<core::server::Server> server_;
  event_base* base_ = nullptr;
};

// origind ingest: the same steps as the upload API, in one process, then the transcode.
int ingest(Options options) {
  core::log::Logger log(options.log_file, core::log::Level::kWarn);
  origin::AvLogRoute av_log_route(log);
  core::base::SystemClock clock;
  origin::api::DataLayout layout(options.data_dir);
  auto fail = [](const std::string& message) {
    std::fprintf(stderr, "origind: ingest: %s\n", message.c_str());
    return kExitFailure;
  };
  std::error_code error;
  auto size = std::filesystem::file_size(options.input, error);
  if (error) return fail(options.input + ": " + error.message());
  auto store = open_store(options, layout, false, clock);
  if (!store) return fail(store.error());
  auto upload = (*store)->create_upload(options.creator, static_cast<int64_t>(size));
  if (!upload) return fail(upload.error().what);
  auto destination = layout.upload_file(upload->id);
  auto copy = [&]() -> std::expected<void, std::string> {
    std::error_code copy_error;
    std::filesystem::copy_file(options.input, destination,
                               std::filesystem::copy_options::overwrite_existing, copy_error);
    if (copy_error) return std::unexpected(copy_error.message());
    return {};
  };
  if (size == 0) {
    if (auto copied = copy(); !copied) return fail(copied.error());
  } else {
    auto total = static_cast<int64_t>(size);
    if (auto got = (*store)->receive(upload->id, {0, total - 1}, total, copy); !got) {
      return fail(got.error().what);
    }
  }
  auto digest = origin::api::sha256_file(destination);
  if (!digest) return fail(digest.error());
  auto video = (*store)->complete_upload(
      upload->id, {options.creator, options.title, options.hashtags, *digest});
  if (!video) return fail(video.error().what);
  core::metrics::Registry metrics;
  origin::api::JobRunner runner(**store, layout, options.runner, log, metrics);
  bool terminal = ::isatty(STDERR_FILENO) == 1;
  runner.run_now(upload->id, [terminal](double fraction) {
    if (terminal) std::fprintf(stderr, "\rtranscoding %3d%%", static_cast<int>(fraction * 100));
  });
  if (terminal) std::fputs("\n", stderr);
  auto result = (*store)->get_video(upload->id);
  if (!result) return fail(result.error().what);
  std::printf("%s\n", upload->id.c_str());
  if (result->status == origin::store::VideoStatus::kFailed) {
    std::fprintf(stderr, "origind: ingest: video %s failed: %s\n", upload->id.c_str(),
                 result->reason.c_str());
    return kExitFailure;
  }
  if (result->status != origin::store::VideoStatus::kReady) {
    std::fprintf(stderr, "origind: ingest: video %s not ready: queued for a retry\n",
                 upload->id.c_str());
    return kExitFailure;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto options = origin::api::parse_options(argc, argv);
  if (!options) {
    std::fprintf(stderr, "origind: %s\n", options.error().message.c_str());
    return kExitUsage;
  }
  if (options->action == Options::Action::kPrintText) {
    std::fputs(options->text.c_str(), stdout);
    return 0;
  }
  if (options->action == Options::Action::kCheckConfig) {
    std::puts("ok");
    return 0;
  }
  if (options->action == Options::Action::kIngest) return ingest(std::move(*options));
  // A client closing its connection must not kill the process on the next write.
  ::signal(SIGPIPE, SIG_IGN);
  Origind origind(std::move(*options));
  return origind.run();
}
