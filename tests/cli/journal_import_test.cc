// The import file's parser: what it accepts, and one clear message naming
// the first bad entry for everything else.
#include "cli/journal_import.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <new>

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

// A file that is JSON but nothing like an entry list is refused as it is
// read, before a document is built from it.
TEST(JournalImport, RefusesAnEntryFarLargerThanAnyEntry) {
  const std::string too_large = R"(entry 1: holds far more than an entry can (a text, a mood, a )"
                                R"(time and at most 32 tags))";
  ExpectRefused(std::string(100, '['), too_large);
  ExpectRefused(
      R"([{"text": "a", "mood": )" + std::string(100, '[') + "1" + std::string(100, ']') + "}]",
      too_large);
  // A mistake within the limits is named by the entry's own checks.
  ExpectRefused(R"([{"text": "a", "mood": [[[[1]]]]}])",
                R"(entry 1: "mood" must be 0 to 10, or null)");
  std::string tags = R"([{"text": "a"}, {"text": "b", "tags": [)";
  for (int i = 0; i < 1000; ++i) tags += i ? R"(,"t")" : R"("t")";
  ExpectRefused(tags + "]}]",
                "entry 2: holds far more than an entry can (a text, a mood, a time "
                "and at most 32 tags)");
  ExpectRefused(R"([{"text": "a", "tags": ["1","2","3","4","5","6","7","8","9","10","11","12","13",
                "14","15","16","17","18","19","20","21","22","23","24","25","26","27","28","29",
                "30","31","32","33"]}])",
                "entry 1: an entry can have at most 32 tags");
}

// JSON text never holds a NUL byte, and the parser would stop reading at
// one: an entry after it would be dropped without a word.
TEST(JournalImport, RefusesANulByte) {
  ExpectRefused(std::string(R"([{"text": "a"}])") + '\0' + R"([{"text": "b"}])",
                "the file is not JSON text: it holds a NUL byte");
  ExpectRefused(std::string(R"([{"text": "a"}])") + std::string(3, '\0'),
                "the file is not JSON text: it holds a NUL byte");
}

// Entries are read one after the other: the millionth costs what the first
// did. (nlohmann's callback parser looked through every entry read so far
// at the end of each one: this took hours.)
TEST(JournalImport, ReadingEntriesCostsTheSameForEach) {
  std::string json = "[{}";
  for (int i = 1; i < 1'000'000; ++i) json += ",{}";
  json += "]";
  ExpectRefused(json, "the file holds 1000000 entries; an import takes 100000 at most: split it");
}

// The largest file an import takes, shaped to be as costly as possible to
// hold in memory, is refused within a fixed budget rather than ending the
// process for want of memory.
#if defined(__SANITIZE_ADDRESS__)
#define RAPPORT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RAPPORT_ASAN 1
#endif
#endif

#ifndef RAPPORT_ASAN
std::size_t AddressSpaceInUse() {
  std::size_t pages = 0;
  std::ifstream("/proc/self/statm") >> pages;
  return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Exits 0 if each file is refused while the process may grow by no more
// than `budget` bytes; else 4 (one was taken) or 5 (memory ran out).
[[noreturn]] void ParseEachWithin(std::size_t budget, std::vector<const std::string*> files) {
  const rlimit limit{AddressSpaceInUse() + budget, RLIM_INFINITY};
  if (::setrlimit(RLIMIT_AS, &limit) != 0) ::_exit(3);
  try {
    for (const std::string* json : files)
      if (ParseJournalImport(*json, kNow)) ::_exit(4);
  } catch (const std::bad_alloc&) {
    ::_exit(5);
  }
  ::_exit(0);
}
#endif

TEST(JournalImportDeathTest, AHostileFileIsRefusedInBoundedMemory) {
#ifdef RAPPORT_ASAN
  GTEST_SKIP() << "AddressSanitizer reserves far more address space than any limit allows";
#else
  const std::size_t size = kMaxImportBytes - 16;
  std::string flat = "[0";
  while (flat.size() < size) flat += ",0";
  flat += "]";
  std::string tags = R"([{"text": "a", "tags": ["")";
  while (tags.size() < size) tags += R"(,"")";
  tags += "]}]";
  std::string object = R"({"0":0)";
  for (int i = 1; object.size() < size; ++i) object += ",\"" + std::to_string(i) + "\":0";
  object += "}";
  const std::string deep(size, '[');
  EXPECT_EXIT(ParseEachWithin(std::size_t{256} << 20, {&flat, &tags, &object, &deep}),
              ::testing::ExitedWithCode(0), "");
#endif
}

}  // namespace
}  // namespace rapport::cli
