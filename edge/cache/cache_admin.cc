// CacheAdmin. JSON in and out through nlohmann-json, whose exceptions stop here.
#include "edge/cache/cache_admin.h"

#include <nlohmann/json.hpp>

namespace edge::cache {
namespace {

void answer(core::http::Stream& stream, int status, const nlohmann::json& body) {
  stream.respond_with(status, "application/json", body.dump() + "\n");
}

}  // namespace

CacheAdmin::CacheAdmin(std::shared_ptr<CacheShared> cache, std::string admin_secret,
                       const core::base::Clock& clock)
    : cache_(std::move(cache)), verifier_(std::move(admin_secret)), clock_(clock) {}

void CacheAdmin::on_request(core::http::Stream& stream) {
  const core::http::Request& request = stream.request();
  const std::string_view path = request.path();
  if (path == kStatsPath) {
    if (request.method != "GET" && request.method != "HEAD") {
      answer(stream, 405, {{"error", "use GET"}});
      return;
    }
    stream.respond_with(200, "application/json", stats_json());
    return;
  }
  if (path == kPurgePath) {
    if (request.method != "POST") {
      answer(stream, 405, {{"error", "use POST"}});
      return;
    }
    purge(stream);
    return;
  }
  answer(stream, 404, {{"error", "no such admin path"}});
}

void CacheAdmin::purge(core::http::Stream& stream) {
  const core::http::Request& request = stream.request();
  if (auto verified = verifier_.verify(request, clock_.unix_seconds()); !verified) {
    answer(stream, 401,
           {{"error", "signature refused"},
            {"reason", std::string(admin::to_label(verified.error()))}});
    return;
  }
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  const auto strings = [&](const char* name) -> std::optional<std::vector<std::string>> {
    if (!body.contains(name)) return std::vector<std::string>{};
    const nlohmann::json& list = body[name];
    if (!list.is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const nlohmann::json& item : list) {
      if (!item.is_string() || item.get_ref<const std::string&>().empty()) return std::nullopt;
      out.push_back(item.get<std::string>());
    }
    return out;
  };
  const auto keys = body.is_object() ? strings("keys") : std::nullopt;
  const auto prefixes = body.is_object() ? strings("prefixes") : std::nullopt;
  if (!keys || !prefixes) {
    answer(stream, 400, {{"error", R"(expected {"keys": [strings], "prefixes": [strings]})"}});
    return;
  }
  CacheShared& cache = *cache_;
  uint64_t purged = 0;
  for (const std::string& key : *keys) {
    const bool in_memory = cache.memory.find(key) != nullptr;
    cache.memory.erase(key);
    const bool on_disk = cache.disk && cache.disk->erase(key);
    // A fill that completed moments ago may still be answering while the disk takes it in.
    const bool filling = cache.fills.forget(key) > 0;
    purged += (in_memory || on_disk || filling) ? 1 : 0;
  }
  for (const std::string& prefix : *prefixes) {
    const size_t from_memory = cache.memory.erase_prefix(prefix);
    const size_t from_disk = cache.disk ? cache.disk->erase_prefix(prefix) : 0;
    const size_t filling = cache.fills.forget_prefix(prefix);
    purged += std::max({from_memory, from_disk, filling});
  }
  cache.count_memory();
  cache.metrics.purged.inc(purged);
  answer(stream, 200, {{"purged", purged}});
}

nlohmann::json CacheAdmin::stats() const {
  const CacheShared& cache = *cache_;
  const LookupMetrics& m = cache.metrics;
  const MemoryTier::Stats memory = cache.memory.stats();
  nlohmann::json doc;
  doc["memory"] = {{"objects", memory.objects},
                   {"bytes", memory.bytes},
                   {"budget", memory.budget},
                   {"evictions", memory.evictions}};
  if (cache.disk) {
    const DiskTier::Stats disk = cache.disk->stats();
    doc["disk"] = {{"objects", disk.objects},
                   {"bytes", disk.bytes},
                   {"budget", disk.budget},
                   {"evictions", disk.evictions},
                   {"admission_refused", disk.admissions_refused},
                   {"recovered_dropped", disk.recovered_dropped},
                   {"admitting", disk.admitting}};
  } else {
    doc["disk"] = nullptr;
  }
  nlohmann::json lookups = nlohmann::json::object();
  for (size_t i = 0; i < kLookupResultCount; ++i) {
    const auto result = static_cast<LookupResult>(i);
    lookups[std::string(to_label(result))] = m.lookups(result);
  }
  doc["lookups"] = lookups;
  doc["origin_fetches"] = {{"fill", m.origin_fetches(FetchKind::kFill)},
                           {"revalidate", m.origin_fetches(FetchKind::kRevalidate)}};
  doc["served_bytes"] = {{"memory", m.served(Tier::kMemory)},
                         {"disk", m.served(Tier::kDisk)},
                         {"fill", m.served(Tier::kFill)}};
  doc["fills_in_flight"] = cache.fills.in_flight();
  doc["revalidated"] = m.revalidated.value();
  doc["stale_on_error"] = m.stale_on_error.value();
  doc["fills_failed"] = m.fills_failed.value();
  doc["purged"] = m.purged.value();
  return doc;
}

}  // namespace edge::cache
