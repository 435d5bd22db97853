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

// RFC 3986 section 5.2: `reference` resolved against `base`. A base without scheme (the
// request path "/v/v42/master.m3u8") works too and gives a path.
std::string resolve_uri(std::string_view base, std::string_view reference);
// The shortest reference that resolves against `base` to `target`: a relative path when both
// share scheme and authority (compared without case), otherwise `target` unchanged. The
// path climbs with "../" rather than starting with '/', so it survives a path prefix.
std::string relative_uri(std::string_view base, std::string_view target);

// Calls `rewrite` on every URI of the playlist (segments, EXT-X-MAP, EXT-X-KEY, EXT-X-PART,
// preload hints, rendition reports, interstitial X-ASSET-URI and X-ASSET-LIST, variants,
// EXT-X-MEDIA, I-frame variants, session data and keys, the steering SERVER-URI), the open
// segment's tags included, and stores what it returns. Attributes keep their position.
using UriRewrite = std::function<std::string(std::string_view uri)>;
void rewrite_uris(MediaPlaylist& playlist, const UriRewrite& rewrite);
void rewrite_uris(MasterPlaylist& playlist, const UriRewrite& rewrite);

// Every URI made absolute against `playlist_url`.
void make_absolute(MediaPlaylist& playlist, std::string_view playlist_url);
void make_absolute(MasterPlaylist& playlist, std::string_view playlist_url);
// Every absolute URI that shares scheme and authority with `playlist_url` made relative to it;
// references without a scheme stay as written.
void make_relative(MediaPlaylist& playlist, std::string_view playlist_url);
void make_relative(MasterPlaylist& playlist, std::string_view playlist_url);
// Every absolute or network-path ("//host/x") URI whose authority is `from_host` ("host" or
// "host:port", compared without case) moved to `to_origin` ("https://edge:8443"), keeping its
// path, query and fragment.
void rehost(MediaPlaylist& playlist, std::string_view from_host, std::string_view to_origin);
void rehost(MasterPlaylist& playlist, std::string_view from_host, std::string_view to_origin);

// Variants kept by filter_variants: every bound that is set must hold. `codecs`, when not
// empty, lists codec prefixes ("avc1", "mp4a") of which every codec of a variant must match one;
// a prefix matches whole dot-separated parts ("mp4a.40" matches "mp4a.40.2", "avc" not
// "avc1"). A variant without the attribute a bound reads (an audio-only variant without
// RESOLUTION) satisfies that bound.
struct VariantFilter {
  std::optional<uint32_t> max_height;
  std::optional<uint32_t> max_width;
  std::optional<uint64_t> max_bandwidth;
  std::optional<uint64_t> min_bandwidth;
  std::vector<std::string> codecs;
};
// Removes variants and I-frame variants that fail `filter` (min_bandwidth does not apply to
// I-frame variants), then EXT-X-MEDIA groups that lose their last user; groups that nothing
// referred to before stay. Returns how many EXT-X-STREAM-INF variants were removed. Never
// removes the last variant: if none passes, the lowest-bandwidth one (the first of equals)
// stays.
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
// force, once, right before the first segment that needs it, then the segments, skipping
// EXT-X-GAP ones (which are not counted). A BYTERANGE without offset follows the previous
// range of the same URI, or starts at 0. Segments with an empty or overflowing range are
// skipped like gaps; a malformed EXT-X-MAP BYTERANGE means the whole init resource.
std::vector<WarmObject> first_segments(const MediaPlaylist& playlist, size_t count);

// A pathway of content steering: its id ([A-Za-z0-9._-], unique) and the base URL its copies
// of the variants use, resolved like a playlist URL ("https://fra.example/v/v42/master.m3u8"
// or "https://fra.example/v/v42/").
struct Pathway {
  std::string id;
  std::string base_url;
};
// Adds EXT-X-CONTENT-STEERING (SERVER-URI, PATHWAY-ID of the first pathway), replacing any
// earlier one, and gives each variant and I-frame variant a copy per pathway, grouped by
// pathway in the given order, tagged PATHWAY-ID and STABLE-VARIANT-ID, with its URI resolved
// against that pathway's base. EXT-X-MEDIA groups are cloned per pathway likewise, as group
// "<GROUP-ID>@<pathway id>" with STABLE-RENDITION-ID, and each copy refers to its pathway's
// groups. Stable IDs the author gave are kept; others are "v<n>", "i<n>" and "r<n>" from the
// original's position, the same on every pathway. The input should not carry pathways yet.
// With no pathways only the tag (without PATHWAY-ID) is added.
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
// QUERYPARAM values (percent-decoded). Substitution is one pass, never recursive; every
// string it produces is bounded by `max_length`. On error the playlist is left unchanged;
// the EXT-X-DEFINE tags always stay.
std::expected<void, VariableError> substitute_variables(
    MediaPlaylist& playlist, const std::map<std::string, std::string, std::less<>>& imports,
    std::string_view playlist_url, size_t max_length = size_t{64} * 1024);
std::expected<void, VariableError> substitute_variables(MasterPlaylist& playlist,
                                                        std::string_view playlist_url,
                                                        size_t max_length = size_t{64} * 1024);
// The variables a multivariant playlist defines: what its media playlists may IMPORT.
std::expected<std::map<std::string, std::string, std::less<>>, VariableError> master_variables(
    const MasterPlaylist& playlist, std::string_view playlist_url);

std::string_view to_string(VariableError error);

}  // namespace manifest
