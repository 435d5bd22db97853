// The flags of `swipebench replay` with CLI11; the help text is the user's manual of the player
// model and of the figures, so it says what each one means.
#include "bench/swipebench/replay/replay_flags.h"

#include <CLI/CLI.hpp>

namespace swipebench::replay {
namespace {

constexpr const char* kDescription =
    R"(Replays a swipe trace against an edge: every viewer of the trace plays its swipes
concurrently, on one event loop, each over its own connection (HTTP/1.1 keep-alive, or
HTTP/2 cleartext with prior knowledge with --http2), at the trace's times divided by --speed.

Player model: at a swipe, master playlist -> media playlist of the start rendition -> init
-> first segment (start latency: swipe to first segment complete). Then it keeps --buffer-ms
of media ahead of the playhead; the playhead reaching the end of the buffer before the clip
is whole is a stall (counted, and its time is rebuffer time). A clip downloaded whole loops
until the viewer leaves after watch_ms (or at the next swipe). Renditions: the highest whose
BANDWIDTH is under 0.8 x an EWMA (alpha 0.3) of segment throughput; the lowest before any
estimate. --prefetch N: for the next N clips, playlists, init and first segment while the
playing clip needs nothing; what is never played is wasted. CMCD (sid, cid, ot, br, bl, d,
nor, su, mtp) goes on every request as the CMCD query parameter. Video names "#N" are the
N-th of the origin's region feed (--origin, --catalog-region), wrapping around past its end.

Results: start latency p50/p95/p99, stalls, rebuffer, first-segment hit ratio (X-Cache), bytes
by X-Cache, prefetch waste, the edge's counters from /metrics before and after (origin
offload, pre-warm waste), the ACM MM'22 short-video QoE (sum of Mbit/s x s played - 1.85 x s
rebuffered - sum |Mbit/s change| - 0.5 x Mbit downloaded), errors by kind. A swipe that never
started is a viewer who left before the clip did ("swipes started X of Y"), not an error.
Exit status: 0; 1 when requests failed; 3 when the replay fell behind its schedule by more
than --max-lag-ms (p99 of swipe lateness); 2 for a bad flag.)";

}  // namespace

std::expected<ReplayInvocation, std::string> parse_replay_flags(int argc, const char* const* argv) {
  ReplayInvocation inv;
  ReplayOptions& o = inv.options;
  CLI::App app{kDescription, "swipebench replay"};
  app.get_formatter()->column_width(28);
  app.add_option("--trace", o.trace, "swipe trace (JSON lines or CSV)")->required();
  app.add_option("--target", o.target, "edge URL, http://IP:port")->required();
  app.add_option("--origin", o.origin, "origin URL, for \"#N\" video names");
  app.add_option("--catalog-region", o.catalog_region, "region feed that ranks the catalog");
  app.add_option("--catalog-size", o.catalog_size, "videos asked of the region feed")
      ->check(CLI::Range(1, 200));
  bool no_events = false;
  app.add_flag("--no-events", no_events,
               "do not POST the viewers' interaction events to --origin (as an app would)");
  app.add_option("--metrics", o.metrics_url, "the edge's metrics URL (default TARGET/metrics)");
  app.add_flag("--http2", o.http2, "HTTP/2 over cleartext TCP (h2c, prior knowledge)");
  app.add_option("--speed", o.speed, "trace time runs this many times faster")
      ->check(CLI::Range(0.01, 1000.0));
  app.add_option("--prefetch", o.prefetch, "next clips whose first segment is prefetched")
      ->check(CLI::Range(0, 2));
  app.add_option("--json", o.json_path, "write every figure and per-viewer samples here");
  app.add_option("--html", o.html_path, "write a self-contained HTML report here");
  app.add_option("--max-viewers", o.max_viewers, "replay only the first N viewers")
      ->check(CLI::Range(int64_t{1}, int64_t{10'000'000}));
  app.add_option("--duration", o.duration_s, "replay only the trace's first S seconds")
      ->check(CLI::Range(0.001, 1e9));
  app.add_flag("--forwarded-for", o.forwarded_for, "send each viewer's ip as X-Forwarded-For");
  app.add_option("--buffer-ms", o.buffer_ms, "player buffer target, ms of media")
      ->check(CLI::Range(int64_t{500}, int64_t{120'000}));
  app.add_option("--timeout-ms", o.timeout_ms, "request timeout without a byte")
      ->check(CLI::Range(int64_t{50}, int64_t{600'000}));
  app.add_option("--max-lag-ms", o.max_lag_ms, "fail when swipes start later than this (p99)")
      ->check(CLI::Range(int64_t{1}, int64_t{600'000}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    inv.print_help = true;
    inv.help = app.help();
    return inv;
  } catch (const CLI::ParseError& e) {
    return std::unexpected(std::string(e.what()));
  }
  if (!o.target.starts_with("http://")) return std::unexpected("--target: an http://IP:port URL");
  o.events = !no_events;
  return inv;
}

}  // namespace swipebench::replay
