// What text may hold: nothing a terminal would act on instead of showing.
#include "core/terminal_safe_text.h"

#include <gtest/gtest.h>

#include "core/record_fields.h"
#include "core/records_journal.h"

namespace rapport::core {
namespace {

TEST(TerminalSafeText, OrdinaryWritingInAnyScriptPasses) {
  for (const char* text : {"Slept badly, long day", "caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve",
                           "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xe2\x80\x8f",  // Hebrew, with RLM
                           "\xe4\xbb\x8a\xe6\x97\xa5", "\xf0\x9f\x99\x82", ""}) {
    EXPECT_FALSE(FindUnsafeCharacter(text, TextLines::kOne)) << text;
    EXPECT_FALSE(FindUnsafeCharacter(text, TextLines::kMany)) << text;
  }
}

TEST(TerminalSafeText, LinesAndTabsOnlyWhereTextHasManyLines) {
  for (const char* text : {"one\ntwo", "a\tb", "windows\r\nline"}) {
    EXPECT_FALSE(FindUnsafeCharacter(text, TextLines::kMany)) << text;
    EXPECT_TRUE(FindUnsafeCharacter(text, TextLines::kOne)) << text;
  }
  // A carriage return alone moves back over the line: it could overwrite it.
  EXPECT_EQ(FindUnsafeCharacter("hello\rrapport: wrong passphrase", TextLines::kMany),
            "a line break or tab (U+000D)");
  EXPECT_TRUE(FindUnsafeCharacter("ends with\r", TextLines::kMany));
  EXPECT_EQ(FindUnsafeCharacter("a\xe2\x80\xa8z", TextLines::kOne), "a line break (U+2028)");
  EXPECT_FALSE(FindUnsafeCharacter("a\xe2\x80\xa8z", TextLines::kMany));
}

TEST(TerminalSafeText, ControlCharactersAreRefusedEverywhere) {
  const std::string escape = "Eve\x1b[2J\x1b[31mFAKE";
  for (TextLines lines : {TextLines::kOne, TextLines::kMany}) {
    EXPECT_EQ(FindUnsafeCharacter(escape, lines), "a control character (U+001B)");
    EXPECT_EQ(FindUnsafeCharacter(std::string("nul\0here", 8), lines),
              "a control character (U+0000)");
    EXPECT_EQ(FindUnsafeCharacter("bell\x07", lines), "a control character (U+0007)");
    EXPECT_EQ(FindUnsafeCharacter("del\x7f", lines), "a control character (U+007F)");
    EXPECT_EQ(FindUnsafeCharacter("c1 \xc2\x9b"
                                  "2J",
                                  lines),
              "a control character (U+009B)");
    EXPECT_EQ(FindUnsafeCharacter("\xe2\x80\xae"
                                  "reversed",
                                  lines),
              "a control of the text's direction (U+202E)");
    EXPECT_EQ(FindUnsafeCharacter("x\xe2\x81\xa6y", lines),
              "a control of the text's direction (U+2066)");
  }
  // Just outside the refused ranges.
  EXPECT_FALSE(FindUnsafeCharacter("\xc2\xa0\xe2\x80\xa9", TextLines::kMany));  // NBSP, U+2029
  EXPECT_FALSE(FindUnsafeCharacter("\xe2\x80\xa9", TextLines::kMany));
  EXPECT_FALSE(FindUnsafeCharacter("\xe2\x81\xa5\xe2\x81\xaa", TextLines::kOne));  // U+2065, U+206A
}

TEST(TerminalSafeText, RecordsRefuseItInNamesTitlesAndText) {
  const Status line = CheckLine("name", "Bob:\n  11111 22222", 100, true);
  ASSERT_FALSE(line);
  EXPECT_NE(line.error().message.find("name holds a line break"), std::string::npos)
      << line.error().message;
  EXPECT_FALSE(CheckText("the note", "spoof\x1b[8m", 4096, false));
  EXPECT_TRUE(CheckText("the note", "first\nsecond", 4096, false));

  JournalEntry entry;
  entry.text = "hello\x1b[1A\x1b[2K";
  EXPECT_FALSE(ValidateFields(entry));
  entry.text = "hello";
  entry.tags = {"tag\x1b"};
  EXPECT_FALSE(ValidateFields(entry));
  entry.tags = {"sleep"};
  EXPECT_TRUE(ValidateFields(entry));
}

TEST(TerminalSafeText, MakingItSafeReplacesOnlyWhatIsRefused) {
  EXPECT_EQ(MakeTerminalSafe("Eve\x1b[2J", TextLines::kMany), "Eve\xef\xbf\xbd[2J");
  EXPECT_EQ(MakeTerminalSafe("Bob:\n  111\t2", TextLines::kOne), "Bob:   111 2");
  EXPECT_EQ(MakeTerminalSafe("a\r\nb\rc", TextLines::kMany), "a\r\nb c");
  EXPECT_EQ(MakeTerminalSafe("\xe2\x80\xae"
                             "abc",
                             TextLines::kMany),
            "\xef\xbf\xbd"
            "abc");
  const std::string fine = "caf\xc3\xa9 \xd7\xa9\xe2\x80\x8f \xf0\x9f\x99\x82\nnext";
  EXPECT_EQ(MakeTerminalSafe(fine, TextLines::kMany), fine);
}

TEST(TerminalSafeText, UnsafeCharacterAtGivesLengthAndReplacement) {
  const std::string text = "a\xE2\x80\xAE\tb\r";
  EXPECT_FALSE(UnsafeCharacterAt(text, 0, TextLines::kMany));
  const auto bidi = UnsafeCharacterAt(text, 1, TextLines::kMany);
  ASSERT_TRUE(bidi);
  EXPECT_EQ(bidi->length, 3u);
  EXPECT_EQ(bidi->replacement, "\xEF\xBF\xBD");
  EXPECT_FALSE(UnsafeCharacterAt(text, 4, TextLines::kMany));  // a tab in a note
  const auto tab = UnsafeCharacterAt(text, 4, TextLines::kOne);
  ASSERT_TRUE(tab);
  EXPECT_EQ(tab->replacement, " ");
  const auto lone_cr = UnsafeCharacterAt(text, 6, TextLines::kMany);
  ASSERT_TRUE(lone_cr);
  EXPECT_EQ(lone_cr->length, 1u);
  // A character cut off at the end is never longer than what is left.
  const auto cut = UnsafeCharacterAt("\xC2", 0, TextLines::kMany);
  EXPECT_TRUE(!cut || cut->length == 1u);
}

}  // namespace
}  // namespace rapport::core
