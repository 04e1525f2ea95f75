// `rapport review`: the review as one screen of text. Early warnings come
// first, because they are what to talk about; long series are cut to their
// latest entries (the JSON and HTML forms hold them all).
#include <sstream>

#include "cli/output.h"
#include "cli/review_render.h"
#include "core/record_fields.h"
#include "core/review_scores.h"

namespace rapport::cli {
// Named rather than anonymous: the unity build puts both renderers in one file.
namespace text_sections {

// Feedback entries and sparkline points shown in full before "N earlier".
constexpr std::size_t kRecentFeedback = 5;
constexpr std::size_t kSparklinePoints = 30;
// Sizes of the screen without the journal, and of one journal entry (300
// bytes of text and its line of date and author), to reserve its buffer.
constexpr std::size_t kScreenBytes = 1 << 16;
constexpr std::size_t kBytesPerEntry = 384;

std::vector<int> Values(const std::vector<core::ReviewPoint>& points) {
  std::vector<int> v;
  for (const auto& p : points) v.push_back(p.value);
  return v;
}

// The latest kSparklinePoints values, "…" before them when cut.
std::string Spark(std::vector<int> values, int lo, int hi) {
  std::string prefix;
  if (values.size() > kSparklinePoints) {
    values.erase(values.begin(), values.end() - kSparklinePoints);
    prefix = "…";
  }
  return prefix + Sparkline(values, lo, hi);
}

void Heading(std::ostream& o, const std::string& title) { o << "\n" << title << "\n"; }

void Warnings(std::ostream& o, const core::Review& r) {
  Heading(o, "Early warnings");
  if (r.warnings.empty()) o << "  none\n";
  for (const auto& w : r.warnings) o << "  ! " << w.message << "\n";
}

void Goals(std::ostream& o, const core::Review& r) {
  Heading(o, "Goals");
  if (r.goals.empty()) o << "  none yet\n";
  for (const auto& g : r.goals) {
    o << "  " << g.title;
    if (g.status != core::GoalStatusValue::kActive)
      o << " (" << core::GoalStatusName(g.status) << ")";
    o << "\n    ";
    if (g.agreed) {
      o << "agreed";
    } else {
      o << "waiting for agreement from ";
      for (std::size_t i = 0; i < g.waiting_for.size(); ++i)
        o << (i ? (i + 1 == g.waiting_for.size() ? " and " : ", ") : "") << g.waiting_for[i];
    }
    if (g.revisions > 1) o << " (revision " << g.revisions << ")";
    if (g.target_day) o << "; target " << core::FormatDay(*g.target_day);
    o << "\n";
    o << "    measured by: " << g.measure << "\n";
    if (!g.ratings.empty())
      o << "    progress " << Spark(Values(g.ratings), 0, 10) << "  now " << g.ratings.back().value
        << "/10\n";
    if (!g.gas.empty())
      o << "    GAS      " << Spark(Values(g.gas), -2, 2) << "  now " << Signed(g.gas.back().value)
        << "\n";
    if (!g.latest_note.empty()) o << "    latest note: " << g.latest_note << "\n";
  }
  if (r.gas) {
    std::ostringstream t;
    t.setf(std::ios::fixed);
    t.precision(1);
    t << r.gas->t_score;
    o << "  Goal Attainment Scaling T-score: " << t.str() << " over " << r.gas->goals
      << (r.gas->goals == 1 ? " goal" : " goals") << " (sum of levels " << Signed(r.gas->sum)
      << "; 50 = as expected)\n";
  }
}

void Tasks(std::ostream& o, const core::Review& r) {
  Heading(o, "Tasks");
  if (r.tasks.empty()) o << "  none yet\n";
  for (const auto& t : r.tasks) {
    o << "  " << t.title << (t.closed ? " (closed)" : "");
    if (!t.goal_title.empty()) o << " — for \"" << t.goal_title << "\"";
    if (t.due_day) o << ", due " << core::FormatDay(*t.due_day);
    o << "\n    " << t.steps_done << " of " << t.steps_current << " steps done";
    if (t.deferrals) o << ", " << t.deferrals << (t.deferrals == 1 ? " deferral" : " deferrals");
    if (t.steps_split)
      o << ", " << t.steps_split << (t.steps_split == 1 ? " step split" : " steps split");
    o << "\n";
    for (const auto& s : t.steps) {
      o << "    " << std::string(2 * ShownStepDepth(s.depth), ' ')
        << (s.replaced() ? "[~] "
            : s.done     ? "[x] "
                         : "[ ] ")
        << s.text;
      if (s.replaced()) {
        o << " — split into " << s.splits[0];
        for (std::size_t i = 1; i < s.splits.size(); ++i) o << " or " << s.splits[i];
      }
      if (!s.deferrals.empty()) {
        o << (core::StillRepeatedlyDeferred(t, s) ? "  ! " : "  — ") << "deferred "
          << s.deferrals.size() << "x: ";
        for (std::size_t i = 0; i < s.deferrals.size(); ++i)
          o << (i ? "; " : "") << s.deferrals[i].reason;
      }
      o << "\n";
    }
  }
}

void Feedback(std::ostream& o, const std::vector<core::FeedbackReview>& list, bool session) {
  if (list.empty()) {
    o << "  none yet\n";
    return;
  }
  std::vector<int> totals;
  for (const auto& f : list) totals.push_back(f.total);
  // Session ratings mostly sit between 30 and 40: a 20..40 scale shows their
  // trend (lower totals draw the lowest block); check-ins use the whole 0..40.
  o << "  " << Spark(totals, session ? 20 : 0, 40) << "  " << list.size()
    << (list.size() == 1 ? " entry" : " entries") << "\n";
  const std::size_t first = list.size() > kRecentFeedback ? list.size() - kRecentFeedback : 0;
  if (first) o << "  … " << first << " earlier\n";
  for (std::size_t i = first; i < list.size(); ++i) {
    const auto& f = list[i];
    o << "  " << LocalDate(f.time_ms) << "  " << f.by << "  " << f.total << "/40";
    if (f.change_from_previous) o << "  (" << Signed(*f.change_from_previous) << ")";
    // Written on one day, maybe about a session days before.
    if (f.session_day) o << "  session of " << core::FormatDay(*f.session_day);
    const std::vector<std::string> flags = FeedbackFlags(f, session);
    for (std::size_t k = 0; k < flags.size(); ++k) o << (k ? ", " : "  ! ") << flags[k];
    o << "\n";
  }
}

void AppendComments(std::string& out, const std::vector<core::CommentReview>& comments) {
  for (const auto& c : comments) {
    out += "    comment by ";
    out += c.by;
    out += ", ";
    out += LocalTimeText(c.time_ms).view();
    out += ": ";
    out += c.text;
    out += "\n";
  }
}

void Comments(std::ostream& o, const std::vector<core::CommentReview>& comments) {
  std::string out;
  AppendComments(out, comments);
  o << out;
}

void Notes(std::ostream& o, const core::Review& r) {
  Heading(o, r.since_ms ? "How therapy is going: notes since " + LocalDate(*r.since_ms)
                        : "How therapy is going: notes");
  if (r.notes.empty()) o << "  none\n";
  for (const auto& n : r.notes) {
    o << "  " << LocalTime(n.time_ms) << "  " << n.by << "\n    " << n.text << "\n";
    Comments(o, n.comments);
  }
}

// Only when there is one: most notebooks never need this section.
void Ruptures(std::ostream& o, const core::Review& r) {
  if (r.ruptures.empty()) return;
  Heading(o, "Ruptures and repairs");
  for (const auto& rupture : r.ruptures) {
    o << "  " << LocalDate(rupture.time_ms) << "  " << core::RuptureKindName(rupture.kind)
      << ", flagged by " << rupture.flagged_by;
    if (!rupture.note.empty()) o << ": " << rupture.note;
    o << "\n";
    for (const auto& repair : rupture.repairs) {
      o << "    " << LocalDate(repair.time_ms) << "  " << repair.by << " "
        << RepairWords(repair.kind);
      if (!repair.note.empty()) o << ": " << repair.note;
      o << "\n";
    }
    if (rupture.resolved) {
      o << "    resolved by " << rupture.resolved_by << " on " << LocalDate(rupture.resolved_ms)
        << "\n";
    } else {
      o << "    ! not resolved\n";
    }
  }
}

void Journal(std::ostream& o, const core::Review& r) {
  Heading(o, r.since_ms ? "Shared journal since " + LocalDate(*r.since_ms) : "Shared journal");
  if (r.journal.empty()) o << "  no entries\n";
  // Built in a string and written in blocks, as the HTML journal is.
  std::string out;
  constexpr std::size_t kWriteAt = 1 << 16;
  for (const auto& j : r.journal) {
    out += "  ";
    out += LocalTimeText(j.time_ms).view();
    out += "  ";
    out += j.by;
    if (j.mood) {
      out += "  mood ";
      out += std::to_string(*j.mood);
      out += "/10";
    }
    for (const auto& t : j.tags) {
      out += "  #";
      out += t;
    }
    out += "\n    ";
    out += j.text;
    out += "\n";
    AppendComments(out, j.comments);
    if (out.size() >= kWriteAt) {
      o << out;
      out.clear();
    }
  }
  o << out;
  // The total, as in JSON: with --since, how much of the journal is not listed.
  o << "  " << r.journal.size() << " of " << r.journal_total
    << (r.journal_total == 1 ? " shared entry" : " shared entries") << " listed\n";
}

void Ending(std::ostream& o, const core::Review& r) {
  const core::EndingReview& e = r.ending;
  if (!e.started) return;
  Heading(o, "Ending (started by " + e.started_by + " on " + LocalDate(e.started_ms) + ")");
  if (!e.note.empty()) o << "  " << e.note << "\n";
  o << "  ";
  for (const auto& m : r.members) o << "[" << m.name << "] ";
  o << "\n";
  for (const auto& item : e.checklist) {
    o << "  ";
    for (std::size_t m = 0; m < item.ticks.size(); ++m) o << (item.ticks[m].first ? "[x]" : "[ ]");
    o << " " << EndingActionLabel(item.action);
    for (std::size_t m = 0; m < item.ticks.size() && m < r.members.size(); ++m)
      if (!item.ticks[m].second.empty())
        o << "; " << r.members[m].name << ": " << item.ticks[m].second;
    o << "\n";
  }
  for (const auto& [who, text] : e.summaries)
    o << "  Closing summary by " << who << ": " << text << "\n";
}

}  // namespace text_sections

std::string ReviewText(const core::Review& r) {
  using namespace text_sections;
  // Room for the screen up front (a long journal is most of it), so it is
  // not copied each time the buffer would have doubled.
  std::string room;
  room.reserve(kScreenBytes + r.journal.size() * kBytesPerEntry);
  std::ostringstream o(std::move(room));
  o << "Review of \"" << r.title << "\" — ";
  for (std::size_t i = 0; i < r.members.size(); ++i)
    o << (i ? ", " : "") << r.members[i].name << " (" << core::RoleName(r.members[i].role) << ")";
  o << "\n";
  Warnings(o, r);
  Goals(o, r);
  Tasks(o, r);
  Heading(o, "Session feedback (total of 40, sparkline from 20; under 36 is flagged)");
  Feedback(o, r.sessions, true);
  Heading(o, "Check-ins (total of 40; under 25, a drop and changes of 5 or more are flagged)");
  Feedback(o, r.checkins, false);
  Notes(o, r);
  Ruptures(o, r);
  Journal(o, r);
  Ending(o, r);
  return o.str();
}

}  // namespace rapport::cli
