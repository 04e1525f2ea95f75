// The import file's parser: what it accepts, and one clear message naming
// the first bad entry for everything else.
#include "cli/journal_import.h"

#include <gtest/gtest.h>

#include "cli/output.h"
#include "core/records_journal.h"

namespace rapport::cli {
namespace {

constexpr std::int64_t kNow = 1798761600000;  // 2027-01-01T00:00:00Z

const core::JournalEntry& EntryOf(const core::Record& record) {
  return std::get<core::JournalEntry>(record.body);
}

void ExpectRefused(const std::string& json, const std::string& message) {
  auto parsed = ParseJournalImport(json, kNow);
  ASSERT_FALSE(parsed) << json;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().message, message) << json;
}

TEST(JournalImport, ReadsEveryFieldAndDefaultsTheRest) {
  auto parsed = ParseJournalImport(
      R"([{"text": "Slept badly", "mood": 4, "tags": ["sleep", "night"], "time": "2026-03-02T19:30:00Z"},
          {"text": "Only text"},
          {"text": "A date", "mood": null, "tags": [], "time": "2026-03-03"}])",
      kNow);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 3u);
  const auto& first = EntryOf((*parsed)[0]);
  EXPECT_EQ(first.text, "Slept badly");
  EXPECT_EQ(first.mood, 4);
  EXPECT_EQ(first.tags, (std::vector<std::string>{"sleep", "night"}));
  EXPECT_EQ((*parsed)[0].time_ms, *ParseDateOrTime("2026-03-02T19:30:00Z"));
  EXPECT_EQ(EntryOf((*parsed)[1]).text, "Only text");
  EXPECT_FALSE(EntryOf((*parsed)[1]).mood);
  EXPECT_EQ((*parsed)[1].time_ms, kNow);
  EXPECT_FALSE(EntryOf((*parsed)[2]).mood);
  EXPECT_EQ((*parsed)[2].time_ms, *ParseDate("2026-03-03"));
}

TEST(JournalImport, KeepsTextExactly) {
  auto parsed = ParseJournalImport(R"([{"text": "Zoë said \"hi\"\nthen <left> & ünïcode"}])", kNow);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(EntryOf((*parsed)[0]).text, "Zoë said \"hi\"\nthen <left> & ünïcode");
}

TEST(JournalImport, TheFileAsAWhole) {
  ExpectRefused("",
                "the file is not valid JSON: parse error at line 1, column 1: syntax error "
                "while parsing value - unexpected end of input; expected '[', '{', or a "
                "literal");
  ExpectRefused(R"({"text": "x"})",
                R"(the file must hold a JSON list of entries: [{"text": "..."}, ...])");
  ExpectRefused("[]", "the file holds no entries");
  ExpectRefused(std::string(kMaxImportBytes + 1, ' '),
                "the file is larger than the 64 MiB an import takes");
}

TEST(JournalImport, AParseErrorDoesNotQuoteTheText) {
  auto parsed = ParseJournalImport("[{\"text\": \"my secret words\x01\"}]", kNow);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message.find("secret"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("line 1, column"), std::string::npos);
}

TEST(JournalImport, TooManyEntriesAreRefusedWhole) {
  std::string json = "[";
  for (std::size_t i = 0; i <= kMaxImportEntries; ++i) json += i ? ",0" : "0";
  json += "]";
  ExpectRefused(json, "the file holds 100001 entries; an import takes 100000 at most: split it");
}

TEST(JournalImport, NamesTheFirstBadEntry) {
  ExpectRefused(R"([{"text": "fine"}, "just text"])", R"(entry 2: not an object with a "text")");
  ExpectRefused(R"([{"mood": 3}])", R"(entry 1: no "text")");
  ExpectRefused(R"([{"text": 5}])", R"(entry 1: "text" must be a string)");
  ExpectRefused(R"([{"text": "   "}])", "entry 1: the entry is empty: write some text");
  ExpectRefused(R"([{"text": "a"}, {"text": "b", "mood": 11}])",
                R"(entry 2: "mood" must be 0 to 10, or null)");
  ExpectRefused(R"([{"text": "a", "mood": -1}])", R"(entry 1: "mood" must be 0 to 10, or null)");
  ExpectRefused(R"([{"text": "a", "mood": 5.5}])", R"(entry 1: "mood" must be 0 to 10, or null)");
  ExpectRefused(R"([{"text": "a", "tags": "sleep"}])",
                R"(entry 1: "tags" must be a list of words)");
  ExpectRefused(R"([{"text": "a", "tags": [1]}])", R"(entry 1: "tags" must be a list of words)");
  ExpectRefused(R"([{"text": "a", "time": "yesterday"}])",
                R"(entry 1: "time" must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  ExpectRefused(R"([{"text": "a", "time": "0001-01-01"}])",
                R"(entry 1: "time" must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  ExpectRefused(R"([{"text": "a", "time": "2026-03- 2"}])",
                R"(entry 1: "time" must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  ExpectRefused(R"([{"text": "a", "time": "2026-03-02T+1:00:00Z"}])",
                R"(entry 1: "time" must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  ExpectRefused(R"([{"text": "a", "time": "2026-02-30"}])",
                R"(entry 1: "time" must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  ExpectRefused(R"([{"text": "a", "time": "2027-01-01T00:00:01Z"}])",
                "entry 1: dated in the future");
}

// An entry is written as the importer's own: the other fields of `journal
// list --json` (whose author may be the other member) are refused.
TEST(JournalImport, RefusesFieldsItDoesNotWrite) {
  ExpectRefused(R"([{"text": "a", "author": "Dr. Ada"}])",
                "entry 1: unknown field \"author\" (an entry has \"text\", and may have "
                "\"mood\", \"tags\" and \"time\")");
}

// JSON allows a name twice in one object and keeps the last; an entry that
// says "text" twice is ambiguous, so it is refused, whatever its place.
TEST(JournalImport, RefusesAFieldNamedTwice) {
  ExpectRefused(R"([{"text": "a", "text": "b"}])", R"(entry 1: the field "text" appears twice)");
  ExpectRefused(R"([{"text": "a"}, {"text": "b", "tags": [], "mood": 1, "tags": ["x"]}])",
                R"(entry 2: the field "tags" appears twice)");
  ExpectRefused(
      R"([{"text": "a"}, {"text": "b"}, {"text": "c", "time": "2026-01-01", "time": "2026-01-02"}])",
      R"(entry 3: the field "time" appears twice)");
  // The first bad entry is named, whether it repeats a field or not.
  ExpectRefused(R"([{"text": "a", "mood": 11}, {"text": "b", "text": "c"}])",
                R"(entry 1: "mood" must be 0 to 10, or null)");
  // The same name in different entries is no repetition.
  auto parsed = ParseJournalImport(R"([{"text": "a", "mood": 1}, {"text": "b", "mood": 2}])", kNow);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size(), 2u);
}

}  // namespace
}  // namespace rapport::cli
