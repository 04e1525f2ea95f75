#include "core/state_dump.h"

#include <algorithm>
#include <sstream>

namespace rapport::core {
namespace {

std::string Day(const std::optional<std::int32_t>& d) { return d ? FormatDay(*d) : "-"; }
std::string Id(const std::optional<EventId>& id) { return id ? id->Hex() : "-"; }

void DumpGoals(std::ostringstream& o, const NotebookState& s) {
  for (const auto& g : s.goals) {
    o << "goal " << g.id.Hex() << " status=" << GoalStatusName(g.status)
      << " agreed=" << IsAgreed(s, g) << "\n";
    for (const auto& r : g.revisions) {
      o << "  rev " << r.id.Hex() << " by " << r.author.Hex() << " t=" << r.time_ms << " "
        << r.text.title << " | " << r.text.description << " | " << r.text.measure << " | "
        << Day(r.text.target_day) << "\n    endorsed:";
      for (const auto& a : r.endorsed_by) o << " " << a.Hex();
      o << "\n";
    }
    for (const auto& p : g.progress)
      o << "  progress " << p.id.Hex() << " scale=" << int(p.record.scale)
        << " value=" << p.record.value << " " << p.record.note << "\n";
  }
}

void DumpTasks(std::ostringstream& o, const NotebookState& s) {
  for (const auto& t : s.tasks) {
    o << "task " << t.id.Hex() << " by " << t.author.Hex() << " " << t.title
      << " goal=" << Id(t.goal) << " due=" << Day(t.due_day) << " closed=" << t.closed << "\n";
    for (const auto& st : t.steps) {
      o << "  step " << st.id.origin.Hex() << "." << st.id.index << " " << st.text << " parent="
        << (st.parent ? st.parent->origin.Hex() + "." + std::to_string(st.parent->index) : "-")
        << " done=" << st.done << " done_by=" << Id(st.done_by) << "\n";
      for (const auto& d : st.deferrals)
        o << "    deferred " << d.id.Hex() << " " << d.record.reason << "\n";
      for (const auto& sp : st.splits) {
        o << "    split " << sp.id.Hex() << " by " << sp.author.Hex() << ":";
        for (const auto& c : sp.steps) o << " " << c.index;
        o << "\n";
      }
    }
  }
}

void DumpShared(std::ostringstream& o, const NotebookState& s) {
  for (const auto& f : s.session_feedback)
    o << "session " << f.id.Hex() << " " << f.record.relationship << "," << f.record.goals_topics
      << "," << f.record.approach << "," << f.record.overall << " " << Day(f.record.session_day)
      << "\n";
  for (const auto& f : s.checkins)
    o << "checkin " << f.id.Hex() << " " << f.record.individually << "," << f.record.interpersonally
      << "," << f.record.socially << "," << f.record.overall << " " << Day(f.record.session_day)
      << "\n";
  for (const auto& f : s.feedback_notes) o << "note " << f.id.Hex() << " " << f.record.text << "\n";
  for (const auto& [field, v] : s.profile)
    o << "profile " << ProfileFieldName(field) << "=" << v.value << " (" << v.id.Hex() << ")\n";
  for (const auto& r : s.ruptures) {
    o << "rupture " << r.id.Hex() << " " << RuptureKindName(r.kind) << " " << r.note
      << " resolved=" << (r.resolved ? r.resolved->id.Hex() : "-") << "\n";
    for (const auto& p : r.repairs)
      o << "  repair " << p.id.Hex() << " " << RepairKindName(p.record.kind) << " " << p.record.note
        << "\n";
  }
  const EndingView& e = s.ending;
  o << "ending started=" << (e.started ? e.started->id.Hex() : "-") << "\n";
  for (const auto& [who, ticks] : e.checks)
    for (const auto& [action, tick] : ticks)
      o << "  tick " << who.Hex() << " " << EndingActionName(action) << "=" << tick.done << " "
        << tick.note << " (" << tick.id.Hex() << ")\n";
  for (const auto& [who, sum] : e.summaries)
    o << "  summary " << who.Hex() << " " << sum.record.text << " (" << sum.id.Hex() << ")\n";
  // By target, in order: the map is hashed, and the dump must not depend on
  // how it happens to lay out what it holds.
  std::vector<const std::pair<const EventId, std::vector<Authored<Comment>>>*> by_target;
  for (const auto& entry : s.comments) by_target.push_back(&entry);
  std::sort(by_target.begin(), by_target.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  for (const auto* entry : by_target)
    for (const auto& c : entry->second)
      o << "comment " << c.id.Hex() << " on " << entry->first.Hex() << " " << c.record.text << "\n";
  for (const auto& i : s.ignored) o << "ignored " << i.id.Hex() << " " << i.reason << "\n";
  if (s.first_record_ms) o << "first record at " << *s.first_record_ms << "\n";
}

}  // namespace

std::string DebugDump(const NotebookState& s) {
  std::ostringstream o;
  o << "notebook " << s.id.Hex() << " " << s.title << " events=" << s.event_count << "\n";
  for (const auto& m : s.members)
    o << "member " << m.id.Hex() << " " << RoleName(m.role) << " " << m.name << "\n";
  for (const auto& j : s.journal)
    o << "journal " << j.id.Hex() << " " << j.entry.text
      << " mood=" << (j.entry.mood ? std::to_string(*j.entry.mood) : "-") << "\n";
  DumpGoals(o, s);
  DumpTasks(o, s);
  DumpShared(o, s);
  return o.str();
}

}  // namespace rapport::core
