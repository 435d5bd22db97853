// The lookup seam of the request path: where a response comes from. Today the OriginSource
// fetches it from an origin; the cache will be an ObjectSource that answers from memory or
// disk and wraps the OriginSource for misses. Same pull-based body as core::http::Stream: one
// chunk in flight, the next only after resume().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/http/chunk.h"
#include "core/http/message.h"
#include "core/http/shared_head.h"

namespace edge::proxy {

// A request as it should reach the origin (hop-by-hop fields removed, forwarding fields
// added), plus what the request path learned about it.
struct ObjectRequest {
  core::http::Request request;
  std::string video;  // the path segment after the served prefix: chooses the origin
  // The viewer's stream takes file chunks (Stream::can_send_file): a source may answer from a
  // file with sendfile instead of reading it into memory.
  bool file_chunks = false;
  // A pre-warm's fetch, not a viewer's: what it stores is flagged warmed, and a hit on it is not
  // a viewer's use of a warmed object.
  bool warm = false;
};

enum class SourceError : uint8_t {
  kUnavailable,  // no origin could be reached: connect failures or resets, retries used up
  kTimeout,      // the origin did not answer, or stopped sending, within the read timeout
  kBadResponse,  // the origin's response cannot be relayed: unparseable or over limits
  kTruncated,    // the body ended early, ran long, or its connection broke
};
std::string_view to_string(SourceError error);

// What the access log says about where a response came from.
struct SourceInfo {
  std::string upstream;               // the origin's authority that answered (or was tried last)
  std::string cache_status = "MISS";  // HIT, MISS, ... once a cache decorates the source
  int attempts = 0;                   // origin attempts made, retries included
};

// Receives one object's response, on the worker's loop. Any callback may destroy the
// ObjectFetch. Order as core::client::FetchObserver: on_head, on_body*, then on_complete or
// on_error; or on_error alone (nothing was sent, the viewer can still get an error status).
class ObjectObserver {
 public:
  virtual ~ObjectObserver() = default;
  virtual void on_head(core::http::ResponseHead head) = 0;
  // One chunk; no further chunk comes before ObjectFetch::resume().
  virtual void on_body(core::http::Chunk chunk) = 0;
  virtual void on_complete() = 0;
  // After on_head(), the body is truncated: the viewer must see the response aborted.
  virtual void on_error(SourceError error) = 0;
};

// One object being delivered. Destroying it cancels whatever it still waits for.
class ObjectFetch {
 public:
  virtual ~ObjectFetch() = default;
  // The observer has taken the last chunk and wants the next; never calls back inside.
  virtual void resume() = 0;
  // Where the response came from, so far; stable once on_head() was called.
  virtual const SourceInfo& info() const = 0;
};

// A whole response a source had at hand: a stored head shared by every such answer, and what
// is this answer's own.
struct ReadyAnswer {
  std::shared_ptr<const core::http::SharedHead> head;  // without Age, X-Cache and Via
  int64_t age_s = 0;
  std::string_view cache_status;  // static text: the X-Cache value
  core::http::Chunk body;
};

// Owned by one worker and used on its loop only.
class ObjectSource {
 public:
  virtual ~ObjectSource() = default;
  // The whole answer to `viewer`, the request as the viewer sent it, when the source has it at
  // hand and the request asks for nothing that needs start(): the same response start() would
  // give (less the Via of this hop, which the caller adds), counted as start() counts it.
  // nullopt sends the request the long way; so does every source that keeps nothing.
  virtual std::optional<ReadyAnswer> answer_at_once(const core::http::Request& /*viewer*/) {
    return std::nullopt;
  }
  // Starts delivering `request`; the request and the observer must outlive the returned
  // fetch (fetches keep a reference, not a copy). Callbacks never run inside this call.
  virtual std::unique_ptr<ObjectFetch> start(const ObjectRequest& request,
                                             ObjectObserver& observer) = 0;
};

}  // namespace edge::proxy
