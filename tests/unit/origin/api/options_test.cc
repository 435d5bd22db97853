// origind's options: --check-config is a run's parse that stops, and a bad listen address is a
// usage error naming --listen before anything binds.
#include "origin/api/options.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <vector>

namespace origin::api {
namespace {

std::expected<Options, OptionsError> parse(std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"origind"};
  argv.insert(argv.end(), args);
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

class OptionsTest : public ::testing::Test {
 protected:
  std::string write(std::string_view text) {
    std::ofstream(path_) << text;
    return path_.string();
  }
  std::filesystem::path path_ =
      std::filesystem::temp_directory_path() / ("origind-" + std::to_string(::getpid()) + ".toml");
  ~OptionsTest() override { std::filesystem::remove(path_); }
};

TEST_F(OptionsTest, CheckConfigParsesTheFileAndTheFlags) {
  const std::string file = write("listen = \"0.0.0.0:8080\"\nworkers = 3\n");
  auto options = parse({"--check-config", "--config", file.c_str(), "--data-dir", "d"});
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->action, Options::Action::kCheckConfig);
  EXPECT_EQ(options->listen, "0.0.0.0:8080");
  EXPECT_EQ(options->workers, 3);
  options = parse({"--data-dir", "d"});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->action, Options::Action::kServe);
}

TEST_F(OptionsTest, CheckConfigFailsWhereAStartWould) {
  const std::string file = write("workers = 0\n");
  auto options = parse({"--check-config", "--config", file.c_str(), "--data-dir", "d"});
  ASSERT_FALSE(options);
  EXPECT_NE(options.error().message.find("--workers"), std::string::npos)
      << options.error().message;
  write("no-such-key = 1\n");
  options = parse({"--check-config", "--config", file.c_str(), "--data-dir", "d"});
  ASSERT_FALSE(options);
  EXPECT_NE(options.error().message.find("no-such-key"), std::string::npos)
      << options.error().message;
  options = parse({"--check-config"});
  ASSERT_FALSE(options);
  EXPECT_EQ(options.error().message, "--data-dir is required");
}

TEST_F(OptionsTest, AConfigFileCannotAskForACheck) {
  const std::string file = write("check-config = true\n");
  auto options = parse({"--config", file.c_str(), "--data-dir", "d"});
  ASSERT_FALSE(options);
  EXPECT_NE(options.error().message.find("check-config"), std::string::npos)
      << options.error().message;
}

TEST_F(OptionsTest, BadListenAddressesAreNamed) {
  for (const char* listen : {"localhost:8080", "8080", "127.0.0.1:99999", "[::1]"}) {
    auto options = parse({"--data-dir", "d", "--listen", listen});
    ASSERT_FALSE(options) << listen;
    EXPECT_TRUE(options.error().message.starts_with("--listen: ")) << options.error().message;
  }
  EXPECT_TRUE(parse({"--data-dir", "d", "--listen", "[::]:0"}));
}

TEST_F(OptionsTest, IngestIsNotChecked) {
  auto options = parse({"--check-config", "ingest", "--data-dir", "d", "clip.mp4"});
  ASSERT_FALSE(options);
  EXPECT_TRUE(options.error().message.starts_with("--check-config")) << options.error().message;
}

}  // namespace
}  // namespace origin::api
