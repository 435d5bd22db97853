// Forwarding rules. Connection-named fields go first, before anything is added, so a viewer
// cannot name X-Forwarded-For or Via in Connection to remove what this hop writes.
#include "edge/proxy/forwarding.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <vector>

#include "core/http/headers.h"
#include "edge/proxy/range_rewrite.h"

namespace edge::proxy {
namespace {

constexpr std::array<std::string_view, 5> kHopByHop = {"keep-alive", "te", "trailer",
                                                       "transfer-encoding", "upgrade"};

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// X-Forwarded-For, X-Forwarded-Proto and Via: room for them without moving the viewer's fields.
constexpr size_t kFieldsAdded = 3;

// Fields only the edge may set on the way to the origin, whatever the viewer sent.
constexpr std::array<std::string_view, 4> kEdgeOwned = {"host", "content-length", "expect",
                                                        "http2-settings"};

}  // namespace

// Every response and every forwarded request passes here: one pass over the fields (names are
// stored lowercase), not one per name removed.
void remove_hop_by_hop(core::http::Headers& headers) {
  std::vector<std::string> listed;  // the options of Connection, lowercased
  for (const core::http::Header& field : headers.items()) {
    if (field.name != "connection") continue;
    std::string_view list = field.value;
    while (true) {
      const size_t comma = list.find(',');
      const std::string_view option = core::http::trim_ows(list.substr(0, comma));
      if (!option.empty()) listed.push_back(lowercase(option));
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  headers.remove_if([&listed](const core::http::Header& field) {
    const std::string& name = field.name;
    return name == "connection" || name.starts_with("proxy-") ||
           std::find(kHopByHop.begin(), kHopByHop.end(), name) != kHopByHop.end() ||
           std::find(listed.begin(), listed.end(), name) != listed.end();
  });
}

std::string_view via_protocol(core::http::Protocol protocol) {
  switch (protocol) {
    case core::http::Protocol::kHttp10:
      return "1.0";
    case core::http::Protocol::kHttp11:
      return "1.1";
    case core::http::Protocol::kHttp2:
      return "2";
  }
  return "1.1";
}

std::string via_hop(std::string_view protocol, std::string_view pop) {
  return std::string(protocol) + " " + std::string(pop);
}

void append_via(core::http::Headers& headers, std::string_view protocol, std::string_view pop) {
  std::string hop = via_hop(protocol, pop);
  if (auto existing = headers.get_combined("via")) {
    headers.set("via", *existing + ", " + hop);
  } else {
    headers.add("via", hop);
  }
}

core::http::Request make_upstream_request(const core::http::Request& viewer,
                                          const ForwardingPolicy& policy) {
  core::http::Request out;
  out.method = viewer.method;
  out.target = viewer.target;
  out.authority = viewer.authority;
  out.scheme = viewer.scheme;
  out.protocol = viewer.protocol;
  out.tls = viewer.tls;
  out.peer = viewer.peer;
  out.received = viewer.received;
  out.headers.reserve(viewer.headers.size() + kFieldsAdded);
  out.headers = viewer.headers;
  remove_hop_by_hop(out.headers);
  for (std::string_view name : kEdgeOwned)
    out.headers.remove(name);
  rewrite_range(out.headers);

  const std::string_view ip = peer_ip(viewer.peer);
  const bool trusted = policy.trusted.contains(ip);
  const auto forwarded_for = out.headers.get_combined("x-forwarded-for");
  if (trusted && forwarded_for) {
    out.headers.set("x-forwarded-for", *forwarded_for + ", " + std::string(ip));
  } else {
    out.headers.set("x-forwarded-for", ip);
  }
  if (!trusted || !out.headers.contains("x-forwarded-proto")) {
    out.headers.set("x-forwarded-proto", viewer.tls ? "https" : "http");
  }
  append_via(out.headers, via_protocol(viewer.protocol), policy.pop);
  return out;
}

core::http::ResponseHead make_downstream_head(core::http::ResponseHead origin,
                                              std::string_view request_method,
                                              std::string_view pop) {
  remove_hop_by_hop(origin.headers);
  if (request_method == "HEAD" && !origin.content_length) {
    if (auto length = origin.headers.get("content-length")) {
      uint64_t value = 0;
      const auto [end, ec] =
          std::from_chars(length->data(), length->data() + length->size(), value);
      if (ec == std::errc() && end == length->data() + length->size()) {
        origin.content_length = value;
      }
    }
  }
  origin.headers.remove("content-length");
  append_via(origin.headers, kResponseViaProtocol, pop);
  return origin;
}

}  // namespace edge::proxy
