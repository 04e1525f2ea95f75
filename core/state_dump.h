// A deterministic text dump of a notebook's whole state, for tests that
// compare replicas and for debugging. Not a format to parse: it may change.
#pragma once

#include <string>

#include "core/notebook_state.h"

namespace rapport::core {

// Every field of `state` in a fixed order, ids as hex, one item a line.
// Two states dump equal exactly when they hold the same record.
std::string DebugDump(const NotebookState& state);

}  // namespace rapport::core
