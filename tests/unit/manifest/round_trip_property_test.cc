// Property: for random models the writer can express, parse(write(m)) == m and writing the
// parsed model gives the same text again. A failure names the seed and shows the text.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <variant>

#include "manifest/parser.h"
#include "manifest/playlist.h"
#include "manifest/writer.h"
#include "tests/unit/manifest/playlist_generator.h"

namespace manifest {
namespace {

constexpr uint64_t kSeeds = 2000;

// Checks both round-trip properties for one model; returns false after reporting a failure
// so that the caller stops at the first bad seed instead of flooding the log.
template <typename Model>
bool round_trips(const Model& model, uint64_t seed) {
  const std::string text = write(model);
  auto parsed = parse(text);
  if (!parsed) {
    ADD_FAILURE() << "seed " << seed << ": written text does not parse: line "
                  << parsed.error().line << ": " << to_string(parsed.error().code) << " ("
                  << parsed.error().message << ")\n"
                  << text;
    return false;
  }
  if (!std::holds_alternative<Model>(*parsed)) {
    ADD_FAILURE() << "seed " << seed << ": read back as the other kind of playlist\n" << text;
    return false;
  }
  const Model& back = std::get<Model>(*parsed);
  const std::string again = write(back);
  if (!(back == model)) {
    ADD_FAILURE() << "seed " << seed << ": parse(write(m)) != m\n--- written ---\n"
                  << text << "--- written from the parsed model ---\n"
                  << again;
    return false;
  }
  if (again != text) {
    ADD_FAILURE() << "seed " << seed << ": write is not stable\n--- first ---\n"
                  << text << "--- second ---\n"
                  << again;
    return false;
  }
  return true;
}

TEST(RoundTripProperty, MediaPlaylists) {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    testgen::PlaylistGenerator generator(seed);
    if (!round_trips(generator.media(), seed)) break;
  }
}

TEST(RoundTripProperty, MasterPlaylists) {
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    testgen::PlaylistGenerator generator(seed);
    if (!round_trips(generator.master(), seed)) break;
  }
}

// The generator must reach the features the property is about, or the property proves little.
TEST(RoundTripProperty, GeneratorCoversTheModel) {
  size_t byte_ranges = 0, keys = 0, maps = 0, parts = 0, open = 0, extra = 0, hints = 0;
  size_t signed_floats = 0, hex = 0, resolutions = 0, media = 0, steering = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    testgen::PlaylistGenerator generator(seed);
    const MediaPlaylist m = generator.media();
    for (const auto& s : m.segments) {
      maps += s.map.has_value();
      if (!s.details) continue;
      byte_ranges += s.details->byte_range.has_value();
      keys += s.details->keys.size();
      parts += s.details->parts.size();
      extra += s.details->extra_lines.size();
    }
    open += m.open_segment.has_value();
    hints += m.preload_hints.size();
    const MasterPlaylist p = generator.master();
    media += p.media.size();
    steering += p.content_steering.has_value();
    for (const auto& v : p.variants) {
      for (const auto& a : v.attributes.items()) {
        signed_floats += a.value.type == AttributeType::kSignedDecimalFloat;
        hex += a.value.type == AttributeType::kHexadecimalSequence;
        resolutions += a.value.type == AttributeType::kResolution;
      }
    }
  }
  for (size_t count : {byte_ranges, keys, maps, parts, open, extra, hints, signed_floats, hex,
                       resolutions, media, steering}) {
    EXPECT_GT(count, 0u);
  }
}

}  // namespace
}  // namespace manifest
