// Reading a notebook while another connection commits: Device::Load and
// Device::History read the members, then each member's feed, in several
// statements, and must see one snapshot of the database through all of them
// (a `rapport review` while `rapport serve` stores a pairing and the new
// member's first events). The other connection commits from a statement
// hook on the reader's connection, at a chosen statement, so the
// interleaving is exact.
#include <gtest/gtest.h>

#include <string_view>

#include "store/device.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::TestHome;

// The statement that reads one member's feed (EventLog::ForEach).
constexpr std::string_view kFeedRead = "SELECT encoded, local_mac, id, seq, lamport FROM events";

class ReadSnapshotTest : public ::testing::Test {
 protected:
  ReadSnapshotTest()
      : therapist_home_(61),
        client_home_(62),
        writer_(therapist_home_.Create("Dr. Ada", core::Role::kTherapist)),
        reader_(therapist_home_.Open()),
        client_(client_home_.Create("Sam", core::Role::kClient)) {}

  void SetUp() override {
    auto nb = writer_.CreateNotebook("Sessions");
    ASSERT_TRUE(nb) << nb.error().message;
    nb_ = *nb;
    ASSERT_TRUE(writer_.AppendShared(nb_, Entry("before the client joined")));
  }

  // Once, as the reader starts reading its first feed (after it has read
  // the members): the writer pairs the client, and the client's first entry
  // arrives, as `serve` would store them.
  void PairWhenTheFirstFeedIsRead() {
    reader_.database_for_testing().SetStatementHookForTesting([this](std::string_view sql) {
      if (fired_ || sql.find(kFeedRead) == std::string_view::npos) return;
      fired_ = true;
      ASSERT_NO_FATAL_FAILURE(testing_util::PairInStore(writer_, client_, nb_));
      ASSERT_TRUE(client_.AppendShared(nb_, Entry("the client's first entry")));
      ASSERT_NO_FATAL_FAILURE(testing_util::Deliver(client_, writer_, nb_));
    });
  }

  TestHome therapist_home_, client_home_;
  Device writer_, reader_, client_;
  core::NotebookId nb_;
  bool fired_ = false;
};

TEST_F(ReadSnapshotTest, LoadSeesOneSnapshotWhileAMemberAndTheirEventsArrive) {
  const auto before = reader_.Load(nb_);
  ASSERT_TRUE(before) << before.error().message;
  PairWhenTheFirstFeedIsRead();
  const auto during = reader_.Load(nb_);
  ASSERT_TRUE(during) << during.error().message;
  ASSERT_TRUE(fired_);
  reader_.database_for_testing().SetStatementHookForTesting(nullptr);
  const auto after = reader_.Load(nb_);
  ASSERT_TRUE(after) << after.error().message;
  ASSERT_EQ(after->state.members.size(), 2u);
  ASSERT_EQ(after->state.journal.size(), 2u);

  // The state of one moment: without the client, or with the client and
  // their entry; never the client as a member whose feed was not read.
  const core::NotebookState& state = during->state;
  const bool is_before = state.event_count == before->state.event_count &&
                         state.members.size() == 1 && state.journal.size() == 1;
  const bool is_after = state.event_count == after->state.event_count &&
                        state.members.size() == 2 && state.journal.size() == 2;
  EXPECT_TRUE(is_before || is_after)
      << "events " << state.event_count << " (before " << before->state.event_count << ", after "
      << after->state.event_count << "), members " << state.members.size() << ", entries "
      << state.journal.size();
  EXPECT_TRUE(during->problems.empty());
}

TEST_F(ReadSnapshotTest, HistorySeesOneSnapshotWhileAMemberAndTheirEventsArrive) {
  const auto before = reader_.History(nb_);
  ASSERT_TRUE(before) << before.error().message;
  PairWhenTheFirstFeedIsRead();
  const auto during = reader_.History(nb_);
  ASSERT_TRUE(during) << during.error().message;
  ASSERT_TRUE(fired_);
  reader_.database_for_testing().SetStatementHookForTesting(nullptr);
  const auto after = reader_.History(nb_);
  ASSERT_TRUE(after) << after.error().message;
  ASSERT_GT(after->size(), before->size());

  EXPECT_TRUE(during->size() == before->size() || during->size() == after->size())
      << "rows " << during->size() << " (before " << before->size() << ", after " << after->size()
      << ")";
  for (const HistoryRow& row : *during) EXPECT_TRUE(row.verified) << row.problem;
}

// `rapport journal list` shows the shared entries (Load) and this device's
// private ones (ListPrivate) together. An entry shared by another process
// between the two reads must show once, not vanish: the command holds one
// snapshot across both.
TEST_F(ReadSnapshotTest, ASnapshotKeepsSharedAndPrivateEntriesTogether) {
  const auto kept = writer_.AddPrivate(nb_, Entry("private, until shared"));
  ASSERT_TRUE(kept) << kept.error().message;
  {
    const auto snapshot = reader_.ReadSnapshot();
    ASSERT_TRUE(snapshot) << snapshot.error().message;
    const auto loaded = reader_.Load(nb_);
    ASSERT_TRUE(loaded) << loaded.error().message;
    const auto shared = writer_.SharePrivate(nb_, kept->Hex());
    ASSERT_TRUE(shared) << shared.error().message;
    const auto privates = reader_.ListPrivate(nb_);
    ASSERT_TRUE(privates) << privates.error().message;
    EXPECT_EQ(loaded->state.journal.size() + privates->entries.size(), 2u)
        << loaded->state.journal.size() << " shared, " << privates->entries.size() << " private";
  }
  // The snapshot has ended: the share is seen.
  EXPECT_EQ(reader_.Load(nb_)->state.journal.size(), 2u);
  EXPECT_TRUE(reader_.ListPrivate(nb_)->entries.empty());
}

}  // namespace
}  // namespace rapport::store
