// Visits every URI of a playlist, and the rebasing rewrites built on that visit: absolute,
// relative and rehosted URIs for the edge and the origin.
#include <optional>
#include <string>
#include <string_view>

#include "manifest/rewrite.h"
#include "manifest/rewrite_uri.h"

namespace manifest {
namespace {

// Rewrites the quoted-string attribute `name` when present. AttributeList::set replaces in
// place, so the attribute keeps its position.
void rewrite_attribute(AttributeList& list, std::string_view name, const UriRewrite& rewrite) {
  const std::optional<std::string_view> uri = list.get_string(name);
  if (!uri) return;
  list.set(name, AttributeValue::string_value(rewrite(*uri)));
}

void rewrite_segment_tags(MediaSegment& segment, const UriRewrite& rewrite) {
  if (segment.map) rewrite_attribute(*segment.map, "URI", rewrite);
  if (!segment.details) return;
  SegmentDetails& details = *segment.details;
  for (AttributeList& key : details.keys)
    rewrite_attribute(key, "URI", rewrite);
  for (AttributeList& part : details.parts)
    rewrite_attribute(part, "URI", rewrite);
  // HLS interstitials (CLASS="com.apple.hls.interstitial") name their assets by URI.
  for (AttributeList& range : details.date_ranges) {
    rewrite_attribute(range, "X-ASSET-URI", rewrite);
    rewrite_attribute(range, "X-ASSET-LIST", rewrite);
  }
}

bool has_scheme(std::string_view uri) {
  return split_uri(uri).scheme.has_value();
}

}  // namespace

void rewrite_uris(MediaPlaylist& playlist, const UriRewrite& rewrite) {
  for (MediaSegment& segment : playlist.segments) {
    rewrite_segment_tags(segment, rewrite);
    segment.uri = rewrite(segment.uri);
  }
  // The open segment has no URI line yet; only its tags carry URIs.
  if (playlist.open_segment) rewrite_segment_tags(*playlist.open_segment, rewrite);
  for (AttributeList& hint : playlist.preload_hints)
    rewrite_attribute(hint, "URI", rewrite);
  for (AttributeList& report : playlist.rendition_reports) {
    rewrite_attribute(report, "URI", rewrite);
  }
}

void rewrite_uris(MasterPlaylist& playlist, const UriRewrite& rewrite) {
  for (AttributeList& data : playlist.session_data)
    rewrite_attribute(data, "URI", rewrite);
  for (AttributeList& key : playlist.session_keys)
    rewrite_attribute(key, "URI", rewrite);
  if (playlist.content_steering) {
    rewrite_attribute(*playlist.content_steering, "SERVER-URI", rewrite);
  }
  for (AttributeList& media : playlist.media)
    rewrite_attribute(media, "URI", rewrite);
  for (Variant& variant : playlist.variants)
    variant.uri = rewrite(variant.uri);
  for (AttributeList& variant : playlist.i_frame_variants) {
    rewrite_attribute(variant, "URI", rewrite);
  }
}

namespace {

UriRewrite absolute_rewrite(std::string_view playlist_url) {
  return
      [base = std::string(playlist_url)](std::string_view uri) { return resolve_uri(base, uri); };
}

// References without a scheme are already relative and stay as written.
UriRewrite relative_rewrite(std::string_view playlist_url) {
  return [base = std::string(playlist_url)](std::string_view uri) {
    return has_scheme(uri) ? relative_uri(base, uri) : std::string(uri);
  };
}

// Network-path references ("//host/path") name a host too and move with the absolute ones.
UriRewrite host_rewrite(std::string_view from_host, std::string_view to_origin) {
  while (to_origin.ends_with('/'))
    to_origin.remove_suffix(1);
  return [from = std::string(from_host), to = std::string(to_origin)](std::string_view uri) {
    UriParts parts = split_uri(uri);
    if (!parts.authority || !equal_ignoring_case(*parts.authority, from)) {
      return std::string(uri);
    }
    parts.scheme.reset();
    parts.authority.reset();
    std::string out = to;
    // A path that is empty or does not start with '/' would fuse with the origin's host.
    if (!parts.path.starts_with('/')) out += '/';
    out += join_uri(parts);
    return out;
  };
}

}  // namespace

void make_absolute(MediaPlaylist& playlist, std::string_view playlist_url) {
  rewrite_uris(playlist, absolute_rewrite(playlist_url));
}

void make_absolute(MasterPlaylist& playlist, std::string_view playlist_url) {
  rewrite_uris(playlist, absolute_rewrite(playlist_url));
}

void make_relative(MediaPlaylist& playlist, std::string_view playlist_url) {
  rewrite_uris(playlist, relative_rewrite(playlist_url));
}

void make_relative(MasterPlaylist& playlist, std::string_view playlist_url) {
  rewrite_uris(playlist, relative_rewrite(playlist_url));
}

void rehost(MediaPlaylist& playlist, std::string_view from_host, std::string_view to_origin) {
  rewrite_uris(playlist, host_rewrite(from_host, to_origin));
}

void rehost(MasterPlaylist& playlist, std::string_view from_host, std::string_view to_origin) {
  rewrite_uris(playlist, host_rewrite(from_host, to_origin));
}

}  // namespace manifest
