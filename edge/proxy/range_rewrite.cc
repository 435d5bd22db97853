#include "edge/proxy/range_rewrite.h"

namespace edge::proxy {

core::http::RangeKind rewrite_range(core::http::Headers& headers) {
  const core::http::RangeKind kind = core::http::classify_range(headers);
  if (kind == core::http::RangeKind::kMultiple || kind == core::http::RangeKind::kInvalid) {
    headers.remove("range");
    headers.remove("if-range");
  }
  return kind;
}

}  // namespace edge::proxy
