// The objects that pre-warming fetches for the start of a clip: the first media segments with
// the init sections they need, byte ranges made absolute. The edge fetches exactly this list.
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "manifest/rewrite.h"

namespace manifest {
namespace {

std::optional<uint64_t> parse_decimal(std::string_view text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// EXT-X-MAP BYTERANGE is a quoted "<n>[@<o>]". Without an offset the range starts at 0: an
// init section does not follow anything. A malformed or empty range is ignored, and the
// whole resource fetched: too much is harmless for pre-warming, a wrong range is not.
std::optional<ByteRange> map_byte_range(const AttributeList& map) {
  const std::optional<std::string_view> text = map.get_string("BYTERANGE");
  if (!text) return std::nullopt;
  const size_t at = text->find('@');
  const std::optional<uint64_t> length = parse_decimal(text->substr(0, at));
  const std::optional<uint64_t> offset = at == std::string_view::npos
                                             ? std::optional<uint64_t>(0)
                                             : parse_decimal(text->substr(at + 1));
  if (!length || !offset || *length == 0) return std::nullopt;
  return ByteRange{*length, *offset};
}

bool fits(const ByteRange& range) {
  return *range.offset <= std::numeric_limits<uint64_t>::max() - range.length;
}

// Section 4.4.4.2: a range without offset starts right after the previous range of the same
// resource, or at 0 when there is none (the validator reports that case).
class RangeChain {
 public:
  // The absolute range of a segment, or nullopt when its end would overflow.
  std::optional<ByteRange> resolve(const std::string& uri, const ByteRange& range) {
    ByteRange absolute = range;
    if (!absolute.offset) {
      const auto previous = next_offset_.find(uri);
      absolute.offset = previous == next_offset_.end() ? 0 : previous->second;
    }
    if (!fits(absolute)) {
      next_offset_.erase(uri);
      return std::nullopt;
    }
    next_offset_[uri] = *absolute.offset + absolute.length;
    return absolute;
  }

 private:
  std::map<std::string, uint64_t, std::less<>> next_offset_;
};

// An init section is fetched once however many EXT-X-MAP tags name it: the same URI and
// the same range (none, or offset and length).
using InitKey = std::tuple<std::string, bool, uint64_t, uint64_t>;

InitKey init_key(const WarmObject& init) {
  if (!init.byte_range) return {init.uri, false, 0, 0};
  return {init.uri, true, *init.byte_range->offset, init.byte_range->length};
}

}  // namespace

std::vector<WarmObject> first_segments(const MediaPlaylist& playlist, size_t count) {
  std::vector<WarmObject> objects;
  if (count == 0) return objects;
  RangeChain chain;
  std::optional<WarmObject> map_in_force;
  std::set<InitKey> inits_emitted;
  size_t segments_emitted = 0;
  uint64_t sequence = playlist.media_sequence.value_or(0);

  for (const MediaSegment& segment : playlist.segments) {
    const uint64_t segment_sequence = sequence++;
    if (segment.map) {
      // A map without a URI is invalid; the one before it stays in force.
      if (const std::optional<std::string_view> uri = segment.map->get_string("URI")) {
        map_in_force = WarmObject{WarmObject::Kind::kInit, std::string(*uri),
                                  map_byte_range(*segment.map), 0, 0};
        if (map_in_force->byte_range && !fits(*map_in_force->byte_range)) {
          map_in_force->byte_range.reset();
        }
      }
    }
    // Gap segments still take part in range chaining: their ranges occupy the resource.
    std::optional<ByteRange> range;
    if (segment.details && segment.details->byte_range) {
      range = chain.resolve(std::string(segment.uri), *segment.details->byte_range);
      if (!range) continue;
    }
    // Gaps have nothing to fetch, and empty ranges nothing worth a request.
    if (segment.gap || (range && range->length == 0)) continue;

    if (map_in_force && inits_emitted.insert(init_key(*map_in_force)).second) {
      objects.push_back(*map_in_force);
    }
    objects.push_back(WarmObject{WarmObject::Kind::kSegment, std::string(segment.uri), range,
                                 segment.duration, segment_sequence});
    if (++segments_emitted == count) break;
  }
  return objects;
}

}  // namespace manifest
