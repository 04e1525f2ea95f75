// `rapport review --json`. Only the review goes in — no device, no clock —
// so the output depends on the shared record, `--since` and `--now` alone.
// Times are UTC (IsoTime), days YYYY-MM-DD. Written with JsonWriter, keys in
// sorted order, so the text is what nlohmann::json's dump(2) would print.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "cli/json_writer.h"
#include "cli/output.h"
#include "cli/review_render.h"
#include "core/record_fields.h"

namespace rapport::cli {
namespace {

class ReviewWriter {
 public:
  explicit ReviewWriter(std::ostream& out) : w_(out) {}

  void Review(const core::Review& r);

 private:
  void Field(std::string_view key, std::string_view text) {
    w_.Key(key);
    w_.String(text);
  }
  void Field(std::string_view key, std::int64_t value) {
    w_.Key(key);
    w_.Int(value);
  }
  // Only for bool: an int must not be taken for one.
  template <typename T>
  requires std::same_as<T, bool>
  void Field(std::string_view key, T value) {
    w_.Key(key);
    w_.Bool(value);
  }
  void Day(const std::optional<std::int32_t>& day) {
    if (day) {
      w_.String(core::FormatDay(*day));
    } else {
      w_.Null();
    }
  }
  void OptionalInt(const std::optional<int>& v) {
    if (v) {
      w_.Int(*v);
    } else {
      w_.Null();
    }
  }
  void OptionalTime(const std::optional<std::int64_t>& ms) {
    if (ms) {
      w_.String(IsoTime(*ms));
    } else {
      w_.Null();
    }
  }
  void Strings(const std::vector<std::string>& list) {
    w_.BeginArray();
    for (const auto& s : list) w_.String(s);
    w_.EndArray();
  }
  void Series(const std::vector<core::ReviewPoint>& points);
  void Goal(const core::GoalReview& g);
  void Step(const core::StepReview& s);
  void Task(const core::TaskReview& t);
  void Feedback(const core::FeedbackReview& f, const char* const names[4], bool session);
  void Ending(const core::Review& r);
  void Journal(const core::Review& r);
  void Rupture(const core::RuptureReview& r);
  // The "comments" key and its list.
  void Comments(const std::vector<core::CommentReview>& comments);

  JsonWriter w_;
};

void ReviewWriter::Series(const std::vector<core::ReviewPoint>& points) {
  w_.BeginArray();
  for (const auto& p : points) {
    w_.BeginObject();
    Field("time", IsoTime(p.time_ms));
    Field("value", p.value);
    w_.EndObject();
  }
  w_.EndArray();
}

void ReviewWriter::Goal(const core::GoalReview& g) {
  w_.BeginObject();
  Field("agreed", g.agreed);
  w_.Key("gas");
  Series(g.gas);
  Field("id", g.id.Hex());
  Field("latest_note", g.latest_note);
  Field("measure", g.measure);
  w_.Key("ratings");
  Series(g.ratings);
  Field("revisions", static_cast<std::int64_t>(g.revisions));
  Field("status", core::GoalStatusName(g.status));
  w_.Key("target_date");
  Day(g.target_day);
  Field("title", g.title);
  w_.Key("waiting_for");
  Strings(g.waiting_for);
  w_.EndObject();
}

void ReviewWriter::Step(const core::StepReview& s) {
  w_.BeginObject();
  w_.Key("deferrals");
  w_.BeginArray();
  for (const auto& d : s.deferrals) {
    w_.BeginObject();
    Field("by", d.by);
    Field("reason", d.reason);
    Field("time", IsoTime(d.time_ms));
    w_.EndObject();
  }
  w_.EndArray();
  Field("depth", s.depth);
  Field("done", s.done);
  Field("id", s.id.origin.Hex() + "." + std::to_string(s.id.index));
  Field("replaced", s.replaced());
  w_.Key("splits");  // per split that replaced it, the number of steps it made
  w_.BeginArray();
  for (const std::size_t index : s.splits) w_.Int(static_cast<std::int64_t>(index));
  w_.EndArray();
  Field("text", s.text);
  w_.EndObject();
}

void ReviewWriter::Task(const core::TaskReview& t) {
  w_.BeginObject();
  Field("assigned_by", t.assigned_by);
  Field("closed", t.closed);
  Field("deferrals", t.deferrals);
  w_.Key("due_date");
  Day(t.due_day);
  w_.Key("goal");
  if (t.goal_title.empty()) {
    w_.Null();
  } else {
    w_.String(t.goal_title);
  }
  Field("id", t.id.Hex());
  w_.Key("steps");
  w_.BeginArray();
  for (const auto& s : t.steps) Step(s);
  w_.EndArray();
  Field("steps_current", t.steps_current);
  Field("steps_done", t.steps_done);
  Field("steps_split", t.steps_split);
  Field("title", t.title);
  w_.EndObject();
}

void ReviewWriter::Feedback(const core::FeedbackReview& f, const char* const names[4],
                            bool session) {
  // Flags in a fixed order; a reliable change is named by its direction.
  std::vector<std::string> flags;
  auto reliable = [&](bool is, const std::optional<int>& change, const char* from) {
    if (is)
      flags.push_back(std::string(*change > 0 ? "reliable_rise_from_" : "reliable_drop_from_") +
                      from);
  };
  if (session) {
    if (f.below_cutoff) flags.push_back("below_36");
    if (f.falling) flags.push_back("falling");
  } else {
    if (f.below_cutoff) flags.push_back("below_25");
    if (f.falling) flags.push_back("falling");
    reliable(f.reliable_change_from_previous, f.change_from_previous, "previous");
    reliable(f.reliable_change_from_first, f.change_from_first, "first");
  }
  // The four items, by name, in sorted order as every object's keys are.
  std::vector<std::pair<std::string_view, int>> items;
  for (int i = 0; i < 4; ++i) items.emplace_back(names[i], f.items[i]);
  std::sort(items.begin(), items.end());

  w_.BeginObject();
  Field("by", f.by);
  w_.Key("change_from_first");
  OptionalInt(f.change_from_first);
  w_.Key("change_from_previous");
  OptionalInt(f.change_from_previous);
  w_.Key("flags");
  Strings(flags);
  Field("id", f.id.Hex());
  w_.Key("items");
  w_.BeginObject();
  for (const auto& [name, value] : items) {
    w_.Key(name);
    w_.Int(value);
  }
  w_.EndObject();
  w_.Key("session_date");
  Day(f.session_day);
  Field("time", IsoTime(f.time_ms));
  Field("total", f.total);
  w_.EndObject();
}

void ReviewWriter::Ending(const core::Review& r) {
  const core::EndingReview& e = r.ending;
  if (!e.started) return w_.Null();
  w_.BeginObject();
  w_.Key("checklist");
  w_.BeginArray();
  for (const auto& item : e.checklist) {
    w_.BeginObject();
    Field("action", core::EndingActionName(item.action));
    w_.Key("ticks");
    w_.BeginArray();
    for (std::size_t m = 0; m < item.ticks.size() && m < r.members.size(); ++m) {
      w_.BeginObject();
      Field("done", item.ticks[m].first);
      Field("member", r.members[m].name);
      Field("note", item.ticks[m].second);
      w_.EndObject();
    }
    w_.EndArray();
    w_.EndObject();
  }
  w_.EndArray();
  Field("note", e.note);
  Field("started", IsoTime(e.started_ms));
  Field("started_by", e.started_by);
  w_.Key("summaries");
  w_.BeginArray();
  for (const auto& [who, text] : e.summaries) {
    w_.BeginObject();
    Field("member", who);
    Field("text", text);
    w_.EndObject();
  }
  w_.EndArray();
  w_.EndObject();
}

void ReviewWriter::Comments(const std::vector<core::CommentReview>& comments) {
  w_.Key("comments");
  w_.BeginArray();
  for (const auto& c : comments) {
    w_.BeginObject();
    Field("by", c.by);
    Field("text", c.text);
    Field("time", IsoTimeText(c.time_ms).view());
    w_.EndObject();
  }
  w_.EndArray();
}

void ReviewWriter::Rupture(const core::RuptureReview& r) {
  w_.BeginObject();
  Field("flagged_by", r.flagged_by);
  Field("id", r.id.Hex());
  Field("kind", core::RuptureKindName(r.kind));
  Field("note", r.note);
  w_.Key("repairs");
  w_.BeginArray();
  for (const auto& repair : r.repairs) {
    w_.BeginObject();
    Field("by", repair.by);
    Field("kind", core::RepairKindName(repair.kind));
    Field("note", repair.note);
    Field("time", IsoTime(repair.time_ms));
    w_.EndObject();
  }
  w_.EndArray();
  w_.Key("resolved");
  if (r.resolved) {
    w_.BeginObject();
    Field("by", r.resolved_by);
    Field("time", IsoTime(r.resolved_ms));
    w_.EndObject();
  } else {
    w_.Null();
  }
  Field("time", IsoTime(r.time_ms));
  w_.EndObject();
}

void ReviewWriter::Journal(const core::Review& r) {
  w_.BeginObject();
  w_.Key("entries");
  w_.BeginArray();
  for (const auto& j : r.journal) {
    w_.BeginObject();
    Field("by", j.by);
    Comments(j.comments);
    const auto hex = j.id.HexChars();
    Field("id", std::string_view(hex.data(), hex.size()));
    w_.Key("mood");
    OptionalInt(j.mood);
    w_.Key("tags");
    Strings(j.tags);
    Field("text", j.text);
    Field("time", IsoTimeText(j.time_ms).view());
    w_.EndObject();
  }
  w_.EndArray();
  w_.Key("last_time");
  OptionalTime(r.last_journal_ms);
  Field("total", static_cast<std::int64_t>(r.journal_total));
  w_.EndObject();
}

// Two decimals are plenty for a T-score and keep the text short and stable.
double Round2(double x) { return std::round(x * 100.0) / 100.0; }

void ReviewWriter::Review(const core::Review& r) {
  static const char* const kSessionItems[4] = {"relationship", "goals_topics", "approach",
                                               "overall"};
  static const char* const kCheckinItems[4] = {"individually", "interpersonally", "socially",
                                               "overall"};
  w_.BeginObject();
  w_.Key("checkins");
  w_.BeginArray();
  for (const auto& f : r.checkins) Feedback(f, kCheckinItems, false);
  w_.EndArray();
  w_.Key("ending");
  Ending(r);
  w_.Key("gas");
  if (r.gas) {
    w_.BeginObject();
    Field("goals", r.gas->goals);
    Field("sum", r.gas->sum);
    w_.Key("t_score");
    w_.Double(Round2(r.gas->t_score));
    w_.EndObject();
  } else {
    w_.Null();
  }
  w_.Key("goals");
  w_.BeginArray();
  for (const auto& g : r.goals) Goal(g);
  w_.EndArray();
  w_.Key("journal");
  Journal(r);
  w_.Key("members");
  w_.BeginArray();
  for (const auto& m : r.members) {
    w_.BeginObject();
    Field("name", m.name);
    Field("role", core::RoleName(m.role));
    w_.EndObject();
  }
  w_.EndArray();
  Field("notebook", r.title);
  w_.Key("notes");
  w_.BeginArray();
  for (const auto& n : r.notes) {
    w_.BeginObject();
    Field("by", n.by);
    Comments(n.comments);
    Field("id", n.id.Hex());
    Field("text", n.text);
    Field("time", IsoTime(n.time_ms));
    w_.EndObject();
  }
  w_.EndArray();
  w_.Key("ruptures");
  w_.BeginArray();
  for (const auto& rupture : r.ruptures) Rupture(rupture);
  w_.EndArray();
  w_.Key("session_feedback");
  w_.BeginArray();
  for (const auto& f : r.sessions) Feedback(f, kSessionItems, true);
  w_.EndArray();
  w_.Key("since");
  OptionalTime(r.since_ms);
  w_.Key("tasks");
  w_.BeginArray();
  for (const auto& t : r.tasks) Task(t);
  w_.EndArray();
  w_.Key("warnings");
  w_.BeginArray();
  for (const auto& warning : r.warnings) {
    w_.BeginObject();
    w_.Key("about");
    if (warning.about.IsZero()) {
      w_.Null();
    } else {
      w_.String(warning.about.Hex());
    }
    Field("count", warning.count);
    Field("kind", core::WarningKindName(warning.kind));
    Field("message", warning.message);
    w_.EndObject();
  }
  w_.EndArray();
  w_.EndObject();
}

}  // namespace

void WriteReviewJson(std::ostream& out, const core::Review& review) {
  ReviewWriter(out).Review(review);
}

std::string ReviewJson(const core::Review& review) {
  std::ostringstream out;
  WriteReviewJson(out, review);
  return std::move(out).str();
}

}  // namespace rapport::cli
