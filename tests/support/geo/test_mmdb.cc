// Runs the Perl script with the perl CMake found; both paths come in as compile definitions.
#include "tests/support/geo/test_mmdb.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace testsupport {

std::expected<void, std::string> make_test_mmdb(const std::string& path,
                                                const std::vector<std::string>& networks,
                                                const std::vector<std::string>& options) {
  std::vector<std::string> arguments = {SWIPECDN_PERL_EXECUTABLE, SWIPECDN_MAKE_TEST_MMDB};
  arguments.insert(arguments.end(), options.begin(), options.end());
  arguments.push_back(path);
  arguments.insert(arguments.end(), networks.begin(), networks.end());
  std::vector<char*> argv;
  argv.reserve(arguments.size() + 1);
  for (std::string& argument : arguments)
    argv.push_back(argument.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (spawned != 0)
    return std::unexpected(std::string("cannot run perl: ") + std::strerror(spawned));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::unexpected(std::string("waitpid: ") + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return std::unexpected("make_test_mmdb.pl failed (status " + std::to_string(status) + ")");
  }
  return {};
}

}  // namespace testsupport
