// RFC 7239 section 4: Forwarded = 1#forwarded-element, an element being pairs token=value
// separated by ';', a value a token or a quoted-string. The parser is a single forward pass
// over the value; any departure from the grammar rejects the whole field, since a proxy that
// wrote part of it wrongly cannot be trusted with the rest.
#include "edge/geo/forwarded_chain.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "core/http/headers.h"

namespace edge::geo {
namespace {

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

// tchar of RFC 9110 5.6.2.
bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

// One pass over a Forwarded field value.
class ForwardedParser {
 public:
  explicit ForwardedParser(std::string_view text) : text_(text) {}

  std::optional<std::vector<std::string_view>> parse() {
    std::vector<std::string_view> nodes;
    while (true) {
      skip_ows();
      if (at_end()) return nodes;
      if (peek() == ',') {  // an empty list element
        ++pos_;
        continue;
      }
      auto node = element();
      if (!node) return std::nullopt;
      if (nodes.size() == kMaxChainNodes) return std::nullopt;
      nodes.push_back(*node);
      skip_ows();
      if (at_end()) return nodes;
      if (peek() != ',') return std::nullopt;
      ++pos_;
    }
  }

 private:
  // One element: its for= value, empty when it has none.
  std::optional<std::string_view> element() {
    std::optional<std::string_view> node;
    while (true) {
      skip_ows();
      const std::string_view name = token();
      if (name.empty() || at_end() || peek() != '=') return std::nullopt;
      ++pos_;
      auto value = at_end() ? std::nullopt : (peek() == '"' ? quoted() : std::optional(token()));
      if (!value) return std::nullopt;
      if (core::http::equals_ignore_case(name, "for")) {
        if (node) return std::nullopt;  // a parameter occurs once an element
        node = *value;
      }
      skip_ows();
      if (at_end() || peek() != ';') return node.value_or(std::string_view());
      ++pos_;
    }
  }

  std::string_view token() {
    const size_t start = pos_;
    while (!at_end() && is_tchar(peek()))
      ++pos_;
    return text_.substr(start, pos_ - start);
  }

  std::optional<std::string_view> quoted() {
    const size_t start = ++pos_;
    while (!at_end() && peek() != '"') {
      if (peek() == '\\') ++pos_;
      ++pos_;
    }
    if (at_end()) return std::nullopt;
    return text_.substr(start, pos_++ - start);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void skip_ows() {
    while (!at_end() && is_ows(peek()))
      ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

bool is_port(std::string_view port) {
  if (port.empty()) return false;
  if (port.front() == '_') {
    return port.size() > 1 && std::ranges::all_of(port.substr(1), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
           });
  }
  return port.size() <= 5 && std::ranges::all_of(port, [](char c) { return c >= '0' && c <= '9'; });
}

bool is_address(std::string_view text, int family) {
  std::array<char, INET6_ADDRSTRLEN> buffer{};
  if (text.empty() || text.size() >= buffer.size()) return false;
  std::memcpy(buffer.data(), text.data(), text.size());
  std::array<unsigned char, sizeof(in6_addr)> bytes{};
  return inet_pton(family, buffer.data(), bytes.data()) == 1;
}

}  // namespace

std::optional<std::vector<std::string_view>> forwarded_for_nodes(std::string_view value) {
  return ForwardedParser(value).parse();
}

std::optional<std::vector<std::string_view>> x_forwarded_for_nodes(std::string_view value) {
  std::vector<std::string_view> nodes;
  while (true) {
    const size_t comma = value.find(',');
    const std::string_view entry = core::http::trim_ows(value.substr(0, comma));
    if (!entry.empty()) {
      if (nodes.size() == kMaxChainNodes) return std::nullopt;
      nodes.push_back(entry);
    }
    if (comma == std::string_view::npos) return nodes;
    value.remove_prefix(comma + 1);
  }
}

std::optional<std::string_view> node_ip(std::string_view node) {
  if (node.starts_with('[')) {
    const size_t close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = node.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && is_port(rest.substr(1)))) return std::nullopt;
    const std::string_view ip = node.substr(1, close - 1);
    if (!is_address(ip, AF_INET6)) return std::nullopt;
    return ip;
  }
  const size_t colon = node.find(':');
  if (colon != std::string_view::npos && node.find(':', colon + 1) == std::string_view::npos) {
    const std::string_view ip = node.substr(0, colon);
    if (!is_port(node.substr(colon + 1)) || !is_address(ip, AF_INET)) return std::nullopt;
    return ip;
  }
  if (is_address(node, AF_INET) || is_address(node, AF_INET6)) return node;
  return std::nullopt;
}

}  // namespace edge::geo
