// The `rapport` command. All the work is in cli/app.cc.
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli/app.h"

int main(int argc, char** argv) {
  // Keys live in sodium memory, which libsodium keeps out of core dumps, but
  // decrypted records, transport plaintexts and stdio buffers do not. No core
  // file, then; and a process that is not dumpable also cannot be ptraced or
  // have its memory and environment read by other processes of the same user.
  const rlimit no_core{0, 0};
  (void)::setrlimit(RLIMIT_CORE, &no_core);
  (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  return rapport::cli::Run(argc, argv);
}
