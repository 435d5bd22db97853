// HLS content steering (RFC 8216bis section 4.4.6.6 and the Content Steering specification):
// one copy of the ladder per pathway, each pointing at that pathway's host, so that a
// steering server can move players between PoPs without reloading the multivariant playlist.
#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/rewrite.h"

namespace manifest {
namespace {

// EXT-X-STREAM-INF and EXT-X-I-FRAME-STREAM-INF attributes that name an EXT-X-MEDIA group.
constexpr std::array<std::string_view, 4> kGroupAttributes = {"AUDIO", "VIDEO", "SUBTITLES",
                                                              "CLOSED-CAPTIONS"};

// Pathway IDs are limited to [A-Za-z0-9._-], so '@' cannot occur in one: "<group>@<pathway>"
// can never equal the name derived from another group and pathway.
std::string pathway_group(std::string_view group, const Pathway& pathway) {
  std::string name(group);
  name += '@';
  name += pathway.id;
  return name;
}

// Hands out the stable IDs of copies that had none: "<prefix><index of the original>", made
// unique against IDs the author already gave. Derived from the original's position, so every
// pathway's copy of a variant carries the same ID.
class StableIds {
 public:
  StableIds(const std::vector<AttributeList*>& lists, std::string_view attribute) {
    for (const AttributeList* list : lists) {
      if (const std::optional<std::string_view> id = list->get_string(attribute)) {
        taken_.emplace(*id);
      }
    }
  }

  std::string next(std::string_view prefix, size_t index) {
    std::string base(prefix);
    base += std::to_string(index);
    std::string id = base;
    for (size_t suffix = 1; taken_.contains(id); ++suffix) {
      id = base + "." + std::to_string(suffix);
    }
    taken_.insert(id);
    return id;
  }

 private:
  std::set<std::string, std::less<>> taken_;
};

// Gives every original a stable ID before any is copied, so that copies share it.
void assign_stable_ids(std::vector<AttributeList*> lists, std::string_view attribute,
                       std::string_view prefix, StableIds& ids) {
  for (size_t i = 0; i < lists.size(); ++i) {
    if (!lists[i]->contains(attribute)) {
      lists[i]->set(attribute, AttributeValue::string_value(ids.next(prefix, i)));
    }
  }
}

void resolve_attribute(AttributeList& list, std::string_view name, const Pathway& pathway) {
  if (const std::optional<std::string_view> uri = list.get_string(name)) {
    list.set(name, AttributeValue::string_value(resolve_uri(pathway.base_url, *uri)));
  }
}

void rename_groups(AttributeList& list, const Pathway& pathway) {
  for (const std::string_view attribute : kGroupAttributes) {
    if (const std::optional<std::string_view> group = list.get_string(attribute)) {
      list.set(attribute, AttributeValue::string_value(pathway_group(*group, pathway)));
    }
  }
}

std::vector<AttributeList> media_for(const std::vector<AttributeList>& media,
                                     const Pathway& pathway) {
  std::vector<AttributeList> copies = media;
  for (AttributeList& copy : copies) {
    if (const std::optional<std::string_view> group = copy.get_string("GROUP-ID")) {
      copy.set("GROUP-ID", AttributeValue::string_value(pathway_group(*group, pathway)));
    }
    resolve_attribute(copy, "URI", pathway);
  }
  return copies;
}

void tag_stream(AttributeList& stream, const Pathway& pathway) {
  stream.set("PATHWAY-ID", AttributeValue::string_value(pathway.id));
  rename_groups(stream, pathway);
}

}  // namespace

void add_content_steering(MasterPlaylist& playlist, std::string_view server_uri,
                          const std::vector<Pathway>& pathways) {
  AttributeList steering;
  steering.set("SERVER-URI", AttributeValue::string_value(std::string(server_uri)));
  if (!pathways.empty()) {
    steering.set("PATHWAY-ID", AttributeValue::string_value(pathways.front().id));
  }
  playlist.content_steering = std::move(steering);
  if (pathways.empty()) return;

  std::vector<AttributeList*> streams;
  streams.reserve(playlist.variants.size() + playlist.i_frame_variants.size());
  for (Variant& variant : playlist.variants)
    streams.push_back(&variant.attributes);
  for (AttributeList& variant : playlist.i_frame_variants)
    streams.push_back(&variant);
  StableIds variant_ids(streams, "STABLE-VARIANT-ID");
  assign_stable_ids({streams.begin(), streams.begin() + playlist.variants.size()},
                    "STABLE-VARIANT-ID", "v", variant_ids);
  assign_stable_ids({streams.begin() + playlist.variants.size(), streams.end()},
                    "STABLE-VARIANT-ID", "i", variant_ids);
  std::vector<AttributeList*> renditions;
  renditions.reserve(playlist.media.size());
  for (AttributeList& media : playlist.media)
    renditions.push_back(&media);
  StableIds rendition_ids(renditions, "STABLE-RENDITION-ID");
  assign_stable_ids(renditions, "STABLE-RENDITION-ID", "r", rendition_ids);

  std::vector<AttributeList> media;
  std::vector<Variant> variants;
  std::vector<AttributeList> i_frame_variants;
  for (const Pathway& pathway : pathways) {
    for (AttributeList& copy : media_for(playlist.media, pathway))
      media.push_back(std::move(copy));
    for (const Variant& original : playlist.variants) {
      Variant copy = original;
      tag_stream(copy.attributes, pathway);
      copy.uri = resolve_uri(pathway.base_url, original.uri);
      // Comments and unknown tags stay with the first pathway's copy, not once per pathway.
      if (&pathway != &pathways.front()) copy.extra_lines.clear();
      variants.push_back(std::move(copy));
    }
    for (const AttributeList& original : playlist.i_frame_variants) {
      AttributeList copy = original;
      tag_stream(copy, pathway);
      resolve_attribute(copy, "URI", pathway);
      i_frame_variants.push_back(std::move(copy));
    }
  }
  playlist.media = std::move(media);
  playlist.variants = std::move(variants);
  playlist.i_frame_variants = std::move(i_frame_variants);
}

}  // namespace manifest
