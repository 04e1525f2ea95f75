// The in-process pairing helper itself: after pairing and exchanging, both
// homes show the same shared journal.
#include "two_devices.h"

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace rapport::cli::testing {
namespace {

class TwoDevicesTest : public CliTest {};

TEST_F(TwoDevicesTest, PairedHomesConvergeOnTheSharedJournal) {
  const std::filesystem::path therapist = root() / "therapist";
  const std::filesystem::path client = home();
  ASSERT_EQ(
      RunRapport({"--home", therapist.string(), "init", "--name", "Dr. Ada", "--role", "therapist"},
                 MakeEnv())
          .exit_code,
      0);
  const RunResult nb = RunRapport(
      {"--home", therapist.string(), "--json", "notebook", "create", "Work with Sam"}, MakeEnv());
  const std::string notebook_id = ParseJson(nb).value("id", "");
  ASSERT_FALSE(notebook_id.empty()) << nb.err;
  ASSERT_EQ(Run({"init", "--name", "Sam", "--role", "client"}).exit_code, 0);

  PairHomes(therapist, client, notebook_id);
  ASSERT_EQ(Run({"journal", "add", "--share", "From Sam"}).exit_code, 0);
  ASSERT_EQ(
      RunRapport({"--home", therapist.string(), "journal", "add", "--share", "From Ada"}, MakeEnv())
          .exit_code,
      0);
  ExchangeEvents(therapist, client, notebook_id);

  const nlohmann::json on_client = RunJson({"journal", "list"});
  const nlohmann::json on_therapist =
      ParseJson(RunRapport({"--home", therapist.string(), "--json", "journal", "list"}, MakeEnv()));
  ASSERT_EQ(on_client.size(), 2u);
  EXPECT_EQ(on_client, on_therapist);
}

}  // namespace
}  // namespace rapport::cli::testing
