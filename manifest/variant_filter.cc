// Variant filtering: the edge narrows a ladder to what a device can play or a network can
// carry, and drops the rendition groups that only the removed variants used.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/rewrite.h"

namespace manifest {
namespace {

// The EXT-X-STREAM-INF attribute that names a group of each EXT-X-MEDIA TYPE; the names
// happen to be the same.
constexpr std::array<std::string_view, 4> kGroupTypes = {"AUDIO", "VIDEO", "SUBTITLES",
                                                         "CLOSED-CAPTIONS"};

using GroupKey = std::pair<std::string, std::string>;  // TYPE, GROUP-ID

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

// A prefix matches whole dot-separated components: "avc1" matches "avc1.64001f" and "mp4a.40"
// matches "mp4a.40.2", but "avc" matches neither "avc1" nor "avc3".
bool codec_matches(std::string_view codec, const std::vector<std::string>& prefixes) {
  return std::ranges::any_of(prefixes, [codec](const std::string& prefix) {
    return codec.starts_with(prefix) &&
           (codec.size() == prefix.size() || codec[prefix.size()] == '.');
  });
}

bool codecs_pass(std::string_view codecs, const std::vector<std::string>& prefixes) {
  while (true) {
    const size_t comma = codecs.find(',');
    const std::string_view codec = trim(codecs.substr(0, comma));
    if (!codec.empty() && !codec_matches(codec, prefixes)) return false;
    if (comma == std::string_view::npos) return true;
    codecs.remove_prefix(comma + 1);
  }
}

// A bound on an attribute that a variant lacks holds: an audio-only variant has no
// RESOLUTION to exceed, and one without CODECS has no codec to refuse.
bool passes(const AttributeList& attributes, const VariantFilter& filter) {
  if (const std::optional<Resolution> resolution = attributes.get_resolution("RESOLUTION")) {
    if (filter.max_height && resolution->height > *filter.max_height) return false;
    if (filter.max_width && resolution->width > *filter.max_width) return false;
  }
  if (const std::optional<uint64_t> bandwidth = attributes.get_integer("BANDWIDTH")) {
    if (filter.max_bandwidth && *bandwidth > *filter.max_bandwidth) return false;
    if (filter.min_bandwidth && *bandwidth < *filter.min_bandwidth) return false;
  }
  if (!filter.codecs.empty()) {
    if (const std::optional<std::string_view> codecs = attributes.get_string("CODECS")) {
      if (!codecs_pass(*codecs, filter.codecs)) return false;
    }
  }
  return true;
}

void collect_groups(const AttributeList& attributes, std::set<GroupKey>& groups) {
  for (const std::string_view type : kGroupTypes) {
    if (const std::optional<std::string_view> group = attributes.get_string(type)) {
      groups.emplace(type, *group);
    }
  }
}

std::set<GroupKey> referenced_groups(const MasterPlaylist& playlist) {
  std::set<GroupKey> groups;
  for (const Variant& variant : playlist.variants)
    collect_groups(variant.attributes, groups);
  for (const AttributeList& variant : playlist.i_frame_variants) {
    collect_groups(variant, groups);
  }
  return groups;
}

uint64_t bandwidth_or_max(const Variant& variant) {
  return variant.attributes.get_integer("BANDWIDTH").value_or(std::numeric_limits<uint64_t>::max());
}

}  // namespace

size_t filter_variants(MasterPlaylist& playlist, const VariantFilter& filter) {
  const std::set<GroupKey> groups_before = referenced_groups(playlist);
  const size_t variants_before = playlist.variants.size();

  std::vector<Variant> kept;
  for (Variant& variant : playlist.variants) {
    if (passes(variant.attributes, filter)) kept.push_back(std::move(variant));
  }
  if (kept.empty() && variants_before > 0) {
    // min_element keeps the first of equal bandwidths, so the choice is stable.
    auto lowest = std::ranges::min_element(playlist.variants, {}, bandwidth_or_max);
    kept.push_back(std::move(*lowest));
  }
  playlist.variants = std::move(kept);
  // An I-frame playlist costs a fraction of its video variant: a floor meant for the ladder
  // would remove them all, so only the upper bounds apply to them.
  VariantFilter i_frame_filter = filter;
  i_frame_filter.min_bandwidth.reset();
  std::erase_if(playlist.i_frame_variants, [&i_frame_filter](const AttributeList& variant) {
    return !passes(variant, i_frame_filter);
  });

  // Only groups that lost their last user go; a group that nothing referred to before is
  // left as the author wrote it.
  const std::set<GroupKey> groups_after = referenced_groups(playlist);
  std::erase_if(playlist.media, [&](const AttributeList& media) {
    const std::optional<std::string_view> type = media.get_enum("TYPE");
    const std::optional<std::string_view> group = media.get_string("GROUP-ID");
    if (!type || !group) return false;
    const GroupKey key(*type, *group);
    return groups_before.contains(key) && !groups_after.contains(key);
  });
  return variants_before - playlist.variants.size();
}

}  // namespace manifest
