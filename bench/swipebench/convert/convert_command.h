// `swipebench convert`: a trace from public research data shapes (curves.h, kuairec.h).
#pragma once

namespace swipebench::convert {

// argv[0] is "convert"; answers the process's exit status (command_line.h).
int run_convert(int argc, char** argv);

}  // namespace swipebench::convert
