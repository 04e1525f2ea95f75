// `rapport review --html FILE`: the review as one self-contained page —
// inline CSS and SVG, no scripts, nothing fetched from the network — that
// reads on a phone (viewport meta tag, fluid widths). Every text a member
// wrote goes through HtmlEscape.
#include <sstream>

#include "cli/output.h"
#include "cli/review_chart.h"
#include "cli/review_render.h"
#include "core/record_fields.h"
#include "core/review_scores.h"

namespace rapport::cli {
// Named rather than anonymous: the unity build puts both renderers in one file.
namespace html_sections {

// Sizes of the page without the journal, and of one journal entry with its
// markup (300 bytes of text), to reserve the page's buffer.
constexpr std::size_t kPageBytes = 1 << 16;
constexpr std::size_t kBytesPerEntry = 512;

constexpr const char* kStyle =
    "body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;padding:1rem;"
    "max-width:46rem;color:#222;background:#fff}"
    "h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}"
    ".warn{color:#a01d10;font-weight:600}.muted{color:#666}"
    "ul{padding-left:1.2rem}li{margin:.2rem 0}"
    "table{border-collapse:collapse;width:100%}td,th{padding:.25rem .4rem;"
    "border-bottom:1px solid #eee;text-align:left;vertical-align:top}"
    ".chart{width:100%;height:auto;max-width:100%}"
    ".chart .axis{stroke:#999}.chart .ref{stroke:#c0392b;stroke-dasharray:6 4}"
    ".chart .tick{font-size:12px;fill:#555}"
    ".entry{border-left:3px solid #ddd;padding-left:.6rem;margin:.6rem 0;"
    "white-space:pre-wrap;overflow-wrap:anywhere}"
    ".comment{margin:.3rem 0 0 1rem}";

HtmlEscaped E(std::string_view text) { return HtmlEscaped{text}; }

std::vector<ChartPoint> Points(const std::vector<core::ReviewPoint>& series) {
  std::vector<ChartPoint> out;
  for (const auto& p : series) out.push_back({p.time_ms, p.value, false});
  return out;
}

void Warnings(std::ostream& o, const core::Review& r) {
  o << "<h2>Early warnings</h2>";
  if (r.warnings.empty()) {
    o << "<p class=\"muted\">None.</p>";
    return;
  }
  o << "<ul>";
  for (const auto& w : r.warnings) o << "<li class=\"warn\">" << E(w.message) << "</li>";
  o << "</ul>";
}

void Goals(std::ostream& o, const core::Review& r) {
  o << "<h2>Goals</h2>";
  if (r.goals.empty()) o << "<p class=\"muted\">None yet.</p>";
  for (const auto& g : r.goals) {
    o << "<h3>" << E(g.title);
    if (g.status != core::GoalStatusValue::kActive)
      o << " (" << core::GoalStatusName(g.status) << ")";
    o << "</h3><p>";
    if (g.agreed) {
      o << "Agreed";
    } else {
      o << "<span class=\"warn\">Waiting for agreement from ";
      for (std::size_t i = 0; i < g.waiting_for.size(); ++i)
        o << (i ? ", " : "") << E(g.waiting_for[i]);
      o << "</span>";
    }
    if (g.revisions > 1) o << " (revision " << g.revisions << ")";
    o << ". Measured by: " << E(g.measure);
    if (g.target_day) o << ". Target: " << core::FormatDay(*g.target_day);
    o << ".</p>";
    if (!g.ratings.empty())
      o << SvgLineChart("Progress of " + g.title + ", 0 to 10",
                        {{"progress", "#3366aa", Points(g.ratings)}}, 0, 10, {});
    if (!g.gas.empty())
      o << SvgLineChart("Goal Attainment Scaling level of " + g.title,
                        {{"GAS level", "#7a4fa0", Points(g.gas)}}, -2, 2, {{0, "expected"}});
    if (!g.latest_note.empty())
      o << "<p class=\"muted\">Latest note: " << E(g.latest_note) << "</p>";
  }
  if (r.gas) {
    std::ostringstream t;
    t.setf(std::ios::fixed);
    t.precision(1);
    t << r.gas->t_score;
    o << "<p><strong>Goal Attainment Scaling T-score: " << t.str() << "</strong> over "
      << r.gas->goals << (r.gas->goals == 1 ? " goal" : " goals") << " (sum of levels "
      << Signed(r.gas->sum) << "; 50 means as expected).</p>";
  }
}

void Tasks(std::ostream& o, const core::Review& r) {
  o << "<h2>Tasks</h2>";
  if (r.tasks.empty()) o << "<p class=\"muted\">None yet.</p>";
  for (const auto& t : r.tasks) {
    o << "<h3>" << E(t.title) << (t.closed ? " (closed)" : "") << "</h3><p>";
    if (!t.goal_title.empty()) o << "For the goal “" << E(t.goal_title) << "”. ";
    if (t.due_day) o << "Due " << core::FormatDay(*t.due_day) << ". ";
    o << t.steps_done << " of " << t.steps_current << " steps done, " << t.deferrals
      << " deferrals, " << t.steps_split << " steps split.</p><ul>";
    for (const auto& s : t.steps) {
      o << "<li style=\"margin-left:" << 20 * ShownStepDepth(s.depth) << "px\">"
        << (s.replaced() ? "⤷ "
            : s.done     ? "☑ "
                         : "☐ ");
      o << (s.replaced() ? "<s>" : "") << E(s.text) << (s.replaced() ? "</s>" : "");
      if (s.replaced()) {
        o << " <span class=\"muted\">split into " << s.splits[0];
        for (std::size_t i = 1; i < s.splits.size(); ++i) o << " or " << s.splits[i];
        o << "</span>";
      }
      if (!s.deferrals.empty()) {
        const bool warn = core::StillRepeatedlyDeferred(t, s);
        o << " <span class=\"" << (warn ? "warn" : "muted") << "\">deferred " << s.deferrals.size()
          << "×: ";
        for (std::size_t i = 0; i < s.deferrals.size(); ++i)
          o << (i ? "; " : "") << E(s.deferrals[i].reason);
        o << "</span>";
      }
      o << "</li>";
    }
    o << "</ul>";
  }
}

void FeedbackTable(std::ostream& o, const std::vector<core::FeedbackReview>& list, bool session) {
  if (list.empty()) {
    o << "<p class=\"muted\">None yet.</p>";
    return;
  }
  // A point is red exactly when the table lists a flag for it.
  std::vector<ChartPoint> points;
  for (const auto& f : list)
    points.push_back({f.time_ms, f.total, !FeedbackFlags(f, session).empty()});
  if (session)
    o << SvgLineChart("Session feedback totals over time",
                      {{"session feedback total", "#3366aa", points}}, 0, 40,
                      {{core::kSrsAllianceCutoff, "cutoff"}});
  else
    o << SvgLineChart("Check-in totals over time", {{"check-in total", "#2a8a5a", points}}, 0, 40,
                      {{core::kOrsClinicalCutoff, "cutoff"}});
  o << "<table><tr><th>Date</th><th>By</th><th>Total</th><th>Change</th><th>Flags</th></tr>";
  for (const auto& f : list) {
    o << "<tr><td>" << LocalDate(f.time_ms);
    if (f.session_day)
      o << "<br><span class=\"muted\">session of " << core::FormatDay(*f.session_day) << "</span>";
    o << "</td><td>" << E(f.by) << "</td><td>" << f.total << "/40</td><td>"
      << (f.change_from_previous ? Signed(*f.change_from_previous) : "")
      << "</td><td class=\"warn\">";
    const std::vector<std::string> flags = FeedbackFlags(f, session);
    for (std::size_t k = 0; k < flags.size(); ++k) o << (k ? ", " : "") << flags[k];
    o << "</td></tr>";
  }
  o << "</table>";
}

void AppendComments(std::string& out, const std::vector<core::CommentReview>& comments) {
  for (const auto& c : comments) {
    out += "<div class=\"comment\"><span class=\"muted\">Comment by ";
    AppendHtmlEscaped(out, c.by);
    out += " · ";
    out += LocalTimeText(c.time_ms).view();
    out += "</span><br>";
    AppendHtmlEscaped(out, c.text);
    out += "</div>";
  }
}

void Comments(std::ostream& o, const std::vector<core::CommentReview>& comments) {
  std::string out;
  AppendComments(out, comments);
  o << out;
}

void Notes(std::ostream& o, const core::Review& r) {
  o << "<h2>How therapy is going: notes" << (r.since_ms ? " since " + LocalDate(*r.since_ms) : "")
    << "</h2>";
  if (r.notes.empty()) o << "<p class=\"muted\">None.</p>";
  for (const auto& n : r.notes) {
    o << "<div class=\"entry\"><div class=\"muted\">" << LocalTime(n.time_ms) << " · " << E(n.by)
      << "</div>" << E(n.text);
    Comments(o, n.comments);
    o << "</div>";
  }
}

// Only when there is one: most notebooks never need this section.
void Ruptures(std::ostream& o, const core::Review& r) {
  if (r.ruptures.empty()) return;
  o << "<h2>Ruptures and repairs</h2>";
  for (const auto& rupture : r.ruptures) {
    o << "<div class=\"entry\"><div class=\"muted\">" << LocalDate(rupture.time_ms) << " · "
      << core::RuptureKindName(rupture.kind) << ", flagged by " << E(rupture.flagged_by) << "</div>"
      << E(rupture.note) << "<ul>";
    for (const auto& repair : rupture.repairs) {
      o << "<li>" << LocalDate(repair.time_ms) << " · " << E(repair.by) << " "
        << RepairWords(repair.kind);
      if (!repair.note.empty()) o << ": " << E(repair.note);
      o << "</li>";
    }
    if (rupture.resolved) {
      o << "<li>Resolved by " << E(rupture.resolved_by) << " on " << LocalDate(rupture.resolved_ms)
        << ".</li>";
    } else {
      o << "<li class=\"warn\">Not resolved.</li>";
    }
    o << "</ul></div>";
  }
}

void Journal(std::ostream& o, const core::Review& r) {
  o << "<h2>Shared journal" << (r.since_ms ? " since " + LocalDate(*r.since_ms) : "") << "</h2>";
  o << "<p class=\"muted\">" << r.journal.size() << " of " << r.journal_total
    << (r.journal_total == 1 ? " shared entry" : " shared entries") << " listed.</p>";
  if (r.journal.empty()) o << "<p class=\"muted\">No entries.</p>";
  // The journal is most of the page: built in a string and written in
  // blocks, since a stream insertion per piece cost more than the text
  // (docs/performance.md, review_bench).
  std::string out;
  constexpr std::size_t kWriteAt = 1 << 16;
  for (const auto& j : r.journal) {
    out += "<div class=\"entry\"><div class=\"muted\">";
    out += LocalTimeText(j.time_ms).view();
    out += " · ";
    AppendHtmlEscaped(out, j.by);
    if (j.mood) {
      out += " · mood ";
      out += std::to_string(*j.mood);
      out += "/10";
    }
    for (const auto& t : j.tags) {
      out += " #";
      AppendHtmlEscaped(out, t);
    }
    out += "</div>";
    AppendHtmlEscaped(out, j.text);
    AppendComments(out, j.comments);
    out += "</div>";
    if (out.size() >= kWriteAt) {
      o << out;
      out.clear();
    }
  }
  o << out;
}

void Ending(std::ostream& o, const core::Review& r) {
  const core::EndingReview& e = r.ending;
  if (!e.started) return;
  o << "<h2>Ending</h2><p>Started by " << E(e.started_by) << " on " << LocalDate(e.started_ms)
    << ".";
  if (!e.note.empty()) o << " " << E(e.note);
  o << "</p><table><tr><th>Action</th>";
  for (const auto& m : r.members) o << "<th>" << E(m.name) << "</th>";
  o << "</tr>";
  for (const auto& item : e.checklist) {
    o << "<tr><td>" << EndingActionLabel(item.action) << "</td>";
    for (const auto& [done, note] : item.ticks) {
      o << "<td>" << (done ? "☑" : "☐");
      if (!note.empty()) o << " " << E(note);
      o << "</td>";
    }
    o << "</tr>";
  }
  o << "</table>";
  for (const auto& [who, text] : e.summaries)
    o << "<h3>Closing summary by " << E(who) << "</h3><div class=\"entry\">" << E(text) << "</div>";
}

}  // namespace html_sections

std::string ReviewHtml(const core::Review& r) {
  // Room for the page up front (the journal is most of it), so a long
  // journal is not copied each time the buffer would have doubled.
  std::string room;
  room.reserve(html_sections::kPageBytes + r.journal.size() * html_sections::kBytesPerEntry);
  std::ostringstream o(std::move(room));
  WriteReviewHtml(o, r);
  return std::move(o).str();
}

void WriteReviewHtml(std::ostream& o, const core::Review& r) {
  using namespace html_sections;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<meta name=\"referrer\" content=\"no-referrer\"><title>Review of "
    << E(r.title) << "</title><style>" << kStyle << "</style></head><body>\n";
  o << "<h1>Review of “" << E(r.title) << "”</h1><p class=\"muted\">";
  for (std::size_t i = 0; i < r.members.size(); ++i)
    o << (i ? ", " : "") << E(r.members[i].name) << " (" << core::RoleName(r.members[i].role)
      << ")";
  o << "</p>\n";
  Warnings(o, r);
  Goals(o, r);
  Tasks(o, r);
  o << "<h2>Session feedback</h2><p class=\"muted\">Total of 40; under 36 is flagged, as is a "
       "total lower than the previous one.</p>";
  FeedbackTable(o, r.sessions, true);
  o << "<h2>Check-ins</h2><p class=\"muted\">Total of 40; under 25, a total lower than the "
       "previous one and changes of 5 or more points are flagged.</p>";
  FeedbackTable(o, r.checkins, false);
  Notes(o, r);
  Ruptures(o, r);
  Journal(o, r);
  Ending(o, r);
  o << "\n</body></html>\n";
}

}  // namespace rapport::cli
