#include "core/event.h"

#include <gtest/gtest.h>

#include "test_notebook.h"

namespace rapport::core {
namespace {

using testing::Journal;
using testing::TestAuthor;

class EventTest : public ::testing::Test {
 protected:
  crypto::SeededRng rng_{11};
  NotebookId notebook_ = NotebookId::FromArray(rng_.Draw<kNotebookIdSize>());
  crypto::AeadKey key_ = crypto::AeadKey::Generate(rng_);
  TestAuthor author_{rng_, notebook_};
};

TEST_F(EventTest, EncodeDecodeRoundTrip) {
  const SignedEvent e = author_.Write(Journal("dear diary", 4), key_);
  const crypto::Bytes encoded = e.Encode();
  auto decoded = DecodeEvent(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->Encode(), encoded);
  EXPECT_EQ(decoded->Id(), e.Id());
  EXPECT_TRUE(decoded->VerifySignature());
  auto body = OpenEventBody(*decoded, key_);
  ASSERT_TRUE(body);
  auto record = DecodeRecord(*body);
  ASSERT_TRUE(record);
  EXPECT_EQ(std::get<JournalEntry>(record->body).text, "dear diary");
  EXPECT_EQ(std::get<JournalEntry>(record->body).mood, 4);
}

TEST_F(EventTest, PeekEpochReadsTheHeadersEpochAndNeedsTheWholeHeader) {
  SignedEvent e = author_.Write(Journal("words"), key_);
  e.header.epoch = 0x01020304;
  const crypto::Bytes encoded = e.Encode();
  EXPECT_EQ(PeekEpoch(encoded), 0x01020304u);
  EXPECT_EQ(PeekEpoch(crypto::ByteView(encoded).first(kEventHeaderSize)), 0x01020304u);
  EXPECT_EQ(PeekEpoch(crypto::ByteView(encoded).first(kEventHeaderSize - 1)), std::nullopt);
  EXPECT_EQ(PeekEpoch({}), std::nullopt);
}

// Every single-bit flip is caught by the signature, and flips in the header
// or body are caught by decryption as well.
TEST_F(EventTest, EveryFlippedBitIsDetected) {
  const crypto::Bytes encoded = author_.Write(Journal("words"), key_).Encode();
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    crypto::Bytes bad = encoded;
    bad[i] ^= 0x10;
    auto decoded = DecodeEvent(bad);
    if (!decoded) continue;  // rejected structurally: fine
    EXPECT_FALSE(decoded->VerifySignature()) << "flip at " << i;
    if (i < encoded.size() - crypto::kSignatureSize) {
      EXPECT_FALSE(OpenEventBody(*decoded, key_)) << "flip at " << i;
    }
  }
}

TEST_F(EventTest, TruncationAndTrailingBytesAreRejected) {
  const crypto::Bytes encoded = author_.Write(Journal("words"), key_).Encode();
  for (std::size_t n = 0; n < encoded.size(); ++n) {
    auto r = DecodeEvent(crypto::ByteView(encoded).first(n));
    ASSERT_FALSE(r) << n;
    EXPECT_EQ(r.error().code, ErrorCode::kCorruptData);
  }
  crypto::Bytes longer = encoded;
  longer.push_back(0);
  EXPECT_FALSE(DecodeEvent(longer));
}

TEST_F(EventTest, WrongKeyDoesNotDecrypt) {
  const SignedEvent e = author_.Write(Journal("words"), key_);
  const crypto::AeadKey other = crypto::AeadKey::Generate(rng_);
  auto r = OpenEventBody(e, other);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthenticationFailed);
}

TEST_F(EventTest, OversizedLengthIsRejectedBeforeAllocation) {
  crypto::Bytes encoded = author_.Write(Journal("words"), key_).Encode();
  // The u32 body length sits after header and nonce.
  const std::size_t at = kEventHeaderSize + crypto::kAeadNonceSize;
  encoded[at] = 0x7F;
  auto r = DecodeEvent(encoded);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorruptData);
}

}  // namespace
}  // namespace rapport::core
