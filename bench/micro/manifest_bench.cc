// Google Benchmark of the playlist parser, writer and validator on a 1,000-segment media
// playlist and a 20-variant master. `--write-inputs DIR` writes both inputs and exits, so
// that other parsers (bench/micro/hls_parser_bench.mjs) read identical bytes.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "bench/micro/bench_playlists.h"
#include "manifest/parser.h"
#include "manifest/validator.h"
#include "manifest/writer.h"

namespace {

void set_bytes(benchmark::State& state, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  state.counters["bytes"] = static_cast<double>(bytes);
}

void parse_text(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    auto playlist = manifest::parse(text);
    if (!playlist) {
      state.SkipWithError("input does not parse");
      return;
    }
    benchmark::DoNotOptimize(playlist);
  }
  set_bytes(state, text.size());
}

// The writer appends to a reused buffer, as a server rendering playlists would.
template <typename Model>
void write_model(benchmark::State& state, const std::string& text) {
  auto parsed = manifest::parse(text);
  if (!parsed || !std::holds_alternative<Model>(*parsed)) {
    state.SkipWithError("input does not parse");
    return;
  }
  const Model& model = std::get<Model>(*parsed);
  std::string out;
  for (auto _ : state) {
    out.clear();
    manifest::write_to(model, out);
    benchmark::DoNotOptimize(out.data());
  }
  set_bytes(state, out.size());
}

void validate_text(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    auto diagnostics = manifest::validate(text);
    benchmark::DoNotOptimize(diagnostics);
  }
  set_bytes(state, text.size());
}

void BM_ParseMedia1000(benchmark::State& state) {
  parse_text(state, bench::media_playlist_1000());
}
void BM_WriteMedia1000(benchmark::State& state) {
  write_model<manifest::MediaPlaylist>(state, bench::media_playlist_1000());
}
void BM_ValidateMedia1000(benchmark::State& state) {
  validate_text(state, bench::media_playlist_1000());
}
void BM_ParseMaster20(benchmark::State& state) {
  parse_text(state, bench::master_playlist_20());
}
void BM_WriteMaster20(benchmark::State& state) {
  write_model<manifest::MasterPlaylist>(state, bench::master_playlist_20());
}
void BM_ValidateMaster20(benchmark::State& state) {
  validate_text(state, bench::master_playlist_20());
}

// Rates are per CPU second (the default), as the node script measures them too: on a shared
// machine wall-clock rates say more about the neighbours than about the parser.
BENCHMARK(BM_ParseMedia1000);
BENCHMARK(BM_WriteMedia1000);
BENCHMARK(BM_ValidateMedia1000);
BENCHMARK(BM_ParseMaster20);
BENCHMARK(BM_WriteMaster20);
BENCHMARK(BM_ValidateMaster20);

bool write_inputs(const std::string& dir) {
  for (const auto& [name, text] : {std::pair{"media_1000.m3u8", bench::media_playlist_1000()},
                                   std::pair{"master_20.m3u8", bench::master_playlist_20()}}) {
    std::ofstream out(dir + "/" + name, std::ios::binary);
    out << text;
    if (!out) {
      std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--write-inputs") {
    return write_inputs(argv[2]) ? 0 : 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
