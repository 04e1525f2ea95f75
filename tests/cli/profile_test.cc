// End-to-end tests of `rapport profile set|show`: the client fills in,
// changes and clears fields; the therapist reads but may not write.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "verb_fixture.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

class ProfileCliTest : public VerbTest {};

TEST_F(ProfileCliTest, SetChangeClearAndShow) {
  ClientHome();
  Write({"profile", "set", "cultural-background", "Grew up between Lagos and Leeds"});
  Write({"profile", "set", "therapy_preferences", "Homework I can do on walks"});
  Write({"profile", "set", "Beliefs", "Quaker"});
  Write({"profile", "set", "beliefs", "Quaker, not practising"});
  Write({"profile", "set", "therapy-preferences", "--clear"});
  ExpectRefused({"profile", "set", "therapy-preferences", "--clear"}, 1, "already empty");
  ExpectRefused({"profile", "set", "gender-identity", "--clear"}, 1, "already empty");

  const Json show = RunJson({"profile", "show"});
  ASSERT_TRUE(show.is_object());
  EXPECT_EQ(show.size(), 7u) << show.dump();
  EXPECT_EQ(show["cultural_background"]["value"], "Grew up between Lagos and Leeds");
  EXPECT_EQ(show["beliefs"]["value"], "Quaker, not practising");
  EXPECT_TRUE(show["therapy_preferences"].is_null());
  EXPECT_TRUE(show["attachment_style"].is_null());

  const RunResult text = Run({"profile", "show"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("beliefs: Quaker, not practising\n"));
  EXPECT_THAT(text.out, HasSubstr("therapy-preferences: (not filled in)\n"));
  EXPECT_THAT(text.out, HasSubstr("sexual-orientation: (not filled in)\n"));
}

TEST_F(ProfileCliTest, TherapistReadsButMayNotWrite) {
  const std::string nb = PairedHomes();
  Write({"profile", "set", "gender-identity", "non-binary"});
  Exchange(nb);
  EXPECT_EQ(RunJsonAt(therapist(), {"profile", "show"})["gender_identity"]["value"], "non-binary");
  const DirSnapshot before = Snapshot(root());
  const RunResult r = RunAt(therapist(), {"profile", "set", "notes", "likes tea"});
  EXPECT_TRUE(IsOneLineError(r, 1, "only the client writes the profile"));
  EXPECT_EQ(Differences(before, Snapshot(root())), "");
}

TEST_F(ProfileCliTest, BadRequestsAreRefusedBeforeThePassphrase) {
  ClientHome();
  const Env no_pass = MakeEnv("");
  auto refused = [&](const std::vector<std::string>& args, std::string_view phrase) {
    ExpectRefused(no_pass, args, "", 1, phrase);
  };
  refused({"profile", "set", "shoe-size", "42"}, "there is no profile field 'shoe-size'");
  refused({"profile", "set", "notes"}, "--clear");
  refused({"profile", "set", "notes", "  "}, "use --clear");
  refused({"profile", "set", "notes", "x", "--clear"}, "not both");
  refused({"profile", "set", "notes", std::string(5000, 'x')}, "longer than 4096");
}

}  // namespace
}  // namespace rapport::cli::testing
