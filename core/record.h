// A record is the plaintext inside an event body (or a private record): a
// time and one of the record types. To add a type: give it a struct with
// kType and kName, EncodeFields/DecodeFields/ValidateFields, and list it in
// RecordBody. The byte layout is in docs/events.md, "Record bodies".
#pragma once

#include <variant>

#include "base/result.h"
#include "core/records_comment.h"
#include "core/records_ending.h"
#include "core/records_feedback.h"
#include "core/records_goal.h"
#include "core/records_journal.h"
#include "core/records_notebook.h"
#include "core/records_profile.h"
#include "core/records_reflection.h"
#include "core/records_rupture.h"
#include "core/records_task.h"

namespace rapport::core {

using RecordBody =
    std::variant<NotebookCreated, MemberAdded, JournalEntry,                         //
                 GoalPropose, GoalRevise, GoalAgree, GoalProgress, GoalStatus,       //
                 TaskAssign, TaskStepDone, TaskStepDefer, TaskStepSplit, TaskClose,  //
                 SessionFeedback, WellbeingCheckin, FeedbackNote, ProfileSet,        //
                 RuptureFlag, RuptureRepair, RuptureResolve,                         //
                 EndingStart, EndingCheck, EndingSummary, Comment, TherapistReflection>;

struct Record {
  std::int64_t time_ms = 0;  // when the author wrote it (Unix ms, author's clock)
  RecordBody body;
};

std::string_view RecordTypeName(const RecordBody& body);

// Layout: u16 type | i64 time_ms | type fields.
crypto::Bytes EncodeRecord(const Record& record);
// kCorruptData on an unknown type, truncation, trailing bytes or bad text.
[[nodiscard]] Result<Record> DecodeRecord(crypto::ByteView bytes);
// Value checks (ranges, lengths, text); kInvalidArgument with a message for
// people. `rules`: where the record comes from (core/terminal_safe_text.h);
// without it, a record written on this device now.
Status ValidateRecordFields(const Record& record, TextRules rules = TextRules::kNewlyWritten);

}  // namespace rapport::core
