// The security claims of DESIGN.md, tested against a real database file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "store/home.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::ReadFile;
using testing_util::TestHome;

bool Contains(const std::vector<std::uint8_t>& haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

// A therapist's device with a notebook, and a client's device joined to it.
class PairedDevices : public ::testing::Test {
 protected:
  void SetUp() override {
    notebook_ = *therapist_.CreateNotebook("Anxiety work");
    auto added =
        therapist_.AddMember(notebook_, client_.identity().id, client_.identity().noise_key,
                             core::Role::kClient, client_.identity().name);
    ASSERT_TRUE(added) << added.error().message;
    auto key = therapist_.NotebookKeyForPeer(notebook_);
    ASSERT_TRUE(key);
    ASSERT_TRUE(client_.JoinNotebook(notebook_, therapist_.identity().id, core::Role::kTherapist,
                                     key->first, key->second));
    Deliver(therapist_, client_);
  }

  void Deliver(Device& from, Device& to) { testing_util::Deliver(from, to, notebook_); }

  TestHome therapist_home_{101}, client_home_{102};
  Device therapist_ = therapist_home_.Create("Dr. Ada Example", core::Role::kTherapist);
  Device client_ = client_home_.Create("Sam Client", core::Role::kClient);
  core::NotebookId notebook_;
};

TEST_F(PairedDevices, EventsFromAMemberAreAcceptedOnce) {
  ASSERT_TRUE(client_.AppendShared(notebook_, Entry("I tried the breathing exercise", 5)));
  Deliver(client_, therapist_);
  auto state = therapist_.Load(notebook_);
  ASSERT_EQ(state->state.journal.size(), 1u);
  EXPECT_EQ(state->state.journal[0].entry.text, "I tried the breathing exercise");
  EXPECT_EQ(state->state.members.size(), 2u);
  // Accepting the same event again is idempotent.
  const auto events = *client_.EventsAfter(notebook_, client_.identity().id, 0, 10);
  auto again = therapist_.Accept(events[0]);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(therapist_.Load(notebook_)->state.event_count, 3u);
}

TEST_F(PairedDevices, SkippedSeqIsRejectedThenAcceptedInOrder) {
  ASSERT_TRUE(client_.AppendShared(notebook_, Entry("one")));
  ASSERT_TRUE(client_.AppendShared(notebook_, Entry("two")));
  const auto events = *client_.EventsAfter(notebook_, client_.identity().id, 0, 10);
  auto early = therapist_.Accept(events[1]);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kOutOfOrder);
  EXPECT_EQ(therapist_.Load(notebook_)->state.journal.size(), 0u);
  ASSERT_TRUE(therapist_.Accept(events[0]));
  ASSERT_TRUE(therapist_.Accept(events[1]));
  EXPECT_EQ(therapist_.Load(notebook_)->state.journal.size(), 2u);
}

TEST_F(PairedDevices, EquivocationIsRejectedAndReported) {
  // A copy of the client's home (say, restored from a backup) writes a
  // different event at the same seq.
  TestHome clone_home(103);
  std::filesystem::copy(
      client_home_.dir.path(), clone_home.dir.path(),
      std::filesystem::copy_options::overwrite_existing | std::filesystem::copy_options::recursive);
  Device clone = clone_home.Open();
  ASSERT_TRUE(client_.AppendShared(notebook_, Entry("the real entry")));
  ASSERT_TRUE(clone.AppendShared(notebook_, Entry("a conflicting entry")));
  Deliver(client_, therapist_);
  const auto forked = *clone.EventsAfter(notebook_, clone.identity().id, 0, 10);
  auto r = therapist_.Accept(forked[0]);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kEquivocation);
  auto state = therapist_.Load(notebook_);
  ASSERT_EQ(state->state.journal.size(), 1u);
  EXPECT_EQ(state->state.journal[0].entry.text, "the real entry");
  auto rejections = therapist_.Rejections(notebook_);
  ASSERT_EQ(rejections->size(), 1u);
  EXPECT_EQ((*rejections)[0].code, ErrorCode::kEquivocation);
}

TEST_F(PairedDevices, NonMemberEventIsRejected) {
  // A stranger who somehow holds the notebook key, and who pretends on its
  // own device to be the creator, still cannot write into the notebook.
  TestHome stranger_home(104);
  Device stranger = stranger_home.Create("Mallory", core::Role::kTherapist);
  auto key = therapist_.NotebookKeyForPeer(notebook_);
  ASSERT_TRUE(stranger.JoinNotebook(notebook_, stranger.identity().id, core::Role::kTherapist,
                                    key->first, key->second));
  ASSERT_TRUE(stranger.AppendShared(
      notebook_, core::NotebookCreated{"Hijacked", "Mallory", core::Role::kTherapist}));
  ASSERT_TRUE(stranger.AppendShared(notebook_, Entry("forged entry")));
  const auto forged = *stranger.EventsAfter(notebook_, stranger.identity().id, 0, 10);
  ASSERT_EQ(forged.size(), 2u);
  for (const auto& e : forged) {
    auto r = therapist_.Accept(e);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kNotMember);
  }
  auto state = therapist_.Load(notebook_);
  EXPECT_EQ(state->state.title, "Anxiety work");
  EXPECT_EQ(state->state.journal.size(), 0u);
  EXPECT_EQ(therapist_.Rejections(notebook_)->size(), 2u);
}

TEST_F(PairedDevices, OnlyTheCreatorAddsMembers) {
  TestHome other_home(105);
  Device other = other_home.Create("Other", core::Role::kClient);
  auto add = client_.AddMember(notebook_, other.identity().id, other.identity().noise_key,
                               core::Role::kClient, "Other");
  ASSERT_FALSE(add);
  EXPECT_EQ(add.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(client_.Load(notebook_)->state.members.size(), 2u);
}

TEST_F(PairedDevices, AFlippedBitAnywhereInAStoredEventIsCaughtOnLoad) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(client_.AppendShared(notebook_, Entry("entry " + std::to_string(i))));
  Deliver(client_, therapist_);
  Database& db = therapist_.database_for_testing();
  // The client's second event (seq 2), as stored.
  auto select = db.Prepare("SELECT encoded FROM events WHERE author = ?1 AND seq = 2");
  select->Bind(1, client_.identity().id.bytes);
  ASSERT_TRUE(*select->Step());
  const crypto::Bytes original = crypto::ToBytes(select->ColumnBlob(0));
  // One offset in each region: header (its notebook id, author and key
  // epoch), nonce, ciphertext, signature.
  const std::size_t offsets[] = {5,
                                 20,
                                 core::kEventHeaderSize - 1,
                                 core::kEventHeaderSize + 3,
                                 core::kEventHeaderSize + 40,
                                 original.size() - 5};
  for (const std::size_t at : offsets) {
    crypto::Bytes damaged = original;
    damaged[at] ^= 0x04;
    auto update = db.Prepare("UPDATE events SET encoded = ?1 WHERE author = ?2 AND seq = 2");
    update->Bind(1, damaged).Bind(2, client_.identity().id.bytes);
    ASSERT_TRUE(update->Run());
    auto loaded = therapist_.Load(notebook_);
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->problems.size(), 1u) << "offset " << at;
    ASSERT_EQ(loaded->state.journal.size(), 2u) << "offset " << at;
    EXPECT_EQ(loaded->state.journal[0].entry.text, "entry 0");
    EXPECT_EQ(loaded->state.journal[1].entry.text, "entry 2");
    auto history = therapist_.History(notebook_);
    ASSERT_TRUE(history);
    EXPECT_EQ(std::count_if(history->begin(), history->end(),
                            [](const HistoryRow& r) { return !r.verified; }),
              1);
  }
}

TEST_F(PairedDevices, DamageInALargeNotebookCostsOnlyTheDamagedEvents) {
  // Enough events for many load batches, from two feeds that interleave.
  for (int i = 0; i < 900; ++i) {
    ASSERT_TRUE(client_.AppendShared(notebook_, Entry("client " + std::to_string(i))));
    ASSERT_TRUE(therapist_.AppendShared(notebook_, Entry("therapist " + std::to_string(i))));
  }
  Deliver(client_, therapist_);
  auto before = therapist_.Load(notebook_);
  ASSERT_TRUE(before);
  ASSERT_TRUE(before->problems.empty());
  ASSERT_EQ(before->state.journal.size(), 1800u);

  Database& db = therapist_.database_for_testing();
  const std::uint64_t damaged_seqs[] = {3, 450, 900};
  std::vector<crypto::Bytes> damaged_ids;
  for (const std::uint64_t seq : damaged_seqs) {
    auto select = db.Prepare("SELECT encoded, id FROM events WHERE author = ?1 AND seq = ?2");
    select->Bind(1, client_.identity().id.bytes).Bind(2, static_cast<std::int64_t>(seq));
    ASSERT_TRUE(*select->Step());
    crypto::Bytes damaged = crypto::ToBytes(select->ColumnBlob(0));
    damaged_ids.push_back(crypto::ToBytes(select->ColumnBlob(1)));
    damaged[core::kEventHeaderSize + 40] ^= 0x01;  // in the ciphertext
    auto update = db.Prepare("UPDATE events SET encoded = ?1 WHERE author = ?2 AND seq = ?3");
    update->Bind(1, damaged).Bind(2, client_.identity().id.bytes);
    update->Bind(3, static_cast<std::int64_t>(seq));
    ASSERT_TRUE(update->Run());
  }
  auto after = therapist_.Load(notebook_);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->problems.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(after->problems[i].seq, damaged_seqs[i]);

  // Everything else loads, in the same order as before.
  std::vector<std::string> expected;
  for (const auto& view : before->state.journal) {
    const crypto::Bytes id = crypto::ToBytes(view.id.bytes);
    if (std::find(damaged_ids.begin(), damaged_ids.end(), id) == damaged_ids.end())
      expected.push_back(view.entry.text);
  }
  ASSERT_EQ(expected.size(), 1797u);
  std::vector<std::string> loaded;
  for (const auto& view : after->state.journal) loaded.push_back(view.entry.text);
  EXPECT_EQ(loaded, expected);
}

// The event count that sizes the state comes from the seq column, which a
// damaged file can change: the damaged row is reported, the load goes on.
TEST_F(PairedDevices, AHugeSeqInTheIndexIsReportedNotFatal) {
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(client_.AppendShared(notebook_, Entry("entry " + std::to_string(i))));
  Deliver(client_, therapist_);
  Database& db = therapist_.database_for_testing();
  for (const std::int64_t seq :
       {std::int64_t{1'000'000'000}, std::int64_t{4'000'000'000'000'000'000}}) {
    auto update = db.Prepare(
        "UPDATE events SET seq = ?1 WHERE author = ?2 AND seq = (SELECT MAX(seq) FROM events "
        "WHERE author = ?2)");
    update->Bind(1, seq).Bind(2, client_.identity().id.bytes);
    ASSERT_TRUE(update->Run());
    auto loaded = therapist_.Load(notebook_);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->problems.size(), 1u);
    EXPECT_EQ(loaded->state.journal.size(), 2u);
  }
}

// The notebook column is an index entry too: an event moved into another
// notebook's rows (its bytes, and so its MAC, intact) is reported as that,
// the same by the load and by `rapport history`, and never shown.
TEST_F(PairedDevices, AnEventMovedIntoAnotherNotebookIsCaughtOnLoad) {
  const core::NotebookId other = *therapist_.CreateNotebook("Another client");
  ASSERT_TRUE(therapist_.AppendShared(other, Entry("about another client")));
  ASSERT_TRUE(therapist_.AppendShared(other, Entry("more about them")));
  // The therapist's seq 3 in `other`; in notebook_ their feed ends at seq 2.
  Database& db = therapist_.database_for_testing();
  auto update = db.Prepare(
      "UPDATE events SET notebook_id = ?1 WHERE notebook_id = ?2 AND author = ?3 AND seq = 3");
  update->Bind(1, notebook_.bytes).Bind(2, other.bytes).Bind(3, therapist_.identity().id.bytes);
  ASSERT_TRUE(update->Run());

  auto loaded = therapist_.Load(notebook_);
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->state.journal.empty());
  ASSERT_EQ(loaded->problems.size(), 1u);
  EXPECT_EQ(loaded->problems[0].seq, 3u);
  EXPECT_EQ(loaded->problems[0].reason, "failed its integrity check (its index entry changed)");
  auto history = therapist_.History(notebook_);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_FALSE(history->back().verified);
  EXPECT_EQ(history->back().problem, loaded->problems[0].reason);
}

TEST_F(PairedDevices, TheFilesHoldNoPlaintext) {
  const std::string secrets[] = {"Anxiety work", "Dr. Ada Example", "Sam Client",
                                 "the panic started on the bus", "a private thought"};
  ASSERT_TRUE(client_.AppendShared(notebook_, Entry(secrets[3], 3)));
  ASSERT_TRUE(client_.AddPrivate(notebook_, Entry(secrets[4])));
  Deliver(client_, therapist_);
  for (const auto* home : {&therapist_home_, &client_home_}) {
    int files = 0;
    for (const auto& f : std::filesystem::directory_iterator(home->dir.path())) {
      const auto bytes = ReadFile(f.path());
      ++files;
      for (const auto& s : secrets) EXPECT_FALSE(Contains(bytes, s)) << s << " in " << f.path();
    }
    EXPECT_GE(files, 2);  // the database and its WAL at least
  }
}

}  // namespace
}  // namespace rapport::store
