#include "core/records_feedback.h"

namespace rapport::core {
namespace {

void WriteFour(Writer& w, int a, int b, int c, int d) {
  for (int v : {a, b, c, d}) w.U8(static_cast<std::uint8_t>(v));
}
// Ratings over 10 are malformed on the wire, not merely invalid.
bool ReadFour(Reader& r, int& a, int& b, int& c, int& d) {
  for (int* v : {&a, &b, &c, &d}) {
    std::uint8_t x = 0;
    if (!ReadSmall(r, kMaxRating, x)) return false;
    *v = x;
  }
  return true;
}

}  // namespace

void EncodeFields(Writer& w, const SessionFeedback& r) {
  WriteFour(w, r.relationship, r.goals_topics, r.approach, r.overall);
  WriteDay(w, r.session_day);
}
bool DecodeFields(Reader& r, SessionFeedback& out) {
  return ReadFour(r, out.relationship, out.goals_topics, out.approach, out.overall) &&
         ReadDay(r, out.session_day);
}
Status ValidateFields(const SessionFeedback& r) {
  RAPPORT_RETURN_IF_ERROR(CheckRating("the relationship rating", r.relationship));
  RAPPORT_RETURN_IF_ERROR(CheckRating("the goals and topics rating", r.goals_topics));
  RAPPORT_RETURN_IF_ERROR(CheckRating("the approach rating", r.approach));
  RAPPORT_RETURN_IF_ERROR(CheckRating("the overall rating", r.overall));
  return CheckDay("the session date", r.session_day);
}

void EncodeFields(Writer& w, const WellbeingCheckin& r) {
  WriteFour(w, r.individually, r.interpersonally, r.socially, r.overall);
  WriteDay(w, r.session_day);
}
bool DecodeFields(Reader& r, WellbeingCheckin& out) {
  return ReadFour(r, out.individually, out.interpersonally, out.socially, out.overall) &&
         ReadDay(r, out.session_day);
}
Status ValidateFields(const WellbeingCheckin& r) {
  RAPPORT_RETURN_IF_ERROR(CheckRating("the individual rating", r.individually));
  RAPPORT_RETURN_IF_ERROR(CheckRating("the interpersonal rating", r.interpersonally));
  RAPPORT_RETURN_IF_ERROR(CheckRating("the social rating", r.socially));
  RAPPORT_RETURN_IF_ERROR(CheckRating("the overall rating", r.overall));
  return CheckDay("the session date", r.session_day);
}

void EncodeFields(Writer& w, const FeedbackNote& r) { w.String(r.text); }
bool DecodeFields(Reader& r, FeedbackNote& out) { return r.String(out.text, kMaxLongTextSize); }
Status ValidateFields(const FeedbackNote& r) {
  return CheckText("the feedback", r.text, kMaxLongTextSize, true);
}

}  // namespace rapport::core
