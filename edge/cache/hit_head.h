// The head a plain GET hit on a stored response sends, made once when the response is stored
// in memory rather than on every hit: what StoredFetch, plan_delivery() and the proxy's
// make_downstream_head() make of the stored head, less the fields each response has its own
// (Age, X-Cache, and the Via of this hop).
#pragma once

#include <memory>

#include "core/http/message.h"
#include "core/http/shared_head.h"

namespace edge::cache {

// Null where hits take the long way: statuses other than 200, which are seldom hit often enough
// to be worth a second head; a stored Via, which this hop's would extend; a Connection field
// that names Age or X-Cache, which the long way then drops.
std::shared_ptr<const core::http::SharedHead> make_hit_head(const core::http::ResponseHead& stored);

}  // namespace edge::cache
