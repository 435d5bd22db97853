// Internal to the writer: the few text helpers that both playlist writers use.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/attribute_list.h"

namespace manifest {

inline void append_uint(uint64_t value, std::string& out) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

// "#<name>:<attributes>\n"; `tag` is written with its '#' and ':', e.g. "#EXT-X-KEY:".
inline void append_attribute_tag(std::string_view tag, const AttributeList& list,
                                 std::string& out) {
  out += tag;
  append_attribute_list(list, out);
  out += '\n';
}

inline void append_attribute_tags(std::string_view tag, const std::vector<AttributeList>& lists,
                                  std::string& out) {
  for (const AttributeList& list : lists)
    append_attribute_tag(tag, list, out);
}

inline void append_lines(const std::vector<std::string>& lines, std::string& out) {
  for (const std::string& line : lines) {
    out += line;
    out += '\n';
  }
}

// The tags of the header that both kinds share, #EXTM3U first.
template <typename Playlist>
void append_common_header(const Playlist& playlist, std::string& out) {
  out += "#EXTM3U\n";
  if (playlist.version) {
    out += "#EXT-X-VERSION:";
    append_uint(*playlist.version, out);
    out += '\n';
  }
  if (playlist.independent_segments) out += "#EXT-X-INDEPENDENT-SEGMENTS\n";
  if (playlist.start) append_attribute_tag("#EXT-X-START:", *playlist.start, out);
  append_attribute_tags("#EXT-X-DEFINE:", playlist.defines, out);
}

}  // namespace manifest
