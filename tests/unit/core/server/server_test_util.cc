// The test server wrapper, its configuration, and self-signed certificates for TLS tests.
#include "tests/unit/core/server/server_test_util.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace core::server::testing {

ServerConfig test_config() {
  ServerConfig config;
  config.listeners.push_back(Listener{"127.0.0.1:0", false});
  config.workers = 1;
  return config;
}

TestServer::TestServer(ServerConfig config) {
  auto started = Server::start(
      std::move(config),
      [this](WorkerContext& worker) {
        {
          std::lock_guard lock(registries_mutex_);
          if (registries_.size() <= static_cast<size_t>(worker.index)) {
            registries_.resize(static_cast<size_t>(worker.index) + 1);
          }
          registries_[static_cast<size_t>(worker.index)] = worker.metrics;
        }
        return make_test_handler(log_, worker.index);
      },
      exposition_);
  if (!started) throw std::runtime_error("server did not start: " + started.error());
  server_ = std::move(*started);
}

TestServer::~TestServer() {
  server_.reset();
}

uint64_t TestServer::counter(const metrics::FamilySpec& family,
                             std::initializer_list<std::string_view> labels, int worker) {
  std::lock_guard lock(registries_mutex_);
  return registries_.at(static_cast<size_t>(worker))->counter(family, labels).value();
}

int64_t TestServer::gauge(const metrics::FamilySpec& family,
                          std::initializer_list<std::string_view> labels, int worker) {
  std::lock_guard lock(registries_mutex_);
  return registries_.at(static_cast<size_t>(worker))->gauge(family, labels).value();
}

bool TestServer::wait_for_counter(const metrics::FamilySpec& family,
                                  std::initializer_list<std::string_view> labels,
                                  uint64_t at_least) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFailSafeMs);
  while (counter(family, labels) < at_least) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

SelfSigned::SelfSigned(const std::string& common_name) {
  std::string pattern = (std::filesystem::temp_directory_path() / "server-tls-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = pattern;
  const std::string cert = dir_ + "/cert.pem";
  const std::string key = dir_ + "/key.pem";
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=" +
      common_name + " -addext subjectAltName=DNS:" + common_name + " -keyout " + key + " -out " +
      cert + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) {
    error_ = "openssl req failed";
    return;
  }
  auto loaded = tls::TlsContext::load({tls::CertificateFiles{cert, key}}, tls::TlsOptions{});
  if (!loaded) {
    error_ = loaded.error();
    return;
  }
  context_ = *loaded;
}

SelfSigned::~SelfSigned() {
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

}  // namespace core::server::testing
