// End-to-end tests of `rapport rupture flag|repair|resolve|list`, with both
// members taking part, and the requests it must refuse.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class RuptureCliTest : public VerbTest {};

TEST_F(RuptureCliTest, FlagRepairResolveAndListOnBothDevices) {
  const std::string nb = PairedHomes();
  const std::string rupture =
      Write({"rupture", "flag", "withdrawal", "I went quiet when we talked about my father"});
  Exchange(nb);
  WriteAt(therapist(),
          {"rupture", "repair", Short(rupture), "rationale", "Explained why it helps"});
  Write({"rupture", "repair", Short(rupture), "renegotiate-goals"});
  WriteAt(therapist(), {"rupture", "repair", Short(rupture), "discussion", "Talked it through"});
  Write({"rupture", "repair", Short(rupture), "other", "Wrote a letter"});
  Exchange(nb);
  Write({"rupture", "resolve", Short(rupture)});
  Exchange(nb);

  const Json list = RunJsonAt(therapist(), {"rupture", "list"});
  ASSERT_EQ(list.size(), 1u);
  const Json& r = list[0];
  EXPECT_EQ(r["id"], rupture);
  EXPECT_EQ(r["kind"], "withdrawal");
  EXPECT_EQ(r["author"], "Sam");
  EXPECT_EQ(r["note"], "I went quiet when we talked about my father");
  EXPECT_EQ(r["resolved"], true);
  EXPECT_EQ(r["resolved_by"], "Sam");
  ASSERT_EQ(r["repairs"].size(), 4u) << r.dump();
  std::multiset<std::string> kinds;
  for (const Json& p : r["repairs"]) kinds.insert(p["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::multiset<std::string>{"rationale_given", "goals_renegotiated",
                                               "mutual_discussion", "other"}));
  EXPECT_EQ(RunJson({"rupture", "list"}), list);

  const RunResult text = Run({"rupture", "list"});
  EXPECT_THAT(text.out, HasSubstr("withdrawal, flagged by Sam  [resolved]"));
  EXPECT_THAT(text.out, HasSubstr("repair (talked it through together) by Dr. Ada"));
}

TEST_F(RuptureCliTest, ConfrontationFlaggedByTheTherapist) {
  TherapistHome();
  const std::string rupture = Write({"rupture", "flag", "Confrontation"});
  const Json list = RunJson({"rupture", "list"});
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], rupture);
  EXPECT_EQ(list[0]["kind"], "confrontation");
  EXPECT_EQ(list[0]["resolved"], false);
  EXPECT_THAT(Run({"rupture", "list"}).out, HasSubstr("[open]"));
}

// The names `rupture list --json` prints for the kinds of repair can be
// typed back, as well as the short words of the help.
TEST_F(RuptureCliTest, RepairKindsAsJsonNamesThemAreAccepted) {
  ClientHome();
  const std::string rupture = Short(Write({"rupture", "flag", "withdrawal"}));
  for (const char* kind : {"rationale_given", "goals-renegotiated", "mutual_discussion"})
    Write({"rupture", "repair", rupture, kind, "typed as JSON names it"});
  const Json list = RunJson({"rupture", "list"});
  ASSERT_EQ(list.size(), 1u);
  std::vector<std::string> kinds;
  for (const Json& p : list[0]["repairs"]) kinds.push_back(p["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::vector<std::string>{"rationale_given", "goals_renegotiated",
                                             "mutual_discussion"}));
}

TEST_F(RuptureCliTest, ResolvedRuptureTakesNoMoreRepairsOrResolves) {
  ClientHome();
  const std::string rupture = Short(Write({"rupture", "flag", "withdrawal"}));
  Write({"rupture", "resolve", rupture});
  ExpectRefused({"rupture", "resolve", rupture}, 1, "is resolved");
  ExpectRefused({"rupture", "repair", rupture, "discussion"}, 1, "is resolved");
}

TEST_F(RuptureCliTest, BadRequestsAreRefused) {
  ClientHome();
  const std::string rupture = Write({"rupture", "flag", "withdrawal"});
  const std::string other = rupture[0] == 'f' ? "0" : "f";
  ExpectRefused({"rupture", "resolve", other}, 1, "no rupture has an id starting with");
  const Env no_pass = MakeEnv("");
  auto refused = [&](const std::vector<std::string>& args, std::string_view phrase) {
    ExpectRefused(no_pass, args, "", 1, phrase);
  };
  refused({"rupture", "flag", "sulking"}, "confrontation or withdrawal");
  refused({"rupture", "flag"}, "KIND is required");
  refused({"rupture", "repair", Short(rupture), "apology"}, "rationale, renegotiate-goals");
  refused({"rupture", "repair", Short(rupture), "other"}, "needs a NOTE");
  refused({"rupture", "repair", "xyz", "discussion"}, "is not an id");
  refused({"rupture", "flag", "withdrawal", std::string(5000, 'x')}, "longer than 4096");
}

}  // namespace
}  // namespace rapport::cli::testing
