// The review's forms (cli/review_render.h) on hand-made reviews: sparklines,
// escaping, the JSON layout and flags, and the chart's reference lines.
#include "cli/review_render.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <limits>
#include <random>
#include <sstream>

#include "cli/output.h"
#include "cli/review_chart.h"

namespace rapport::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

TEST(Sparkline, SameValueDrawsTheSameBlockOnAFixedScale) {
  EXPECT_EQ(Sparkline({0, 5, 10}, 0, 10), "▁▅█");
  EXPECT_EQ(Sparkline({-2, -1, 0, 1, 2}, -2, 2), "▁▃▅▆█");
  EXPECT_EQ(Sparkline({}, 0, 10), "");
  // Out of range values are clamped.
  EXPECT_EQ(Sparkline({-5, 15}, 0, 10), "▁█");
  EXPECT_EQ(Sparkline({40, 36, 20}, 20, 40), "█▇▁");
}

TEST(HtmlEscape, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(HtmlEscape("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("plain, ünïcode"), "plain, ünïcode");
}

// Text signed by an older Rapport may hold controls: a right-to-left
// override would show "evil.exe" reversed in the page, and escapes are noise.
TEST(HtmlEscape, ReplacesControlsAsTheTerminalDoes) {
  const std::string replaced = "\xEF\xBF\xBD";
  EXPECT_EQ(HtmlEscape("see \xE2\x80\xAE"
                       "exe.live<b>"),
            "see " + replaced + "exe.live&lt;b&gt;");
  EXPECT_EQ(HtmlEscape("a\x1b[31mb\xC2\x9B\x7f"), "a" + replaced + "[31mb" + replaced + replaced);
  EXPECT_EQ(HtmlEscape("lone\rreturn"), "lone return");
  // What notes may hold stays: lines, tabs, CR LF, dashes, the RTL mark, emoji.
  const std::string kept = "one\ntwo\tthree\r\nfour \xE2\x80\x94 \xE2\x80\x8F \xF0\x9F\x99\x82";
  EXPECT_EQ(HtmlEscape(kept), kept);
  std::ostringstream streamed;
  streamed << HtmlEscaped{"x\xE2\x81\xA6y&"};
  EXPECT_EQ(streamed.str(), "x" + replaced + "y&amp;");
}

// Plain text is passed over eight bytes at a time: each character that is
// replaced, at every place within and across those eight, is replaced as it
// is alone (a string shorter than eight goes byte by byte), and the plain
// text around it stays.
TEST(HtmlEscape, ReplacesAtEveryPlaceInALongString) {
  const std::string specials[] = {
      "<",  ">",  "&",  "\"",       "'",        "\x01",         "\x1b",         "\x7f",
      "\r", "\n", "\t", "\xC2\x85", "\xC2\xA0", "\xE2\x80\xAE", "\xE2\x80\x94", "\xE2\x81\xA6"};
  for (const std::string& special : specials) {
    for (std::size_t at = 0; at <= 20; ++at) {
      const std::string before(at, 'a'), after(20 - at, 'b');
      EXPECT_EQ(HtmlEscape(before + special + after), before + HtmlEscape(special) + after)
          << at << " " << HtmlEscape(special);
    }
  }
  EXPECT_EQ(HtmlEscape(std::string(64, 'z')), std::string(64, 'z'));
}

core::Review SampleReview() {
  core::Review r;
  r.title = "Ours";
  r.members = {{"Dr. Ada", core::Role::kTherapist}, {"Sam", core::Role::kClient}};
  core::FeedbackReview s;
  s.id.bytes.fill(0x11);
  s.by = "Sam";
  s.time_ms = 1767225600000;  // 2026-01-01T00:00:00Z
  s.items = {9, 9, 8, 7};
  s.total = 33;
  s.change_from_previous = -4;
  s.change_from_first = -4;
  s.below_cutoff = true;
  s.falling = true;
  r.sessions.push_back(s);
  core::FeedbackReview c = s;
  c.total = 18;
  c.change_from_previous = -6;
  c.change_from_first = 3;
  c.below_cutoff = true;
  c.falling = false;
  c.reliable_change_from_previous = true;
  r.checkins.push_back(c);
  r.gas = core::GasSummary{3, 2, 59.128709291752769};
  r.warnings.push_back({core::WarningKind::kJournalSilence, "No shared journal entry for 20 days.",
                        core::EventId{}, 20});
  return r;
}

TEST(ReviewJson, NamesEveryFlagAndRoundsTheTScore) {
  const Json j = Json::parse(ReviewJson(SampleReview()));
  EXPECT_EQ(j["notebook"], "Ours");
  EXPECT_EQ(j["members"][0], (Json{{"name", "Dr. Ada"}, {"role", "therapist"}}));
  EXPECT_EQ(j["gas"], (Json{{"goals", 3}, {"sum", 2}, {"t_score", 59.13}}));
  const Json& s = j["session_feedback"][0];
  EXPECT_EQ(s["time"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(s["items"],
            (Json{{"relationship", 9}, {"goals_topics", 9}, {"approach", 8}, {"overall", 7}}));
  EXPECT_EQ(s["flags"], Json::array({"below_36", "falling"}));
  EXPECT_TRUE(s["session_date"].is_null());
  const Json& c = j["checkins"][0];
  EXPECT_EQ(c["items"]["individually"], 9);
  EXPECT_EQ(c["change_from_previous"], -6);
  EXPECT_EQ(c["change_from_first"], 3);
  EXPECT_EQ(c["flags"], Json::array({"below_25", "reliable_drop_from_previous"}));
  EXPECT_EQ(j["warnings"][0], (Json{{"kind", "journal_silence"},
                                    {"message", "No shared journal entry for 20 days."},
                                    {"about", nullptr},
                                    {"count", 20}}));
  EXPECT_TRUE(j["ending"].is_null());
  EXPECT_TRUE(j["since"].is_null());
  EXPECT_EQ(j["journal"], (Json{{"total", 0}, {"last_time", nullptr}, {"entries", Json::array()}}));
}

// A review with one of everything, and texts that need escaping.
core::Review FullReview() {
  core::Review r = SampleReview();
  r.since_ms = 1767225600000;
  core::GoalReview g;
  g.id.bytes.fill(0x22);
  g.title = "Talk to a \"stranger\"";
  g.measure = "conversations\nper week";
  g.target_day = 20500;
  g.revisions = 2;
  g.waiting_for = {"Sam"};
  g.ratings = {{1767225600000, 3}, {1767312000000, 5}};
  g.gas = {{1767225600000, -1}};
  g.latest_note = "caf\xc3\xa9 \x01";
  r.goals.push_back(g);
  core::TaskReview t;
  t.id.bytes.fill(0x33);
  t.title = "Practice";
  t.assigned_by = "Dr. Ada";
  t.goal_title = g.title;
  core::StepReview step;
  step.id.origin = t.id;
  step.text = "Say hello\t";
  step.deferrals = {{"Sam", 1767225600000, "too soon \\ not yet"}};
  step.splits = {1, 2};
  t.steps = {step, step, step};
  t.steps_current = 2;
  t.deferrals = 1;
  t.steps_split = 1;
  r.tasks.push_back(t);
  r.journal.push_back({g.id,
                       "Sam",
                       1767225600000,
                       4,
                       {"work", "sleep"},
                       "A \"long\" day\r\n",
                       {{"Dr. Ada", 1767312000000, "Well <noticed>"}}});
  r.journal.push_back({t.id, "Dr. Ada", 1767312000000, std::nullopt, {}, "", {}});
  r.journal_total = 7;
  r.last_journal_ms = 1767312000000;
  r.ending.started = true;
  r.ending.started_by = "Sam";
  r.ending.note = "time";
  r.ending.checklist = {{core::EndingAction::kHowTherapyWent, {{true, "yes"}, {false, ""}}}};
  r.ending.summaries = {{"Sam", "Thank you"}};
  r.notes.push_back({t.id,
                     "Sam",
                     1767312000000,
                     "The <homework> felt too big",
                     {{"Dr. Ada", 1767312000000, "Let us make it smaller"}}});
  core::RuptureReview rupture;
  rupture.id.bytes.fill(0x44);
  rupture.flagged_by = "Sam";
  rupture.time_ms = 1767225600000;
  rupture.kind = core::RuptureKind::kConfrontation;
  rupture.note = "felt \"judged\"";
  rupture.repairs = {{"Dr. Ada", 1767312000000, core::RepairKind::kRationaleGiven, "explained"}};
  rupture.resolved = true;
  rupture.resolved_by = "Sam";
  rupture.resolved_ms = 1767312000000;
  r.ruptures.push_back(rupture);
  rupture.id.bytes.fill(0x45);
  rupture.kind = core::RuptureKind::kWithdrawal;
  rupture.repairs.clear();
  rupture.resolved = false;
  r.ruptures.push_back(rupture);
  return r;
}

// The writer's text is valid JSON in nlohmann's own layout: parsing and
// dumping it again gives the same bytes.
TEST(ReviewJson, IsWhatNlohmannWouldPrint) {
  for (const core::Review& r : {core::Review{}, SampleReview(), FullReview()}) {
    const std::string text = ReviewJson(r);
    EXPECT_EQ(Json::parse(text).dump(2), text);
  }
  const Json j = Json::parse(ReviewJson(FullReview()));
  EXPECT_EQ(j["goals"][0]["title"], "Talk to a \"stranger\"");
  EXPECT_EQ(j["goals"][0]["latest_note"], "caf\xc3\xa9 \x01");
  EXPECT_EQ(j["tasks"][0]["steps"][0]["splits"], Json::array({1, 2}));
  EXPECT_EQ(j["tasks"][0]["steps"][0]["deferrals"][0]["reason"], "too soon \\ not yet");
  EXPECT_EQ(j["journal"]["entries"][0]["tags"], Json::array({"work", "sleep"}));
  EXPECT_EQ(j["journal"]["entries"][0]["text"], "A \"long\" day\r\n");
  EXPECT_TRUE(j["journal"]["entries"][1]["mood"].is_null());
  EXPECT_EQ(j["journal"]["total"], 7);
  EXPECT_EQ(j["ending"]["checklist"][0]["ticks"][0]["note"], "yes");
  EXPECT_EQ(j["since"], "2026-01-01T00:00:00Z");
}

TEST(ReviewText, MarksFlagsAndWarnings) {
  const std::string text = ReviewText(SampleReview());
  EXPECT_THAT(text, HasSubstr("Review of \"Ours\" — Dr. Ada (therapist), Sam (client)\n"));
  EXPECT_THAT(text, HasSubstr("Early warnings\n  ! No shared journal entry for 20 days.\n"));
  EXPECT_THAT(text, HasSubstr("Sam  33/40  (-4)  ! under 36, falling\n"));
  EXPECT_THAT(text, HasSubstr("Sam  18/40  (-6)  ! under 25, reliable drop since the previous\n"));
  EXPECT_THAT(text, HasSubstr("Goal Attainment Scaling T-score: 59.1 over 3 goals"));
  EXPECT_THAT(text, Not(HasSubstr("Ending")));
}

// A check-in lower than the previous one is flagged however small the drop
// (DESIGN.md: the review flags a drop in ORS); a reliable drop says more.
TEST(ReviewRender, ASmallDropInTheCheckinTotalIsFlagged) {
  core::Review r = SampleReview();
  core::FeedbackReview& c = r.checkins[0];
  c.total = 28;
  c.change_from_previous = -2;
  c.below_cutoff = false;
  c.falling = true;
  c.reliable_change_from_previous = false;
  const Json j = Json::parse(ReviewJson(r));
  EXPECT_EQ(j["checkins"][0]["flags"], Json::array({"falling"}));
  EXPECT_THAT(ReviewText(r), HasSubstr("Sam  28/40  (-2)  ! falling\n"));
}

// A member can split a step, and the step made from it, as often as they
// like: each step indented by its depth made the text quadratic in the
// chain's length (50,000 splits, 2.5 GB of spaces). Past a few levels the
// indent stays put.
TEST(ReviewRender, ADeepChainOfSplitsIsIndentedOnlySoFar) {
  core::Review r = FullReview();
  ASSERT_EQ(r.tasks.at(0).steps.size(), 3u);
  core::StepReview& deep = r.tasks[0].steps[2];
  deep.depth = 1'000'000;
  deep.text = "the deepest step";
  const std::string expected =
      "    " + std::string(2 * kMaxShownStepDepth, ' ') + "[~] the deepest step";
  EXPECT_THAT(ReviewText(r), HasSubstr("\n" + expected));
  EXPECT_THAT(ReviewHtml(r), HasSubstr("margin-left:" + std::to_string(20 * kMaxShownStepDepth) +
                                       "px\">⤷ <s>the deepest step"));
}

TEST(ReviewHtml, ChartsHaveTheirReferenceLinesAndFlaggedPoints) {
  const std::string html = ReviewHtml(SampleReview());
  EXPECT_THAT(html, HasSubstr(">36 cutoff<"));
  EXPECT_THAT(html, HasSubstr(">25 cutoff<"));
  EXPECT_THAT(html, HasSubstr("r=\"5\" fill=\"#c0392b\""));  // a flagged point
  EXPECT_THAT(html, HasSubstr("59.1"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
}

// docs/records.md, "Review": a goal shows its measure (how progress is
// measured), and the journal the number of shared entries in all. Each form
// shows both, not only the JSON.
TEST(ReviewRender, EveryFormShowsTheGoalsMeasureAndTheJournalTotal) {
  const core::Review r = FullReview();
  const std::string text = ReviewText(r);
  EXPECT_THAT(text, HasSubstr("    measured by: conversations\nper week\n"));
  EXPECT_THAT(text, HasSubstr("  2 of 7 shared entries listed\n"));
  const std::string html = ReviewHtml(r);
  EXPECT_THAT(html, HasSubstr("Measured by: conversations\nper week"));
  EXPECT_THAT(html, HasSubstr("2 of 7 shared entries listed"));
  EXPECT_EQ(Json::parse(ReviewJson(r))["journal"]["total"], 7);

  core::Review one;
  one.journal_total = 1;
  EXPECT_THAT(ReviewText(one), HasSubstr("  no entries\n  0 of 1 shared entry listed\n"));
}

// The client's words on how therapy is going, every rupture with how it
// was repaired, and the comments on entries and notes are in all three forms.
TEST(ReviewRender, EveryFormShowsFeedbackNotesRupturesAndComments) {
  const core::Review r = FullReview();
  const std::string text = ReviewText(r);
  EXPECT_THAT(text, HasSubstr("How therapy is going: notes since "));
  EXPECT_THAT(text, HasSubstr("  Sam\n    The <homework> felt too big\n"));
  EXPECT_THAT(text, HasSubstr("confrontation, flagged by Sam: felt \"judged\"\n"));
  EXPECT_THAT(text, HasSubstr("  Dr. Ada gave a rationale: explained\n"));
  EXPECT_THAT(text, HasSubstr("    resolved by Sam on "));
  EXPECT_THAT(text, HasSubstr("withdrawal, flagged by Sam: felt \"judged\"\n    ! not resolved\n"));

  const std::string html = ReviewHtml(r);
  EXPECT_THAT(html, HasSubstr("The &lt;homework&gt; felt too big"));
  EXPECT_THAT(html, HasSubstr("felt &quot;judged&quot;"));
  EXPECT_THAT(html, HasSubstr("Dr. Ada gave a rationale: explained</li>"));
  EXPECT_THAT(html, HasSubstr("<li class=\"warn\">Not resolved.</li>"));

  const Json j = Json::parse(ReviewJson(r));
  EXPECT_EQ(j["notes"][0]["text"], "The <homework> felt too big");
  EXPECT_EQ(j["notes"][0]["by"], "Sam");
  EXPECT_EQ(j["ruptures"][0]["kind"], "confrontation");
  EXPECT_EQ(j["ruptures"][0]["repairs"][0]["kind"], "rationale_given");
  EXPECT_EQ(j["ruptures"][0]["resolved"]["by"], "Sam");
  EXPECT_TRUE(j["ruptures"][1]["resolved"].is_null());

  // Comments sit under what they are about, in every form.
  EXPECT_THAT(text, HasSubstr("    comment by Dr. Ada, "));
  EXPECT_THAT(text, HasSubstr(": Let us make it smaller\n"));
  EXPECT_THAT(text, HasSubstr(": Well <noticed>\n"));
  EXPECT_THAT(html, HasSubstr("Comment by Dr. Ada · "));
  EXPECT_THAT(html, HasSubstr("Well &lt;noticed&gt;</div></div>"));
  EXPECT_EQ(j["notes"][0]["comments"][0]["text"], "Let us make it smaller");
  EXPECT_EQ(j["journal"]["entries"][0]["comments"][0]["by"], "Dr. Ada");
  EXPECT_EQ(j["journal"]["entries"][1]["comments"], Json::array());

  // No rupture, no section: most notebooks never need one.
  EXPECT_THAT(ReviewText(SampleReview()), Not(HasSubstr("Ruptures")));
  EXPECT_THAT(ReviewText(SampleReview()), HasSubstr("How therapy is going: notes\n  none\n"));
}

// A step deferred twice is marked as a warning only while it still is one:
// once done, split or its task closed, its deferrals are history.
TEST(ReviewRender, RepeatedDeferralsAreMarkedOnlyWhileTheStepIsStillInThePlan) {
  core::Review r;
  core::TaskReview t;
  t.title = "Practice";
  core::StepReview step;
  step.text = "Say hello";
  step.deferrals = {{"Sam", 1767225600000, "too soon"}, {"Sam", 1767312000000, "not yet"}};
  t.steps = {step};
  r.tasks = {t};
  EXPECT_THAT(ReviewText(r), HasSubstr("Say hello  ! deferred 2x"));
  EXPECT_THAT(ReviewHtml(r), HasSubstr("<span class=\"warn\">deferred 2×"));

  r.tasks[0].steps[0].done = true;
  EXPECT_THAT(ReviewText(r), HasSubstr("Say hello  — deferred 2x"));
  EXPECT_THAT(ReviewHtml(r), HasSubstr("<span class=\"muted\">deferred 2×"));
  r.tasks[0].steps[0].done = false;
  r.tasks[0].closed = true;
  EXPECT_THAT(ReviewText(r), HasSubstr("Say hello  — deferred 2x"));
}

// The check-in chart marks a point red exactly when the table beside it
// lists a flag for that entry; a reliable change since the first is one.
TEST(ReviewHtml, AChartPointIsRedExactlyWhenItsEntryHasAFlag) {
  core::Review r;
  core::FeedbackReview c;
  c.by = "Sam";
  c.total = 30;
  c.change_from_previous = 2;
  c.change_from_first = 7;
  c.reliable_change_from_first = true;
  r.checkins.push_back(c);
  const std::string html = ReviewHtml(r);
  EXPECT_THAT(html, HasSubstr("reliable rise since the first (+7)"));
  EXPECT_THAT(html, HasSubstr("r=\"5\" fill=\"#c0392b\""));

  r.checkins[0].reliable_change_from_first = false;
  EXPECT_THAT(ReviewHtml(r), Not(HasSubstr("fill=\"#c0392b\"")));
}

TEST(SvgLineChart, PlacesPointsOnTheScaleAndEscapesLabels) {
  const std::string svg = SvgLineChart(
      "a <title>", {{"line <1>", "#000", {{0, 0, false}, {1000, 40, true}}}}, 0, 40, {{36, "x"}});
  EXPECT_THAT(svg, HasSubstr("aria-label=\"a &lt;title&gt;\""));
  EXPECT_THAT(svg, HasSubstr("<title>line &lt;1&gt;</title>"));
  // 0 at the bottom-left corner of the drawing area, 40 at the top-right.
  EXPECT_THAT(svg, HasSubstr("points=\"36,190 560,12\""));
  EXPECT_THAT(svg, HasSubstr("<circle cx=\"560\" cy=\"12\" r=\"5\" fill=\"#c0392b\">"));
  // The reference line at 36: 190 - 36 * 178 / 40 = 190 - 160 (whole numbers).
  EXPECT_THAT(svg, HasSubstr("<line class=\"ref\" x1=\"36\" y1=\"30\" x2=\"560\" y2=\"30\"/>"));
}

// A time before 1970 (a clock set wrong) is in the second, and the day, that
// holds it, as the review's warnings say: not rounded toward 1970.
// The times are written digit by digit, not by strftime: against the C
// library, in UTC and in a local zone with summer time, over the years
// written that way and across both edges, where strftime takes over.
TEST(TimeFormats, AgreeWithTheCLibraryInUtcAndInALocalZone) {
  // An oracle written another way: the second is found in floating point.
  const auto reference = [](std::int64_t ms, bool utc, const char* format) {
    const auto seconds = static_cast<std::time_t>(std::floor(static_cast<double>(ms) / 1000.0));
    std::tm parts{};
    (utc ? gmtime_r : localtime_r)(&seconds, &parts);
    char buffer[64];
    return std::string(buffer, std::strftime(buffer, sizeof buffer, format, &parts));
  };
  const char* old_tz = std::getenv("TZ");
  const std::string saved = old_tz ? old_tz : "";
  setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);  // a POSIX rule: no zone files needed
  tzset();
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> any(-70000000000000, 260000000000000);
  std::vector<std::int64_t> times = {0,
                                     -1,
                                     951782400000,     // 2000-02-29
                                     4107542399999,    // 2100-02-28T23:59:59.999
                                     1793430000000,    // 2026-10-31, before summer time ends
                                     -62167219200000,  // 0000-01-01
                                     -30610224000000,  // 1000-01-01
                                     -30610224000001,
                                     -30609792000000,  // 1000-01-01 local, a few hours in
                                     253402300799999,  // 9999-12-31T23:59:59.999
                                     253402300800000};
  for (int i = 0; i < 20000; ++i) times.push_back(any(rng));
  for (const std::int64_t ms : times) {
    EXPECT_EQ(IsoTime(ms), reference(ms, true, "%Y-%m-%dT%H:%M:%SZ")) << ms;
    EXPECT_EQ(LocalTime(ms), reference(ms, false, "%Y-%m-%d %H:%M")) << ms;
    EXPECT_EQ(LocalDate(ms), reference(ms, false, "%Y-%m-%d")) << ms;
  }
  if (old_tz) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

TEST(IsoTime, ATimeBeforeTheEpochIsInTheSecondThatHoldsIt) {
  EXPECT_EQ(IsoTime(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(IsoTime(-1000), "1969-12-31T23:59:59Z");
  EXPECT_EQ(IsoTime(-1001), "1969-12-31T23:59:58Z");
  EXPECT_EQ(IsoTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(IsoTime(999), "1970-01-01T00:00:00Z");
}

// A time is whatever its author's clock signed, any i64: the span from the
// earliest to the latest may not fit one, and the points stay in the chart.
TEST(SvgLineChart, PlacesPointsOfAnySignedTimeInsideTheChart) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::string svg = SvgLineChart(
      "t", {{"l", "#000", {{kMin, 0, false}, {0, 20, false}, {kMax, 40, false}}}}, 0, 40, {});
  EXPECT_THAT(svg, HasSubstr("points=\"36,190 298,101 560,12\""));
}

}  // namespace
}  // namespace rapport::cli
