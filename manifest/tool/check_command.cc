// m3u8 check: validates a playlist and lists every violation in the FILE:LINE: form that
// editors and CI logs link to.
#include <iostream>
#include <string>
#include <vector>

#include "manifest/parser.h"
#include "manifest/tool/commands.h"
#include "manifest/validator.h"

namespace manifest::tool {

int run_check(const std::string& path) {
  const std::string name = display_name(path);
  const ParseLimits limits;
  const std::expected<std::string, std::string> text = read_input(path, limits.max_bytes);
  if (!text) {
    std::cerr << "m3u8: " << name << ": " << text.error() << '\n';
    return kExitUsage;
  }
  const std::vector<Diagnostic> diagnostics = validate(*text, limits);
  for (const Diagnostic& diagnostic : diagnostics) {
    std::cerr << name << ':' << diagnostic.line << ": " << rule_info(diagnostic.rule).id << ": "
              << diagnostic.message << '\n';
  }
  return diagnostics.empty() ? kExitOk : kExitInvalid;
}

}  // namespace manifest::tool
