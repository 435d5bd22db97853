// libFuzzer target for the server side of core::http1: pipelined requests with their bodies,
// fed whole, split at a point derived from the input, and one byte at a time. All three
// feedings must tell the same story, and no reported count or view may leave the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/http1/body_decoder.h"
#include "core/http1/chunked_decoder.h"
#include "core/http1/field_rules.h"
#include "core/http1/request_parser.h"

namespace {

using core::http1::BodyDecoder;
using core::http1::BodyFraming;
using core::http1::ChunkedDecoder;
using core::http1::HeaderFields;
using core::http1::Limits;
using core::http1::RequestHead;
using core::http1::RequestParser;

// Small bounds, so that the fuzzer reaches every limit with short inputs.
Limits fuzz_limits() {
  Limits limits;
  limits.max_start_line = 96;
  limits.max_head_bytes = 768;
  limits.max_fields = 12;
  limits.max_leading_empty_lines = 2;
  limits.max_body = 2048;
  limits.max_chunk_line = 40;
  limits.max_trailer_bytes = 160;
  return limits;
}

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// `part` lies inside `whole`.
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

void describe_head(const RequestHead& head, size_t consumed, std::string& out) {
  out.append("HEAD ").append(std::to_string(consumed)).append(" ");
  out.append(head.method_name).append(" ").append(head.target).append(" ");
  out.append(std::to_string(static_cast<int>(head.method)))
      .append(std::to_string(static_cast<int>(head.target_form)))
      .append(std::to_string(head.version_minor))
      .append(std::to_string(static_cast<int>(head.framing)))
      .append(head.keep_alive ? "k" : "c")
      .append(head.expect_continue ? "e" : "-")
      .append(head.upgrade_h2c ? "u" : "-")
      .append(" ")
      .append(std::to_string(head.content_length))
      .append(" ")
      .append(head.host.value_or("<none>"))
      .append(" ")
      .append(head.http2_settings)
      .append("\n");
  describe_fields(head.fields, out);
}

// What a completed head promises, checked against its own fields.
void check_head(const RequestHead& head, std::string_view section) {
  check_fields(head.fields, section);
  check_inside(head.method_name, section);
  check_inside(head.target, section);
  check(core::http1::is_token(head.method_name) && !head.target.empty());
  check(head.version_minor == 0 || head.version_minor == 1);
  check(head.fields.count("host") <= 1);
  if (head.version_minor == 1) check(head.host.has_value());
  check(head.framing != BodyFraming::kUntilClose);
  if (head.framing == BodyFraming::kChunked) {
    check(head.fields.count("content-length") == 0 && head.version_minor == 1);
  }
  if (head.framing != BodyFraming::kContentLength) check(head.content_length == 0);
  if (head.content_length > fuzz_limits().max_body) __builtin_trap();
}

// Runs a connection whose buffer grows to `data` through prefixes: first `first` bytes,
// then `step` more at a time (0: all at once). Returns the transcript of heads, bodies and
// the final verdict.
std::string run_connection(std::string_view data, size_t first, size_t step) {
  RequestParser parser(fuzz_limits());
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
        check_head(parser.head(), view.substr(0, progress->consumed));
        describe_head(parser.head(), progress->consumed, out);
        offset += progress->consumed;
        body.reset(parser.head().framing, parser.head().content_length);
        in_body = true;
      } else {
        check(progress->consumed == 0);
        need_more = true;
      }
    } else {
      const auto step_result = body.decode(view);
      if (!step_result) return out + "BODY ERROR " + std::string(reason_name(step_result.error()));
      check(step_result->consumed <= view.size());
      check_inside(step_result->data, view.substr(0, step_result->consumed));
      body_bytes.append(step_result->data);
      offset += step_result->consumed;
      if (step_result->done) {
        check_fields(body.trailers(), view.substr(0, step_result->consumed));
        check(body.body_size() == body_bytes.size());
        out.append("BODY ").append(body_bytes).append("\n");
        describe_fields(body.trailers(), out);
        body_bytes.clear();
        parser.reset();
        in_body = false;
      } else {
        need_more = step_result->consumed == 0;
      }
    }
    if (need_more) {
      if (available == data.size()) {
        out.append(in_body ? "PARTIAL BODY " : "PARTIAL HEAD").append(body_bytes);
        return out;
      }
      available = step == 0 ? data.size() : std::min(data.size(), available + step);
    }
  }
}

// The input as a chunked body alone, through a prefix of `first` bytes, then the rest.
std::string run_chunked(std::string_view data, size_t first) {
  ChunkedDecoder decoder(fuzz_limits());
  std::string out;
  size_t offset = 0;
  size_t available = first;
  for (;;) {
    const std::string_view view = data.substr(offset, available - offset);
    const auto step = decoder.decode(view);
    if (!step) return out + "\nERROR " + std::string(reason_name(step.error()));
    check(step->consumed <= view.size());
    check_inside(step->data, view.substr(0, step->consumed));
    out.append(step->data);
    offset += step->consumed;
    if (step->done) {
      check_fields(decoder.trailers(), view.substr(0, step->consumed));
      check(decoder.body_size() <= fuzz_limits().max_body);
      out.append("\nDONE ").append(std::to_string(offset)).append("\n");
      describe_fields(decoder.trailers(), out);
      return out;
    }
    if (step->consumed == 0) {
      if (available == data.size()) return out + "\nPARTIAL";
      available = data.size();
    }
  }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  const size_t split =
      size == 0 ? 0 : (static_cast<size_t>(bytes[0]) * 131 + bytes[size - 1]) % (size + 1);

  const std::string whole = run_connection(data, size, 0);
  check(run_connection(data, split, 0) == whole);
  check(run_connection(data, 0, 1) == whole);

  const std::string chunked = run_chunked(data, size);
  check(run_chunked(data, split) == chunked);
  return 0;
}
