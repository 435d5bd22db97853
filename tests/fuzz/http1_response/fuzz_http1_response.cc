// libFuzzer target for the client side of core::http1: a connection's responses (interim
// ones included) with their bodies, for a GET and for a HEAD request, fed whole, split at a
// point derived from the input, and one byte at a time. The feedings must agree, and no
// reported count or view may leave the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/http1/body_decoder.h"
#include "core/http1/field_rules.h"
#include "core/http1/response_parser.h"

namespace {

using core::http1::BodyDecoder;
using core::http1::BodyFraming;
using core::http1::HeaderFields;
using core::http1::Limits;
using core::http1::Method;
using core::http1::ResponseHead;
using core::http1::ResponseParser;

Limits fuzz_limits() {
  Limits limits;
  limits.max_start_line = 96;
  limits.max_head_bytes = 768;
  limits.max_fields = 12;
  limits.max_body = 2048;
  limits.max_chunk_line = 40;
  limits.max_trailer_bytes = 160;
  return limits;
}

void check(bool condition) {
  if (!condition) __builtin_trap();
}

void check_inside(std::string_view part, std::string_view whole) {
  if (part.empty()) return;
  check(part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

void check_fields(const HeaderFields& fields, std::string_view section) {
  for (const auto field : fields) {
    check_inside(field.name, section);
    check_inside(field.value, section);
    check(core::http1::is_token(field.name));
    check(core::http1::trim_ows(field.value) == field.value);
    for (const char ch : field.value) {
      const auto c = static_cast<unsigned char>(ch);
      check(core::http1::is_field_vchar(c) || core::http1::is_ows(c));
    }
  }
}

void describe_fields(const HeaderFields& fields, std::string& out) {
  for (const auto field : fields) {
    out.append(field.name).append(":").append(field.value).append("\n");
  }
}

// What RFC 9112 6.3 promises about a completed head, checked against its own fields.
void check_head(const ResponseHead& head, Method method, std::string_view section) {
  check_fields(head.fields, section);
  check_inside(head.reason, section);
  check(head.status >= 100 && head.status <= 599);
  check(head.version_minor == 0 || head.version_minor == 1);
  const bool no_body =
      method == Method::kHead || head.status < 200 || head.status == 204 || head.status == 304;
  if (no_body) check(head.framing == BodyFraming::kNone);
  if (head.framing == BodyFraming::kChunked) check(head.fields.count("content-length") == 0);
  if (head.framing == BodyFraming::kUntilClose) check(!head.keep_alive);
  if (head.framing != BodyFraming::kContentLength) check(head.content_length == 0);
  check(head.content_length <= fuzz_limits().max_body);
}

void describe_head(const ResponseHead& head, size_t consumed, std::string& out) {
  out.append("HEAD ")
      .append(std::to_string(consumed))
      .append(" ")
      .append(std::to_string(head.status))
      .append(" ")
      .append(head.reason)
      .append(" ")
      .append(std::to_string(head.version_minor))
      .append(std::to_string(static_cast<int>(head.framing)))
      .append(head.keep_alive ? "k " : "c ")
      .append(std::to_string(head.content_length))
      .append("\n");
  describe_fields(head.fields, out);
}

// A connection whose buffer grows to `data` through prefixes: `first` bytes, then `step`
// more at a time (0: all at once); the server closes after the last byte.
std::string run_connection(std::string_view data, Method method, size_t first, size_t step) {
  ResponseParser parser(fuzz_limits());
  parser.reset(method);
  BodyDecoder body(fuzz_limits());
  std::string out;
  std::string body_bytes;
  size_t offset = 0;
  size_t available = first;
  bool in_body = false;
  for (;;) {
    const std::string_view view = data.substr(offset, available - offset);
    bool need_more = false;
    if (!in_body) {
      const auto progress = parser.parse(view);
      if (!progress) return out + "ERROR " + std::string(reason_name(progress.error()));
      if (progress->complete) {
        check(progress->consumed > 0 && progress->consumed <= view.size());
        check_head(parser.head(), method, view.substr(0, progress->consumed));
        describe_head(parser.head(), progress->consumed, out);
        offset += progress->consumed;
        body.reset(parser.head().framing, parser.head().content_length);
        in_body = true;
      } else {
        check(progress->consumed == 0);
        need_more = true;
      }
    } else {
      const auto decoded = body.decode(view);
      if (!decoded) return out + "BODY ERROR " + std::string(reason_name(decoded.error()));
      check(decoded->consumed <= view.size());
      check_inside(decoded->data, view.substr(0, decoded->consumed));
      body_bytes.append(decoded->data);
      offset += decoded->consumed;
      if (decoded->done) {
        check_fields(body.trailers(), view.substr(0, decoded->consumed));
        out.append("BODY ").append(body_bytes).append("\n");
        describe_fields(body.trailers(), out);
        body_bytes.clear();
        // Only a persistent connection carries another response; an interim one always does.
        if (!parser.head().interim() && !parser.head().keep_alive) return out + "CLOSE";
        parser.reset(method);
        in_body = false;
      } else {
        need_more = decoded->consumed == 0;
      }
    }
    if (need_more) {
      if (available < data.size()) {
        available = step == 0 ? data.size() : std::min(data.size(), available + step);
        continue;
      }
      if (!in_body) return out + "EOF IN HEAD";
      const auto finished = body.finish();
      check(body.body_size() == body_bytes.size());
      out.append("EOF ").append(body_bytes).append(finished ? " complete" : " incomplete");
      return out;
    }
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  const size_t split =
      size == 0 ? 0 : (static_cast<size_t>(bytes[0]) * 131 + bytes[size - 1]) % (size + 1);

  const std::string whole = run_connection(data, Method::kGet, size, 0);
  check(run_connection(data, Method::kGet, split, 0) == whole);
  check(run_connection(data, Method::kGet, 0, 1) == whole);

  const std::string head = run_connection(data, Method::kHead, size, 0);
  check(run_connection(data, Method::kHead, split, 0) == head);
  return 0;
}
