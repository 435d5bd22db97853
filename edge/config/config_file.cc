// The TOML file: every key must be one of the settings' keys (an unknown key is an error that
// names it, so a typo never passes silently). toml++'s exceptions stop here.
#include "edge/config/config_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "edge/config/settings.h"

namespace edge::config {
namespace {

std::string node_text(const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  std::ostringstream out;
  node.visit([&out](const auto& value) { out << value; });
  return out.str();
}

class FileLoader {
 public:
  FileLoader(std::string file, EdgeConfig& config) : file_(std::move(file)), config_(config) {}

  std::expected<void, ConfigError> load_table(const toml::table& table, const std::string& prefix) {
    for (const auto& [name, node] : table) {
      std::string key =
          prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
      std::expected<void, ConfigError> result;
      if (key == kCertificatesKey) {
        result = load_certificates(node);
      } else if (key == kGeoRegionsKey) {
        result = load_regions(node);
      } else if (key == kGeoPopsKey) {
        result = load_pops(node);
      } else if (const Setting* setting = find_setting_by_key(key)) {
        result = load_setting(*setting, node);
      } else if (const auto* section = node.as_table();
                 section != nullptr && prefix.empty() && is_section(key)) {
        result = load_table(*section, key);
      } else {
        return std::unexpected(error(key, node_text(node), "unknown key"));
      }
      if (!result) return result;
    }
    return {};
  }

 private:
  static bool is_section(std::string_view name) {
    for (const Setting& setting : settings()) {
      if (setting.key.starts_with(name) && setting.key.size() > name.size() &&
          setting.key[name.size()] == '.') {
        return true;
      }
    }
    return false;
  }

  ConfigError error(std::string key, std::string value, std::string reason) const {
    return ConfigError{std::move(key), std::move(value), std::move(reason), file_};
  }

  std::expected<void, ConfigError> load_setting(const Setting& setting, const toml::node& node) {
    std::string key(setting.key);
    std::expected<Value, std::string> value = std::unexpected("");
    if (setting.kind == ValueKind::kStringList) {
      const auto* array = node.as_array();
      if (array == nullptr)
        return std::unexpected(error(key, node_text(node), "not an array of strings"));
      std::vector<std::string> items;
      for (const auto& item : *array) {
        const auto* s = item.as_string();
        if (s == nullptr || s->get().empty()) {
          return std::unexpected(error(key, node_text(node), "items must be non-empty strings"));
        }
        items.push_back(s->get());
      }
      value = Value(std::move(items));
    } else if (const auto* s = node.as_string()) {
      value = parse_value(setting, s->get());
    } else if (const auto* i = node.as_integer();
               i != nullptr &&
               (setting.kind == ValueKind::kInteger || setting.kind == ValueKind::kSize)) {
      int64_t n = i->get();
      if (setting.kind == ValueKind::kSize && n < 0) {
        value = std::unexpected("not a size (use bytes or a unit: 4096, 512K, 10M, 2G)");
      } else if (setting.kind == ValueKind::kSize) {
        value = check_range(setting, Value(static_cast<uint64_t>(n)));
      } else {
        value = check_range(setting, Value(n));
      }
    } else {
      value = std::unexpected(setting.kind == ValueKind::kDuration
                                  ? "not a duration (a string with a unit: \"500ms\", \"10s\")"
                                  : "wrong type");
    }
    if (!value) return std::unexpected(error(key, node_text(node), value.error()));
    setting.apply(config_, *value);
    return {};
  }

  // A field of an array-of-tables item: a string or an array of strings.
  struct Field {
    std::string_view name;
    std::string* text = nullptr;
    std::vector<std::string>* list = nullptr;
  };

  // Each table of the array `key` is read into a new T by `fields_of`, then checked by
  // `complete` (the reason when an item lacks something) and appended to `out`.
  template <typename T, typename FieldsOf, typename Complete>
  std::expected<void, ConfigError> load_items(const toml::node& node, const std::string& key,
                                              std::vector<T>& out, FieldsOf fields_of,
                                              Complete complete) {
    const auto* array = node.as_array();
    if (array == nullptr) {
      return std::unexpected(
          error(key, node_text(node), "not an array of tables ([[" + key + "]])"));
    }
    out.clear();
    for (size_t i = 0; i < array->size(); ++i) {
      std::string item_key = key + "[" + std::to_string(i) + "]";
      const auto* table = (*array)[i].as_table();
      if (table == nullptr)
        return std::unexpected(error(item_key, node_text((*array)[i]), "not a table"));
      T item;
      const std::vector<Field> fields = fields_of(item);
      for (const auto& [name, value] : *table) {
        std::string field_key = item_key + "." + std::string(name.str());
        auto field = std::find_if(fields.begin(), fields.end(),
                                  [&](const Field& f) { return f.name == name.str(); });
        if (field == fields.end())
          return std::unexpected(error(field_key, node_text(value), "unknown key"));
        if (auto read = read_field(*field, value, field_key); !read) return read;
      }
      if (std::string missing = complete(item); !missing.empty())
        return std::unexpected(error(item_key, "", missing));
      out.push_back(std::move(item));
    }
    return {};
  }

  std::expected<void, ConfigError> read_field(const Field& field, const toml::node& value,
                                              const std::string& key) {
    if (field.text != nullptr) {
      const auto* s = value.as_string();
      if (s == nullptr || s->get().empty())
        return std::unexpected(error(key, node_text(value), "not a non-empty string"));
      *field.text = s->get();
      return {};
    }
    const auto* array = value.as_array();
    if (array == nullptr)
      return std::unexpected(error(key, node_text(value), "not an array of strings"));
    field.list->clear();
    for (const auto& item : *array) {
      const auto* s = item.as_string();
      if (s == nullptr || s->get().empty())
        return std::unexpected(error(key, node_text(value), "items must be non-empty strings"));
      field.list->push_back(s->get());
    }
    return {};
  }

  // [[tls.certificates]] tables with `cert` and `key`, in SNI-default-first order.
  std::expected<void, ConfigError> load_certificates(const toml::node& node) {
    return load_items(
        node, std::string(kCertificatesKey), config_.tls.certificates,
        [](core::tls::CertificateFiles& pair) {
          return std::vector<Field>{{"cert", &pair.cert_file}, {"key", &pair.key_file}};
        },
        [](const core::tls::CertificateFiles& pair) {
          return pair.cert_file.empty() || pair.key_file.empty() ? "needs both cert and key" : "";
        });
  }

  // [[geo.region]] tables: name, countries, continents.
  std::expected<void, ConfigError> load_regions(const toml::node& node) {
    return load_items(
        node, std::string(kGeoRegionsKey), config_.geo.regions,
        [](GeoRegion& region) {
          return std::vector<Field>{{"name", &region.name},
                                    {"countries", nullptr, &region.countries},
                                    {"continents", nullptr, &region.continents}};
        },
        [](const GeoRegion& region) { return region.name.empty() ? "needs a name" : ""; });
  }

  // [[geo.pop]] tables: name, regions, url.
  std::expected<void, ConfigError> load_pops(const toml::node& node) {
    return load_items(
        node, std::string(kGeoPopsKey), config_.geo.pops,
        [](GeoPop& pop) {
          return std::vector<Field>{{"name", &pop.name},
                                    {"regions", nullptr, &pop.regions},
                                    {"url", &pop.url},
                                    {"health_url", &pop.health_url}};
        },
        [](const GeoPop& pop) {
          return pop.name.empty() || pop.url.empty() ? "needs a name and a url" : "";
        });
  }

  std::string file_;
  EdgeConfig& config_;
};

}  // namespace

std::expected<void, ConfigError> apply_file(const std::string& path, EdgeConfig& config) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    std::string reason = std::string(e.description()) + " (line " + std::to_string(where.line) +
                         ", column " + std::to_string(where.column) + ")";
    return std::unexpected(ConfigError{path, "", std::move(reason), path});
  } catch (const std::exception& e) {
    return std::unexpected(ConfigError{path, "", e.what(), path});
  }
  return FileLoader(path, config).load_table(root, "");
}

}  // namespace edge::config
