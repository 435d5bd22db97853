// Test helpers: make input clips with the ffmpeg command line and inspect outputs with
// ffprobe, in a temporary directory removed at the end of each test.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace origin::transcode::testing {

// Runs a shell command; returns its exit status and puts stdout + stderr in `output`.
int run_command(const std::string& command, std::string* output = nullptr);

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `ffmpeg -y -v error <args> <out>`; true when it succeeded.
bool ffmpeg(const std::string& args, const std::filesystem::path& out);

// A test clip: testsrc2 picture and, when `audio`, a sine tone, encoded with libx264
// (ultrafast) and AAC into `out` (container from its extension). `extra` goes before the
// output name (e.g. "-metadata:s:v rotate=90").
bool make_clip(const std::filesystem::path& out, int width, int height, double seconds,
               bool audio = true, const std::string& extra = "", int fps = 30);

// init.mp4 followed by every seg_N.m4s of a rendition directory, as one file.
std::filesystem::path join_segments(const std::filesystem::path& rendition_dir);

// Presentation times (s) of the keyframes of the video stream in `file`.
std::vector<double> keyframe_times(const std::filesystem::path& file);

// ffprobe's value of one entry, e.g. ("stream=width", "v:0").
std::string probe_entry(const std::filesystem::path& file, const std::string& entries,
                        const std::string& streams);

// Decodes `file` fully; the error text ffmpeg printed ("" when clean).
std::string decode_errors(const std::filesystem::path& file, const std::string& input_options = "");

std::string read_text(const std::filesystem::path& file);

}  // namespace origin::transcode::testing
