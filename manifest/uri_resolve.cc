// URI reference resolution (RFC 3986 section 5.2) and its inverse, the relative reference
// that the edge writes so that one playlist works through any host.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/rewrite.h"
#include "manifest/rewrite_uri.h"

namespace manifest {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Section 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). Appendix B alone would take any
// text before a colon as the scheme; a segment name like "clip 1:a.ts" is a path instead.
bool is_scheme(std::string_view text) {
  if (text.empty() || !is_alpha(text.front())) return false;
  return std::ranges::all_of(
      text, [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; });
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Drops the last segment of `out` and the '/' before it (rule 2C of section 5.2.4).
void pop_segment(std::string& out) {
  const size_t slash = out.rfind('/');
  out.erase(slash == std::string::npos ? 0 : slash);
}

// Section 5.2.3.
std::string merge_paths(const UriParts& base, std::string_view reference_path) {
  // Appending instead of "/" + std::string(...) also keeps GCC 12's -Wrestrict false positive
  // on operator+ quiet in optimised builds.
  std::string merged;
  if (base.authority && base.path.empty()) {
    merged = "/";
  } else if (const size_t slash = base.path.rfind('/'); slash != std::string_view::npos) {
    merged = base.path.substr(0, slash + 1);
  }
  merged += reference_path;
  return merged;
}

// The segments of a path that starts with '/', without that first '/'.
std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool same_origin(const UriParts& a, const UriParts& b) {
  if (!a.scheme || !b.scheme || !equal_ignoring_case(*a.scheme, *b.scheme)) return false;
  if (a.authority.has_value() != b.authority.has_value()) return false;
  return !a.authority || equal_ignoring_case(*a.authority, *b.authority);
}

}  // namespace

UriParts split_uri(std::string_view reference) {
  UriParts parts;
  const size_t colon = reference.find_first_of(":/?#");
  if (colon != std::string_view::npos && reference[colon] == ':' &&
      is_scheme(reference.substr(0, colon))) {
    parts.scheme = reference.substr(0, colon);
    reference.remove_prefix(colon + 1);
  }
  const size_t hash = reference.find('#');
  if (hash != std::string_view::npos) {
    parts.fragment = reference.substr(hash + 1);
    reference = reference.substr(0, hash);
  }
  const size_t question = reference.find('?');
  if (question != std::string_view::npos) {
    parts.query = reference.substr(question + 1);
    reference = reference.substr(0, question);
  }
  if (reference.starts_with("//")) {
    reference.remove_prefix(2);
    const size_t slash = reference.find('/');
    parts.authority = reference.substr(0, slash);
    reference = slash == std::string_view::npos ? std::string_view() : reference.substr(slash);
  }
  parts.path = reference;
  return parts;
}

std::string join_uri(const UriParts& parts) {
  std::string out;
  if (parts.scheme) {
    out += *parts.scheme;
    out += ':';
  }
  if (parts.authority) {
    out += "//";
    out += *parts.authority;
  }
  out += parts.path;
  if (parts.query) {
    out += '?';
    out += *parts.query;
  }
  if (parts.fragment) {
    out += '#';
    out += *parts.fragment;
  }
  return out;
}

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./") || in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../")) {
      in.remove_prefix(3);
      pop_segment(out);
    } else if (in == "/..") {
      in = "/";
      pop_segment(out);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const size_t next = in.find('/', 1);
      const size_t length = next == std::string_view::npos ? in.size() : next;
      out += in.substr(0, length);
      in.remove_prefix(length);
    }
  }
  return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return lower(x) == lower(y); });
}

std::string resolve_uri(std::string_view base, std::string_view reference) {
  const UriParts b = split_uri(base);
  const UriParts r = split_uri(reference);
  UriParts t;
  std::string path;
  if (r.scheme) {
    t.scheme = r.scheme;
    t.authority = r.authority;
    path = remove_dot_segments(r.path);
    t.query = r.query;
  } else {
    if (r.authority) {
      t.authority = r.authority;
      path = remove_dot_segments(r.path);
      t.query = r.query;
    } else {
      if (r.path.empty()) {
        path = b.path;
        t.query = r.query ? r.query : b.query;
      } else {
        const std::string merged =
            r.path.starts_with('/') ? std::string(r.path) : merge_paths(b, r.path);
        path = remove_dot_segments(merged);
        // Section 5.2.4 assumes an absolute base; with a path-only base such as
        // "master.m3u8", "a/../b" must stay the relative "b", not become "/b".
        if (!merged.starts_with('/') && path.starts_with('/')) path.erase(0, 1);
        t.query = r.query;
      }
      t.authority = b.authority;
    }
    t.scheme = b.scheme;
  }
  t.path = path;
  t.fragment = r.fragment;
  return join_uri(t);
}

std::string relative_uri(std::string_view base, std::string_view target) {
  const UriParts b = split_uri(base);
  const UriParts t = split_uri(target);
  if (!same_origin(b, t)) return std::string(target);
  const std::string target_path = remove_dot_segments(t.path);
  // Resolution drops the base's last segment before it removes dot segments, so a base
  // ending in ".." keeps its directory: normalise the directory, not the whole path.
  std::string_view base_directory = b.path.substr(0, b.path.rfind('/') + 1);
  if (base_directory.empty() && b.authority) base_directory = "/";
  const std::string base_path = remove_dot_segments(base_directory);
  // A path that is not absolute ("urn:a:b", or "http://a" with no path at all) has no
  // relative form that resolves back to it.
  if (!target_path.starts_with('/') || !base_path.starts_with('/')) return std::string(target);

  std::vector<std::string_view> base_dirs = split_segments(base_path);
  base_dirs.pop_back();  // the empty segment after the directory's final '/'
  const std::vector<std::string_view> segments = split_segments(target_path);
  size_t common = 0;
  while (common < base_dirs.size() && common + 1 < segments.size() &&
         base_dirs[common] == segments[common]) {
    ++common;
  }
  std::string out;
  for (size_t i = common; i < base_dirs.size(); ++i)
    out += "../";
  std::string rest;
  for (size_t i = common; i < segments.size(); ++i) {
    if (i > common) rest += '/';
    rest += segments[i];
  }
  // Without a leading "../", an empty path would mean the base itself, a leading '/' an
  // absolute path, and a colon in the first segment a scheme: "./" keeps each a path.
  if (out.empty()) {
    const std::string_view first = std::string_view(rest).substr(0, rest.find('/'));
    if (rest.empty() || rest.starts_with('/') || first.find(':') != std::string_view::npos) {
      out = "./";
    }
  }
  out += rest;
  if (t.query) {
    out += '?';
    out += *t.query;
  }
  if (t.fragment) {
    out += '#';
    out += *t.fragment;
  }
  return out;
}

}  // namespace manifest
