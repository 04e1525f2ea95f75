// Task records (DESIGN.md, "Graded tasks between sessions"): a task linked to
// a goal, broken into ordered steps that are done, deferred or split.
//
// Step ids are deterministic: the id of the event that created the step
// (task.assign or task.split) and the step's index in that event's list. Two
// concurrent splits of the same step therefore create distinct steps, and
// both stay visible as alternative splits of the replaced step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/codec.h"
#include "core/ids.h"
#include "core/record_fields.h"

namespace rapport::core {

struct StepId {
  EventId origin;           // the task.assign or task.split event that made the step
  std::uint16_t index = 0;  // its position in that event's list of steps
  friend auto operator<=>(const StepId&, const StepId&) = default;
  std::string Short() const { return origin.Short() + "." + std::to_string(index); }
};

struct TaskAssign {
  static constexpr std::uint16_t kType = 30;
  static constexpr std::string_view kName = "task.assign";
  std::string title;                    // 1..200 bytes
  std::optional<EventId> goal;          // the goal it serves, if any
  std::vector<std::string> steps;       // 1..32 steps, each 1..500 bytes, in order
  std::optional<std::int32_t> due_day;  // days since 1970-01-01
};

struct TaskStepDone {
  static constexpr std::uint16_t kType = 31;
  static constexpr std::string_view kName = "task.step_done";
  EventId task;
  StepId step;
};

// Client only: not now, and why.
struct TaskStepDefer {
  static constexpr std::uint16_t kType = 32;
  static constexpr std::string_view kName = "task.step_defer";
  EventId task;
  StepId step;
  std::string reason;  // 1..4096 bytes
};

// Replaces a step by smaller ordered steps; the original stays, as replaced.
struct TaskStepSplit {
  static constexpr std::uint16_t kType = 33;
  static constexpr std::string_view kName = "task.step_split";
  EventId task;
  StepId step;
  std::vector<std::string> steps;  // 1..32 steps, each 1..500 bytes
};

struct TaskClose {
  static constexpr std::uint16_t kType = 34;
  static constexpr std::string_view kName = "task.close";
  EventId task;
};

void EncodeFields(Writer& w, const TaskAssign& r);
bool DecodeFields(Reader& r, TaskAssign& out);
Status ValidateFields(const TaskAssign& r);
void EncodeFields(Writer& w, const TaskStepDone& r);
bool DecodeFields(Reader& r, TaskStepDone& out);
Status ValidateFields(const TaskStepDone& r);
void EncodeFields(Writer& w, const TaskStepDefer& r);
bool DecodeFields(Reader& r, TaskStepDefer& out);
Status ValidateFields(const TaskStepDefer& r);
void EncodeFields(Writer& w, const TaskStepSplit& r);
bool DecodeFields(Reader& r, TaskStepSplit& out);
Status ValidateFields(const TaskStepSplit& r);
void EncodeFields(Writer& w, const TaskClose& r);
bool DecodeFields(Reader& r, TaskClose& out);
Status ValidateFields(const TaskClose& r);

}  // namespace rapport::core
