// Finding a record from the short id a person types, as git does for
// commits: any prefix of the hex id that only one record has. Goals, tasks
// and ruptures are looked up among their own kind; a comment's target among
// every shared record. A task step is written TASK/N: the task's id prefix
// and the step's number as `rapport task show` lists it.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "core/notebook_state.h"

namespace rapport::cli {

enum class RecordKind { kGoal, kTask, kRupture, kAnyShared };

// kInvalidArgument unless `prefix` is one or more hex digits. Cheap: call it
// before asking for the passphrase.
Status CheckIdPrefix(std::string_view prefix);

// The id of the one record of `kind` whose hex id starts with `prefix`
// (either case). kInvalidArgument if `prefix` is not hex; kNotFound if no
// record matches; kAmbiguous if several do. Each message says what to do.
Result<core::EventId> ResolveRecord(const core::NotebookState& state, RecordKind kind,
                                    std::string_view prefix);

// The revision of `goal` whose id starts with `prefix`.
Result<core::EventId> ResolveRevision(const core::GoalView& goal, std::string_view prefix);

// "3fa2/2" parsed: a task id prefix and a step number (1-based).
struct StepRef {
  std::string task_prefix;
  std::size_t number = 0;
};
// kInvalidArgument unless `text` is TASK/N with TASK hex and N a number >= 1.
Result<StepRef> ParseStepRef(std::string_view text);

// Step N of a task is the N-th step it ever had, in the order they were
// made: the assigned steps first, then each split's. Numbers never change
// when a step is split, because new steps are only added at the end.
// Returns the task's id and the step's id; kNotFound for a step number the
// task does not have.
Result<std::pair<core::EventId, core::StepId>> ResolveStep(const core::NotebookState& state,
                                                           const StepRef& ref);

}  // namespace rapport::cli
