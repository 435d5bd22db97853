// What the request path of edged needs to know, filled by edge/config from flags and the TOML
// file. Handed to the workers as an immutable snapshot.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client/origin_client.h"
#include "core/http/message.h"

namespace edge::proxy {

// What the request path does with a viewer's master playlist request: geo routing's seam.
struct MasterRoute {
  // Not empty: the viewer belongs elsewhere and is sent there (302) without a lookup.
  std::string location;
  // Set: the body the viewer gets instead of a 200's (content steering), from the whole
  // original; nullopt leaves the original as it is.
  std::function<std::optional<std::string>(std::string_view body)> rewrite;
};

struct ProxyConfig {
  // "http://IP:port" (see core/client/origin_url.h); at least one.
  std::vector<std::string> origins;
  // Timeouts, pool size and chunk size of every origin's client.
  core::client::OriginOptions client;

  // Path prefixes served from the origins; each starts and ends with '/'. The path segment
  // right after the prefix is the video id, which chooses the origin.
  std::vector<std::string> prefixes = {"/v/"};
  // Paths under this prefix go to the admin handler (404 without one), never to an origin.
  std::string admin_prefix = "/_edge/";

  // Further attempts for a GET or HEAD whose attempt failed before any response byte reached
  // the viewer (connect failure, timeout or reset before the head), each on the next healthy
  // origin of the ring.
  int retries = 2;
  // Wait before the first retry; doubles for each further one, up to max_retry_backoff.
  std::chrono::milliseconds retry_backoff{50};
  std::chrono::milliseconds max_retry_backoff{1'000};

  // Consecutive connect failures or timeouts after which an origin is marked down, and for
  // how long. A down origin is skipped while another one is up.
  int failures_before_down = 3;
  std::chrono::milliseconds down_time{10'000};
  // Points per origin on the hash ring: more points, more even shares.
  size_t virtual_nodes = 160;

  // The pseudonym in Via ("1.1 <pop>") on requests to origins and responses to viewers.
  std::string pop = "local";
  // Peers whose X-Forwarded-For is kept and extended: IP addresses or CIDR blocks. Any other
  // peer's X-Forwarded-For is replaced by its own address.
  std::vector<std::string> trusted_proxies;

  // Told about each served GET or HEAD whose CMCD names the next object the player will ask
  // for (`nor`, as sent: relative to `path`), with its buffer length in ms (`bl`; -1 when not
  // sent), on the viewer's worker: pre-warming's seam. Empty: not told.
  std::function<void(std::string_view path, std::string_view next, int64_t buffer_ms)> next_object;

  // Asked about each GET or HEAD of "<prefix><video>/master.m3u8", on the viewer's worker.
  // Empty: every master playlist is served as the origin made it.
  std::function<MasterRoute(const core::http::Request& request, std::string_view video)>
      route_master;
};

}  // namespace edge::proxy
