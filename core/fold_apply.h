// Internal to the fold: one ApplyRecord overload per record type, split by
// topic over fold_*.cc. Only notebook_state.cc calls these.
#pragma once

#include <string>

#include "core/notebook_state.h"

namespace rapport::core::fold {

// The event being applied.
struct Context {
  NotebookState& state;
  const EventId& id;
  const EventHeader& header;
  std::int64_t time_ms;

  const AuthorId& author() const { return header.author; }
  // Keeps the event in `state.ignored` with a reason; it changes nothing else.
  void Ignore(std::string reason) const {
    state.ignored.push_back({id, header.author, std::move(reason)});
  }
  template <typename T>
  Authored<T> Wrap(T record) const {
    return Authored<T>{id, header.author, time_ms, std::move(record)};
  }
};

void ApplyRecord(const Context& c, GoalPropose& r);
void ApplyRecord(const Context& c, GoalRevise& r);
void ApplyRecord(const Context& c, GoalAgree& r);
void ApplyRecord(const Context& c, GoalProgress& r);
void ApplyRecord(const Context& c, GoalStatus& r);

void ApplyRecord(const Context& c, TaskAssign& r);
void ApplyRecord(const Context& c, TaskStepDone& r);
void ApplyRecord(const Context& c, TaskStepDefer& r);
void ApplyRecord(const Context& c, TaskStepSplit& r);
void ApplyRecord(const Context& c, TaskClose& r);

void ApplyRecord(const Context& c, SessionFeedback& r);
void ApplyRecord(const Context& c, WellbeingCheckin& r);
void ApplyRecord(const Context& c, FeedbackNote& r);
void ApplyRecord(const Context& c, ProfileSet& r);
void ApplyRecord(const Context& c, RuptureFlag& r);
void ApplyRecord(const Context& c, RuptureRepair& r);
void ApplyRecord(const Context& c, RuptureResolve& r);
void ApplyRecord(const Context& c, EndingStart& r);
void ApplyRecord(const Context& c, EndingCheck& r);
void ApplyRecord(const Context& c, EndingSummary& r);
void ApplyRecord(const Context& c, Comment& r);

}  // namespace rapport::core::fold
