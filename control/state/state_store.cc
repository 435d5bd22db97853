// StateStore's pipelines and the JSON of the records it keeps. A reply that does not read
// (a field someone else wrote by hand) is skipped, never trusted.
#include "control/state/state_store.h"

#include <nlohmann/json.hpp>

namespace control::state {
namespace {

using core::redis::Reply;
using Replies = std::vector<Reply>;

std::map<std::string, std::string> hash_of(const Reply& reply) {
  std::map<std::string, std::string> fields;
  for (size_t i = 0; i + 1 < reply.elements.size(); i += 2)
    fields[reply.elements[i].text] = reply.elements[i + 1].text;
  return fields;
}

std::set<std::string> set_of(const Reply& reply) {
  std::set<std::string> members;
  for (const Reply& element : reply.elements)
    members.insert(element.text);
  return members;
}

std::string pop_json(const config::PopConfig& pop) {
  return nlohmann::json{{"regions", pop.regions},
                        {"edges", pop.edges},
                        {"budget_bytes", pop.budget.bytes},
                        {"budget_objects", pop.budget.objects}}
      .dump();
}

std::optional<config::PopConfig> pop_from(const std::string& name, const std::string& text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  config::PopConfig pop;
  pop.name = name;
  try {
    pop.regions = json.at("regions").get<std::vector<std::string>>();
    pop.edges = json.at("edges").get<std::vector<std::string>>();
    pop.budget.bytes = json.at("budget_bytes").get<uint64_t>();
    pop.budget.objects = json.at("budget_objects").get<size_t>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return pop;
}

std::string health_json(const EdgeHealthRecord& record) {
  return nlohmann::json{
      {"healthy", record.healthy}, {"failures", record.failures}, {"checked_at", record.checked_at}}
      .dump();
}

PopHealth health_from(const Reply& reply) {
  PopHealth health;
  for (const auto& [edge, text] : hash_of(reply)) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object()) continue;
    // A record of other types (another version, a hand edit) is skipped, not thrown on.
    const auto healthy = json.find("healthy");
    const auto failures = json.find("failures");
    const auto checked_at = json.find("checked_at");
    if (healthy == json.end() || !healthy->is_boolean() || failures == json.end() ||
        !failures->is_number_integer() || checked_at == json.end() ||
        !checked_at->is_number_integer()) {
      continue;
    }
    EdgeHealthRecord record;
    record.healthy = healthy->get<bool>();
    record.failures = failures->get<int>();
    record.checked_at = checked_at->get<int64_t>();
    health[edge] = record;
  }
  return health;
}

}  // namespace

StateStore::StateStore(core::redis::AsyncClient& redis, StateKeys keys,
                       std::function<void(const std::string&)> on_unavailable)
    : redis_(redis), keys_(std::move(keys)), on_unavailable_(std::move(on_unavailable)) {}

void StateStore::send(std::vector<core::redis::Command> commands,
                      std::function<void(std::expected<Replies, std::string>)> done) {
  redis_.send(std::move(commands),
              [this, done = std::move(done)](core::redis::PipelineResult result) {
                std::string error;
                if (!result) {
                  error = result.error().reason;
                } else {
                  for (const Reply& reply : *result) {
                    if (reply.is_error()) error = reply.text;
                  }
                }
                if (error.empty()) {
                  done(std::move(*result));
                  return;
                }
                on_unavailable_(error);
                done(std::unexpected(error));
              });
}

void StateStore::publish_pops(const std::vector<config::PopConfig>& pops, Done<void> done) {
  core::redis::Command hset = {"HSET", keys_.pops()};
  for (const config::PopConfig& pop : pops) {
    hset.push_back(pop.name);
    hset.push_back(pop_json(pop));
  }
  send({{"MULTI"}, {"DEL", keys_.pops()}, std::move(hset), {"EXEC"}},
       [done = std::move(done)](std::expected<Replies, std::string> replies) {
         if (!replies) return done(std::unexpected(replies.error()));
         done({});
       });
}

void StateStore::load_round_inputs(const std::vector<std::string>& pops, int64_t now,
                                   Done<RoundInputs> done) {
  std::vector<core::redis::Command> commands = {{"SMEMBERS", keys_.drained()}};
  for (const std::string& pop : pops)
    commands.push_back({"HGETALL", keys_.held(pop)});
  send(std::move(commands),
       [pops, now, done = std::move(done)](std::expected<Replies, std::string> replies) {
         if (!replies) return done(std::unexpected(replies.error()));
         RoundInputs inputs;
         inputs.drained = set_of(replies->at(0));
         for (size_t i = 0; i < pops.size(); ++i)
           inputs.held[pops[i]] = decode_held(hash_of(replies->at(i + 1)), now);
         done(std::move(inputs));
       });
}

void StateStore::save_round(const std::string& pop, const std::string& plan_json,
                            const std::map<std::string, int>& grown,
                            const std::vector<std::string>& expired, int64_t held_until,
                            int64_t held_ttl_ms, Done<void> done) {
  std::vector<core::redis::Command> commands = {{"SET", keys_.plan(pop), plan_json}};
  if (!expired.empty()) {
    core::redis::Command hdel = {"HDEL", keys_.held(pop)};
    hdel.insert(hdel.end(), expired.begin(), expired.end());
    commands.push_back(std::move(hdel));
  }
  if (!grown.empty()) {
    core::redis::Command hset = {"HSET", keys_.held(pop)};
    for (const auto& [key, segments] : grown) {
      hset.push_back(key);
      hset.push_back(encode_held(segments, held_until));
    }
    commands.push_back(std::move(hset));
    commands.push_back({"PEXPIRE", keys_.held(pop), std::to_string(held_ttl_ms)});
  }
  send(std::move(commands), [done = std::move(done)](std::expected<Replies, std::string> replies) {
    if (!replies) return done(std::unexpected(replies.error()));
    done({});
  });
}

void StateStore::save_health(const std::string& pop, const std::string& edge,
                             const EdgeHealthRecord& record, Done<void> done) {
  send({{"HSET", keys_.health(pop), edge, health_json(record)}},
       [done = std::move(done)](std::expected<Replies, std::string> replies) {
         if (!replies) return done(std::unexpected(replies.error()));
         done({});
       });
}

void StateStore::load_health(const std::vector<std::string>& pops,
                             Done<std::map<std::string, PopHealth>> done) {
  std::vector<core::redis::Command> commands;
  commands.reserve(pops.size());
  for (const std::string& pop : pops)
    commands.push_back({"HGETALL", keys_.health(pop)});
  send(std::move(commands),
       [pops, done = std::move(done)](std::expected<Replies, std::string> replies) {
         if (!replies) return done(std::unexpected(replies.error()));
         std::map<std::string, PopHealth> health;
         for (size_t i = 0; i < pops.size(); ++i)
           health[pops[i]] = health_from(replies->at(i));
         done(std::move(health));
       });
}

void StateStore::set_drained(const std::string& pop, bool drained, Done<void> done) {
  send({{drained ? "SADD" : "SREM", keys_.drained(), pop}},
       [done = std::move(done)](std::expected<Replies, std::string> replies) {
         if (!replies) return done(std::unexpected(replies.error()));
         done({});
       });
}

void StateStore::load_snapshot(Done<Snapshot> done) {
  send({{"HGETALL", keys_.pops()}, {"SMEMBERS", keys_.drained()}, {"GET", keys_.leader()}},
       [this, done = std::move(done)](std::expected<Replies, std::string> replies) {
         if (!replies) return done(std::unexpected(replies.error()));
         Snapshot snapshot;
         std::vector<std::string> names;
         for (const auto& [name, text] : hash_of(replies->at(0))) {
           if (auto pop = pop_from(name, text)) {
             snapshot.pops[name] = std::move(*pop);
             names.push_back(name);
           }
         }
         snapshot.drained = set_of(replies->at(1));
         snapshot.leader = replies->at(2).text;
         load_health_of(names, std::move(snapshot), done);
       });
}

void StateStore::load_health_of(const std::vector<std::string>& pops, Snapshot snapshot,
                                Done<Snapshot> done) {
  if (pops.empty()) return done(std::move(snapshot));
  load_health(pops,
              [snapshot = std::move(snapshot), done = std::move(done)](
                  std::expected<std::map<std::string, PopHealth>, std::string> health) mutable {
                if (!health) return done(std::unexpected(health.error()));
                snapshot.health = std::move(*health);
                done(std::move(snapshot));
              });
}

void StateStore::load_plan(const std::string& pop, Done<std::optional<std::string>> done) {
  send({{"GET", keys_.plan(pop)}},
       [done = std::move(done)](std::expected<Replies, std::string> replies) {
         if (!replies) return done(std::unexpected(replies.error()));
         const Reply& reply = replies->front();
         done(reply.is_nil() ? std::nullopt : std::optional<std::string>(reply.text));
       });
}

}  // namespace control::state
