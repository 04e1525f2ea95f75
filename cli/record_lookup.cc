#include "cli/record_lookup.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace rapport::cli {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct KindWords {
  const char* one;      // "goal"
  const char* several;  // "goals"
  std::string where;    // where people find the ids
};

KindWords WordsFor(RecordKind kind) {
  switch (kind) {
    case RecordKind::kGoal:
      return {"goal", "goals", "see `rapport goal list`"};
    case RecordKind::kTask:
      return {"task", "tasks", "see `rapport task list`"};
    case RecordKind::kRupture:
      return {"rupture", "ruptures", "see `rapport rupture list`"};
    case RecordKind::kAnyShared:
      break;
  }
  return {"shared record", "shared records",
          "the list commands show ids: goal list, task list, journal list, ..."};
}

// The ids `kind` may name, in no particular order.
std::vector<core::EventId> Candidates(const core::NotebookState& state, RecordKind kind) {
  std::vector<core::EventId> ids;
  auto keys = [&ids](const std::map<core::EventId, std::size_t>& index) {
    for (const auto& [id, position] : index) ids.push_back(id);
  };
  switch (kind) {
    case RecordKind::kGoal:
      keys(state.goal_index);
      break;
    case RecordKind::kTask:
      keys(state.task_index);
      break;
    case RecordKind::kRupture:
      keys(state.rupture_index);
      break;
    case RecordKind::kAnyShared:
      ids.assign(state.event_ids.begin(), state.event_ids.end());
      break;
  }
  return ids;
}

Result<core::EventId> PickOne(const std::vector<core::EventId>& ids, std::string_view prefix,
                              const KindWords& words) {
  RAPPORT_RETURN_IF_ERROR(CheckIdPrefix(prefix));
  const std::string wanted = Lower(prefix);
  std::vector<core::EventId> matches;
  for (const auto& id : ids)
    if (id.Hex().starts_with(wanted)) matches.push_back(id);
  if (matches.empty())
    return Fail(ErrorCode::kNotFound, std::string("no ") + words.one + " has an id starting with " +
                                          wanted + " (" + words.where + ")");
  if (matches.size() > 1)
    return Fail(ErrorCode::kAmbiguous, std::string("several ") + words.several +
                                           " have an id starting with " + wanted +
                                           ": type more of the id (" + words.where + ")");
  return matches.front();
}

}  // namespace

Status CheckIdPrefix(std::string_view prefix) {
  if (prefix.empty() || prefix.size() > 64 ||
      prefix.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(prefix) +
                    "' is not an id: ids are the letters 0-9 and a-f shown by the list commands");
  return Ok();
}

Result<core::EventId> ResolveRecord(const core::NotebookState& state, RecordKind kind,
                                    std::string_view prefix) {
  return PickOne(Candidates(state, kind), prefix, WordsFor(kind));
}

Result<core::EventId> ResolveRevision(const core::GoalView& goal, std::string_view prefix) {
  std::vector<core::EventId> ids;
  for (const auto& r : goal.revisions) ids.push_back(r.id);
  return PickOne(
      ids, prefix,
      {"revision of this goal", "revisions", "see `rapport goal show " + goal.id.Short() + "`"});
}

Result<StepRef> ParseStepRef(std::string_view text) {
  const auto slash = text.find('/');
  auto bad = [&text] {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + std::string(text) +
                    "' is not a step: write the task's id, a slash and the step's number, "
                    "e.g. 3fa2/2 (see `rapport task show TASK`)");
  };
  if (slash == std::string_view::npos) return bad();
  StepRef ref;
  ref.task_prefix = std::string(text.substr(0, slash));
  if (!CheckIdPrefix(ref.task_prefix)) return bad();
  const std::string_view number = text.substr(slash + 1);
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), ref.number);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
      ref.number == 0)
    return bad();
  return ref;
}

Result<std::pair<core::EventId, core::StepId>> ResolveStep(const core::NotebookState& state,
                                                           const StepRef& ref) {
  RAPPORT_ASSIGN_OR_RETURN(const core::EventId task_id,
                           ResolveRecord(state, RecordKind::kTask, ref.task_prefix));
  const core::TaskView& task = *state.FindTask(task_id);
  if (ref.number > task.steps.size())
    return Fail(ErrorCode::kNotFound, "task " + task_id.Short() + " has no step " +
                                          std::to_string(ref.number) + " (see `rapport task show " +
                                          task_id.Short() + "`)");
  return std::pair{task_id, task.steps[ref.number - 1].id};
}

}  // namespace rapport::cli
