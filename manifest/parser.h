// Parsing of HLS playlists into the model of playlist.h. The parser is strict about syntax
// (what it cannot represent is an error with a line number) and lenient about semantics,
// which validator.h checks. Linear time, no recursion, bounded by ParseLimits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "manifest/playlist.h"

namespace manifest {

// Bounds on hostile input; a playlist beyond any of them is refused, not truncated.
struct ParseLimits {
  size_t max_bytes = size_t{16} * 1024 * 1024;
  size_t max_line_bytes = size_t{64} * 1024;
  size_t max_lines = 1'000'000;
  size_t max_attributes = 256;  // per attribute list
};

enum class ParseErrorCode : uint8_t {
  kTooLarge,          // more bytes or lines than ParseLimits allows
  kLineTooLong,       // a line over max_line_bytes
  kNotUtf8,           // bytes that are not UTF-8, or a NUL or a bare CR
  kMissingHeader,     // the first line is not #EXTM3U
  kMixedPlaylist,     // master and media tags in one playlist
  kBadAttributeList,  // an attribute list that does not parse (see AttributeError)
  kBadTagValue,       // a tag whose value is not of its type (EXTINF:abc, BYTERANGE:x)
  kMissingUri,        // EXT-X-STREAM-INF or EXTINF not followed by a URI line
  kUnexpectedUri,     // a URI line with no tag that announces it
  kDuplicateTag,      // a tag that may appear once, appearing twice
};

struct ParseError {
  ParseErrorCode code;
  uint32_t line = 0;  // 1-based; 0 when the error is about the whole input
  std::string message;
};

std::expected<Playlist, ParseError> parse(std::string_view text, const ParseLimits& limits = {});
// As parse(), refusing the other kind of playlist with kMixedPlaylist.
std::expected<MediaPlaylist, ParseError> parse_media(std::string_view text,
                                                     const ParseLimits& limits = {});
std::expected<MasterPlaylist, ParseError> parse_master(std::string_view text,
                                                       const ParseLimits& limits = {});

std::string_view to_string(ParseErrorCode code);

}  // namespace manifest
