// The callback libav calls, on whichever thread logs (decoder and encoder threads included).
#include "origin/av_log_bridge.h"

#include <atomic>
#include <string>

extern "C" {
#include <libavutil/log.h>
}

namespace origin {
namespace {

// libav's callback takes no user pointer, hence this one global.
std::atomic<core::log::Logger*> g_log{nullptr};

void forward(void* context, int level, const char* format, va_list args) {
  if (level > AV_LOG_WARNING) return;
  core::log::Logger* log = g_log.load(std::memory_order_acquire);
  if (log == nullptr) return;
  char line[1024];
  // The prefix ("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x...]") is dropped: the component says enough.
  int print_prefix = 0;
  if (av_log_format_line2(nullptr, level, format, args, line, sizeof line, &print_prefix) < 0) {
    return;
  }
  std::string message(line);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  if (message.empty()) return;
  nlohmann::json fields = {{"message", message}};
  if (context != nullptr) {
    const AVClass* av_class = *static_cast<AVClass* const*>(context);
    if (av_class != nullptr && av_class->item_name != nullptr) {
      fields["component"] = av_class->item_name(context);
    }
  }
  const bool error = level <= AV_LOG_ERROR;
  log->log(error ? core::log::Level::kError : core::log::Level::kWarn, "libav", std::move(fields));
}

}  // namespace

AvLogRoute::AvLogRoute(core::log::Logger& log) {
  g_log.store(&log, std::memory_order_release);
  av_log_set_callback(&forward);
}

AvLogRoute::~AvLogRoute() {
  av_log_set_callback(&av_log_default_callback);
  g_log.store(nullptr, std::memory_order_release);
}

}  // namespace origin
