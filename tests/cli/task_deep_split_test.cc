// `rapport task show` on a chain of splits as long as a member cares to make
// it: each step split into one smaller step, and that one again. The chain's
// events are signed here, as a member's device would sign them, and stored
// through the store's batch acceptance (building them through the binary
// would fold the notebook once per split).
#include <gtest/gtest.h>

#include "cli/review_render.h"
#include "core/event.h"
#include "paired_devices.h"
#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

class TaskDeepSplitTest : public VerbTest {};

TEST_F(TaskDeepSplitTest, ShowPrintsALongChainOfSplitsInTextLinearInItsLength) {
  constexpr int kSplits = 3000;
  const std::string nb_hex = TherapistHome();
  const auto nb = core::NotebookId::FromView(*crypto::FromHex(nb_hex));
  ASSERT_TRUE(nb);
  core::EventId task;
  {
    OpenHome open;
    OpenExistingHome(open, home());
    store::Device& device = *open.device;
    const crypto::SigningKey client = crypto::SigningKey::Generate(open.rng);
    const auto client_id = core::AuthorId::FromArray(client.public_key());
    ASSERT_TRUE(device.AddMember(*nb, client_id, crypto::DhKeyPair::Generate(open.rng).public_key(),
                                 core::Role::kClient, "Sam"));
    auto assigned = device.AppendShared(
        *nb, core::TaskAssign{"Talk", std::nullopt, {"talk to a stranger"}, std::nullopt});
    ASSERT_TRUE(assigned) << assigned.error().message;
    task = *assigned;
    auto key = device.NotebookKeyForPeer(*nb);
    ASSERT_TRUE(key);

    core::EventHeader h;
    h.notebook = *nb;
    h.author = client_id;
    h.epoch = key->first;
    h.lamport = 100;
    core::StepId step{task, 0};
    std::vector<crypto::Bytes> batch;
    for (int i = 0; i < kSplits; ++i) {
      ++h.seq;
      ++h.lamport;
      const core::Record split{1767225600000,
                               core::TaskStepSplit{task, step, {"something smaller"}}};
      const core::SignedEvent e =
          core::SealEvent(h, core::EncodeRecord(split), key->second, client, open.rng);
      h.prev = e.Id();
      step = core::StepId{h.prev, 0};
      batch.push_back(e.Encode());
      if (batch.size() == 500 || i + 1 == kSplits) {
        auto stored = device.AcceptBatch(*nb, batch);
        ASSERT_TRUE(stored) << stored.error().message;
        batch.clear();
      }
    }
  }
  const RunResult show = Run({"task", "show", task.Short()});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const std::string t = task.Short();
  // Each split's steps under it, six columns further in...
  EXPECT_NE(show.out.find("  " + t + "/1  [split]  talk to a stranger\n" +
                          "      split by Sam into:\n" + "        " + t +
                          "/2  [split]  something smaller\n" + "            split by Sam into:\n"),
            std::string::npos)
      << show.out.substr(0, 400);
  // ... until kMaxShownStepDepth levels in, where the indent stays.
  const std::string deepest = std::string(2 + 6 * kMaxShownStepDepth, ' ') + t + "/" +
                              std::to_string(kSplits + 1) + "  [to do]  something smaller\n";
  EXPECT_NE(show.out.find("\n" + deepest), std::string::npos);
  // About a hundred bytes a step, however deep: indenting each step by its
  // depth printed 54 MB, mostly spaces, for these 3,000 steps (and, recursing,
  // overflowed the stack for a few tens of thousands).
  EXPECT_LT(show.out.size(), 200u * kSplits);
}

}  // namespace
}  // namespace rapport::cli::testing
