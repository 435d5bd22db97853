// A list of header fields as the protocol-neutral request and response carry them. Names are
// stored in lowercase (HTTP/2 requires it; HTTP/1.1 names are case-insensitive), values as
// received, order kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core::http {

struct Header {
  std::string name;  // lowercase
  std::string value;
  bool operator==(const Header&) const = default;
};

class Headers {
 public:
  // Appends a field; `name` is lowercased.
  void add(std::string_view name, std::string_view value);
  // Replaces every field named `name` by one with `value`, where the first of them was.
  void set(std::string_view name, std::string_view value);
  // Removes every field named `name`; returns how many were removed.
  size_t remove(std::string_view name);
  // Removes every field for which `pred(const Header&)` holds, in one pass.
  template <typename Pred>
  size_t remove_if(Pred pred) {
    return std::erase_if(items_, pred);
  }
  // The first value of `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> get(std::string_view name) const;
  // All values of `name` joined with ", " (RFC 9110 5.3), or nullopt when absent.
  std::optional<std::string> get_combined(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  // Room for `n` fields, so that adding up to that many moves none (libstdc++ and libc++ keep
  // it through a copy-assignment that fits).
  void reserve(size_t n) { items_.reserve(n); }
  const std::vector<Header>& items() const { return items_; }
  size_t size() const { return items_.size(); }
  bool operator==(const Headers&) const = default;

 private:
  std::vector<Header> items_;
};

// ASCII case-insensitive equality, for header names and tokens.
bool equals_ignore_case(std::string_view a, std::string_view b);

// `text` without the optional whitespace (spaces and tabs, RFC 9110 5.6.3) around it.
std::string_view trim_ows(std::string_view text);

}  // namespace core::http
