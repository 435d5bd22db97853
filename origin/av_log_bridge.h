// libav's messages (a corrupt upload's demuxer warnings, encoder errors) as origind's own JSON
// log lines instead of free text on stderr. libav has one process-wide log callback, so there
// is one route at a time: origind makes it at start, before any transcode runs.
#pragma once

#include "core/log/logger.h"

namespace origin {

// While it lives, libav's warnings and errors go to `log` (lesser messages are dropped); once
// destroyed, libav logs as it does by default.
class AvLogRoute {
 public:
  explicit AvLogRoute(core::log::Logger& log);
  ~AvLogRoute();
  AvLogRoute(const AvLogRoute&) = delete;
  AvLogRoute& operator=(const AvLogRoute&) = delete;
};

}  // namespace origin
