// controld, the composition root: configuration, logs, and one server worker whose loop runs
// both the admin API and the control loop (election, health checks, planning rounds), so that
// everything of the control plane is single-threaded. Signals on the main thread: SIGTERM and
// SIGINT stop gracefully, giving up the leader lock first so another replica takes over at once;
// SIGHUP reopens the log file. `--check-config` stops once the configuration is built and valid.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <future>
#include <memory>
#include <string>

#include "control/api/admin_api.h"
#include "control/config/control_config.h"
#include "control/plane/controller.h"
#include "core/base/clock.h"
#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "core/server/port_file.h"
#include "core/server/server.h"
#include "core/server/stop_signal.h"
#include "swipecdn/version.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr auto kStopDeadline = std::chrono::milliseconds(3'000);

// The worker's handler: it owns the control loop, so both live and die on the worker's thread.
class ControlHandler final : public core::http::Handler {
 public:
  ControlHandler(std::unique_ptr<control::plane::Controller> controller,
                 const control::config::ControlConfig& config,
                 const core::metrics::Exposition& exposition, const core::base::Clock& clock)
      : controller_(std::move(controller)), api_(*controller_, config, exposition, clock) {}
  void on_request(core::http::Stream& stream) override { api_.on_request(stream); }
  control::plane::Controller& controller() { return *controller_; }

 private:
  std::unique_ptr<control::plane::Controller> controller_;
  control::api::AdminApi api_;
};

class Controld {
 public:
  explicit Controld(control::config::ControlConfig config)
      : config_(std::move(config)), log_(config_.log_file, config_.log_level) {}

  int run() {
    core::server::ServerConfig server_config;
    server_config.listeners.push_back({config_.listen, false});
    server_config.workers = 1;
    server_config.limits.max_request_body = size_t{64} * 1024;
    server_config.server_name = "controld";
    auto server =
        core::server::Server::start(std::move(server_config), handler_factory(), exposition_);
    if (!server)
      return fail("cannot start", handler_error_.empty() ? server.error() : handler_error_);
    server_ = std::move(*server);
    log_.info("started", {{"version", swipecdn::kVersion},
                          {"pid", ::getpid()},
                          {"id", config_.id},
                          {"listen", config_.listen},
                          {"port", server_->ports().at(0)},
                          {"origin", config_.origin},
                          {"redis", core::redis::to_string(config_.redis)},
                          {"pops", config_.pops.size()}});
    if (!config_.port_file.empty() &&
        !core::server::write_port_file(config_.port_file, server_->ports())) {
      server_->shutdown(std::chrono::milliseconds(0));
      return fail("cannot write the port file", config_.port_file);
    }
    return wait_for_signals();
  }

 private:
  int fail(std::string_view what, const std::string& error) {
    log_.error(what, {{"error", error}});
    std::fprintf(stderr, "controld: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                 error.c_str());
    return kExitFailure;
  }

  core::server::HandlerFactory handler_factory() {
    return [this](core::server::WorkerContext& worker) -> std::unique_ptr<core::http::Handler> {
      auto controller =
          control::plane::Controller::create(worker.loop, config_, clock_, log_, *worker.metrics);
      if (!controller) {
        handler_error_ = controller.error();
        return nullptr;
      }
      auto handler =
          std::make_unique<ControlHandler>(std::move(*controller), config_, exposition_, clock_);
      handler->controller().start();
      handler_ = handler.get();
      return handler;
    };
  }

  int wait_for_signals() {
    auto waited = core::server::wait_for_stop_signal(
        [this](int signal_number) {
          log_.info("stopping", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
          stop();
          log_.info("stopped");
        },
        // Log rotation: the file is reopened; the configuration is read once, at start.
        [this] {
          log_.reopen();
          log_.info("log reopened");
        });
    if (!waited) {
      stop();
      return fail("cannot wait for signals", waited.error());
    }
    return 0;
  }

  // The lock goes first, on the control loop, then the server and its worker.
  void stop() {
    auto released = std::make_shared<std::promise<void>>();
    std::future<void> done = released->get_future();
    server_->post(0, [this, released] {
      handler_->controller().stop([released] { released->set_value(); });
    });
    if (done.wait_for(kStopDeadline) != std::future_status::ready)
      log_.warn("the leader lock was not released in time; it expires by itself");
    server_->shutdown(kStopDeadline);
  }

  control::config::ControlConfig config_;
  core::log::Logger log_;
  core::base::SystemClock clock_;
  core::metrics::Exposition exposition_;  // outlives the server, whose registries it lists
  std::string handler_error_;
  ControlHandler* handler_ = nullptr;  // the worker's, used on its loop only
  std::unique_ptr<core::server::Server> server_;
};

}  // namespace

int main(int argc, char** argv) {
  auto invocation = control::config::parse_flags(argc, argv);
  if (!invocation) {
    std::fprintf(stderr, "controld: %s\n", invocation.error().c_str());
    return kExitUsage;
  }
  using Action = control::config::Invocation::Action;
  if (invocation->action == Action::kPrintHelp || invocation->action == Action::kPrintVersion) {
    std::fputs(invocation->text.c_str(), stdout);
    return 0;
  }
  auto config = control::config::build_config(*invocation);
  if (!config) {
    std::fprintf(stderr, "controld: %s\n", config.error().c_str());
    return kExitUsage;
  }
  if (invocation->action == Action::kCheckConfig) {
    std::puts("ok");
    return 0;
  }
  ::signal(SIGPIPE, SIG_IGN);
  Controld controld(std::move(*config));
  return controld.run();
}
