// PassFetch: the origin's fetch with this object as its observer, relaying every call.
#include "edge/cache/pass_fetch.h"

namespace edge::cache {

PassFetch::PassFetch(proxy::ObjectSource& origins, const proxy::ObjectRequest& request,
                     proxy::ObjectObserver& observer)
    : observer_(observer), fetch_(origins.start(request, *this)) {}

void PassFetch::on_head(core::http::ResponseHead head) {
  head.headers.set("x-cache", "MISS");
  if (!head.headers.contains("age")) head.headers.add("age", "0");
  observer_.on_head(std::move(head));
}

}  // namespace edge::cache
