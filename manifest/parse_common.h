// Internal to the parser: tag value readers and the two playlist builders that the dispatch in
// parse.cc feeds line by line once it knows (or still assumes) the kind of playlist.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/line_reader.h"
#include "manifest/parser.h"
#include "manifest/playlist.h"
#include "manifest/tag_table.h"

namespace manifest {

using Status = std::expected<void, ParseError>;

std::unexpected<ParseError> parse_failure(ParseErrorCode code, uint32_t line, std::string message);
// kBadTagValue naming the tag of `line`.
std::unexpected<ParseError> bad_value(const Line& line, std::string_view why);

std::string_view trim(std::string_view text);
std::optional<uint64_t> read_decimal_integer(std::string_view text);
// EXTINF:<duration>,[<title>]; the title is everything after the first comma, verbatim.
struct Extinf {
  double duration = 0;
  std::string_view title;
};
// Fills `out` and returns true, or returns false when `value` is not of that form.
bool read_extinf(std::string_view value, Extinf& out);
inline std::optional<Extinf> read_extinf(std::string_view value) {
  Extinf extinf;
  if (!read_extinf(value, extinf)) return std::nullopt;
  return extinf;
}
std::optional<ByteRange> read_byte_range(std::string_view value);
std::expected<AttributeList, ParseError> read_attributes(const Line& line,
                                                         const ParseLimits& limits);
std::expected<uint64_t, ParseError> read_integer_tag(const Line& line);

// Unknown lines of the header that stand after a blank line are held back: they belong to
// the first segment (or variant) when one follows before any header tag. The writer uses
// that blank line to keep a first item's extra lines apart from the header's own.
struct HeaderLines {
  std::vector<std::string>* header = nullptr;
  std::vector<std::string> pending;
  bool after_blank = false;

  void on_blank();
  void on_unknown(std::string_view text);
  // A header tag follows: what was held back is the header's after all.
  void on_header_tag();
};

// The lines of a media playlist; also receives the kind-neutral lines while the kind of the
// playlist is not known yet.
class MediaBuilder {
 public:
  MediaBuilder(const ParseLimits& limits, size_t text_size);
  MediaBuilder(const MediaBuilder&) = delete;
  MediaBuilder& operator=(const MediaBuilder&) = delete;

  Status on_tag(const Line& line, const TagInfo& tag);
  // The same for EXTINF, once the caller has checked what on_tag's caller checks of a tag.
  // Inline (below), as on_uri: the two are most lines of a media playlist.
  Status on_extinf(const Line& line);
  void on_unknown(const Line& line);
  void on_blank();
  Status on_uri(const Line& line);
  std::expected<MediaPlaylist, ParseError> finish();
  // The kind-neutral header read so far and the held-back lines, when the playlist turns out
  // to be a master playlist.
  std::pair<MediaPlaylist, std::vector<std::string>> take_header();

 private:
  MediaSegment& current();
  void apply_extinf(MediaSegment& segment) const {
    segment.duration = extinf_.duration;
    // The title is still empty: a second EXTINF before the URI is refused.
    if (!extinf_.title.empty()) segment.title.assign(extinf_.title);
  }
  // The errors of on_extinf and on_uri, out of line.
  std::unexpected<ParseError> refuse_extinf(const Line& line) const;
  std::unexpected<ParseError> refuse_uri(const Line& line) const;
  // Gives the segment of the pending EXTINF its URI (making the segment when it has no other
  // tag) and closes it.
  void close_segment(std::string_view uri);
  Status on_segment_tag(const Line& line, const TagInfo& tag);
  Status on_header_tag(const Line& line, const TagInfo& tag);
  void enter_segments();

  const ParseLimits& limits_;
  size_t text_size_;
  MediaPlaylist playlist_;
  HeaderLines header_;
  bool in_segments_ = false;  // a segment tag, URI or EXT-X-SKIP has been seen
  bool open_ = false;         // segments.back() has lines but no URI yet
  uint32_t extinf_line_ = 0;  // line of the EXTINF waiting for its URI, 0 when none
  // That EXTINF's value (its title a view of the text), applied when its segment is made.
  Extinf extinf_;
};

// EXTINF, half the lines of a media playlist, on its own path. Most segments have no other
// tag, so the segment is made only by its URI line, in one step with its URI.
inline Status MediaBuilder::on_extinf(const Line& line) {
  if (extinf_line_ != 0 || !read_extinf(line.value, extinf_)) return refuse_extinf(line);
  if (!in_segments_) enter_segments();
  if (open_) apply_extinf(playlist_.segments.back());
  extinf_line_ = line.number;
  return Status();
}

inline Status MediaBuilder::on_uri(const Line& line) {
  if (extinf_line_ == 0) return refuse_uri(line);
  close_segment(line.text);
  return Status();
}

class MasterBuilder {
 public:
  // `header` holds the kind-neutral lines read so far; `held_back` the header lines after a
  // blank line, which go to the first variant when `first` (the tag that made the playlist a
  // master playlist) is its EXT-X-STREAM-INF, and to the header otherwise.
  MasterBuilder(MediaPlaylist header, std::vector<std::string> held_back, TagId first,
                const ParseLimits& limits);

  Status on_tag(const Line& line, const TagInfo& tag);
  void on_unknown(const Line& line);
  Status on_uri(const Line& line);
  std::expected<MasterPlaylist, ParseError> finish();

 private:
  const ParseLimits& limits_;
  MasterPlaylist playlist_;
  std::vector<std::string> pending_;  // unknown lines waiting for the next variant
  AttributeList stream_inf_;
  uint32_t stream_inf_line_ = 0;  // line of the STREAM-INF waiting for its URI, 0 when none
};

// The kind-neutral tags (VERSION, INDEPENDENT-SEGMENTS, START, DEFINE) of either playlist.
// nullopt when `tag` is not one of them.
template <typename Playlist>
std::optional<Status> read_common_tag(Playlist& playlist, const Line& line, const TagInfo& tag,
                                      const ParseLimits& limits) {
  switch (tag.id) {
    case TagId::kExtm3u:
      return Status();
    case TagId::kVersion: {
      auto value = read_integer_tag(line);
      if (!value) return std::unexpected(value.error());
      if (*value > UINT32_MAX) return bad_value(line, "version out of range");
      playlist.version = static_cast<uint32_t>(*value);
      return Status();
    }
    case TagId::kIndependentSegments:
      playlist.independent_segments = true;
      return Status();
    case TagId::kStart:
    case TagId::kDefine: {
      auto list = read_attributes(line, limits);
      if (!list) return std::unexpected(list.error());
      if (tag.id == TagId::kStart) {
        playlist.start = std::move(*list);
      } else {
        playlist.defines.push_back(std::move(*list));
      }
      return Status();
    }
    default:
      return std::nullopt;
  }
}

}  // namespace manifest
