#include "core/validator.h"

#include <gtest/gtest.h>

#include <limits>

#include "test_notebook.h"

namespace rapport::core {
namespace {

using testing::Genesis;
using testing::Journal;
using testing::MemoryFeeds;
using testing::TestAuthor;

class ValidatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feeds_.AddMember(creator_.id(), Role::kTherapist, true);
    feeds_.AddMember(client_.id(), Role::kClient, false);
    Accept(creator_.Write(Genesis("Our notebook"), feeds_.key()));
  }
  // Both ways in must agree on every verdict: checking the signature here,
  // and checking it ahead of time (VerifiedEvent, as a received batch does).
  Result<Accepted> Check(const SignedEvent& e) {
    auto direct = ValidateEvent(e, feeds_);
    if (const auto verified = VerifiedEvent::Verify(e)) {
      const auto ahead = ValidateEvent(*verified, feeds_);
      EXPECT_EQ(direct.has_value(), ahead.has_value());
      if (!direct && !ahead) {
        EXPECT_EQ(direct.error().code, ahead.error().code);
      }
      if (direct && ahead) {
        EXPECT_EQ(direct->id, ahead->id);
      }
    }
    return direct;
  }
  void Accept(const SignedEvent& e) {
    auto r = Check(e);
    ASSERT_TRUE(r) << r.error().message;
    feeds_.Store(e);
  }

  crypto::SeededRng rng_{21};
  NotebookId notebook_ = NotebookId::FromArray(rng_.Draw<kNotebookIdSize>());
  MemoryFeeds feeds_{notebook_, crypto::AeadKey::Generate(rng_)};
  TestAuthor creator_{rng_, notebook_};
  TestAuthor client_{rng_, notebook_};
};

TEST_F(ValidatorTest, AcceptsAContinuingFeedFromEachMember) {
  Accept(creator_.Write(Journal("one"), feeds_.key()));
  Accept(client_.Write(Journal("two"), feeds_.key()));
  Accept(client_.Write(Journal("three"), feeds_.key()));
}

TEST_F(ValidatorTest, AcceptingTwiceIsIdempotent) {
  const SignedEvent e = client_.Write(Journal("once"), feeds_.key());
  Accept(e);
  auto again = Check(e);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
}

TEST_F(ValidatorTest, RejectsNonMember) {
  TestAuthor stranger(rng_, notebook_);
  auto r = Check(stranger.Write(Journal("let me in"), feeds_.key()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotMember);
}

TEST_F(ValidatorTest, RejectsBadSignature) {
  SignedEvent e = client_.Write(Journal("x"), feeds_.key());
  e.signature[0] ^= 1;
  EXPECT_FALSE(VerifiedEvent::Verify(e));
  auto r = Check(e);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
}

TEST_F(ValidatorTest, AChangedHeaderFailsTheSignatureCheckedAhead) {
  SignedEvent e = client_.Write(Journal("x"), feeds_.key());
  ASSERT_TRUE(VerifiedEvent::Verify(e));
  e.header.lamport += 1;
  EXPECT_FALSE(VerifiedEvent::Verify(e));
}

TEST_F(ValidatorTest, RejectsSkippedSeq) {
  client_.Write(Journal("never delivered"), feeds_.key());
  auto r = Check(client_.Write(Journal("seq 2"), feeds_.key()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder);
}

TEST_F(ValidatorTest, RejectsEquivocation) {
  // Two different events signed for the same seq: the second is equivocation.
  TestAuthor twin = client_.Fork();
  Accept(client_.Write(Journal("version A"), feeds_.key()));
  auto r = Check(twin.Write(Journal("version B"), feeds_.key()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kEquivocation);
}

TEST_F(ValidatorTest, RejectsBrokenChain) {
  TestAuthor forked = client_.Fork();
  Accept(client_.Write(Journal("one"), feeds_.key()));
  forked.Write(Journal("other one"), feeds_.key());  // a different seq-1
  auto r = Check(forked.Write(Journal("two"), feeds_.key()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder);
}

TEST_F(ValidatorTest, RejectsBackwardsClock) {
  Accept(client_.Write(Journal("one"), feeds_.key(), 50));
  auto r = Check(client_.Write(Journal("two"), feeds_.key(), 49));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder);
}

// A clock of 0 sorts an event before the notebook's own genesis; a clock at
// 2^64 - 1 makes every later clock overflow, and one past 2^63 is negative in
// the store's column. An honest clock is 1 + the highest clock its author held.
TEST_F(ValidatorTest, RejectsAClockOfZero) {
  auto r = Check(client_.Write(Journal("first"), feeds_.key(), 0));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder);
}

TEST_F(ValidatorTest, RejectsAClockAtTheEndOfTheRange) {
  for (const std::uint64_t lamport :
       {std::numeric_limits<std::uint64_t>::max(), std::uint64_t{1} << 63, kMaxLamport + 1}) {
    TestAuthor hostile = client_.Fork();
    auto r = Check(hostile.Write(Journal("far ahead"), feeds_.key(), lamport));
    ASSERT_FALSE(r) << lamport;
    EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder) << lamport;
  }
}

TEST_F(ValidatorTest, RejectsAClockThatJumpsFarPastEveryClockHeld) {
  Accept(client_.Write(Journal("one"), feeds_.key()));
  auto r = Check(client_.Fork().Write(Journal("two"), feeds_.key(), 2 + kMaxLamportJump + 1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kOutOfOrder);
}

// A clock may run ahead of its author's own last one by as much as the
// notebook's highest clock allows (the author saw others' events), and
// equal clocks in different feeds are fine: the author key breaks the tie.
TEST_F(ValidatorTest, AcceptsClocksThatFollowTheNotebooksHighestClock) {
  Accept(creator_.Write(Journal("one"), feeds_.key(), kMaxLamportJump));
  Accept(creator_.Write(Journal("two"), feeds_.key(), 2 * kMaxLamportJump));
  Accept(client_.Write(Journal("three"), feeds_.key(), 2 * kMaxLamportJump));
  Accept(client_.Write(Journal("four"), feeds_.key(), 3 * kMaxLamportJump));
}

TEST_F(ValidatorTest, RejectsUndecryptableBody) {
  const crypto::AeadKey wrong = crypto::AeadKey::Generate(rng_);
  auto r = Check(client_.Write(Journal("x"), wrong));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
}

TEST_F(ValidatorTest, RejectsInvalidRecordFields) {
  auto r = Check(client_.Write(Journal("x", 11), feeds_.key()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

// Text signed by another device, perhaps by an older Rapport that allowed
// any UTF-8, is accepted as it is: refusing one event would stop its
// author's feed for good. It is made safe where it is shown
// (cli/terminal_safe_output.h); only this device's own new text is refused.
TEST_F(ValidatorTest, ReceivedTextIsAcceptedAsSignedButNewTextMustBeSafe) {
  const SignedEvent e = client_.Write(Journal("old mac\rline\x1b[2J"), feeds_.key());
  ASSERT_TRUE(Check(e));
  const auto record = Journal("old mac\rline\x1b[2J");
  const MemberInfo author = *feeds_.Member(notebook_, client_.id()).value();
  const auto refused = CheckRecordRules(record, e.header, author, TextRules::kNewlyWritten);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("U+000D"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(CheckRecordRules(record, e.header, author, TextRules::kReceived));
}

TEST_F(ValidatorTest, OnlyTheCreatorOpensTheNotebook) {
  auto r = Check(client_.Write(Genesis("mine now"), feeds_.key()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(ValidatorTest, UnknownNotebookIsRejected) {
  const NotebookId other = NotebookId::FromArray(rng_.Draw<kNotebookIdSize>());
  TestAuthor elsewhere(rng_, other);
  auto r = Check(elsewhere.Write(Journal("x"), feeds_.key()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace rapport::core
