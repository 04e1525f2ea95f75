// End-to-end tests of `rapport comment ID TEXT`: either member comments on
// any shared record, found by id prefix; comments show with their record.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class CommentCliTest : public VerbTest {};

TEST_F(CommentCliTest, BothMembersCommentOnGoalsAndJournalEntries) {
  const std::string nb = PairedHomes();
  const std::string goal =
      WriteAt(therapist(), {"goal", "propose", "Sleep better", "--measure", "hours"});
  const std::string entry = Write({"journal", "add", "--share", "Slept six hours"});
  Exchange(nb);
  const std::string c1 = Write({"comment", Short(goal), "Can we make this smaller?"});
  const std::string c2 = WriteAt(therapist(), {"comment", Short(entry, 10), "That is progress"});
  Exchange(nb);

  const Json show = RunJsonAt(therapist(), {"goal", "show", Short(goal)});
  ASSERT_EQ(show["comments"].size(), 1u);
  EXPECT_EQ(show["comments"][0]["id"], c1);
  EXPECT_EQ(show["comments"][0]["author"], "Sam");
  EXPECT_EQ(show["comments"][0]["text"], "Can we make this smaller?");
  EXPECT_THAT(Run({"goal", "show", Short(goal)}).out, HasSubstr("comment by Sam, "));
  // The client sees the therapist's comment under the entry in the journal.
  const Json journal = RunJson({"journal", "list"});
  ASSERT_EQ(journal.size(), 1u);
  ASSERT_EQ(journal[0]["comments"].size(), 1u);
  EXPECT_EQ(journal[0]["comments"][0]["id"], c2);
  EXPECT_EQ(journal[0]["comments"][0]["text"], "That is progress");
  const std::string listed = Run({"journal", "list"}).out;
  EXPECT_THAT(listed, HasSubstr("Slept six hours\n    comment by "));
  EXPECT_THAT(listed, HasSubstr(": That is progress\n"));
  // A comment is a shared record too, and can be commented on.
  Write({"comment", Short(c2), "Thanks"});
}

TEST_F(CommentCliTest, CommentsOnTasksShowWithTheTask) {
  ClientHome();
  const std::string task = Write({"task", "assign", "Walk", "--step", "Out of the door"});
  Write({"comment", Short(task), "Rain forecast all week"});
  const Json show = RunJson({"task", "show", Short(task)});
  ASSERT_EQ(show["comments"].size(), 1u);
  EXPECT_EQ(show["comments"][0]["text"], "Rain forecast all week");
  EXPECT_THAT(Run({"task", "show", Short(task)}).out, HasSubstr("Rain forecast all week"));
}

TEST_F(CommentCliTest, UnknownTargetPrivateEntryOrEmptyTextIsRefused) {
  const SampleHome& sample = UseSampleHome();
  const std::string other = sample.shared_id[0] == 'f' ? "0" : "f";
  // A private entry is no shared record: it cannot be commented on.
  ExpectRefused({"comment", Short(sample.private_id, 12), "hi"}, 1,
                "no shared record has an id starting with");
  ExpectRefused({"comment", other + "0000000", "hi"}, 1, "the list commands show ids");
  ExpectRefused(MakeEnv(""), {"comment", Short(sample.shared_id), ""}, "", 1,
                "the comment is empty");
  ExpectRefused(MakeEnv(""), {"comment", "hello", "hi"}, "", 1, "is not an id");
}

TEST_F(CommentCliTest, AmbiguousPrefixIsRefused) {
  ClientHome();
  // The notebook's first event and sixteen more: two share a first digit.
  std::set<char> firsts;
  const Json history = RunJson({"history"});
  for (const Json& e : history["events"]) firsts.insert(e["id"].get<std::string>()[0]);
  char shared = 0;
  for (int i = 0; i < 17 && !shared; ++i) {
    const std::string id = Write({"feedback", "note", "note " + std::to_string(i)});
    ASSERT_FALSE(id.empty());
    if (!firsts.insert(id[0]).second) shared = id[0];
  }
  ASSERT_NE(shared, 0);
  ExpectRefused({"comment", std::string(1, shared), "which?"}, 1,
                "several shared records have an id starting with");
}

}  // namespace
}  // namespace rapport::cli::testing
