// Controller: the timers, the election and the rounds, with their metrics and log lines.
#include "control/plane/controller.h"

#include <algorithm>

#include "control/plane/control_metrics.h"
#include "control/plane/plan_json.h"
#include "core/base/timeval.h"

namespace control::plane {
namespace {

std::vector<std::string> pop_names(const config::ControlConfig& config) {
  std::vector<std::string> names;
  names.reserve(config.pops.size());
  for (const config::PopConfig& pop : config.pops)
    names.push_back(pop.name);
  return names;
}

}  // namespace

std::expected<std::unique_ptr<Controller>, std::string> Controller::create(
    event_base* loop, const config::ControlConfig& config, const core::base::Clock& clock,
    core::log::Logger& log, core::metrics::Registry& metrics) {
  auto network = EdgeNetwork::create(loop, config, clock);
  if (!network) return std::unexpected(network.error());
  std::unique_ptr<Controller> controller(new Controller(loop, config, clock, log, metrics));
  controller->network_ = std::move(*network);
  return controller;
}

Controller::Controller(event_base* loop, const config::ControlConfig& config,
                       const core::base::Clock& clock, core::log::Logger& log,
                       core::metrics::Registry& metrics)
    : loop_(loop),
      config_(config),
      clock_(clock),
      log_(log),
      metrics_(metrics),
      redis_(loop, config.redis,
             core::redis::ClientOptions{.command_timeout = config.request_timeout}),
      lock_(redis_, clock, state::StateKeys{config.redis_prefix}.leader(), config.id,
            config.leader_ttl),
      store_(redis_, state::StateKeys{config.redis_prefix},
             [this](const std::string& error) { redis_result(false, error); }) {
  metrics_.gauge(families::kLeader).set(0);
  metrics_.gauge(families::kRedisUp).set(1);
}

Controller::~Controller() = default;

bool Controller::arm(Timer& timer, std::chrono::milliseconds period,
                     void (*fire)(evutil_socket_t, short, void*)) {
  timer.reset(event_new(loop_, -1, EV_PERSIST, fire, this));
  const timeval tv = core::base::to_timeval(period);
  return timer && event_add(timer.get(), &tv) == 0;
}

void Controller::start() {
  // Four election steps an interval: the lease (1.5 intervals by default) survives a few
  // lost renewals, and a replica finds a dead leader's lock free soon after it expires.
  const auto step = std::max(config_.interval / 4, std::chrono::milliseconds(25));
  if (!arm(election_timer_, step, &Controller::on_election) ||
      !arm(tick_timer_, config_.interval, &Controller::on_tick)) {
    log_.error("cannot arm the control timers");
  }
  log_.info("control loop started", {{"id", config_.id},
                                     {"interval_ms", config_.interval.count()},
                                     {"leader_ttl_ms", config_.leader_ttl.count()}});
  elect();
}

void Controller::stop(std::function<void()> done) {
  stopping_ = true;
  election_timer_.reset();
  tick_timer_.reset();
  rounds_.clear();
  if (was_leading_) {
    metrics_.gauge(families::kLeader).set(0);
    log_.info("leadership released", {{"id", config_.id}});
  }
  was_leading_ = false;
  lock_.release(std::move(done));
}

void Controller::on_election(evutil_socket_t, short, void* self) {
  static_cast<Controller*>(self)->elect();
}

void Controller::on_tick(evutil_socket_t, short, void* self) {
  auto* controller = static_cast<Controller*>(self);
  if (!controller->lock_.leading()) {
    if (controller->was_leading_) controller->lost_leadership();
    return;
  }
  controller->check_edges();
  controller->run_round();
}

void Controller::elect() {
  // One step at a time: with Redis slower than a step, a second SET NX sent while the first
  // is in flight would answer nil and make us drop a lock we just took.
  if (stopping_ || electing_) return;
  electing_ = true;
  lock_.step([this](state::LeaderLock::Outcome outcome) { elected(outcome); });
}

void Controller::elected(state::LeaderLock::Outcome outcome) {
  electing_ = false;
  if (stopping_) return;
  if (outcome == state::LeaderLock::Outcome::kUnavailable) {
    redis_result(false, "the leader lock got no answer");
  } else {
    redis_result(true, "");
  }
  const bool leading = lock_.leading();
  if (leading && !was_leading_) became_leader();
  if (!leading && was_leading_) lost_leadership();
}

void Controller::became_leader() {
  was_leading_ = true;
  metrics_.gauge(families::kLeader).set(1);
  log_.info("became leader", {{"id", config_.id}});
  store_.publish_pops(config_.pops, [](const std::expected<void, std::string>&) {});
  // Carry on with the health the last leader saw, then plan at once.
  store_.load_health(pop_names(config_), [this](auto loaded) {
    if (loaded) {
      for (const auto& [pop, edges] : *loaded) {
        for (const auto& [edge, record] : edges)
          health_.insert_or_assign(EdgeKey{pop, edge}, EdgeHealth(config_.health_failures, record));
      }
    }
    if (!lock_.leading()) return;
    check_edges();
    run_round();
  });
}

void Controller::lost_leadership() {
  was_leading_ = false;
  metrics_.gauge(families::kLeader).set(0);
  rounds_.clear();
  log_.warn("lost leadership", {{"id", config_.id}, {"redis_up", redis_up_}});
}

void Controller::redis_result(bool ok, const std::string& error) {
  if (!ok) metrics_.counter(families::kRedisErrors).inc();
  if (ok == redis_up_) return;
  redis_up_ = ok;
  metrics_.gauge(families::kRedisUp).set(ok ? 1 : 0);
  if (ok) {
    log_.info("redis reachable", {{"redis", core::redis::to_string(config_.redis)}});
  } else {
    log_.error("redis unreachable: not planning until it answers",
               {{"redis", core::redis::to_string(config_.redis)}, {"error", error}});
  }
}

void Controller::check_edges() {
  for (const config::PopConfig& pop : config_.pops) {
    for (const std::string& edge : pop.edges) {
      EdgeKey key{pop.name, edge};
      if (!checking_.insert(key).second) continue;
      network_->check_health(edge, [this, key](bool ok) {
        checking_.erase(key);
        edge_checked(key, ok);
      });
    }
  }
}

void Controller::edge_checked(const EdgeKey& key, bool ok) {
  auto it = health_.try_emplace(key, config_.health_failures).first;
  const bool changed = it->second.checked(ok, clock_.unix_seconds());
  const bool healthy = it->second.healthy();
  metrics_.gauge(families::kEdgeHealthy, {key.first, key.second}).set(healthy ? 1 : 0);
  if (changed) {
    log_.log(
        healthy ? core::log::Level::kInfo : core::log::Level::kWarn,
        healthy ? "edge healthy again" : "edge dead",
        {{"pop", key.first}, {"edge", key.second}, {"failures", it->second.record().failures}});
  }
  if (lock_.leading())
    store_.save_health(key.first, key.second, it->second.record(),
                       [](const std::expected<void, std::string>&) {});
}

void Controller::feeds_read(const config::PopConfig& pop,
                            const std::vector<std::pair<std::string, std::string>>& errors) {
  // Every failure counts; the log says when a feed stops answering and when it is back, not
  // once a round.
  for (const std::string& region : pop.regions) {
    auto error = std::find_if(errors.begin(), errors.end(),
                              [&](const auto& failed) { return failed.first == region; });
    if (error == errors.end()) {
      if (failing_regions_.erase(region) > 0) log_.info("region feed back", {{"region", region}});
      continue;
    }
    metrics_.counter(families::kOriginErrors, {region}).inc();
    if (failing_regions_.insert(region).second) {
      log_.warn("region feed unavailable",
                {{"pop", pop.name}, {"region", region}, {"error", error->second}});
    }
  }
}

std::vector<std::string> Controller::healthy_edges(const config::PopConfig& pop) const {
  std::vector<std::string> edges;
  for (const std::string& edge : pop.edges) {
    auto it = health_.find(EdgeKey{pop.name, edge});
    if (it == health_.end() || it->second.healthy()) edges.push_back(edge);
  }
  return edges;
}

void Controller::run_round() {
  if (loading_round_ || !rounds_.empty()) {
    metrics_.counter(families::kRoundsSkipped, {"busy"}).inc();
    return;
  }
  loading_round_ = true;
  store_.load_round_inputs(pop_names(config_), clock_.unix_seconds(),
                           [this](std::expected<state::RoundInputs, std::string> inputs) {
                             loading_round_ = false;
                             if (!inputs) {
                               metrics_.counter(families::kRoundsSkipped, {"redis"}).inc();
                               return;
                             }
                             if (stopping_ || !lock_.leading()) return;
                             start_rounds(std::move(*inputs));
                           });
}

void Controller::start_rounds(state::RoundInputs inputs) {
  metrics_.counter(families::kRounds).inc();
  ++round_seq_;
  const int64_t now = clock_.unix_seconds();
  std::vector<std::string> started;
  for (const config::PopConfig& pop : config_.pops) {
    const bool drained = inputs.drained.contains(pop.name);
    metrics_.gauge(families::kDrained, {pop.name}).set(drained ? 1 : 0);
    if (drained) {
      metrics_.counter(families::kPopRounds, {pop.name, "drained"}).inc();
      continue;
    }
    state::HeldFields& held = inputs.held[pop.name];
    RoundSpec spec{
        pop, held.held, healthy_edges(pop),
        "h-" + pop.name + "-" + std::to_string(now) + "-" + std::to_string(round_seq_),
        now + std::chrono::duration_cast<std::chrono::seconds>(config_.hint_ttl).count()};
    rounds_[pop.name] = std::make_unique<PopRound>(
        *network_, config_.planner, std::move(spec),
        [this, before = held.held, expired = held.expired](RoundReport report) {
          round_done(std::move(report), before, expired);
        });
    started.push_back(pop.name);
  }
  for (const std::string& name : started) {
    if (auto it = rounds_.find(name); it != rounds_.end()) it->second->start();
  }
}

void Controller::round_done(RoundReport report, const prefetch::Held& before,
                            const std::vector<std::string>& expired) {
  const std::string pop = report.pop;
  feeds_read(*config_.find_pop(pop), report.feed_errors);
  metrics_.counter(families::kPopRounds, {pop, report.planned ? "planned" : "no_feed"}).inc();
  if (report.planned) {
    metrics_.gauge(families::kPlanItems, {pop}).set(static_cast<int64_t>(report.plan.items.size()));
    metrics_.gauge(families::kPlanBytes, {pop}).set(static_cast<int64_t>(report.plan.bytes));
    metrics_.counter(families::kHintsPushed, {pop}).inc(report.acked.size() + report.failed.size());
    metrics_.counter(families::kHintsAcked, {pop}).inc(report.acked.size());
    metrics_.counter(families::kHintsFailed, {pop}).inc(report.failed.size());
    for (const auto& [edge, why] : report.failed)
      log_.warn("hint refused",
                {{"pop", pop}, {"edge", edge}, {"hint", report.hint_id}, {"error", why}});
    log_.info("planned", {{"pop", pop},
                          {"hint", report.hint_id},
                          {"items", report.plan.items.size()},
                          {"hint_items", report.hint_items},
                          {"bytes", report.plan.bytes},
                          {"acked", report.acked.size()},
                          {"failed", report.failed.size()}});
    const int64_t now = clock_.unix_seconds();
    const auto ttl_s = std::chrono::duration_cast<std::chrono::seconds>(config_.held_ttl).count();
    store_.save_round(pop, plan_json(report, now), state::held_growth(before, report.held), expired,
                      now + ttl_s, config_.held_ttl.count(),
                      [](const std::expected<void, std::string>&) {});
  }
  // Last: this destroys the round that is calling back.
  rounds_.erase(pop);
}

}  // namespace control::plane
