// What the commands of the collaborative record (goal, task, feedback,
// profile, rupture, ending, comment) share: opening the notebook with its
// state, checking a record before the passphrase is asked for, reading
// dates and texts, and printing what was written and its comments.
#pragma once

#include <optional>
#include <string>

#include "cli/context.h"
#include "cli/output.h"

namespace rapport::cli {

// An opened device, the chosen notebook and its state.
struct OpenNotebook {
  store::Device device;
  core::NotebookId id;
  store::LoadedNotebook loaded;
  const core::NotebookState& state() const { return loaded.state; }
};

// Opens the device (asking for the passphrase), selects the notebook and
// loads its state; warns on stderr about stored records that failed their
// integrity check. Throws CommandError.
OpenNotebook OpenAndLoad(Context& ctx);

// Throws a user error unless the record's fields are valid. Ids are not
// looked at: call it before asking for the passphrase.
void CheckFields(const core::RecordBody& body);

// Throws kPermissionDenied with `why` unless this device's member has `role`:
// a clearer refusal than the store's, for records only one side writes.
void RequireRole(const store::Device& device, core::Role role, const std::string& why);

// Appends `body` to this device's feed of the notebook; throws CommandError
// if a rule refuses it (nothing is written then).
core::EventId Append(OpenNotebook& nb, core::RecordBody body);
// What a write command prints: {"id": ...} with --json, else `text`.
void Report(const Context& ctx, const core::EventId& id, const std::string& text);

// The text of an argument, or standard input when it is "-".
std::string TextArgument(const std::string& arg);

// A YYYY-MM-DD option as a day number; nothing when `text` is empty; a user
// error naming `option` when it is not a real date.
std::optional<std::int32_t> DayOption(const std::string& option, const std::string& text);
nlohmann::json DayJson(const std::optional<std::int32_t>& day);

// A word typed on the command line, lower-case, with '-' read as '_', so
// that "renegotiate-goals" and "Renegotiate_Goals" are the same word.
std::string NormalWord(std::string_view word);

// The comments on `target`, oldest first: as JSON, or printed indented.
nlohmann::json CommentsJson(const core::NotebookState& state, const core::EventId& target);
void PrintComments(const core::NotebookState& state, const core::EventId& target,
                   const std::string& indent);

}  // namespace rapport::cli
