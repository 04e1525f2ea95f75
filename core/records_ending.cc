#include "core/records_ending.h"

namespace rapport::core {
namespace {

constexpr std::string_view kActionNames[] = {
    "how_therapy_went",    "future_functioning", "skills_beyond_therapy", "growth_ongoing",
    "post_therapy_growth", "what_ending_means",  "reflecting_on_gains",   "pride_in_progress",
};

}  // namespace

std::string_view EndingActionName(EndingAction a) {
  const auto i = static_cast<int>(a);
  return i >= 1 && i <= kEndingActionCount ? kActionNames[i - 1] : "unknown";
}

std::optional<EndingAction> ParseEndingAction(std::string_view name) {
  for (int i = 0; i < kEndingActionCount; ++i)
    if (kActionNames[i] == name) return static_cast<EndingAction>(i + 1);
  return std::nullopt;
}

void EncodeFields(Writer& w, const EndingStart& r) { w.String(r.note); }
bool DecodeFields(Reader& r, EndingStart& out) { return r.String(out.note, kMaxNoteTextSize); }
Status ValidateFields(const EndingStart& r) {
  return CheckText("the note", r.note, kMaxNoteTextSize, false);
}

void EncodeFields(Writer& w, const EndingCheck& r) {
  w.U8(static_cast<std::uint8_t>(r.action));
  w.U8(r.done ? 1 : 0);
  w.String(r.note);
}
bool DecodeFields(Reader& r, EndingCheck& out) {
  std::uint8_t a = 0, done = 0;
  if (!ReadSmall(r, kEndingActionCount, a) || a == 0 || !ReadSmall(r, 1, done)) return false;
  out.action = static_cast<EndingAction>(a);
  out.done = done == 1;
  return r.String(out.note, kMaxNoteTextSize);
}
Status ValidateFields(const EndingCheck& r) {
  const auto a = static_cast<int>(r.action);
  if (a < 1 || a > kEndingActionCount)
    return Fail(ErrorCode::kInvalidArgument, "unknown ending action");
  return CheckText("the note", r.note, kMaxNoteTextSize, false);
}

void EncodeFields(Writer& w, const EndingSummary& r) { w.String(r.text); }
bool DecodeFields(Reader& r, EndingSummary& out) { return r.String(out.text, kMaxLongTextSize); }
Status ValidateFields(const EndingSummary& r) {
  return CheckText("the summary", r.text, kMaxLongTextSize, true);
}

}  // namespace rapport::core
