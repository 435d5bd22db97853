// Which certificate answers a TLS server name (SNI). Built once at load, then only read, so
// worker threads may look names up concurrently.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace core::tls {

class ServerNameTable {
 public:
  // Registers the DNS names of certificate `index` (as certificate_names returns them:
  // "edge.test", "*.pop.test"). A name already registered keeps its earlier index. Names with
  // a '*' anywhere but as the whole leftmost label are ignored (no partial wildcards).
  void add(std::size_t index, const std::vector<std::string>& names);

  // The certificate for host, compared case-insensitively and without a trailing dot: an
  // exact name first, then a wildcard whose '*' stands for exactly one leftmost label
  // ("*.pop.test" covers "a.pop.test", not "pop.test" nor "a.b.pop.test"). nullopt when
  // nothing matches; the caller then answers with its default certificate.
  std::optional<std::size_t> find(std::string_view host) const;

 private:
  std::unordered_map<std::string, std::size_t> exact_;
  std::unordered_map<std::string, std::size_t> wildcard_;  // keyed by what follows "*."
};

// ASCII lowercase without one trailing dot: the form names are compared in.
std::string normalize_dns_name(std::string_view name);

}  // namespace core::tls
