// A response head that many responses repeat (a stored object's, sent on every hit): its fields
// checked and written out once, so that each response adds only what is its own.
#pragma once

#include <string>

#include "core/http/headers.h"

namespace core::http {

struct SharedHead {
  int status = 200;
  // The fields, for codecs that encode their own (HTTP/2 compresses them per connection).
  Headers headers;
  // The same fields as HTTP/1.1 lines ("name: value\r\n"), checked as any handler's fields are,
  // without those only the codec may write. Made by core::server::share_head().
  std::string http1_fields;
  bool has_date = false;
  bool has_server = false;
};

}  // namespace core::http
