// libFuzzer target for the playlist parser and everything that runs on what it accepts:
// writer round trip, validator, pre-warm selection, variable substitution, attribute lists.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "manifest/attribute_list.h"
#include "manifest/parser.h"
#include "manifest/playlist.h"
#include "manifest/rewrite.h"
#include "manifest/validator.h"
#include "manifest/writer.h"

namespace {

// Small bounds so that one input cannot spend the fuzzer's time on allocation.
constexpr size_t kMaxSubstitutedLength = 256;
constexpr size_t kMaxAttributes = 64;
constexpr size_t kWarmCount = 3;
constexpr std::string_view kPlaylistUrl = "https://cdn.example/v/{x}/index.m3u8?a=1&token=t0k";

// Writing is canonical: the text of a parsed model reads back to the same model, and writing
// that model again gives the same bytes. Anything else is a bug in parser or writer.
template <typename Model>
void check_round_trip(const Model& model) {
  const std::string first = manifest::write(model);
  auto reparsed = manifest::parse(first);
  if (!reparsed || !std::holds_alternative<Model>(*reparsed)) __builtin_trap();
  const Model& again = std::get<Model>(*reparsed);
  if (!(again == model)) __builtin_trap();
  if (manifest::write(again) != first) __builtin_trap();
}

void exercise(manifest::MediaPlaylist media) {
  check_round_trip(media);
  // At most kWarmCount segments, each preceded by at most one init section, and every byte
  // range resolved to an absolute offset.
  size_t segments = 0;
  for (const auto& object : manifest::first_segments(media, kWarmCount)) {
    if (object.kind == manifest::WarmObject::Kind::kSegment) ++segments;
    if (object.byte_range && !object.byte_range->offset) __builtin_trap();
  }
  if (segments > kWarmCount) __builtin_trap();
  const std::map<std::string, std::string, std::less<>> imports{{"x", "imported"},
                                                                {"long", std::string(200, 'L')}};
  (void)manifest::substitute_variables(media, imports, kPlaylistUrl, kMaxSubstitutedLength);
}

void exercise(manifest::MasterPlaylist master) {
  check_round_trip(master);
  (void)manifest::substitute_variables(master, kPlaylistUrl, kMaxSubstitutedLength);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto playlist = manifest::parse(text)) {
    std::visit([](auto& model) { exercise(std::move(model)); }, *playlist);
  }
  (void)manifest::validate(text);
  (void)manifest::parse_attribute_list(text, kMaxAttributes);
  return 0;
}
