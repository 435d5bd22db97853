// `swipebench replay`: the subcommand's entry point, called by swipebench's main.cc with the
// arguments after "replay" (argv[0] is the subcommand's name). Returns the exit status:
// 0 ok, 1 failed requests (or reports not written), 2 bad flags, 3 fell behind its schedule.
#pragma once

namespace swipebench::replay {

int run_replay(int argc, char** argv);

}  // namespace swipebench::replay
