// The record decoder against hostile bodies, for every record type: each
// truncation and a trailing byte are refused, an over-long length is refused
// before anything is read, and no single changed byte makes it crash. A body
// arrives sealed by a member's key, so a member can send any of these.
#include <gtest/gtest.h>

#include "core/record.h"

namespace rapport::core {
namespace {

std::vector<Record> OneOfEachType() {
  const EventId id = EventId::FromArray(crypto::FixedBytes<32>{7});
  const StepId step{id, 3};
  JournalEntry entry{"text", 4, {"sleep", "work"}, PrivateId{}};
  const GoalText text{"Title", "Description", "Measure", 20000};
  const std::vector<RecordBody> bodies = {
      NotebookCreated{"Title", "Name", Role::kTherapist},
      MemberAdded{AuthorId{}, {}, Role::kClient, "Sam"},
      entry,
      GoalPropose{text},
      GoalRevise{id, text},
      GoalAgree{id, id},
      GoalProgress{id, ProgressScale::kGas, -2, "note"},
      GoalStatus{id, GoalStatusValue::kPaused},
      TaskAssign{"Task", id, {"one", "two"}, 20000},
      TaskStepDone{id, step},
      TaskStepDefer{id, step, "reason"},
      TaskStepSplit{id, step, {"a", "b"}},
      TaskClose{id},
      SessionFeedback{9, 9, 9, 8, 20000},
      WellbeingCheckin{5, 6, 7, 8, std::nullopt},
      FeedbackNote{"going well"},
      ProfileSet{ProfileField::kBeliefs, "value"},
      RuptureFlag{RuptureKind::kWithdrawal, "note"},
      RuptureRepair{id, RepairKind::kMutualDiscussion, "note"},
      RuptureResolve{id},
      EndingStart{"note"},
      EndingCheck{EndingAction::kPrideInProgress, true, "note"},
      EndingSummary{"summary"},
      Comment{id, "comment"},
      TherapistReflection{"reflection"},
  };
  std::vector<Record> out;
  for (const RecordBody& body : bodies) out.push_back(Record{1700000000000, body});
  return out;
}

TEST(RecordDecoding, EveryTypeIsCoveredAndRoundTrips) {
  const std::vector<Record> records = OneOfEachType();
  ASSERT_EQ(records.size(), std::variant_size_v<RecordBody>);
  for (const Record& r : records) {
    const crypto::Bytes bytes = EncodeRecord(r);
    auto decoded = DecodeRecord(bytes);
    ASSERT_TRUE(decoded) << RecordTypeName(r.body);
    EXPECT_EQ(decoded->body.index(), r.body.index());
    EXPECT_EQ(EncodeRecord(*decoded), bytes) << RecordTypeName(r.body);
    EXPECT_TRUE(ValidateRecordFields(*decoded)) << RecordTypeName(r.body);
  }
}

TEST(RecordDecoding, EveryTruncationAndATrailingByteAreCorrupt) {
  for (const Record& r : OneOfEachType()) {
    crypto::Bytes bytes = EncodeRecord(r);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto cut = DecodeRecord(crypto::ByteView(bytes).first(n));
      ASSERT_FALSE(cut) << RecordTypeName(r.body) << " cut to " << n;
      EXPECT_EQ(cut.error().code, ErrorCode::kCorruptData);
    }
    bytes.push_back(0);
    auto longer = DecodeRecord(bytes);
    ASSERT_FALSE(longer) << RecordTypeName(r.body);
    EXPECT_EQ(longer.error().code, ErrorCode::kCorruptData);
  }
}

// Every byte of every body set to each of a few telling values: the decoder
// and the field checks answer (either way) and never crash; what decodes
// encodes back to the same bytes, so nothing is read that was not there.
TEST(RecordDecoding, AnyChangedByteIsDecodedOrRefusedNeverMisread) {
  for (const Record& r : OneOfEachType()) {
    const crypto::Bytes bytes = EncodeRecord(r);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (const std::uint8_t v : {0x00, 0x01, 0x0B, 0x20, 0x7F, 0x80, 0xC0, 0xFE, 0xFF}) {
        crypto::Bytes changed = bytes;
        changed[i] = v;
        auto decoded = DecodeRecord(changed);
        if (!decoded) {
          EXPECT_EQ(decoded.error().code, ErrorCode::kCorruptData);
          continue;
        }
        EXPECT_EQ(EncodeRecord(*decoded), changed)
            << RecordTypeName(r.body) << " byte " << i << " = " << int{v};
        (void)ValidateRecordFields(*decoded, TextRules::kReceived);
      }
    }
  }
}

TEST(RecordDecoding, AnOverLongTextLengthIsRefused) {
  // A journal entry whose text claims 4 GiB - 1 bytes.
  crypto::Bytes bytes = EncodeRecord(Record{1, JournalEntry{"x", {}, {}, {}}});
  for (std::size_t i = 10; i < 14; ++i) bytes[i] = 0xFF;
  auto r = DecodeRecord(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorruptData);
}

}  // namespace
}  // namespace rapport::core
