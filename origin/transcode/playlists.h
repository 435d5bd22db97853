// The HLS playlists of a transcoded clip, built as manifest/ models from what the renditions
// measured, written with manifest's writer and refused unless manifest's validator passes.
#pragma once

#include <expected>
#include <filesystem>
#include <span>
#include <string>

#include "manifest/playlist.h"
#include "origin/transcode/rendition_worker.h"

namespace origin::transcode {

// {name}/index.m3u8 relative segment URIs, init.mp4 as EXT-X-MAP, VOD, ENDLIST.
manifest::MediaPlaylist media_playlist(const RenditionOutput& output);
// One variant per rendition, in the given order, with BANDWIDTH (peak over 0.5 to 1.5 target
// durations of contiguous segments, RFC 8216bis 4.4.6.2) and AVERAGE-BANDWIDTH measured from
// the segment sizes, CODECS, RESOLUTION and FRAME-RATE.
manifest::MasterPlaylist master_playlist(std::span<const RenditionOutput> outputs);

// Validates and writes every media playlist, then master.m3u8.
std::expected<void, TranscodeError> write_playlists(const std::filesystem::path& output_dir,
                                                    std::span<const RenditionOutput> outputs);

// Peak bit/s of `segments` in the sense of BANDWIDTH, for a target duration in seconds.
uint64_t peak_bitrate(std::span<const SegmentRecord> segments, double target_duration);

}  // namespace origin::transcode
