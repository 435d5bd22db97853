// `swipebench gen`: writes a generated swipe trace (gen_model.h documents the model).
#pragma once

namespace swipebench::gen {

// argv[0] is "gen"; answers the process's exit status (command_line.h).
int run_gen(int argc, char** argv);

}  // namespace swipebench::gen
