// Deterministic benchmark inputs: realistic shapes (ffmpeg-style EXTINF with six decimals,
// numbered segment names, a packager's ladder of variants), no randomness.
#include "bench/micro/bench_playlists.h"

#include <array>
#include <cstdio>
#include <string>

namespace bench {

std::string media_playlist_1000() {
  std::string out =
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n"
      "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
      "#EXT-X-MAP:URI=\"v720p/init.mp4\"\n";
  // Durations as a 29.97 fps encoder with a 2 s GOP cut them; they cycle so the file is fixed.
  constexpr std::array<const char*, 4> kDurations = {"3.970633", "4.004000", "4.004000",
                                                     "2.002000"};
  char line[160];
  for (int i = 0; i < 1000; ++i) {
    if (i == 0 || i == 500) {
      std::snprintf(line, sizeof line, "#EXT-X-PROGRAM-DATE-TIME:2024-05-01T12:%02d:%02d.000Z\n",
                    (i * 4) / 60 % 60, (i * 4) % 60);
      out += line;
    }
    std::snprintf(line, sizeof line, "#EXTINF:%s,\nv720p/segment_%05d.m4s\n", kDurations[i % 4], i);
    out += line;
  }
  out += "#EXT-X-ENDLIST\n";
  return out;
}

std::string master_playlist_20() {
  std::string out =
      "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac-lc\",LANGUAGE=\"en\",NAME=\"English\","
      "AUTOSELECT=YES,DEFAULT=YES,CHANNELS=\"2\",URI=\"audio/aac-lc/en/index.m3u8\"\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac-lc\",LANGUAGE=\"es\",NAME=\"Espanol\","
      "AUTOSELECT=YES,DEFAULT=NO,CHANNELS=\"2\",URI=\"audio/aac-lc/es/index.m3u8\"\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac-he\",LANGUAGE=\"en\",NAME=\"English\","
      "AUTOSELECT=YES,DEFAULT=YES,CHANNELS=\"2\",URI=\"audio/aac-he/en/index.m3u8\"\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac-he\",LANGUAGE=\"es\",NAME=\"Espanol\","
      "AUTOSELECT=YES,DEFAULT=NO,CHANNELS=\"2\",URI=\"audio/aac-he/es/index.m3u8\"\n";
  struct Rung {
    int width, height, kbps;
    const char* codec;
  };
  constexpr std::array<Rung, 10> kLadder = {{{416, 234, 145, "avc1.42c01e"},
                                             {480, 270, 365, "avc1.42c01e"},
                                             {640, 360, 730, "avc1.4d401e"},
                                             {768, 432, 1100, "avc1.4d401f"},
                                             {960, 540, 2000, "avc1.4d401f"},
                                             {1280, 720, 3000, "avc1.640020"},
                                             {1280, 720, 4500, "avc1.640020"},
                                             {1920, 1080, 6000, "avc1.640028"},
                                             {1920, 1080, 7800, "avc1.640028"},
                                             {2560, 1440, 12000, "avc1.640032"}}};
  char line[400];
  for (int frame_rate_index = 0; frame_rate_index < 2; ++frame_rate_index) {
    const char* frame_rate = frame_rate_index == 0 ? "29.970" : "59.940";
    for (const Rung& rung : kLadder) {
      const bool low = rung.kbps < 1000;
      const int bandwidth = rung.kbps * 1000 * (frame_rate_index + 3) / 3 + (low ? 64000 : 128000);
      std::snprintf(line, sizeof line,
                    "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,CODECS=\"%s,%s\","
                    "RESOLUTION=%dx%d,FRAME-RATE=%s,AUDIO=\"%s\",CLOSED-CAPTIONS=NONE\n"
                    "video/%dp%s/%dk/index.m3u8\n",
                    bandwidth, bandwidth * 9 / 10, rung.codec, low ? "mp4a.40.5" : "mp4a.40.2",
                    rung.width, rung.height, frame_rate, low ? "aac-he" : "aac-lc", rung.height,
                    frame_rate_index == 0 ? "30" : "60", rung.kbps);
      out += line;
    }
  }
  return out;
}

}  // namespace bench
