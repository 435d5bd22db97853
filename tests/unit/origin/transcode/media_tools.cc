// Test helpers around the ffmpeg and ffprobe command lines; see media_tools.h.
#include "media_tools.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace origin::transcode::testing {

int run_command(const std::string& command, std::string* output) {
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::array<char, 4096> buffer;
  std::string text;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    text.append(buffer.data(), n);
  int status = pclose(pipe);
  if (output != nullptr) *output = std::move(text);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("transcode-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool ffmpeg(const std::string& args, const std::filesystem::path& out) {
  std::string output;
  int status =
      run_command("ffmpeg -nostdin -y -v error " + args + " '" + out.string() + "'", &output);
  if (status != 0) std::fprintf(stderr, "ffmpeg failed: %s\n", output.c_str());
  return status == 0;
}

bool make_clip(const std::filesystem::path& out, int width, int height, double seconds, bool audio,
               const std::string& extra, int fps) {
  std::ostringstream args;
  args << "-f lavfi -i testsrc2=size=" << width << "x" << height << ":rate=" << fps
       << ":duration=" << seconds;
  if (audio) args << " -f lavfi -i sine=frequency=440:sample_rate=44100:duration=" << seconds;
  args << " -c:v libx264 -preset ultrafast -pix_fmt yuv420p";
  if (audio) args << " -c:a aac";
  args << " " << extra;
  return ffmpeg(args.str(), out);
}

std::filesystem::path join_segments(const std::filesystem::path& dir) {
  std::filesystem::path joined = dir.parent_path() / (dir.filename().string() + "-joined.mp4");
  std::ofstream out(joined, std::ios::binary);
  auto append = [&](const std::filesystem::path& part) {
    std::ifstream in(part, std::ios::binary);
    out << in.rdbuf();
  };
  append(dir / "init.mp4");
  for (int n = 0; std::filesystem::exists(dir / ("seg_" + std::to_string(n) + ".m4s")); ++n) {
    append(dir / ("seg_" + std::to_string(n) + ".m4s"));
  }
  return joined;
}

std::vector<double> keyframe_times(const std::filesystem::path& file) {
  std::string output;
  run_command(
      "ffprobe -v error -select_streams v:0 -show_entries packet=pts_time,flags -of csv=p=0 '" +
          file.string() + "'",
      &output);
  std::vector<double> times;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    if (line.find('K', comma) != std::string::npos)
      times.push_back(std::stod(line.substr(0, comma)));
  }
  return times;
}

std::string probe_entry(const std::filesystem::path& file, const std::string& entries,
                        const std::string& streams) {
  std::string output;
  std::string select = streams.empty() ? "" : " -select_streams " + streams;
  run_command("ffprobe -v error" + select + " -show_entries " + entries +
                  " -of default=nw=1:nk=1 '" + file.string() + "'",
              &output);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
    output.pop_back();
  return output;
}

std::string decode_errors(const std::filesystem::path& file, const std::string& input_options) {
  std::string output;
  int status = run_command(
      "ffmpeg -nostdin -v error " + input_options + " -i '" + file.string() + "' -f null -",
      &output);
  if (status != 0 && output.empty()) output = "ffmpeg exited with " + std::to_string(status);
  return output;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace origin::transcode::testing
