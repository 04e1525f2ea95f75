// What a local writer checks before appending a record: the rules that
// depend on the notebook's current state. On arrival from a peer these are
// not checked (the event may refer to one this device does not hold yet);
// the fold applies them deterministically instead (notebook_state.h). Here
// they give the person writing a clear refusal before anything is stored.
#pragma once

#include "base/result.h"
#include "core/notebook_state.h"
#include "core/record.h"

namespace rapport::core {

// Returns Ok if `author` (with `role`) may write `record` now, given `state`.
// Otherwise, with nothing changed:
//   kPermissionDenied   the role may not write this type (as CheckRoleMayWrite)
//   kNotFound           it names a goal, revision, task, step, rupture or
//                       record that `state` does not hold
//   kFailedPrecondition agreeing to a revision that is no longer the latest,
//                       acting on a closed task or a replaced or done step,
//                       repairing a resolved rupture, ticking an ending action
//                       or writing a summary before the ending started
//   kAlreadyExists      agreeing twice to the same revision, starting the
//                       ending twice, marking a step done twice
// Does not check field values: see ValidateRecordFields.
[[nodiscard]] Status CheckAgainstState(const NotebookState& state, const Record& record,
                                       const AuthorId& author, Role role);

// True when CheckAgainstState looks at the state for `body`. For the others
// (journal entries above all) a writer can skip folding the notebook: the
// check passes whatever the state, apart from the role.
bool ChecksState(const RecordBody& body);

}  // namespace rapport::core
