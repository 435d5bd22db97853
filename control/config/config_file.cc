// The operator's TOML file: top-level settings, an optional [planner] table and one [[pop]]
// table per point of presence. Every key must be known (a typo is an error naming it), and
// toml++'s exceptions stop here.
#include <toml++/toml.h>

#include <sstream>

#include "control/config/config_values.h"

namespace control::config {
namespace {

// A scalar as the text a flag would carry, so both go through the same parsers; tables and
// arrays have none.
std::string node_text(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* number = node.as_integer()) return std::to_string(number->get());
  if (const auto* boolean = node.as_boolean()) return boolean->get() ? "true" : "false";
  if (const auto* real = node.as_floating_point()) {
    std::ostringstream out;
    out << real->get();
    return out.str();
  }
  return "";
}

class FileLoader {
 public:
  FileLoader(std::string file, ControlConfig& config) : file_(std::move(file)), config_(config) {}

  std::expected<void, std::string> load(const toml::table& root) {
    for (const auto& [name, node] : root) {
      const std::string key(name.str());
      std::expected<void, std::string> loaded;
      if (key == "planner") {
        loaded = load_planner(node);
      } else if (key == "pop") {
        loaded = load_pops(node);
      } else if (node.is_table() || node.is_array()) {
        return fail(key, "", "unknown key");
      } else if (auto set = apply_setting(config_, key, node_text(node)); !set) {
        return fail(key, node_text(node), set.error());
      }
      if (!loaded) return loaded;
    }
    return {};
  }

 private:
  std::unexpected<std::string> fail(std::string_view key, std::string_view value,
                                    std::string_view reason) const {
    return std::unexpected(config_error(file_, key, value, reason));
  }

  // A list of names, each checked; `key` names it in errors.
  std::expected<std::vector<std::string>, std::string> names(std::string_view key,
                                                             const toml::node& node) const {
    const auto* array = node.as_array();
    if (array == nullptr) return fail(key, node_text(node), "not a list of names");
    std::vector<std::string> out;
    for (const toml::node& item : *array) {
      const auto* text = item.as_string();
      if (text == nullptr) return fail(key, node_text(item), "not a name");
      out.push_back(text->get());
    }
    return out;
  }

  std::expected<void, std::string> load_planner(const toml::node& node) {
    const auto* table = node.as_table();
    if (table == nullptr) return fail("planner", node_text(node), "not a table");
    prefetch::PlannerConfig& planner = config_.planner;
    for (const auto& [name, value] : *table) {
      const std::string key = "planner." + std::string(name.str());
      const std::string text = node_text(value);
      if (key == "planner.start_renditions") {
        auto list = names(key, value);
        if (!list) return std::unexpected(list.error());
        planner.start_renditions = *list;
      } else if (key == "planner.bits_per_second") {
        const auto* rates = value.as_table();
        if (rates == nullptr) return fail(key, text, "not a table of rendition = bits");
        planner.bits_per_second.clear();
        for (const auto& [rendition, rate] : *rates) {
          auto bits = parse_size(node_text(rate));
          if (!bits || *bits == 0)
            return fail(key + "." + std::string(rendition.str()), node_text(rate),
                        "not a positive number of bits per second");
          planner.bits_per_second[std::string(rendition.str())] = *bits;
        }
      } else if (key == "planner.default_bits_per_second" || key == "planner.overhead_bytes") {
        auto bytes = parse_size(text);
        if (!bytes) return fail(key, text, bytes.error());
        (key == "planner.overhead_bytes" ? planner.overhead_bytes
                                         : planner.default_bits_per_second) = *bytes;
      } else if (key == "planner.max_segments") {
        auto count = parse_count(text, 16);
        if (!count) return fail(key, text, count.error());
        planner.max_segments = static_cast<int>(*count);
      } else if (key == "planner.startup_segments") {
        auto count = parse_count(text, 16);
        if (!count) return fail(key, text, count.error());
        planner.startup_segments = static_cast<int>(*count);
      } else if (key == "planner.min_value" || key == "planner.later_segment_weight") {
        auto number = value.value<double>();
        if (!number || *number < 0 || *number > 1) return fail(key, text, "not a number in [0, 1]");
        (key == "planner.min_value" ? planner.min_value : planner.later_segment_weight) = *number;
      } else {
        return fail(key, text, "unknown key");
      }
    }
    return {};
  }

  std::expected<void, std::string> load_pops(const toml::node& node) {
    const auto* pops = node.as_array();
    if (pops == nullptr) return fail("pop", "", "not an array of tables ([[pop]])");
    for (size_t i = 0; i < pops->size(); ++i) {
      const auto* table = (*pops)[i].as_table();
      const std::string where = "pop[" + std::to_string(i) + "]";
      if (table == nullptr) return fail(where, "", "not a table");
      auto pop = load_pop(where, *table);
      if (!pop) return std::unexpected(pop.error());
      config_.pops.push_back(std::move(*pop));
    }
    return {};
  }

  std::expected<PopConfig, std::string> load_pop(const std::string& where,
                                                 const toml::table& table) const {
    PopConfig pop;
    for (const auto& [name, value] : table) {
      const std::string key = where + "." + std::string(name.str());
      const std::string text = node_text(value);
      if (name.str() == "name") {
        if (!value.is_string() || !is_valid_name(text))
          return fail(key, text, "not a name (1-64 of A-Z a-z 0-9 . _ -)");
        pop.name = text;
      } else if (name.str() == "regions" || name.str() == "edges") {
        auto list = names(key, value);
        if (!list) return std::unexpected(list.error());
        (name.str() == "regions" ? pop.regions : pop.edges) = std::move(*list);
      } else if (name.str() == "budget_bytes") {
        auto bytes = parse_size(text);
        if (!bytes) return fail(key, text, bytes.error());
        pop.budget.bytes = *bytes;
      } else if (name.str() == "budget_objects") {
        auto count = parse_count(text, 1'000'000);
        if (!count) return fail(key, text, count.error());
        pop.budget.objects = static_cast<size_t>(*count);
      } else {
        return fail(key, text, "unknown key");
      }
    }
    return pop;
  }

  std::string file_;
  ControlConfig& config_;
};

}  // namespace

std::expected<void, std::string> load_file(const std::string& path, ControlConfig& config) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    std::ostringstream where;
    where << error.source().begin;
    return std::unexpected(path + ": " + std::string(error.description()) + " (" + where.str() +
                           ")");
  }
  return FileLoader(path, config).load(root);
}

}  // namespace control::config
