// The `rapport` command. All the work is in cli/app.cc.
#include "cli/app.h"

int main(int argc, char** argv) { return rapport::cli::Run(argc, argv); }
