// Device::AcceptBatch: a peer's batch is stored whole or not at all. The
// batches here are large enough that signatures are verified on several
// threads ahead of the ordered checks, so a bad event anywhere in them must
// still stop the whole batch.
#include <gtest/gtest.h>

#include "core/event.h"
#include "store/device.h"
#include "test_device.h"

namespace rapport::store {
namespace {

using testing_util::Entry;
using testing_util::TestHome;

constexpr int kBatchSize = 100;

class AcceptBatchTest : public ::testing::Test {
 protected:
  AcceptBatchTest()
      : therapist_home_(51),
        client_home_(52),
        therapist_(therapist_home_.Create("Dr. Ada", core::Role::kTherapist)),
        client_(client_home_.Create("Sam", core::Role::kClient)) {}

  void SetUp() override {
    auto nb = therapist_.CreateNotebook("Sessions");
    ASSERT_TRUE(nb) << nb.error().message;
    nb_ = *nb;
    ASSERT_NO_FATAL_FAILURE(testing_util::PairInStore(therapist_, client_, nb_));
    const IdentityInfo& t = therapist_.identity();
    held_before_ = client_.VersionVector(nb_).value();

    const std::uint64_t after = held_before_.at(t.id);
    for (int i = 0; i < kBatchSize; ++i)
      ASSERT_TRUE(therapist_.AppendShared(nb_, Entry("entry " + std::to_string(i))));
    auto batch = therapist_.EventsAfter(nb_, t.id, after, 1000);
    ASSERT_TRUE(batch);
    ASSERT_EQ(batch->size(), static_cast<std::size_t>(kBatchSize));
    batch_ = *batch;
  }

  // The batch with event `index` re-signed wrongly (one bit of its
  // signature flipped).
  std::vector<crypto::Bytes> WithBadSignatureAt(std::size_t index) const {
    std::vector<crypto::Bytes> batch = batch_;
    auto event = core::DecodeEvent(batch[index]);
    EXPECT_TRUE(event);
    event->signature[7] ^= 0x10;
    batch[index] = event->Encode();
    return batch;
  }

  std::size_t RejectionCount() {
    auto r = client_.Rejections(nb_);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->size() : 0;
  }

  TestHome therapist_home_, client_home_;
  Device therapist_, client_;
  core::NotebookId nb_;
  std::map<core::AuthorId, std::uint64_t> held_before_;
  std::vector<crypto::Bytes> batch_;
};

TEST_F(AcceptBatchTest, StoresTheWholeBatchOnceAndThenNothing) {
  auto first = client_.AcceptBatch(nb_, batch_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, static_cast<std::size_t>(kBatchSize));
  EXPECT_EQ(client_.VersionVector(nb_).value(), therapist_.VersionVector(nb_).value());
  auto again = client_.AcceptBatch(nb_, batch_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0u);
  EXPECT_EQ(RejectionCount(), 0u);
}

TEST_F(AcceptBatchTest, ABadSignatureAnywhereKeepsNothingOfTheBatch) {
  for (const std::size_t index :
       {std::size_t{0}, std::size_t{49}, std::size_t{50}, std::size_t{kBatchSize - 1}}) {
    SCOPED_TRACE("bad signature at " + std::to_string(index));
    const std::size_t rejections = RejectionCount();
    auto r = client_.AcceptBatch(nb_, WithBadSignatureAt(index));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed) << r.error().message;
    EXPECT_EQ(client_.VersionVector(nb_).value(), held_before_);
    EXPECT_EQ(RejectionCount(), rejections + 1);
  }
  // The genuine batch is still accepted afterwards.
  auto r = client_.AcceptBatch(nb_, batch_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, static_cast<std::size_t>(kBatchSize));
}

TEST_F(AcceptBatchTest, AnEventOutOfOrderKeepsNothingOfTheBatch) {
  std::vector<crypto::Bytes> batch = batch_;
  std::swap(batch[30], batch[31]);
  auto r = client_.AcceptBatch(nb_, batch);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder) << r.error().message;
  EXPECT_EQ(client_.VersionVector(nb_).value(), held_before_);
}

// A failure to read this device's own copy while checking a batch (here a
// damaged row; SQLITE_BUSY or an I/O error take the same path) says nothing
// about the peer: the batch fails as kIo, nothing of it is kept, nothing is
// logged against the peer, and the same batch is accepted once the fault is
// gone.
TEST_F(AcceptBatchTest, ALocalReadFailureIsNotBlamedOnThePeer) {
  const IdentityInfo& t = therapist_.identity();
  Database& db = client_.database_for_testing();
  const auto select = [&](const char* sql) {
    auto s = db.Prepare(sql);
    EXPECT_TRUE(s) << s.error().message;
    s->Bind(1, nb_.bytes)
        .Bind(2, t.id.bytes)
        .Bind(3, static_cast<std::int64_t>(held_before_.at(t.id)));
    return std::move(s).value();
  };
  crypto::Bytes head_id;
  {
    Statement read =
        select("SELECT id FROM events WHERE notebook_id = ?1 AND author = ?2 AND seq = ?3");
    ASSERT_TRUE(read.Step().value());
    head_id = crypto::ToBytes(read.ColumnBlob(0));
  }
  Statement damage =
      select("UPDATE events SET id = x'00' WHERE notebook_id = ?1 AND author = ?2 AND seq = ?3");
  ASSERT_TRUE(damage.Run());

  auto batch = client_.AcceptBatch(nb_, batch_);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kIo) << batch.error().message;
  auto one = client_.Accept(batch_.front());
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().code, ErrorCode::kIo) << one.error().message;
  EXPECT_EQ(RejectionCount(), 0u);

  Statement repair =
      select("UPDATE events SET id = ?4 WHERE notebook_id = ?1 AND author = ?2 AND seq = ?3");
  repair.Bind(4, head_id);
  ASSERT_TRUE(repair.Run());
  EXPECT_EQ(client_.VersionVector(nb_).value(), held_before_);
  auto again = client_.AcceptBatch(nb_, batch_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, static_cast<std::size_t>(kBatchSize));
}

// The notebook key is read while checking too: a stored key that no longer
// opens is this device's damage, not an event "for a key this device does
// not hold".
TEST_F(AcceptBatchTest, ADamagedNotebookKeyHereIsNotBlamedOnThePeer) {
  Database& db = client_.database_for_testing();
  ASSERT_TRUE(db.Exec("UPDATE epoch_keys SET sealed_key = zeroblob(length(sealed_key))"));
  Device fresh = client_home_.Open();  // one that has not cached the key

  auto batch = fresh.AcceptBatch(nb_, batch_);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().code, ErrorCode::kIo) << batch.error().message;
  auto one = fresh.Accept(batch_.front());
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().code, ErrorCode::kIo) << one.error().message;
  EXPECT_EQ(RejectionCount(), 0u);
  EXPECT_EQ(fresh.VersionVector(nb_).value(), held_before_);
}

}  // namespace
}  // namespace rapport::store
