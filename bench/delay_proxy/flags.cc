// The command line through CLI11, whose exceptions stop here. Values are collected as text and
// parsed by units.cc, so that an error names the flag and the value.
// GCC 12 reports a false null dereference inside CLI11's inline string splitting.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <netinet/in.h>

#include <limits>

#include "bench/delay_proxy/flags.h"
#include "bench/delay_proxy/units.h"
#include "swipecdn/version.h"

namespace bench::delay_proxy {
namespace {

using Result = std::expected<void, std::string>;
using Setter = Result (*)(ProxyConfig&, std::string_view);

constexpr uint64_t kMaxConnections = 1'000'000;

// Stores what `parse` makes of `text`, or answers its error.
template <typename T, typename Parse>
Result set_parsed(T& into, std::string_view text, Parse parse) {
  auto value = parse(text);
  if (!value) return std::unexpected(value.error());
  into = *value;
  return {};
}

Result set_text(std::string& into, std::string_view text) {
  into = std::string(text);
  return {};
}

struct Flag {
  std::string_view name;
  std::string_view type;
  std::string_view help;
  Setter set;
};

constexpr Flag kFlags[] = {
    {"--rtt", "DURATION", "round-trip time to add, half each way (default 0)",
     [](ProxyConfig& c, std::string_view text) -> Result {
       auto rtt = parse_duration(text);
       if (!rtt) return std::unexpected(rtt.error());
       c.up.delay = *rtt / 2;
       c.down.delay = *rtt / 2;
       return {};
     }},
    {"--delay-up", "DURATION", "one-way delay from client to target",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.up.delay, text, parse_duration);
     }},
    {"--delay-down", "DURATION", "one-way delay from target to client",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.down.delay, text, parse_duration);
     }},
    {"--rate-up", "RATE", "bits per second of each connection, client to target",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.up.connection_rate, text, parse_rate);
     }},
    {"--rate-down", "RATE", "bits per second of each connection, target to client",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.down.connection_rate, text, parse_rate);
     }},
    {"--link-rate-up", "RATE", "bits per second all connections of a route share, up",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.up.route_rate, text, parse_rate);
     }},
    {"--link-rate-down", "RATE", "bits per second all connections of a route share, down",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.down.route_rate, text, parse_rate);
     }},
    {"--buffer", "SIZE", "bytes held per direction of a connection (default 1M)",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.buffer_bytes, text, parse_size);
     }},
    {"--max-connections", "N", "open connections per route (default 1024)",
     [](ProxyConfig& c, std::string_view text) {
       return set_parsed(c.max_connections, text,
                         [](std::string_view t) { return parse_count(t, kMaxConnections); });
     }},
    {"--connect-timeout", "DURATION", "give up connecting to the target after this (default 10s)",
     [](ProxyConfig& c, std::string_view text) -> Result {
       auto timeout = parse_duration(text);
       if (!timeout) return std::unexpected(timeout.error());
       if (*timeout < std::chrono::milliseconds(1)) return std::unexpected("under 1ms");
       c.connect_timeout = *timeout;
       return {};
     }},
    {"--mark", "N", "SO_MARK of the sockets to targets, 1..4294967295 (needs CAP_NET_ADMIN)",
     [](ProxyConfig& c, std::string_view text) -> Result {
       auto mark = parse_count(text, std::numeric_limits<uint32_t>::max());
       if (!mark) return std::unexpected(mark.error());
       c.mark = static_cast<uint32_t>(*mark);
       return {};
     }},
    {"--port-file", "FILE", "write the bound ports there, one a line, once listening",
     [](ProxyConfig& c, std::string_view text) { return set_text(c.port_file, text); }},
    {"--metrics-listen", "ADDRESS", "serve GET /metrics (Prometheus text) there",
     [](ProxyConfig& c, std::string_view text) -> Result {
       auto address = core::server::parse_listen_address(text);
       if (!address) return std::unexpected(address.error());
       c.metrics_listen = *address;
       c.metrics_listen_text = std::string(text);
       return {};
     }},
    {"--log-file", "FILE", "JSON log lines there (default stderr)",
     [](ProxyConfig& c, std::string_view text) { return set_text(c.log_file, text); }},
    {"--log-level", "LEVEL", "debug, info, warn or error (default info)",
     [](ProxyConfig& c, std::string_view text) -> Result {
       for (auto level : {core::log::Level::kDebug, core::log::Level::kInfo,
                          core::log::Level::kWarn, core::log::Level::kError}) {
         if (core::log::to_string(level) == text) {
           c.log_level = level;
           return {};
         }
       }
       return std::unexpected("not a log level (debug, info, warn, error)");
     }},
};

constexpr std::string_view kFooter = R"(
Each --route is LISTEN=TARGET with IP literals (a.b.c.d:port or [IPv6]:port; port 0 picks a
free one). Every route applies the same link, per direction (up: client to target, down:
target to client):
  delay   a byte is written no earlier than the one-way delay after it was read, in order,
          and so are a FIN (half-close) and a reset (sent as a reset). The target is
          connected after the up delay (the SYN); the client is read from the down delay
          after the target accepted (the SYN-ACK): a new connection costs one RTT, as on a
          real link. A refused or timed-out connect resets the client after the down delay.
  rate    token buckets holding 10 ms of bytes (at least 4K): --rate-* paces each
          connection, --link-rate-* is one bottleneck all connections of a route share.
  buffer  at most --buffer bytes wait in each direction of a connection; then that side is
          not read until some are written, so the sender's TCP window closes.
Past --max-connections a route stops accepting; the kernel's backlog holds new clients.
A --transparent-route has no target: each client goes on to the address it dialled before
an nftables redirect brought it here (SO_ORIGINAL_DST), from the client's own address, so
the target sees the client. Give it --mark and let marked packets pass the rule, or the
proxy's own connections come back to it, e.g. in a client's network namespace:
  nft add table ip wan
  nft add chain ip wan out '{ type nat hook output priority -100; }'
  nft add rule ip wan out meta mark 119 return
  nft add rule ip wan out tcp dport 8081 redirect to :15000
  delayproxy --transparent-route 127.0.0.1:15000 --mark 119 --rtt 15ms
--port-file gets the bound ports in route order (--route, then --transparent-route), then
the --metrics-listen port.
SIGTERM and SIGINT close every connection and exit 0; SIGHUP reopens the log file.
)";

std::expected<Route, std::string> parse_route(std::string_view text) {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos || text.find('=', equals + 1) != std::string_view::npos)
    return std::unexpected("want LISTEN=TARGET, e.g. 127.0.0.1:0=127.0.0.1:8080");
  Route route{std::string(text.substr(0, equals)), {}, std::string(text.substr(equals + 1)), {}};
  auto listen = core::server::parse_listen_address(route.listen_text);
  if (!listen) return std::unexpected(listen.error());
  route.listen = *listen;
  auto target = core::server::parse_listen_address(route.target_text);
  if (!target) {
    return std::unexpected("bad target '" + route.target_text +
                           "' (want IPv4 a.b.c.d:port or [IPv6]:port)");
  }
  route.target = *target;
  // sin_port and sin6_port sit at the same offset, so one test covers both families.
  if (reinterpret_cast<const sockaddr_in*>(&route.target.storage)->sin_port == 0)
    return std::unexpected("the target's port is 0");
  return route;
}

}  // namespace

std::expected<Invocation, std::string> parse_flags(int argc, const char* const* argv) {
  CLI::App app(
      "delayproxy: a TCP proxy that adds delay and bandwidth limits (a WAN on loopback, for "
      "tests and benchmarks)",
      "delayproxy");
  app.get_formatter()->column_width(34);
  app.footer(std::string(kFooter));
  std::vector<std::string> routes;
  app.add_option("--route", routes, "forward LISTEN to TARGET; repeat for more routes")
      ->type_name("LISTEN=TARGET")
      ->allow_extra_args(false);
  std::vector<std::string> transparent_routes;
  app.add_option("--transparent-route", transparent_routes,
                 "forward what is redirected to LISTEN to where it was going; repeatable")
      ->type_name("LISTEN")
      ->allow_extra_args(false);
  std::vector<std::string> values(std::size(kFlags));
  for (size_t i = 0; i < std::size(kFlags); ++i) {
    app.add_option(std::string(kFlags[i].name), values[i], std::string(kFlags[i].help))
        ->type_name(std::string(kFlags[i].type));
  }
  app.get_option("--rtt")->excludes("--delay-up")->excludes("--delay-down");
  // A flag that answers at once, before --route is found missing.
  app.set_version_flag("--version", std::string("delayproxy ") + swipecdn::kVersion,
                       "print the version and exit");
  Invocation invocation;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    invocation.action = Invocation::Action::kPrintHelp;
    invocation.text = app.help();
    return invocation;
  } catch (const CLI::CallForVersion& answer) {
    invocation.action = Invocation::Action::kPrintVersion;
    invocation.text = std::string(answer.what()) + "\n";
    return invocation;
  } catch (const CLI::ParseError& error) {
    return std::unexpected(std::string(error.what()));
  }
  if (routes.empty() && transparent_routes.empty())
    return std::unexpected("--route: at least one --route or --transparent-route is required");
  for (const std::string& text : routes) {
    auto route = parse_route(text);
    if (!route) return std::unexpected("--route " + text + ": " + route.error());
    invocation.config.routes.push_back(std::move(*route));
  }
  for (const std::string& text : transparent_routes) {
    auto listen = core::server::parse_listen_address(text);
    if (!listen) return std::unexpected("--transparent-route " + text + ": " + listen.error());
    invocation.config.routes.push_back(Route{text, *listen, "", {}, true});
  }
  for (size_t i = 0; i < std::size(kFlags); ++i) {
    const std::string name(kFlags[i].name);
    if (app.count(name) == 0) continue;
    if (auto set = kFlags[i].set(invocation.config, values[i]); !set)
      return std::unexpected(name + " " + values[i] + ": " + set.error());
  }
  return invocation;
}

}  // namespace bench::delay_proxy
