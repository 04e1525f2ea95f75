#include <gtest/gtest.h>

#include "run_binary.h"

namespace rapport::cli::testing {
namespace {

TEST(CliHelp, DocumentsExitCodesAndEveryCommand) {
  const RunResult r = RunRapport({"--help"}, {});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word :
       {"Exit codes", "init", "notebook", "journal", "history", "RAPPORT_PASSPHRASE"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
}

TEST(CliHelp, UnknownCommandIsAUserError) {
  const RunResult r = RunRapport({"frobnicate"}, {});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("rapport:"), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace
}  // namespace rapport::cli::testing
