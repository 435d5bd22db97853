// The parse entry points: reads lines, checks what every tag shares (known or not, once only,
// value present, kind of playlist), and hands each line to the builder of the playlist's kind.
#include <optional>

#include "manifest/parse_common.h"
#include "manifest/parser.h"

namespace manifest {
namespace {

enum class Kind : uint8_t { kUnknown, kMedia, kMaster };

bool is_media_scope(TagScope scope) {
  return scope == TagScope::kMediaHeader || scope == TagScope::kSegment ||
         scope == TagScope::kMediaMetadata;
}

std::unexpected<ParseError> mixed(const Line& line) {
  std::string message(line.name);
  message += ": master and media playlist tags in one playlist";
  return parse_failure(ParseErrorCode::kMixedPlaylist, line.number, std::move(message));
}

// Checks a known tag against the kind decided so far (switching the kind when this tag is the
// first to decide it), its once-only flag and the presence of its value.
Status check_tag(const Line& line, const TagInfo& tag, Kind want, Kind& kind, uint64_t& seen) {
  if (tag.scope == TagScope::kMaster) {
    if (kind == Kind::kMedia || want == Kind::kMedia) return mixed(line);
    kind = Kind::kMaster;
  } else if (is_media_scope(tag.scope)) {
    if (kind == Kind::kMaster || want == Kind::kMaster) return mixed(line);
    kind = Kind::kMedia;
  }
  if (tag.once) {
    const uint64_t bit = uint64_t{1} << static_cast<unsigned>(tag.id);
    if ((seen & bit) != 0) {
      return parse_failure(ParseErrorCode::kDuplicateTag, line.number,
                           std::string(line.name) + " may appear only once");
    }
    seen |= bit;
  }
  if (tag.value == TagValue::kNone && line.has_value) return bad_value(line, "takes no value");
  if (tag.value != TagValue::kNone && !line.has_value) return bad_value(line, "needs a value");
  return Status();
}

std::expected<Playlist, ParseError> parse_playlist(std::string_view text, const ParseLimits& limits,
                                                   Kind want) {
  LineReader reader(text, limits);
  Line line;
  if (!reader.read(line)) {
    if (const auto& error = reader.error()) return std::unexpected(*error);
    return parse_failure(ParseErrorCode::kMissingHeader, 0, "empty playlist");
  }
  if (line.number != 1 || line.kind != Line::Kind::kTag || line.name != "EXTM3U") {
    return parse_failure(ParseErrorCode::kMissingHeader, 1, "the first line is not #EXTM3U");
  }
  if (line.has_value) return bad_value(line, "takes no value");

  uint64_t seen = uint64_t{1} << static_cast<unsigned>(TagId::kExtm3u);
  Kind kind = Kind::kUnknown;
  MediaBuilder media(limits, text.size());
  std::optional<MasterBuilder> master;
  const TagInfo* const extinf = &tag_info(TagId::kExtinf);
  while (reader.read(line)) {
    // The EXTINF and URI lines of a playlist already known to be a media playlist, nearly all
    // its lines, skip the dispatch below: what check_tag() would find is settled but for
    // EXTINF's value, and there is no master builder.
    if (kind == Kind::kMedia && (line.kind == Line::Kind::kUri || line.tag == extinf)) {
      Status status = line.kind == Line::Kind::kUri ? media.on_uri(line)
                      : line.has_value              ? media.on_extinf(line)
                                                    : bad_value(line, "needs a value");
      if (!status) return std::unexpected(std::move(status.error()));
      continue;
    }
    Status status;
    switch (line.kind) {
      case Line::Kind::kBlank:
        if (!master) media.on_blank();
        break;
      case Line::Kind::kComment:
        master ? master->on_unknown(line) : media.on_unknown(line);
        break;
      case Line::Kind::kUri:
        status = master ? master->on_uri(line) : media.on_uri(line);
        break;
      case Line::Kind::kTag: {
        const TagInfo* tag = line.tag;
        if (tag == nullptr) {
          master ? master->on_unknown(line) : media.on_unknown(line);
          break;
        }
        status = check_tag(line, *tag, want, kind, seen);
        if (!status) break;
        if (kind == Kind::kMaster && !master) {
          auto [common, held_back] = media.take_header();
          master.emplace(std::move(common), std::move(held_back), tag->id, limits);
        }
        status = master ? master->on_tag(line, *tag) : media.on_tag(line, *tag);
        break;
      }
    }
    if (!status) return std::unexpected(std::move(status.error()));
  }
  if (const auto& error = reader.error()) return std::unexpected(*error);
  if (!master && want == Kind::kMaster) {
    auto [common, held_back] = media.take_header();
    master.emplace(std::move(common), std::move(held_back), TagId::kExtm3u, limits);
  }
  if (master) {
    auto playlist = master->finish();
    if (!playlist) return std::unexpected(std::move(playlist.error()));
    return Playlist(std::move(*playlist));
  }
  auto playlist = media.finish();
  if (!playlist) return std::unexpected(std::move(playlist.error()));
  return Playlist(std::move(*playlist));
}

}  // namespace

std::expected<Playlist, ParseError> parse(std::string_view text, const ParseLimits& limits) {
  return parse_playlist(text, limits, Kind::kUnknown);
}

std::expected<MediaPlaylist, ParseError> parse_media(std::string_view text,
                                                     const ParseLimits& limits) {
  auto playlist = parse_playlist(text, limits, Kind::kMedia);
  if (!playlist) return std::unexpected(std::move(playlist.error()));
  return std::get<MediaPlaylist>(std::move(*playlist));
}

std::expected<MasterPlaylist, ParseError> parse_master(std::string_view text,
                                                       const ParseLimits& limits) {
  auto playlist = parse_playlist(text, limits, Kind::kMaster);
  if (!playlist) return std::unexpected(std::move(playlist.error()));
  return std::get<MasterPlaylist>(std::move(*playlist));
}

std::string_view to_string(ParseErrorCode code) {
  switch (code) {
    case ParseErrorCode::kTooLarge:
      return "too large";
    case ParseErrorCode::kLineTooLong:
      return "line too long";
    case ParseErrorCode::kNotUtf8:
      return "not UTF-8";
    case ParseErrorCode::kMissingHeader:
      return "missing #EXTM3U";
    case ParseErrorCode::kMixedPlaylist:
      return "mixed master and media playlist";
    case ParseErrorCode::kBadAttributeList:
      return "bad attribute list";
    case ParseErrorCode::kBadTagValue:
      return "bad tag value";
    case ParseErrorCode::kMissingUri:
      return "missing URI";
    case ParseErrorCode::kUnexpectedUri:
      return "unexpected URI";
    case ParseErrorCode::kDuplicateTag:
      return "duplicate tag";
  }
  return "unknown parse error";
}

}  // namespace manifest
