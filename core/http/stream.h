// The seam between the codecs and the request logic. A codec turns each request into a
// Stream and hands it to a Handler; the response goes back through the same Stream with a
// pull-based body: the codec asks for the next chunk only when the previous one is on its way,
// so a slow viewer never makes the server buffer a whole segment. Everything of one stream
// runs on the event loop of the worker that accepted its connection.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/http/chunk.h"
#include "core/http/message.h"
#include "core/http/shared_head.h"

struct event_base;

namespace core::http {

class Stream;

// Per-request state of a handler, owned by the Stream it serves. The stream destroys it when
// the exchange ends (response complete, aborted, or the client gone); its destructor must
// cancel whatever it still waits for (an upstream fetch, a timer).
class Exchange {
 public:
  virtual ~Exchange() = default;
  // The stream can take one more body chunk: answer with exactly one Stream::write(), now
  // or later. Only called after respond() with has_body, never while a write is pending.
  virtual void on_writable(Stream& stream) = 0;
};

class Stream {
 public:
  virtual ~Stream() = default;
  virtual const Request& request() const = 0;
  // The event loop of this stream's worker, for timers and upstream connections.
  virtual event_base* loop() const = 0;
  // Gives the stream its per-request state; replaces any earlier one.
  virtual void attach(std::unique_ptr<Exchange> exchange) = 0;
  // Sends the response head, once. With has_body, the codec then calls
  // Exchange::on_writable() for each chunk; without it the response ends here.
  virtual void respond(ResponseHead head, bool has_body) = 0;
  // One body chunk, in answer to on_writable(); `last` ends the body. An empty chunk with
  // `last` is allowed. A file chunk (Chunk::file) only when can_send_file() says so.
  virtual void write(Chunk chunk, bool last) = 0;
  // Whether write() takes file chunks and sends them from the file (sendfile on a cleartext
  // HTTP/1.1 connection). Otherwise the body must come as bytes: TLS and HTTP/2 frame what
  // they send, and reading the file for them would block the loop.
  virtual bool can_send_file() const { return false; }
  // Ends the exchange abnormally: HTTP/1 closes the connection and HTTP/2 resets the stream,
  // so a truncated body is never taken for a whole one.
  virtual void abort() = 0;
  // Convenience for small complete responses: head with Content-Length, then `body`.
  void respond_with(int status, std::string_view content_type, std::string body);
  void respond_with(ResponseHead head, std::string body);
  // A complete response at once: `head`'s fields, then `extra`, with Content-Length, then
  // `body` (a file chunk only when can_send_file()). The same response as respond() with those
  // fields and a body written whole; a codec may send it without copying `head` (HTTP/1.1 does).
  virtual void respond_shared(const SharedHead& head, std::span<const Header> extra, Chunk body);
};

class Handler {
 public:
  virtual ~Handler() = default;
  // A complete request arrived on `stream`. The handler answers now or attaches an Exchange
  // and answers later; the stream stays valid until its Exchange is destroyed (or, without
  // one, until respond() has been called).
  virtual void on_request(Stream& stream) = 0;
};

}  // namespace core::http
