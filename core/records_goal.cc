#include "core/records_goal.h"

namespace rapport::core {
namespace {

void WriteText(Writer& w, const GoalText& t) {
  w.String(t.title);
  w.String(t.description);
  w.String(t.measure);
  WriteDay(w, t.target_day);
}

bool ReadText(Reader& r, GoalText& t) {
  return r.String(t.title, kMaxTitleTextSize) && r.String(t.description, kMaxNoteTextSize) &&
         r.String(t.measure, kMaxNoteTextSize) && ReadDay(r, t.target_day);
}

Status CheckGoalText(const GoalText& t) {
  RAPPORT_RETURN_IF_ERROR(CheckLine("the goal's title", t.title, kMaxTitleTextSize, true));
  RAPPORT_RETURN_IF_ERROR(
      CheckText("the goal's description", t.description, kMaxNoteTextSize, false));
  RAPPORT_RETURN_IF_ERROR(CheckText("how progress is measured", t.measure, kMaxNoteTextSize, true));
  return CheckDay("the target date", t.target_day);
}

}  // namespace

std::string_view GoalStatusName(GoalStatusValue v) {
  switch (v) {
    case GoalStatusValue::kActive:
      return "active";
    case GoalStatusValue::kAchieved:
      return "achieved";
    case GoalStatusValue::kPaused:
      return "paused";
    case GoalStatusValue::kDropped:
      return "dropped";
  }
  return "unknown";
}

void EncodeFields(Writer& w, const GoalPropose& r) { WriteText(w, r.text); }
bool DecodeFields(Reader& r, GoalPropose& out) { return ReadText(r, out.text); }
Status ValidateFields(const GoalPropose& r) { return CheckGoalText(r.text); }

void EncodeFields(Writer& w, const GoalRevise& r) {
  w.Raw(r.goal.bytes);
  WriteText(w, r.text);
}
bool DecodeFields(Reader& r, GoalRevise& out) {
  return r.Raw(out.goal.bytes) && ReadText(r, out.text);
}
Status ValidateFields(const GoalRevise& r) { return CheckGoalText(r.text); }

void EncodeFields(Writer& w, const GoalAgree& r) {
  w.Raw(r.goal.bytes);
  w.Raw(r.revision.bytes);
}
bool DecodeFields(Reader& r, GoalAgree& out) {
  return r.Raw(out.goal.bytes) && r.Raw(out.revision.bytes);
}
Status ValidateFields(const GoalAgree&) { return Ok(); }

void EncodeFields(Writer& w, const GoalProgress& r) {
  w.Raw(r.goal.bytes);
  w.U8(static_cast<std::uint8_t>(r.scale));
  w.U8(static_cast<std::uint8_t>(static_cast<std::int8_t>(r.value)));
  w.String(r.note);
}
bool DecodeFields(Reader& r, GoalProgress& out) {
  std::uint8_t scale = 0, value = 0;
  if (!r.Raw(out.goal.bytes) || !ReadSmall(r, 2, scale) || scale == 0 || !r.U8(value)) return false;
  out.scale = static_cast<ProgressScale>(scale);
  out.value = static_cast<std::int8_t>(value);
  return r.String(out.note, kMaxNoteTextSize);
}
Status ValidateFields(const GoalProgress& r) {
  if (r.scale == ProgressScale::kRating) {
    RAPPORT_RETURN_IF_ERROR(CheckRating("progress", r.value));
  } else if (r.scale == ProgressScale::kGas) {
    if (r.value < -2 || r.value > 2)
      return Fail(ErrorCode::kInvalidArgument,
                  "a Goal Attainment Scaling level must be -2, -1, 0, +1 or +2");
  } else {
    return Fail(ErrorCode::kInvalidArgument, "progress is a 0-10 rating or a GAS level");
  }
  return CheckText("the progress note", r.note, kMaxNoteTextSize, false);
}

void EncodeFields(Writer& w, const GoalStatus& r) {
  w.Raw(r.goal.bytes);
  w.U8(static_cast<std::uint8_t>(r.status));
}
bool DecodeFields(Reader& r, GoalStatus& out) {
  std::uint8_t v = 0;
  if (!r.Raw(out.goal.bytes) || !ReadSmall(r, 4, v) || v == 0) return false;
  out.status = static_cast<GoalStatusValue>(v);
  return true;
}
Status ValidateFields(const GoalStatus& r) {
  const auto v = static_cast<std::uint8_t>(r.status);
  if (v < 1 || v > 4)
    return Fail(ErrorCode::kInvalidArgument,
                "a goal's status is active, achieved, paused or dropped");
  return Ok();
}

}  // namespace rapport::core
