// End-to-end tests of `rapport reflect add|list`: the therapist's private
// reflections stay on the therapist's device, and the client cannot write one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class ReflectCliTest : public VerbTest {};

TEST_F(ReflectCliTest, AddAndListStayOnTheTherapistsDevice) {
  const std::string nb = PairedHomes();
  const Json added =
      RunJsonAt(therapist(), {"reflect", "add", "I felt impatient when Sam changed the subject"});
  EXPECT_EQ(added["visibility"], "private");
  const std::string id = added.value("id", "");
  ASSERT_EQ(id.size(), 64u);
  const std::vector<std::string> from_stdin = {
      "--home", therapist().string(), "--json", "reflect", "add", "-"};
  const RunResult piped = RunRapport(from_stdin, MakeEnv(), "I wanted to rescue him\n");
  EXPECT_EQ(piped.exit_code, 0) << piped.err;

  const Json list = RunJsonAt(therapist(), {"reflect", "list"});
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], id);
  EXPECT_EQ(list[0]["text"], "I felt impatient when Sam changed the subject");
  EXPECT_EQ(list[1]["text"], "I wanted to rescue him");
  EXPECT_EQ(RunJsonAt(therapist(), {"reflect", "list", "--since", "2999-01-01"}), Json::array());
  EXPECT_THAT(RunAt(therapist(), {"reflect", "list"}).out,
              HasSubstr("    I felt impatient when Sam changed the subject\n"));

  // Nothing of it reaches the client, in the shared record or anywhere else.
  Exchange(nb);
  const Json history = RunJson({"history"});
  for (const Json& e : history["events"]) EXPECT_NE(e["type"], "reflection.add");
  EXPECT_EQ(RunJson({"reflect", "list"}), Json::array());
}

TEST_F(ReflectCliTest, TheClientMayNotWriteOne) {
  ClientHome();
  ExpectRefused({"reflect", "add", "My own thoughts"}, 1, "only the therapist writes reflections");
}

TEST_F(ReflectCliTest, EmptyTextOrBadDateIsRefusedBeforeThePassphrase) {
  TherapistHome();
  ExpectRefused(MakeEnv(""), {"reflect", "add", " "}, "", 1, "the reflection is empty");
  ExpectRefused(MakeEnv(""), {"reflect", "add", "-"}, "\n\n", 1, "the reflection is empty");
  ExpectRefused(MakeEnv(""), {"reflect", "list", "--since", "last week"}, "", 1, "YYYY-MM-DD");
}

}  // namespace
}  // namespace rapport::cli::testing
