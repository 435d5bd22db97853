// Rewrites that the edge and the origin apply to playlists: URI resolution and rebasing,
// variant filtering, the first segments that pre-warming fetches, content steering, and
// variable substitution. All work on the model; none does I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/playlist.h"

namespace manifest {

// RFC 3986 section 5.2: `reference` resolved against `base`.
std::string resolve_uri(std::string_view base, std::string_view reference);
// The shortest reference that resolves against `base` to `target`: a relative path when both
// share scheme and authority, otherwise `target` unchanged.
std::string relative_uri(std::string_view base, std::string_view target);

// Calls `rewrite` on every URI of the playlist (segments, EXT-X-MAP, EXT-X-KEY, EXT-X-PART,
// preload hints, rendition reports, variants, EXT-X-MEDIA, I-frame variants, session data
// and keys, the steering SERVER-URI) and stores what it returns.
using UriRewrite = std::function<std::string(std::string_view uri)>;
void rewrite_uris(MediaPlaylist& playlist, const UriRewrite& rewrite);
void rewrite_uris(MasterPlaylist& playlist, const UriRewrite& rewrite);

// Every URI made absolute against `playlist_url`.
void make_absolute(MediaPlaylist& playlist, std::string_view playlist_url);
void make_absolute(MasterPlaylist& playlist, std::string_view playlist_url);
// Every absolute URI that shares scheme and authority with `playlist_url` made relative to it.
void make_relative(MediaPlaylist& playlist, std::string_view playlist_url);
void make_relative(MasterPlaylist& playlist, std::string_view playlist_url);
// Every absolute URI with authority `from_host` moved to `to_origin` ("https://edge:8443").
void rehost(MediaPlaylist& playlist, std::string_view from_host, std::string_view to_origin);
void rehost(MasterPlaylist& playlist, std::string_view from_host, std::string_view to_origin);

// Variants kept by filter_variants: every bound that is set must hold. `codecs`, when not
// empty, lists codec prefixes ("avc1", "mp4a") of which every codec of a variant must match one.
struct VariantFilter {
  std::optional<uint32_t> max_height;
  std::optional<uint32_t> max_width;
  std::optional<uint64_t> max_bandwidth;
  std::optional<uint64_t> min_bandwidth;
  std::vector<std::string> codecs;
};
// Removes variants and I-frame variants that fail `filter`, then EXT-X-MEDIA groups that no
// remaining variant refers to. Returns how many variants were removed. Never removes the last
// variant: if none passes, the lowest-bandwidth one stays.
size_t filter_variants(MasterPlaylist& playlist, const VariantFilter& filter);

// One object to fetch: an init section or a media segment, with its byte range resolved to
// an absolute offset.
struct WarmObject {
  enum class Kind : uint8_t { kInit, kSegment };
  Kind kind = Kind::kSegment;
  std::string uri;
  std::optional<ByteRange> byte_range;  // offset always set when present
  double duration = 0;                  // seconds; 0 for init sections
  uint64_t media_sequence = 0;          // for segments
  bool operator==(const WarmObject&) const = default;
};
// What pre-warming fetches for the first `count` segments: each init section (EXT-X-MAP) in
// force, before the first segment that needs it, then the segments, skipping EXT-X-GAP ones.
std::vector<WarmObject> first_segments(const MediaPlaylist& playlist, size_t count);

// A pathway of content steering: its id and the base URL its copies of the variants use.
struct Pathway {
  std::string id;
  std::string base_url;
};
// Adds EXT-X-CONTENT-STEERING (SERVER-URI, PATHWAY-ID of the first pathway) and gives each
// variant a copy per pathway, tagged PATHWAY-ID and STABLE-VARIANT-ID, with its URIs resolved
// against that pathway's base. EXT-X-MEDIA groups are cloned per pathway likewise.
void add_content_steering(MasterPlaylist& playlist, std::string_view server_uri,
                          const std::vector<Pathway>& pathways);

enum class VariableError : uint8_t {
  kUndefined,          // {$name} with no definition
  kTooLong,            // the substituted text would exceed the limit
  kBadDefine,          // EXT-X-DEFINE without exactly one of NAME, IMPORT, QUERYPARAM
  kMissingImport,      // IMPORT of a name the master playlist does not define
  kMissingQueryParam,  // QUERYPARAM of a name that the playlist URL's query lacks
  kBadValue,           // a value with a control character or '"', which no URI line or
                       // quoted-string may hold
};
// Applies EXT-X-DEFINE (section 4.4.2.3): replaces {$name} in URIs and quoted-string
// attribute values. `imports` are the master playlist's variables, `playlist_url` supplies
// QUERYPARAM values. Substitution is one pass, never recursive; every string it produces
// is bounded by `max_length`.
std::expected<void, VariableError> substitute_variables(
    MediaPlaylist& playlist, const std::map<std::string, std::string, std::less<>>& imports,
    std::string_view playlist_url, size_t max_length = 64 * 1024);
std::expected<void, VariableError> substitute_variables(MasterPlaylist& playlist,
                                                        std::string_view playlist_url,
                                                        size_t max_length = 64 * 1024);

}  // namespace manifest
