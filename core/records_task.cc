#include "core/records_task.h"

namespace rapport::core {
namespace {

void WriteStepId(Writer& w, const StepId& s) {
  w.Raw(s.origin.bytes);
  w.U16(s.index);
}
bool ReadStepId(Reader& r, StepId& s) { return r.Raw(s.origin.bytes) && r.U16(s.index); }

void WriteSteps(Writer& w, const std::vector<std::string>& steps) {
  w.U8(static_cast<std::uint8_t>(steps.size()));
  for (const auto& s : steps) w.String(s);
}
bool ReadSteps(Reader& r, std::vector<std::string>& steps) {
  std::uint8_t n = 0;
  if (!r.U8(n) || n > kMaxSteps) return false;
  steps.resize(n);
  for (auto& s : steps)
    if (!r.String(s, kMaxStepTextSize)) return false;
  return true;
}
Status CheckSteps(const std::vector<std::string>& steps) {
  if (steps.empty() || steps.size() > kMaxSteps)
    return Fail(ErrorCode::kInvalidArgument, "a task needs 1 to 32 steps");
  for (const auto& s : steps)
    RAPPORT_RETURN_IF_ERROR(CheckLine("a step", s, kMaxStepTextSize, true));
  return Ok();
}

}  // namespace

void EncodeFields(Writer& w, const TaskAssign& r) {
  w.String(r.title);
  WriteOptionalId(w, r.goal);
  WriteSteps(w, r.steps);
  WriteDay(w, r.due_day);
}
bool DecodeFields(Reader& r, TaskAssign& out) {
  return r.String(out.title, kMaxTitleTextSize) && ReadOptionalId(r, out.goal) &&
         ReadSteps(r, out.steps) && ReadDay(r, out.due_day);
}
Status ValidateFields(const TaskAssign& r) {
  RAPPORT_RETURN_IF_ERROR(CheckLine("the task's title", r.title, kMaxTitleTextSize, true));
  RAPPORT_RETURN_IF_ERROR(CheckSteps(r.steps));
  return CheckDay("the due date", r.due_day);
}

void EncodeFields(Writer& w, const TaskStepDone& r) {
  w.Raw(r.task.bytes);
  WriteStepId(w, r.step);
}
bool DecodeFields(Reader& r, TaskStepDone& out) {
  return r.Raw(out.task.bytes) && ReadStepId(r, out.step);
}
Status ValidateFields(const TaskStepDone&) { return Ok(); }

void EncodeFields(Writer& w, const TaskStepDefer& r) {
  w.Raw(r.task.bytes);
  WriteStepId(w, r.step);
  w.String(r.reason);
}
bool DecodeFields(Reader& r, TaskStepDefer& out) {
  return r.Raw(out.task.bytes) && ReadStepId(r, out.step) && r.String(out.reason, kMaxNoteTextSize);
}
Status ValidateFields(const TaskStepDefer& r) {
  return CheckText("the reason for deferring", r.reason, kMaxNoteTextSize, true);
}

void EncodeFields(Writer& w, const TaskStepSplit& r) {
  w.Raw(r.task.bytes);
  WriteStepId(w, r.step);
  WriteSteps(w, r.steps);
}
bool DecodeFields(Reader& r, TaskStepSplit& out) {
  return r.Raw(out.task.bytes) && ReadStepId(r, out.step) && ReadSteps(r, out.steps);
}
Status ValidateFields(const TaskStepSplit& r) { return CheckSteps(r.steps); }

void EncodeFields(Writer& w, const TaskClose& r) { w.Raw(r.task.bytes); }
bool DecodeFields(Reader& r, TaskClose& out) { return r.Raw(out.task.bytes); }
Status ValidateFields(const TaskClose&) { return Ok(); }

}  // namespace rapport::core
