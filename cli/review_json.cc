// `rapport review --json`. Only the review goes in — no device, no clock —
// so the output depends on the shared record, `--since` and `--now` alone.
// Times are UTC (IsoTime), days YYYY-MM-DD.
#include <cmath>

#include "cli/output.h"
#include "cli/review_render.h"
#include "core/record_fields.h"

namespace rapport::cli {
namespace {

using Json = nlohmann::json;

template <typename T>
Json OrNull(const std::optional<T>& v) {
  return v ? Json(*v) : Json();
}

Json Day(const std::optional<std::int32_t>& day) {
  return day ? Json(core::FormatDay(*day)) : Json();
}

Json Series(const std::vector<core::ReviewPoint>& points) {
  Json out = Json::array();
  for (const auto& p : points) out.push_back({{"time", IsoTime(p.time_ms)}, {"value", p.value}});
  return out;
}

Json Goal(const core::GoalReview& g) {
  return {{"id", g.id.Hex()},
          {"title", g.title},
          {"measure", g.measure},
          {"target_date", Day(g.target_day)},
          {"status", core::GoalStatusName(g.status)},
          {"revisions", g.revisions},
          {"agreed", g.agreed},
          {"waiting_for", g.waiting_for},
          {"ratings", Series(g.ratings)},
          {"gas", Series(g.gas)},
          {"latest_note", g.latest_note}};
}

Json Step(const core::StepReview& s) {
  Json deferrals = Json::array();
  for (const auto& d : s.deferrals)
    deferrals.push_back({{"by", d.by}, {"time", IsoTime(d.time_ms)}, {"reason", d.reason}});
  return {{"id", s.id.origin.Hex() + "." + std::to_string(s.id.index)},
          {"text", s.text},
          {"depth", s.depth},
          {"done", s.done},
          {"replaced", s.replaced()},
          {"splits", s.splits},
          {"deferrals", std::move(deferrals)}};
}

Json Task(const core::TaskReview& t) {
  Json steps = Json::array();
  for (const auto& s : t.steps) steps.push_back(Step(s));
  return {{"id", t.id.Hex()},
          {"title", t.title},
          {"assigned_by", t.assigned_by},
          {"goal", t.goal_title.empty() ? Json() : Json(t.goal_title)},
          {"due_date", Day(t.due_day)},
          {"closed", t.closed},
          {"steps_current", t.steps_current},
          {"steps_done", t.steps_done},
          {"deferrals", t.deferrals},
          {"steps_split", t.steps_split},
          {"steps", std::move(steps)}};
}

// A reliable change, named by direction: "reliable_rise_from_first", ...
void ReliableFlag(Json& flags, bool reliable, const std::optional<int>& change, const char* from) {
  if (!reliable) return;
  flags.push_back(std::string(*change > 0 ? "reliable_rise_from_" : "reliable_drop_from_") + from);
}

Json Feedback(const core::FeedbackReview& f, const char* const names[4], bool session) {
  Json items = Json::object();
  for (int i = 0; i < 4; ++i) items[names[i]] = f.items[i];
  Json flags = Json::array();
  if (session) {
    if (f.below_cutoff) flags.push_back("below_36");
    if (f.falling) flags.push_back("falling");
  } else {
    if (f.below_cutoff) flags.push_back("below_25");
    ReliableFlag(flags, f.reliable_change_from_previous, f.change_from_previous, "previous");
    ReliableFlag(flags, f.reliable_change_from_first, f.change_from_first, "first");
  }
  return {{"id", f.id.Hex()},
          {"by", f.by},
          {"time", IsoTime(f.time_ms)},
          {"session_date", Day(f.session_day)},
          {"items", std::move(items)},
          {"total", f.total},
          {"change_from_previous", OrNull(f.change_from_previous)},
          {"change_from_first", OrNull(f.change_from_first)},
          {"flags", std::move(flags)}};
}

Json Ending(const core::Review& r) {
  const core::EndingReview& e = r.ending;
  if (!e.started) return Json();
  Json checklist = Json::array();
  for (const auto& item : e.checklist) {
    Json ticks = Json::array();
    for (std::size_t m = 0; m < item.ticks.size() && m < r.members.size(); ++m)
      ticks.push_back({{"member", r.members[m].name},
                       {"done", item.ticks[m].first},
                       {"note", item.ticks[m].second}});
    checklist.push_back({{"action", core::EndingActionName(item.action)}, {"ticks", ticks}});
  }
  Json summaries = Json::array();
  for (const auto& [who, text] : e.summaries)
    summaries.push_back({{"member", who}, {"text", text}});
  return {{"started_by", e.started_by},
          {"started", IsoTime(e.started_ms)},
          {"note", e.note},
          {"checklist", std::move(checklist)},
          {"summaries", std::move(summaries)}};
}

// Two decimals are plenty for a T-score and keep the text short and stable.
double Round2(double x) { return std::round(x * 100.0) / 100.0; }

}  // namespace

Json ReviewJson(const core::Review& r) {
  static const char* const kSessionItems[4] = {"relationship", "goals_topics", "approach",
                                               "overall"};
  static const char* const kCheckinItems[4] = {"individually", "interpersonally", "socially",
                                               "overall"};
  Json members = Json::array();
  for (const auto& m : r.members)
    members.push_back({{"name", m.name}, {"role", core::RoleName(m.role)}});
  Json goals = Json::array();
  for (const auto& g : r.goals) goals.push_back(Goal(g));
  Json tasks = Json::array();
  for (const auto& t : r.tasks) tasks.push_back(Task(t));
  Json sessions = Json::array();
  for (const auto& f : r.sessions) sessions.push_back(Feedback(f, kSessionItems, true));
  Json checkins = Json::array();
  for (const auto& f : r.checkins) checkins.push_back(Feedback(f, kCheckinItems, false));
  Json warnings = Json::array();
  for (const auto& w : r.warnings)
    warnings.push_back({{"kind", core::WarningKindName(w.kind)},
                        {"message", w.message},
                        {"about", w.about.IsZero() ? Json() : Json(w.about.Hex())},
                        {"count", w.count}});
  // The journal can hold tens of thousands of entries: filled in place,
  // without the copies an initializer list makes.
  Json entries = Json::array();
  auto& list = entries.get_ref<Json::array_t&>();
  list.reserve(r.journal.size());
  for (const auto& j : r.journal) {
    Json& e = list.emplace_back(Json::object());
    e["id"] = j.id.Hex();
    e["by"] = j.by;
    e["time"] = IsoTime(j.time_ms);
    e["mood"] = OrNull(j.mood);
    e["tags"] = j.tags;
    e["text"] = j.text;
  }
  Json gas;
  if (r.gas)
    gas = {{"goals", r.gas->goals}, {"sum", r.gas->sum}, {"t_score", Round2(r.gas->t_score)}};

  return {{"notebook", r.title},
          {"members", std::move(members)},
          {"since", r.since_ms ? Json(IsoTime(*r.since_ms)) : Json()},
          {"warnings", std::move(warnings)},
          {"goals", std::move(goals)},
          {"gas", std::move(gas)},
          {"tasks", std::move(tasks)},
          {"session_feedback", std::move(sessions)},
          {"checkins", std::move(checkins)},
          {"journal",
           {{"total", r.journal_total},
            {"last_time", r.last_journal_ms ? Json(IsoTime(*r.last_journal_ms)) : Json()},
            {"entries", std::move(entries)}}},
          {"ending", Ending(r)}};
}

}  // namespace rapport::cli
