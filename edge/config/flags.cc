// The command line: CLI11 collects each flag's text; values are parsed later, with the file,
// so a flag and its TOML key share one parser. CLI11's exceptions stop here.
// GCC 12 reports a false null dereference inside CLI11's inline string splitting.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include "edge/config/settings.h"
#include "swipecdn/version.h"

namespace edge::config {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

// The flag CLI11 names in an error message, when it names one.
std::string flag_in(std::string_view message) {
  size_t start = message.find("--");
  if (start == std::string_view::npos) return "command line";
  size_t end = message.find_first_of(" :,=\n", start);
  return std::string(message.substr(start, end == std::string_view::npos ? end : end - start));
}

std::string_view type_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::kString:
      return "TEXT";
    case ValueKind::kStringList:
      return "LIST";
    case ValueKind::kSize:
      return "SIZE";
    case ValueKind::kDuration:
      return "DURATION";
    case ValueKind::kInteger:
      return "N";
    case ValueKind::kLevel:
      return "LEVEL";
  }
  return "VALUE";
}

}  // namespace

std::expected<Invocation, ConfigError> parse_flags(int argc, const char* const* argv) {
  CLI::App app("edged: HLS edge cache (HTTP/1.1, HTTP/2, TLS) in front of origins", "edged");
  app.get_formatter()->column_width(36);
  // Every flag is collected as text; a list flag may be repeated.
  std::vector<std::pair<const Setting*, std::vector<std::string>>> texts;
  texts.reserve(settings().size());
  for (const Setting& setting : settings())
    texts.push_back({&setting, {}});
  for (auto& [setting, values] : texts) {
    auto* option = app.add_option(std::string(setting->flag), values, std::string(setting->help));
    option->type_name(std::string(type_name(setting->kind)));
    option->allow_extra_args(false);
    if (setting->kind != ValueKind::kStringList) {
      // One value a use; a repetition is reported below with the flag's name.
      option->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
  }
  std::vector<std::string> certs;
  std::vector<std::string> keys;
  std::string config_file;
  app.add_option(std::string(kCertFlag), certs,
                 "PEM certificate chain for TLS listeners; repeat for SNI, paired with --key")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_option(std::string(kKeyFlag), keys, "PEM private key of the --cert at the same position")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_option(std::string(kConfigFlag), config_file,
                 "TOML file with the full configuration; flags override it")
      ->type_name("FILE");
  bool version = false;
  app.add_flag("--version", version, "print the version and exit");
  bool check = false;
  app.add_flag("--check-config", check,
               "check the configuration (and load the certificates), print ok, and exit");

  Invocation invocation;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    invocation.action = Invocation::Action::kPrintHelp;
    invocation.text = app.help();
    return invocation;
  } catch (const CLI::ParseError& error) {
    std::string where = flag_in(error.what());
    std::string_view reason = error.what();
    if (reason.starts_with(where + ": ")) reason.remove_prefix(where.size() + 2);
    return std::unexpected(ConfigError{where, "", std::string(reason), ""});
  }
  if (version) {
    invocation.action = Invocation::Action::kPrintVersion;
    invocation.text = std::string("edged ") + swipecdn::kVersion + "\n";
    return invocation;
  }
  for (auto& [setting, values] : texts) {
    if (values.empty()) continue;
    if (setting->kind != ValueKind::kStringList && values.size() > 1) {
      return std::unexpected(
          ConfigError{std::string(setting->flag), join(values), "given more than once", ""});
    }
    invocation.flags.push_back({std::string(setting->flag), join(values)});
  }
  // Certificate pairs keep their order: the first is the SNI default.
  for (const std::string& cert : certs)
    invocation.flags.push_back({std::string(kCertFlag), cert});
  for (const std::string& key : keys)
    invocation.flags.push_back({std::string(kKeyFlag), key});
  invocation.config_file = config_file;
  if (check) invocation.action = Invocation::Action::kCheckConfig;
  return invocation;
}

}  // namespace edge::config
