// Test helpers for record codecs: a round trip, and every truncation refused.
#pragma once

#include <gtest/gtest.h>

#include "core/record.h"

namespace rapport::core::testing {

inline EventId TestId(std::uint8_t n) {
  EventId id;
  id.bytes.fill(n);
  return id;
}

// Encodes, decodes, re-encodes to the same bytes; every shorter prefix and
// one trailing byte more are refused as corrupt.
inline void ExpectRoundTrip(const RecordBody& body) {
  SCOPED_TRACE(std::string(RecordTypeName(body)));
  const Record record{1700000000123, body};
  ASSERT_TRUE(ValidateRecordFields(record)) << ValidateRecordFields(record).error().message;
  const crypto::Bytes bytes = EncodeRecord(record);
  auto decoded = DecodeRecord(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->time_ms, record.time_ms);
  EXPECT_EQ(decoded->body.index(), body.index());
  EXPECT_EQ(EncodeRecord(*decoded), bytes);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto cut = DecodeRecord(crypto::ByteView(bytes).first(n));
    ASSERT_FALSE(cut) << "prefix of " << n << " bytes decoded";
    EXPECT_EQ(cut.error().code, ErrorCode::kCorruptData);
  }
  crypto::Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(DecodeRecord(longer));
}

// kInvalidArgument from ValidateRecordFields.
inline void ExpectInvalid(const RecordBody& body) {
  SCOPED_TRACE(std::string(RecordTypeName(body)));
  auto s = ValidateRecordFields(Record{0, body});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace rapport::core::testing
