// End-to-end tests of `rapport review` on the real binary: text, --json,
// --html (a private, self-contained page), --since, a fixed --now, bad
// input, and the same JSON on two paired devices.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_fixture.h"
#include "two_devices.h"

namespace rapport::cli::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

constexpr char kNow[] = "2030-01-01T00:00:00Z";

class ReviewCliTest : public CliTest {
 protected:
  // Runs a write command that must succeed; returns the id it printed.
  std::string Write(const std::vector<std::string>& args) {
    const Json out = RunJson(args);
    EXPECT_TRUE(out.is_object() && out.contains("id")) << out.dump();
    return out.value("id", "");
  }
  std::vector<std::string> WarningKinds(const Json& review) {
    std::vector<std::string> kinds;
    for (const Json& w : review["warnings"]) kinds.push_back(w["kind"]);
    return kinds;
  }
};

unsigned Mode(const std::filesystem::path& file) {
  struct stat st {};
  EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
  return st.st_mode & 07777;
}

TEST_F(ReviewCliTest, TextShowsTheSharedRecordUnderHeadings) {
  UseSampleHome();
  const RunResult r = Run({"review"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Review of \"Sessions with Sam\" — Sam (client)\n"));
  for (const char* heading : {"\nEarly warnings\n", "\nGoals\n", "\nTasks\n", "\nSession feedback",
                              "\nCheck-ins", "\nShared journal\n"})
    EXPECT_THAT(r.out, HasSubstr(heading));
  EXPECT_THAT(r.out, HasSubstr("Sam  mood 6/10  #work\n    " + std::string(kSampleSharedText)));
  EXPECT_THAT(r.out, Not(HasSubstr(kSamplePrivateText))) << "a private entry is in the review";
  EXPECT_THAT(r.out, HasSubstr("Early warnings\n  none\n"));
}

TEST_F(ReviewCliTest, JsonHoldsTheSharedEntryAndNoPrivateOne) {
  const SampleHome& sample = UseSampleHome();
  const Json r = RunJson({"review", "--now", kNow});
  EXPECT_EQ(r["notebook"], kSampleTitle);
  EXPECT_EQ(r["members"], Json::parse(R"([{"name":"Sam","role":"client"}])"));
  EXPECT_TRUE(r["since"].is_null());
  EXPECT_EQ(r["goals"], Json::array());
  EXPECT_TRUE(r["gas"].is_null());
  EXPECT_EQ(r["tasks"], Json::array());
  EXPECT_EQ(r["session_feedback"], Json::array());
  EXPECT_EQ(r["checkins"], Json::array());
  EXPECT_TRUE(r["ending"].is_null());
  ASSERT_EQ(r["journal"]["total"], 1);
  ASSERT_EQ(r["journal"]["entries"].size(), 1u);
  const Json& e = r["journal"]["entries"][0];
  EXPECT_EQ(e["id"], sample.shared_id);
  EXPECT_EQ(e["by"], "Sam");
  EXPECT_EQ(e["mood"], 6);
  EXPECT_EQ(e["tags"], Json::array({"work"}));
  EXPECT_EQ(e["text"], kSampleSharedText);
  EXPECT_EQ(r["journal"]["last_time"], e["time"]);
  EXPECT_THAT(r.dump(), Not(HasSubstr(kSamplePrivateText)));
}

TEST_F(ReviewCliTest, JournalSilenceIsMeasuredToNow) {
  UseSampleHome();
  // The sample entry was written moments ago: no silence today, years of it in 2030.
  EXPECT_EQ(WarningKinds(RunJson({"review"})), std::vector<std::string>{});
  const Json later = RunJson({"review", "--now", kNow});
  ASSERT_EQ(WarningKinds(later), std::vector<std::string>{"journal_silence"});
  EXPECT_GT(later["warnings"][0]["count"].get<int>(), 14);
  EXPECT_TRUE(later["warnings"][0]["about"].is_null());
  EXPECT_THAT(later["warnings"][0]["message"].get<std::string>(),
              HasSubstr("No shared journal entry for "));
  const RunResult text = Run({"review", "--now", kNow});
  EXPECT_THAT(text.out, HasSubstr("Early warnings\n  ! No shared journal entry for "));
}

TEST_F(ReviewCliTest, SameNowGivesTheSameBytesAndTheEnvironmentCanSetIt) {
  UseSampleHome();
  const RunResult first = Run({"--json", "review", "--now", kNow});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const RunResult again = Run({"--json", "review", "--now", kNow});
  EXPECT_EQ(first.out, again.out);
  Env env = MakeEnv();
  env["RAPPORT_NOW"] = kNow;
  const RunResult from_env = RunWith(env, {"--json", "review"});
  EXPECT_EQ(from_env.out, first.out);
  // A date alone is that day's midnight.
  EXPECT_EQ(Run({"--json", "review", "--now", "2030-01-01"}).out, first.out);
}

TEST_F(ReviewCliTest, SinceListsOnlyLaterEntries) {
  UseSampleHome();
  const Json none = RunJson({"review", "--since", "2999-12-31"});
  EXPECT_EQ(none["since"], "2999-12-31T00:00:00Z");
  EXPECT_EQ(none["journal"]["entries"], Json::array());
  EXPECT_EQ(none["journal"]["total"], 1);
  const Json all = RunJson({"review", "--since", "2000-01-01"});
  EXPECT_EQ(all["journal"]["entries"].size(), 1u);
  const RunResult text = Run({"review", "--since", "2999-12-31"});
  EXPECT_THAT(text.out, HasSubstr("Shared journal since 2999-12-31\n  no entries\n"));
}

TEST_F(ReviewCliTest, HtmlIsAPrivateSelfContainedPage) {
  UseSampleHome();
  Write({"feedback", "session", "--relationship", "9", "--goals", "8", "--approach", "8",
         "--overall", "8"});
  Write({"feedback", "checkin", "--individually", "5", "--interpersonally", "5", "--socially", "5",
         "--overall", "5"});
  const std::filesystem::path file = root() / "review.html";
  const RunResult r = Run({"review", "--html", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Wrote the review to " + file.string() + " (readable by you only)\n");
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(Mode(file), 0600u);
  const std::string html = ReadBytes(file);
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<meta name=\"viewport\" content=\"width=device-width"));
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr(">36 cutoff<"));  // the session chart's reference line
  EXPECT_THAT(html, HasSubstr(">25 cutoff<"));  // the check-in chart's
  EXPECT_THAT(html, HasSubstr(kSampleSharedText));
  EXPECT_THAT(html, Not(HasSubstr(kSamplePrivateText)));
  for (const char* external : {"http://", "https://", "<script", "<link", "<img", "@import"})
    EXPECT_THAT(html, Not(HasSubstr(external))) << "the page must need nothing from outside";
  EXPECT_TRUE(html.ends_with("</html>\n"));

  const Json where = RunJson({"review", "--html", (root() / "again.html").string()});
  EXPECT_EQ(where["html"], (root() / "again.html").string());
}

// A rating written days after the session it is about: the text and the
// page name that session, as the JSON's session_date does.
TEST_F(ReviewCliTest, TextAndHtmlNameTheSessionARatingIsAbout) {
  UseSampleHome();
  Write({"feedback", "session", "--relationship", "9", "--goals", "8", "--approach", "8",
         "--overall", "8", "--date", "2025-12-30"});
  Write({"feedback", "checkin", "--individually", "5", "--interpersonally", "5", "--socially", "5",
         "--overall", "5", "--date", "2025-12-29"});
  EXPECT_EQ(RunJson({"review"})["session_feedback"][0]["session_date"], "2025-12-30");
  const RunResult text = Run({"review"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("session of 2025-12-30"));
  EXPECT_THAT(text.out, HasSubstr("session of 2025-12-29"));
  const std::filesystem::path file = root() / "review.html";
  ASSERT_EQ(Run({"review", "--html", file.string()}).exit_code, 0);
  EXPECT_THAT(ReadBytes(file), HasSubstr("session of 2025-12-30"));
}

TEST_F(ReviewCliTest, HtmlEscapesWhatMembersWrote) {
  UseSampleHome();
  Write({"journal", "add", "--share", "--tag", "<b>", "<script>alert('hi')</script> & more"});
  const std::filesystem::path file = root() / "review.html";
  ASSERT_EQ(Run({"review", "--html", file.string()}).exit_code, 0);
  const std::string html = ReadBytes(file);
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; more"));
  EXPECT_THAT(html, HasSubstr("#&lt;b&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
}

TEST_F(ReviewCliTest, HtmlNeverOverwritesUnlessForced) {
  UseSampleHome();
  const std::filesystem::path file = root() / "review.html";
  WriteBytes(file, "an older file");
  std::filesystem::permissions(file, std::filesystem::perms(0644));
  ExpectRefused({"review", "--html", file.string()}, 1, "already exists");
  EXPECT_EQ(ReadBytes(file), "an older file");

  const RunResult forced = Run({"review", "--html", file.string(), "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(ReadBytes(file), HasSubstr(kSampleSharedText));
  EXPECT_EQ(Mode(file), 0600u) << "a replaced file is private too";
  // No temporary file is left beside it.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(root())) ++files;
  EXPECT_EQ(files, 2u);  // home/ and review.html
}

TEST_F(ReviewCliTest, RefusesBadInputAndChangesNothing) {
  UseSampleHome();
  ExpectRefused({"review", "--since", "2026-02-31"}, 1, "--since takes a date as YYYY-MM-DD");
  ExpectRefused({"review", "--since", "yesterday"}, 1, "--since takes a date");
  // sscanf alone would read " 1" and "+1" as a month.
  ExpectRefused({"review", "--since", "2026-+1-01"}, 1, "--since takes a date");
  ExpectRefused({"review", "--since", "2026- 1-01"}, 1, "--since takes a date");
  ExpectRefused({"review", "--now", "2030-01-01T25:00:00Z"}, 1, "--now takes");
  ExpectRefused({"review", "--html", (root() / "no such folder" / "r.html").string()}, 1,
                "cannot write");
  ExpectRefused({"review", "--html", root().string()}, 1, "is a folder");
  ExpectRefused({"review", "--force"}, 1, "--html");
}

TEST_F(ReviewCliTest, HtmlIsNeverWrittenIntoTheDeviceFolder) {
  UseSampleHome();
  for (const char* name : {"rapport.db", "rapport.db-wal", "review.html"})
    ExpectRefused({"review", "--html", (home() / name).string(), "--force"}, 1, "Rapport folder");
  std::filesystem::create_directory_symlink(home(), root() / "link");
  ExpectRefused({"review", "--html", (root() / "link" / "rapport.db").string(), "--force"}, 1,
                "Rapport folder");
  const RunResult list = Run({"journal", "list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(kSampleSharedText));
}

TEST_F(ReviewCliTest, WithoutAnIdentityItSaysSo) { ExpectRefused({"review"}, 1, "no identity"); }

// Goals, tasks, feedback and their flags, written through the commands.
TEST_F(ReviewCliTest, ShowsGoalsTasksFeedbackAndTheirFlags) {
  UseSampleHome();
  const std::string goal =
      Write({"goal", "propose", "Feel at ease with people", "--measure", "conversations a week"});
  Write({"goal", "progress", goal.substr(0, 8), "--gas=1"});
  const std::string task =
      Write({"task", "assign", "Social steps", "--goal", goal.substr(0, 8), "--step",
             "smile at a neighbour", "--step", "talk to a stranger"});
  Write({"task", "done", task.substr(0, 8) + "/1"});
  Write({"task", "defer", task.substr(0, 8) + "/2", "--reason", "too anxious"});
  Write({"task", "defer", task.substr(0, 8) + "/2", "--reason", "no time"});
  Write({"feedback", "session", "--relationship", "10", "--goals", "10", "--approach", "9",
         "--overall", "9"});
  Write({"feedback", "session", "--relationship", "8", "--goals", "8", "--approach", "8",
         "--overall", "8"});
  Write({"feedback", "checkin", "--individually", "5", "--interpersonally", "5", "--socially", "5",
         "--overall", "5"});
  Write({"feedback", "checkin", "--individually", "7", "--interpersonally", "7", "--socially", "6",
         "--overall", "6"});

  const Json r = RunJson({"review"});
  ASSERT_EQ(r["goals"].size(), 1u);
  const Json& g = r["goals"][0];
  EXPECT_EQ(g["id"], goal);
  EXPECT_EQ(g["title"], "Feel at ease with people");
  EXPECT_EQ(g["agreed"], true) << "the only member wrote it";
  EXPECT_EQ(g["gas"].size(), 1u);
  EXPECT_EQ(g["gas"][0]["value"], 1);
  EXPECT_EQ(r["gas"], Json::parse(R"({"goals":1,"sum":1,"t_score":60.0})"));

  ASSERT_EQ(r["tasks"].size(), 1u);
  const Json& t = r["tasks"][0];
  EXPECT_EQ(t["goal"], "Feel at ease with people");
  EXPECT_EQ(t["steps_current"], 2);
  EXPECT_EQ(t["steps_done"], 1);
  EXPECT_EQ(t["deferrals"], 2);
  EXPECT_EQ(t["steps"][1]["deferrals"][1]["reason"], "no time");

  ASSERT_EQ(r["session_feedback"].size(), 2u);
  EXPECT_EQ(r["session_feedback"][1]["total"], 32);
  EXPECT_EQ(r["session_feedback"][1]["change_from_previous"], -6);
  EXPECT_EQ(r["session_feedback"][1]["flags"], Json::array({"below_36", "falling"}));
  ASSERT_EQ(r["checkins"].size(), 2u);
  EXPECT_EQ(r["checkins"][0]["flags"], Json::array({"below_25"}));
  EXPECT_EQ(r["checkins"][1]["total"], 26);
  EXPECT_EQ(r["checkins"][1]["items"]["socially"], 6);
  EXPECT_EQ(r["checkins"][1]["flags"],
            Json::array({"reliable_rise_from_previous", "reliable_rise_from_first"}));
  EXPECT_EQ(WarningKinds(r), (std::vector<std::string>{"session_below_cutoff", "session_falling",
                                                       "repeated_deferral"}));

  const RunResult text = Run({"review"});
  EXPECT_THAT(text.out, HasSubstr("  ! Step \"talk to a stranger\" of task \"Social steps\" was "
                                  "deferred 2 times (latest reason: \"no time\").\n"));
  EXPECT_THAT(text.out, HasSubstr("    GAS      ▆  now +1\n"));
  EXPECT_THAT(text.out, HasSubstr("Goal Attainment Scaling T-score: 60.0 over 1 goal"));
  EXPECT_THAT(text.out, HasSubstr("32/40  (-6)  ! under 36, falling\n"));
  EXPECT_THAT(text.out, HasSubstr("[ ] talk to a stranger  ! deferred 2x: too anxious; no time\n"));
}

// The sync tests compare `review --json` across devices byte for byte.
TEST_F(ReviewCliTest, TwoPairedDevicesPrintTheSameJson) {
  const std::filesystem::path therapist = root() / "therapist";
  auto at_therapist = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--home", therapist.string()});
    return RunRapport(args, MakeEnv());
  };
  ASSERT_EQ(at_therapist({"init", "--name", "Dr. Ada", "--role", "therapist"}).exit_code, 0);
  const std::string notebook =
      ParseJson(at_therapist({"--json", "notebook", "create", "Work with Sam"})).value("id", "");
  ASSERT_FALSE(notebook.empty());
  ASSERT_EQ(Run({"init", "--name", "Sam", "--role", "client"}).exit_code, 0);
  PairHomes(therapist, home(), notebook);

  const std::string goal =
      ParseJson(at_therapist({"--json", "goal", "propose", "Sleep better", "--measure", "hours"}))
          .value("id", "");
  ASSERT_FALSE(goal.empty());
  ASSERT_EQ(at_therapist({"journal", "add", "--share", "From Ada"}).exit_code, 0);
  ExchangeEvents(therapist, home(), notebook);
  Write({"journal", "add", "--share", "From Sam"});
  Write({"journal", "add", "Sam's private thought"});
  Write({"feedback", "session", "--relationship", "9", "--goals", "9", "--approach", "8",
         "--overall", "8"});
  ExchangeEvents(therapist, home(), notebook);

  const RunResult on_client = Run({"--json", "review", "--now", kNow});
  const RunResult on_therapist = at_therapist({"--json", "review", "--now", kNow});
  ASSERT_EQ(on_client.exit_code, 0) << on_client.err;
  ASSERT_EQ(on_therapist.exit_code, 0) << on_therapist.err;
  EXPECT_EQ(on_client.out, on_therapist.out);
  const Json r = ParseJson(on_client);
  EXPECT_EQ(r["journal"]["total"], 2);
  EXPECT_THAT(on_client.out, Not(HasSubstr("private thought")));
  ASSERT_EQ(r["goals"].size(), 1u);
  EXPECT_EQ(r["goals"][0]["waiting_for"], Json::array({"Sam"}));
  EXPECT_EQ(WarningKinds(r), (std::vector<std::string>{"session_below_cutoff", "journal_silence"}));
}

}  // namespace
}  // namespace rapport::cli::testing
