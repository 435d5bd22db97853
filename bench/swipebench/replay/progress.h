// The replay's progress on stderr: a bar redrawn in place on a terminal, a plain line every
// few seconds otherwise (CI logs).
#pragma once

#include <cstdint>
#include <cstdio>

namespace swipebench::replay {

struct ProgressState {
  int64_t viewers_done = 0;
  int64_t viewers = 0;
  uint64_t requests = 0;
  double elapsed_s = 0;
  double planned_s = 0;
};

class Progress {
 public:
  explicit Progress(std::FILE* out);
  // Called about once a second.
  void update(const ProgressState& state);
  // Ends the bar's line.
  void finish();

 private:
  std::FILE* out_;
  bool terminal_;
  uint64_t last_requests_ = 0;
  double last_elapsed_ = 0;
  double last_line_ = -1e9;
};

}  // namespace swipebench::replay
