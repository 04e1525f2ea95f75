// The device a command opens (cli/context.h).
#include "cli/context.h"

#include <gtest/gtest.h>

namespace rapport::cli {
namespace {

// What a person writes with a command must survive a power cut; only
// serve and sync, which store what the other device can send again, ask
// for less (cmd_sync.cc).
TEST(Context, CommandsWriteSoThatCommitsSurviveAPowerCut) {
  Context ctx;
  EXPECT_EQ(ctx.Env().durability, store::Durability::kPowerCut);
}

}  // namespace
}  // namespace rapport::cli
