#include "store/device.h"

#include <gtest/gtest.h>

#include "store/home.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::ReadFile;
using testing_util::TestHome;

TEST(Device, CreateThenOpenRestoresTheIdentity) {
  TestHome home(1);
  core::AuthorId id;
  {
    Device d = home.Create("Dr. Ada Example", core::Role::kTherapist);
    id = d.identity().id;
  }
  Device d = home.Open();
  EXPECT_EQ(d.identity().id, id);
  EXPECT_EQ(d.identity().name, "Dr. Ada Example");
  EXPECT_EQ(d.identity().role, core::Role::kTherapist);
  EXPECT_TRUE(crypto::VerifyStaticKeyBinding(d.identity().id.bytes, d.identity().noise_key,
                                             d.identity().binding));
}

TEST(Device, WrongPassphraseIsRefusedAndChangesNothing) {
  TestHome home(2);
  home.Create();
  const auto before = ReadFile(DatabasePath(home.dir.path()));
  auto d = Device::Open(home.dir.path(), "wrong horse", home.env());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kWrongPassphrase);
  EXPECT_EQ(ReadFile(DatabasePath(home.dir.path())), before);
}

TEST(Device, InitTwiceIsRefusedAndKeepsTheFirstIdentity) {
  TestHome home(3);
  const core::AuthorId first = home.Create().identity().id;
  auto again = Device::Create(home.dir.path(), "other", "Someone", core::Role::kClient, home.env());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(home.Open().identity().id, first);
}

TEST(Device, OpenWithoutIdentitySaysSo) {
  TestHome home(4);
  auto d = Device::Open(home.dir.path(), "x", home.env());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kNoIdentity);
}

TEST(Device, JournalRoundTripAndPrivacy) {
  TestHome home(5);
  Device d = home.Create();
  auto nb = d.CreateNotebook("Weekly sessions");
  ASSERT_TRUE(nb) << nb.error().message;
  ASSERT_TRUE(d.AppendShared(*nb, Entry("shared words", 6)));
  auto priv = d.AddPrivate(*nb, Entry("private words"));
  ASSERT_TRUE(priv);

  auto loaded = d.Load(*nb);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->state.title, "Weekly sessions");
  ASSERT_EQ(loaded->state.journal.size(), 1u);
  EXPECT_EQ(loaded->state.journal[0].entry.text, "shared words");
  EXPECT_TRUE(loaded->problems.empty());
  auto privates = d.ListPrivate(*nb);
  ASSERT_TRUE(privates);
  ASSERT_EQ(privates->entries.size(), 1u);

  // Sharing publishes it and removes the private copy, in one step.
  auto shared = d.SharePrivate(*nb, priv->Hex().substr(0, 6));
  ASSERT_TRUE(shared) << shared.error().message;
  loaded = d.Load(*nb);
  ASSERT_EQ(loaded->state.journal.size(), 2u);
  EXPECT_EQ(loaded->state.journal[1].entry.text, "private words");
  EXPECT_EQ(loaded->state.journal[1].entry.shared_from, *priv);
  EXPECT_TRUE(d.ListPrivate(*nb)->entries.empty());
  auto again = d.SharePrivate(*nb, shared->Hex().substr(0, 8));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

TEST(Device, BadWritesChangeNothing) {
  TestHome home(6);
  Device d = home.Create();
  auto nb = d.CreateNotebook("N");
  ASSERT_TRUE(nb);
  EXPECT_EQ(d.AppendShared(*nb, Entry("x", 11)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(d.AppendShared(*nb, Entry("   ")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(d.AddPrivate(*nb, Entry("x", -1)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(d.SharePrivate(*nb, "abcdef").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(d.SharePrivate(*nb, "xyz").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(d.Load(*nb)->state.event_count, 1u);
  EXPECT_TRUE(d.ListPrivate(*nb)->entries.empty());
}

TEST(Device, SeveralRecordsAreWrittenWholeInOrderWithTheirTimes) {
  TestHome home(7);
  Device d = home.Create();
  auto nb = d.CreateNotebook("N");
  ASSERT_TRUE(nb);
  std::vector<core::Record> records;
  for (int i = 0; i < 3; ++i)
    records.push_back({1700000000000 + i, Entry("old " + std::to_string(i))});
  auto shared = d.AppendSharedRecords(*nb, records);
  ASSERT_TRUE(shared) << shared.error().message;
  EXPECT_EQ(shared->size(), 3u);
  auto loaded = d.Load(*nb);
  ASSERT_EQ(loaded->state.journal.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(loaded->state.journal[i].entry.text, "old " + std::to_string(i));
    EXPECT_EQ(loaded->state.journal[i].time_ms, 1700000000000 + i);
    EXPECT_EQ(loaded->state.journal[i].id, (*shared)[i]);
  }
  auto kept = d.AddPrivateRecords(*nb, records);
  ASSERT_TRUE(kept) << kept.error().message;
  auto privates = d.ListPrivate(*nb);
  ASSERT_EQ(privates->entries.size(), 3u);
  EXPECT_EQ(privates->entries[2].record.time_ms, 1700000000002);
}

TEST(Device, SeveralRecordsWithOneRefusedWriteNothing) {
  TestHome home(8);
  Device d = home.Create();
  auto nb = d.CreateNotebook("N");
  ASSERT_TRUE(nb);
  // The third agrees to a goal that does not exist: refused against the state.
  std::vector<core::Record> shared = {{1, Entry("a")},
                                      {2, Entry("b")},
                                      {3, core::GoalAgree{core::EventId{}, core::EventId{}}},
                                      {4, Entry("d")}};
  EXPECT_FALSE(d.AppendSharedRecords(*nb, shared));
  EXPECT_EQ(d.Load(*nb)->state.event_count, 1u);
  // A goal is never private.
  std::vector<core::Record> kept = {
      {1, Entry("a")}, {2, core::GoalPropose{core::GoalText{"Sleep", "", "hours", {}}}}};
  auto refused = d.AddPrivateRecords(*nb, kept);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(d.ListPrivate(*nb)->entries.empty());
}

TEST(Device, ResolveNotebook) {
  TestHome home(7);
  Device d = home.Create();
  EXPECT_EQ(d.ResolveNotebook(std::nullopt).error().code, ErrorCode::kNotFound);
  auto a = d.CreateNotebook("Alpha");
  EXPECT_EQ(*d.ResolveNotebook(std::nullopt), *a);
  auto b = d.CreateNotebook("Beta");
  EXPECT_EQ(d.ResolveNotebook(std::nullopt).error().code, ErrorCode::kAmbiguous);
  EXPECT_EQ(*d.ResolveNotebook("Beta"), *b);
  EXPECT_EQ(*d.ResolveNotebook(a->Hex().substr(0, 10)), *a);
  EXPECT_EQ(d.ResolveNotebook("Gamma").error().code, ErrorCode::kNotFound);
  auto list = d.ListNotebooks();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].title, "Alpha");
}

}  // namespace
}  // namespace rapport::store

namespace rapport::store {
namespace {

TEST(Device, PrivateRecordsFollowTheirRules) {
  TestHome therapist_home(8), client_home(9);
  Device therapist = therapist_home.Create("Dr. Ada", core::Role::kTherapist);
  Device client = client_home.Create("Sam", core::Role::kClient);
  auto tn = therapist.CreateNotebook("T");
  auto cn = client.CreateNotebook("C");
  ASSERT_TRUE(tn && cn);
  // A therapist's reflection stays on the device; a client cannot write one.
  ASSERT_TRUE(therapist.AddPrivate(*tn, core::TherapistReflection{"I felt impatient today"}));
  auto refused = client.AddPrivate(*cn, core::TherapistReflection{"not mine to write"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(client.ListPrivate(*cn)->entries.empty());
  // A reflection can never enter the shared record.
  auto shared = therapist.AppendShared(*tn, core::TherapistReflection{"shared by mistake"});
  ASSERT_FALSE(shared);
  EXPECT_EQ(shared.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(therapist.Load(*tn)->state.event_count, 1u);
}

}  // namespace
}  // namespace rapport::store
