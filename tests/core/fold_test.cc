#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/notebook_state.h"
#include "test_notebook.h"

namespace rapport::core {
namespace {

using testing::Genesis;
using testing::Journal;
using testing::TestAuthor;

TEST(Fold, SameEventsInAnyOrderGiveTheSameState) {
  crypto::SeededRng rng(31);
  const NotebookId notebook = NotebookId::FromArray(rng.Draw<kNotebookIdSize>());
  const crypto::AeadKey key = crypto::AeadKey::Generate(rng);
  TestAuthor a(rng, notebook), b(rng, notebook);
  std::vector<DecodedEvent> events;
  auto add = [&](TestAuthor& who, const Record& r, std::uint64_t lamport) {
    const SignedEvent e = who.Write(r, key, lamport);
    events.push_back({e.Id(), e.header, r});
  };
  add(a, Genesis("Notebook"), 1);
  // Concurrent writes: equal Lamport clocks from both authors.
  for (std::uint64_t i = 2; i < 30; ++i) {
    add(a, Journal("a" + std::to_string(i)), i);
    add(b, Journal("b" + std::to_string(i)), i);
  }
  const NotebookState reference = FoldEvents(notebook, events);
  ASSERT_EQ(reference.journal.size(), 56u);
  EXPECT_EQ(reference.title, "Notebook");
  std::mt19937 shuffle(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(events.begin(), events.end(), shuffle);
    const NotebookState s = FoldEvents(notebook, events);
    ASSERT_EQ(s.journal.size(), reference.journal.size());
    for (std::size_t i = 0; i < s.journal.size(); ++i) {
      EXPECT_EQ(s.journal[i].id, reference.journal[i].id) << "round " << round << " entry " << i;
    }
  }
}

TEST(Record, EncodeDecodeEveryType) {
  JournalEntry j;
  j.text = "text";
  j.mood = 0;
  j.tags = {"sleep", "work"};
  j.shared_from = PrivateId{};
  const Record records[] = {
      Record{5, NotebookCreated{"Title", "Name", Role::kClient}},
      Record{6, MemberAdded{AuthorId{}, {}, Role::kTherapist, "Dr"}},
      Record{7, j},
  };
  for (const Record& r : records) {
    const crypto::Bytes bytes = EncodeRecord(r);
    auto decoded = DecodeRecord(bytes);
    ASSERT_TRUE(decoded) << RecordTypeName(r.body);
    EXPECT_EQ(EncodeRecord(*decoded), bytes);
    for (std::size_t n = 0; n < bytes.size(); ++n)
      EXPECT_FALSE(DecodeRecord(crypto::ByteView(bytes).first(n))) << n;
  }
}

TEST(Record, UnknownTypeIsCorrupt) {
  crypto::Bytes bytes = EncodeRecord(Journal("x"));
  bytes[0] = 0x7F;
  auto r = DecodeRecord(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorruptData);
}

TEST(Record, JournalValidation) {
  EXPECT_TRUE(ValidateRecordFields(Journal("fine", 10)));
  EXPECT_FALSE(ValidateRecordFields(Journal("  \n ")));
  EXPECT_FALSE(ValidateRecordFields(Journal("x", -1)));
  EXPECT_FALSE(ValidateRecordFields(Journal("x", 11)));
  Record tagged = Journal("x");
  std::get<JournalEntry>(tagged.body).tags = {"has space"};
  EXPECT_FALSE(ValidateRecordFields(tagged));
}

}  // namespace
}  // namespace rapport::core
