// Master (multivariant) playlist builder. Unknown lines after the header wait for the next
// EXT-X-STREAM-INF, whose variant keeps them; those after the last variant trail the playlist.
#include "manifest/parse_common.h"

namespace manifest {

MasterBuilder::MasterBuilder(MediaPlaylist header, std::vector<std::string> held_back, TagId first,
                             const ParseLimits& limits)
    : limits_(limits) {
  playlist_.version = header.version;
  playlist_.independent_segments = header.independent_segments;
  playlist_.start = std::move(header.start);
  playlist_.defines = std::move(header.defines);
  playlist_.header_lines = std::move(header.header_lines);
  if (first == TagId::kStreamInf) {
    pending_ = std::move(held_back);
  } else {
    for (std::string& line : held_back)
      playlist_.header_lines.push_back(std::move(line));
  }
}

Status MasterBuilder::on_tag(const Line& line, const TagInfo& tag) {
  if (auto common = read_common_tag(playlist_, line, tag, limits_)) return *common;
  if (tag.scope != TagScope::kMaster) {
    return parse_failure(ParseErrorCode::kMixedPlaylist, line.number,
                         std::string(line.name) + " in a master playlist");
  }
  if (tag.id == TagId::kStreamInf && stream_inf_line_ != 0) {
    return parse_failure(ParseErrorCode::kMissingUri, stream_inf_line_,
                         "EXT-X-STREAM-INF without URI");
  }
  auto list = read_attributes(line, limits_);
  if (!list) return std::unexpected(list.error());
  switch (tag.id) {
    case TagId::kStreamInf:
      stream_inf_ = std::move(*list);
      stream_inf_line_ = line.number;
      break;
    case TagId::kMedia:
      playlist_.media.push_back(std::move(*list));
      break;
    case TagId::kIFrameStreamInf:
      playlist_.i_frame_variants.push_back(std::move(*list));
      break;
    case TagId::kSessionData:
      playlist_.session_data.push_back(std::move(*list));
      break;
    case TagId::kSessionKey:
      playlist_.session_keys.push_back(std::move(*list));
      break;
    default:  // kContentSteering
      playlist_.content_steering = std::move(*list);
      break;
  }
  return Status();
}

void MasterBuilder::on_unknown(const Line& line) {
  pending_.emplace_back(line.text);
}

Status MasterBuilder::on_uri(const Line& line) {
  if (stream_inf_line_ == 0) {
    return parse_failure(ParseErrorCode::kUnexpectedUri, line.number,
                         "URI line without EXT-X-STREAM-INF");
  }
  Variant& variant = playlist_.variants.emplace_back();
  variant.attributes = std::move(stream_inf_);
  variant.uri.assign(line.text);
  variant.extra_lines = std::move(pending_);
  pending_.clear();
  stream_inf_ = AttributeList();
  stream_inf_line_ = 0;
  return Status();
}

std::expected<MasterPlaylist, ParseError> MasterBuilder::finish() {
  if (stream_inf_line_ != 0) {
    return parse_failure(ParseErrorCode::kMissingUri, stream_inf_line_,
                         "EXT-X-STREAM-INF without URI");
  }
  playlist_.trailing_lines = std::move(pending_);
  return std::move(playlist_);
}

}  // namespace manifest
