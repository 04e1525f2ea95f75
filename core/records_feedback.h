// Feedback records (DESIGN.md, "Collecting client feedback"): a session
// rating and a wellbeing check-in, each four 0-10 ratings written by the
// client, and a free-text note by either member. The item wording is ours;
// the scoring follows the published SRS and ORS rules (docs/records.md).
#pragma once

#include <optional>
#include <string>

#include "core/codec.h"
#include "core/record_fields.h"

namespace rapport::core {

// How the last session went, from the client's side (SRS-like).
struct SessionFeedback {
  static constexpr std::uint16_t kType = 40;
  static constexpr std::string_view kName = "feedback.session";
  int relationship = 0;  // felt heard, understood and respected
  int goals_topics = 0;  // worked on what the client wanted to work on
  int approach = 0;      // the approach or method fits the client
  int overall = 0;       // the session overall was right
  std::optional<std::int32_t> session_day;
  int Total() const { return relationship + goals_topics + approach + overall; }
};

// How the client has been doing lately (ORS-like).
struct WellbeingCheckin {
  static constexpr std::uint16_t kType = 41;
  static constexpr std::string_view kName = "feedback.checkin";
  int individually = 0;     // personal wellbeing
  int interpersonally = 0;  // close relationships
  int socially = 0;         // work, school, friendships
  int overall = 0;          // general sense of wellbeing
  std::optional<std::int32_t> session_day;
  int Total() const { return individually + interpersonally + socially + overall; }
};

// "How is therapy going", in words, by either member.
struct FeedbackNote {
  static constexpr std::uint16_t kType = 42;
  static constexpr std::string_view kName = "feedback.note";
  std::string text;  // 1..16384 bytes
};

void EncodeFields(Writer& w, const SessionFeedback& r);
bool DecodeFields(Reader& r, SessionFeedback& out);
// kInvalidArgument for a rating outside 0..10 or a bad date.
Status ValidateFields(const SessionFeedback& r);
void EncodeFields(Writer& w, const WellbeingCheckin& r);
bool DecodeFields(Reader& r, WellbeingCheckin& out);
Status ValidateFields(const WellbeingCheckin& r);
void EncodeFields(Writer& w, const FeedbackNote& r);
bool DecodeFields(Reader& r, FeedbackNote& out);
Status ValidateFields(const FeedbackNote& r);

}  // namespace rapport::core
