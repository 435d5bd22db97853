// make_hit_head: the fields the long way drops or sets, dropped or set once.
#include "edge/cache/hit_head.h"

#include "core/server/http1_response.h"
#include "edge/proxy/forwarding.h"

namespace edge::cache {

std::shared_ptr<const core::http::SharedHead> make_hit_head(
    const core::http::ResponseHead& stored) {
  if (stored.status != 200 || stored.headers.contains("via")) return nullptr;
  // In the long way's order: StoredFetch's fields, plan_delivery()'s, then what the proxy
  // removes on the way out (the codec frames the body itself).
  core::http::Headers headers = stored.headers;
  headers.set("age", "0");
  headers.set("x-cache", "HIT");
  headers.set("accept-ranges", "bytes");
  proxy::remove_hop_by_hop(headers);
  headers.remove("content-length");
  // Each response's own, added per hit.
  if (headers.remove("age") != 1 || headers.remove("x-cache") != 1) return nullptr;
  return std::make_shared<const core::http::SharedHead>(
      core::server::share_head(stored.status, std::move(headers)));
}

}  // namespace edge::cache
