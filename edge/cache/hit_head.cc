// make_hit_head: the fields the long way drops or sets, dropped or set once.
#include "edge/cache/hit_head.h"

#include "core/server/http1_response.h"
#include "edge/proxy/forwarding.h"

namespace edge::cache {

std::shared_ptr<const core::http::SharedHead> make_hit_head(
    const core::http::ResponseHead& stored) {
  if (stored.status != 200 || stored.headers.contains("via")) return nullptr;
  core::http::Headers headers = stored.headers;
  // Each response's own, set per hit.
  headers.remove("age");
  headers.remove("x-cache");
  // What the proxy removes on the way out; the codec frames the body itself.
  proxy::remove_hop_by_hop(headers);
  headers.remove("content-length");
  headers.set("accept-ranges", "bytes");
  return std::make_shared<const core::http::SharedHead>(
      core::server::share_head(stored.status, std::move(headers)));
}

}  // namespace edge::cache
