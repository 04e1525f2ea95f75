// End-to-end tests of `rapport notebook create|list`, choosing a notebook
// with --notebook, and `rapport history` on the real binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "cli_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

class NotebookCliTest : public CliTest {};

TEST_F(NotebookCliTest, ListShowsTitlesAndCountsAsTextAndJson) {
  const SampleHome& sample = UseSampleHome();
  const RunResult text = Run({"notebook", "list"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  // notebook.create and the shared entry are shared records.
  EXPECT_EQ(text.out, sample.notebook_id.substr(0, 8) + "  " + kSampleTitle +
                          "  (2 shared records, 1 private)\n");

  const Json list = RunJson({"notebook", "list"});
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], sample.notebook_id);
  EXPECT_EQ(list[0]["title"], kSampleTitle);
  EXPECT_EQ(list[0]["events"], 2);
  EXPECT_EQ(list[0]["private_records"], 1);
}

TEST_F(NotebookCliTest, ListWithNoNotebookSaysHowToCreateOne) {
  ASSERT_EQ(Run({"init", "--name", "Ada", "--role", "therapist"}).exit_code, 0);
  const RunResult text = Run({"notebook", "list"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("rapport notebook create TITLE"));
}

TEST_F(NotebookCliTest, NotebookOptionChoosesByTitleOrIdPrefix) {
  const SampleHome& sample = UseSampleHome();
  const Json created = RunJson({"notebook", "create", "Homework"});
  const std::string homework = created.value("id", "");
  ASSERT_EQ(homework.size(), 32u);
  EXPECT_EQ(created.value("title", ""), "Homework");

  const RunResult added = Run({"--notebook", "Homework", "journal", "add", "In the homework"});
  EXPECT_EQ(added.exit_code, 0) << added.err;

  const Json by_prefix = RunJson({"--notebook", homework.substr(0, 6), "journal", "list"});
  ASSERT_TRUE(by_prefix.is_array());
  ASSERT_EQ(by_prefix.size(), 1u) << by_prefix.dump();
  EXPECT_EQ(by_prefix[0]["text"], "In the homework");

  const Json by_title = RunJson({"--notebook", kSampleTitle, "journal", "list"});
  ASSERT_TRUE(by_title.is_array());
  EXPECT_EQ(by_title.size(), 2u) << by_title.dump();
  EXPECT_THAT(by_title.dump(), Not(HasSubstr("In the homework")));

  const RunResult history = Run({"--notebook", sample.notebook_id.substr(0, 10), "history"});
  EXPECT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, Not(HasSubstr("In the homework")));
}

TEST_F(NotebookCliTest, HistoryShowsEverySignedEventVerified) {
  const SampleHome& sample = UseSampleHome();
  const RunResult text = Run({"history"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("notebook.create"));
  EXPECT_THAT(text.out, HasSubstr("journal.entry"));
  EXPECT_THAT(text.out, Not(HasSubstr("NO:")));
  EXPECT_THAT(text.out, Not(HasSubstr("rejected")));

  const Json history = RunJson({"history"});
  ASSERT_TRUE(history.is_object());
  ASSERT_TRUE(history["events"].is_array());
  ASSERT_EQ(history["events"].size(), 2u) << history.dump();
  std::set<std::string> types;
  for (const Json& e : history["events"]) {
    EXPECT_EQ(e["verified"], true) << e.dump();
    EXPECT_EQ(e["problem"], "") << e.dump();
    EXPECT_EQ(e["author"], sample.author_id);
    EXPECT_EQ(e["author_name"], "Sam");
    types.insert(e["type"]);
  }
  EXPECT_EQ(types, (std::set<std::string>{"notebook.create", "journal.entry"}));
  EXPECT_EQ(history["events"][0]["seq"], 1);
  EXPECT_EQ(history["events"][1]["id"], sample.shared_id);
  EXPECT_EQ(history["rejected"], Json::array());
}

}  // namespace
}  // namespace rapport::cli::testing
