// The command-line interface: parses arguments, calls the store, prints
// text or JSON, and turns errors into one line on stderr and an exit code:
//   0 success, 1 user error (bad arguments, unknown id, ...),
//   2 data or security error (wrong passphrase, damaged database, ...).
#pragma once

namespace rapport::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUser = 1;
inline constexpr int kExitData = 2;

int Run(int argc, char** argv);

}  // namespace rapport::cli
