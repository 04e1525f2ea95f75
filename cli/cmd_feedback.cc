// rapport feedback session|checkin|note|list: the client's ratings of each
// session and of how they are doing (four 0-10 items each, total out of 40),
// and words from either member on how therapy is going. The item wording is
// ours; the scoring follows docs/records.md, "Scoring rules for the review".
#include <algorithm>
#include <array>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/verb_support.h"
#include "core/record_fields.h"

namespace rapport::cli {
namespace {

// docs/records.md: a session total under 36 may mean a strained alliance;
// a check-in total under 25 is in the range of people in treatment.
constexpr int kSessionConcern = 36;
constexpr int kClinicalCutoff = 25;

struct FourRatings {
  int a = -1, b = -1, c = -1, d = -1;
  std::string date;
};

// Adds the four named 0-10 options; `items` are {name, question} pairs.
void AddRatingOptions(CLI::App* cmd, FourRatings& r,
                      const std::array<std::pair<const char*, const char*>, 4>& items) {
  int* values[] = {&r.a, &r.b, &r.c, &r.d};
  for (std::size_t i = 0; i < items.size(); ++i)
    cmd->add_option(items[i].first, *values[i], items[i].second)->required();
  cmd->add_option("--date", r.date, "The date of the session this is about, as YYYY-MM-DD")
      ->check(NotEmpty());
}

// The --date of a rating: the day of a session that has taken place, so
// not after today (this device's local date).
std::optional<std::int32_t> SessionDay(const std::string& text) {
  const std::optional<std::int32_t> day = DayOption("--date", text);
  const std::optional<std::int32_t> today = core::ParseDay(LocalDate(SystemNowMs()));
  if (day && today && *day > *today)
    UserError("--date " + text + " is after today: give the date of a session that took place");
  return day;
}

struct FeedbackLine {
  std::int64_t time_ms = 0;
  nlohmann::json json;
  std::string text;
};

std::string Scores(const std::vector<std::pair<const char*, int>>& items) {
  std::string out;
  for (const auto& [name, value] : items)
    out += (out.empty() ? "" : ", ") + std::string(name) + " " + std::to_string(value);
  return out;
}

template <typename T>
FeedbackLine RatingLine(const core::NotebookState& state, const core::Authored<T>& f,
                        const char* kind, const std::vector<std::pair<const char*, int>>& items,
                        std::string flag) {
  const int total = f.record.Total();
  nlohmann::json ratings = nlohmann::json::object();
  for (const auto& [name, value] : items) ratings[name] = value;
  FeedbackLine line{f.time_ms,
                    {{"kind", kind},
                     {"id", f.id.Hex()},
                     {"author", AuthorName(state, f.author)},
                     {"time", IsoTime(f.time_ms)},
                     {"session_date", DayJson(f.record.session_day)},
                     {"ratings", ratings},
                     {"total", total}},
                    ""};
  line.text = f.id.Short() + "  " + LocalTime(f.time_ms) + "  " + kind + "  " +
              std::to_string(total) + "/40  (" + Scores(items) + ")";
  if (f.record.session_day) line.text += "  session of " + core::FormatDay(*f.record.session_day);
  if (!flag.empty()) line.text += "  " + flag;
  return line;
}

std::vector<FeedbackLine> FeedbackLines(const core::NotebookState& state) {
  std::vector<FeedbackLine> lines;
  for (const auto& f : state.session_feedback) {
    const auto& r = f.record;
    lines.push_back(RatingLine(state, f, "session",
                               {{"relationship", r.relationship},
                                {"goals", r.goals_topics},
                                {"approach", r.approach},
                                {"overall", r.overall}},
                               r.Total() < kSessionConcern ? "under 36: worth talking about" : ""));
  }
  for (const auto& f : state.checkins) {
    const auto& r = f.record;
    lines.push_back(RatingLine(state, f, "checkin",
                               {{"individually", r.individually},
                                {"interpersonally", r.interpersonally},
                                {"socially", r.socially},
                                {"overall", r.overall}},
                               r.Total() < kClinicalCutoff ? "under 25" : ""));
  }
  for (const auto& n : state.feedback_notes)
    lines.push_back({n.time_ms,
                     {{"kind", "note"},
                      {"id", n.id.Hex()},
                      {"author", AuthorName(state, n.author)},
                      {"time", IsoTime(n.time_ms)},
                      {"text", n.record.text}},
                     n.id.Short() + "  " + LocalTime(n.time_ms) + "  note by " +
                         AuthorName(state, n.author) + ": " + n.record.text});
  std::stable_sort(lines.begin(), lines.end(), [](const FeedbackLine& x, const FeedbackLine& y) {
    return x.time_ms < y.time_ms;
  });
  return lines;
}

void AddSession(CLI::App* feedback, Context& ctx) {
  auto r = std::make_shared<FourRatings>();
  CLI::App* cmd = feedback->add_subcommand("session", "Rate the last session (client)");
  AddRatingOptions(
      cmd, *r,
      {{{"--relationship", "Did you feel heard, understood and respected? 0 not at all, 10 fully"},
        {"--goals", "Did we work on and talk about what you wanted? 0 not at all, 10 fully"},
        {"--approach", "Did the way we worked suit you? 0 not at all, 10 very well"},
        {"--overall", "Overall, was the session right for you? 0 not at all, 10 fully"}}});
  cmd->footer(
      "Example:\n  rapport feedback session --relationship 9 --goals 7 --approach 8 --overall 8 "
      "--date 2026-11-24\n\n"
      "The total is out of 40. A total under 36 is a sign to talk about how the sessions are "
      "going; honest low numbers help the most.");
  cmd->callback([&ctx, r] {
    const core::SessionFeedback record{r->a, r->b, r->c, r->d, SessionDay(r->date)};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    RequireRole(nb.device, core::Role::kClient, "only the client rates the sessions");
    Report(ctx, Append(nb, record),
           "Saved your session rating: " + std::to_string(record.Total()) + "/40");
  });
}

void AddCheckin(CLI::App* feedback, Context& ctx) {
  auto r = std::make_shared<FourRatings>();
  CLI::App* cmd = feedback->add_subcommand("checkin", "Say how you have been doing (client)");
  AddRatingOptions(
      cmd, *r,
      {{{"--individually", "How have you been doing in yourself? 0 very badly, 10 very well"},
        {"--interpersonally", "How have your close relationships been? 0 very badly, 10 very well"},
        {"--socially", "How have work, school or friendships been? 0 very badly, 10 very well"},
        {"--overall", "How have things been overall? 0 very badly, 10 very well"}}});
  cmd->footer(
      "Example:\n  rapport feedback checkin --individually 5 --interpersonally 6 --socially 4 "
      "--overall 5\n\n"
      "Think of the time since your last check-in. The total is out of 40; a change of 5 or "
      "more is a real change.");
  cmd->callback([&ctx, r] {
    const core::WellbeingCheckin record{r->a, r->b, r->c, r->d, SessionDay(r->date)};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    RequireRole(nb.device, core::Role::kClient, "only the client fills in the check-in");
    Report(ctx, Append(nb, record),
           "Saved your check-in: " + std::to_string(record.Total()) + "/40");
  });
}

void AddNote(CLI::App* feedback, Context& ctx) {
  auto text = std::make_shared<std::string>();
  CLI::App* cmd = feedback->add_subcommand("note", "Say in words how therapy is going");
  cmd->add_option("TEXT", *text, "What you want to say; '-' reads it from standard input")
      ->required();
  cmd->footer(
      "Example:\n  rapport feedback note \"I'd like more time on work worries\"\n\n"
      "Either member can write one; both see it.");
  cmd->callback([&ctx, text] {
    const core::FeedbackNote record{TextArgument(*text)};
    CheckFields(record);
    OpenNotebook nb = OpenAndLoad(ctx);
    const core::EventId id = Append(nb, record);
    Report(ctx, id, "Saved your feedback note " + id.Short());
  });
}

void AddList(CLI::App* feedback, Context& ctx) {
  CLI::App* cmd = feedback->add_subcommand("list", "List session ratings, check-ins and notes");
  cmd->footer("Example:\n  rapport feedback list");
  cmd->callback([&ctx] {
    const OpenNotebook nb = OpenAndLoad(ctx);
    const std::vector<FeedbackLine> lines = FeedbackLines(nb.state());
    if (ctx.json()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& l : lines) out.push_back(l.json);
      PrintJson(out);
      return;
    }
    if (lines.empty()) std::cout << "No feedback yet.\n";
    for (const auto& l : lines) std::cout << l.text << "\n";
  });
}

}  // namespace

void AddFeedbackCommands(CLI::App& app, Context& ctx) {
  CLI::App* feedback =
      app.add_subcommand("feedback", "Rate sessions, check in, and say how therapy is going");
  feedback->require_subcommand(1);
  feedback->footer(
      "Example:\n  rapport feedback session --relationship 9 --goals 7 --approach 8 --overall 8\n"
      "  rapport feedback list\n\nEach rating is from 0 to 10; the four add up to a total "
      "out of 40.");
  AddSession(feedback, ctx);
  AddCheckin(feedback, ctx);
  AddNote(feedback, ctx);
  AddList(feedback, ctx);
}

}  // namespace rapport::cli
