// Region shares and address ranges. Addresses skip a range's network and broadcast addresses, so
// every one is a host a geo database entry for the range covers.
#include "bench/swipebench/gen/audience.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <ranges>

#include "bench/swipebench/trace.h"
#include "bench/swipebench/trace_fields.h"

namespace swipebench::gen {
namespace {

constexpr uint32_t kDefaultNetwork = (10U << 24) | (77U << 16) | (11U << 8);  // 10.77.11.0

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (auto part : std::views::split(text, separator))
    parts.emplace_back(part.begin(), part.end());
  return parts;
}

bool valid_region_name(std::string_view name) {
  SwipeRow row;
  return !name.empty() && set_column(row, Column::kRegion, name).has_value();
}

}  // namespace

std::vector<RegionSpec> default_regions() {
  auto regions = parse_regions("eu:0.5,us:0.3,ap:0.2");
  return regions ? *regions : std::vector<RegionSpec>{};
}

std::string ipv4_text(uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xFF) + "." +
         std::to_string((address >> 8) & 0xFF) + "." + std::to_string(address & 0xFF);
}

std::expected<std::vector<RegionSpec>, std::string> parse_regions(std::string_view text) {
  std::vector<RegionSpec> regions;
  double total = 0;
  for (std::string_view entry : split(text, ',')) {
    const size_t colon = entry.find(':');
    const std::string shown = "'" + std::string(entry) + "'";
    if (colon == std::string_view::npos) return std::unexpected(shown + ": want NAME:SHARE");
    const std::string_view name = entry.substr(0, colon);
    const std::string_view share_text = entry.substr(colon + 1);
    if (!valid_region_name(name))
      return std::unexpected(shown + ": not a region name (letters, digits, - _ . ~)");
    double share = 0;
    const auto [end, error] =
        std::from_chars(share_text.data(), share_text.data() + share_text.size(), share);
    if (error != std::errc() || end != share_text.data() + share_text.size() || !(share > 0) ||
        share > 1e6)
      return std::unexpected(shown + ": the share is not a positive number");
    if (std::ranges::any_of(regions, [&](const RegionSpec& r) { return r.name == name; }))
      return std::unexpected(shown + ": region named twice");
    if (regions.size() == 200) return std::unexpected("more than 200 regions");
    const auto index = static_cast<uint32_t>(regions.size());
    regions.push_back({std::string(name), share, kDefaultNetwork + (index << 8), 24});
    total += share;
  }
  for (RegionSpec& region : regions)
    region.share /= total;
  return regions;
}

std::expected<void, std::string> apply_ip_ranges(std::vector<RegionSpec>& regions,
                                                 std::string_view text) {
  for (std::string_view entry : split(text, ',')) {
    const std::string shown = "'" + std::string(entry) + "'";
    const size_t colon = entry.find(':');
    const size_t slash = entry.find('/');
    if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon)
      return std::unexpected(shown + ": want REGION:A.B.C.D/PREFIX");
    const std::string_view name = entry.substr(0, colon);
    auto region = std::ranges::find(regions, name, &RegionSpec::name);
    if (region == regions.end()) return std::unexpected(shown + ": no such region in --regions");
    const std::string address(entry.substr(colon + 1, slash - colon - 1));
    const std::string_view prefix_text = entry.substr(slash + 1);
    in_addr parsed{};
    int prefix = 0;
    const auto [end, error] =
        std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
    if (inet_pton(AF_INET, address.c_str(), &parsed) != 1 || error != std::errc() ||
        end != prefix_text.data() + prefix_text.size() || prefix < 8 || prefix > 30)
      return std::unexpected(shown + ": not an IPv4 range from /8 to /30");
    const uint32_t mask = ~uint32_t{0} << (32 - prefix);
    region->network = ntohl(parsed.s_addr) & mask;
    region->prefix = prefix;
  }
  return {};
}

Audience::Audience(std::vector<RegionSpec> regions) : regions_(std::move(regions)) {
  std::vector<double> shares;
  shares.reserve(regions_.size());
  for (const RegionSpec& region : regions_)
    shares.push_back(region.share);
  pick_ = WeightedPick(shares);
}

Viewer Audience::make(std::string user, int topics, int topic_count, Rng& rng) const {
  Viewer viewer{.user = std::move(user), .region = {}, .ip = {}, .topics = {}};
  const RegionSpec& region = regions_[pick_.draw(rng)];
  viewer.region = region.name;
  const int64_t hosts = (int64_t{1} << (32 - region.prefix)) - 2;
  viewer.ip = ipv4_text(region.network + static_cast<uint32_t>(rng.integer(1, hosts)));
  topic_count = std::min(topic_count, topics);
  while (static_cast<int>(viewer.topics.size()) < topic_count) {
    const auto topic = static_cast<int>(rng.integer(0, topics - 1));
    if (std::ranges::find(viewer.topics, topic) == viewer.topics.end())
      viewer.topics.push_back(topic);
  }
  return viewer;
}

}  // namespace swipebench::gen
