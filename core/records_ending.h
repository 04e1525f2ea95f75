// Ending records (DESIGN.md, "Effective endings"): either member starts the
// ending phase; each member ticks the eight actions for themselves and writes
// a closing summary. Checks and summaries before the start have no effect.
#pragma once

#include <optional>
#include <string>

#include "core/codec.h"
#include "core/record_fields.h"

namespace rapport::core {

// The eight actions of an effective ending, in the order DESIGN.md lists them.
enum class EndingAction : std::uint8_t {
  kHowTherapyWent = 1,
  kFutureFunctioning = 2,    // future functioning and coping
  kSkillsBeyondTherapy = 3,  // using skills beyond therapy
  kGrowthOngoing = 4,        // growth as ongoing
  kPostTherapyGrowth = 5,    // anticipating post-therapy growth
  kWhatEndingMeans = 6,
  kReflectingOnGains = 7,
  kPrideInProgress = 8,  // pride in progress and the relationship
};
inline constexpr int kEndingActionCount = 8;
// "how_therapy_went", "future_functioning", ...
std::string_view EndingActionName(EndingAction a);
std::optional<EndingAction> ParseEndingAction(std::string_view name);

struct EndingStart {
  static constexpr std::uint16_t kType = 70;
  static constexpr std::string_view kName = "ending.start";
  std::string note;  // 0..4096 bytes
};

// The author ticks (or, with done = false, unticks) one action for themselves.
struct EndingCheck {
  static constexpr std::uint16_t kType = 71;
  static constexpr std::string_view kName = "ending.check";
  EndingAction action = EndingAction::kHowTherapyWent;
  bool done = true;
  std::string note;  // 0..4096 bytes
};

// The author's closing summary; a later one replaces theirs.
struct EndingSummary {
  static constexpr std::uint16_t kType = 72;
  static constexpr std::string_view kName = "ending.summary";
  std::string text;  // 1..16384 bytes
};

void EncodeFields(Writer& w, const EndingStart& r);
bool DecodeFields(Reader& r, EndingStart& out);
Status ValidateFields(const EndingStart& r);
void EncodeFields(Writer& w, const EndingCheck& r);
bool DecodeFields(Reader& r, EndingCheck& out);
Status ValidateFields(const EndingCheck& r);
void EncodeFields(Writer& w, const EndingSummary& r);
bool DecodeFields(Reader& r, EndingSummary& out);
Status ValidateFields(const EndingSummary& r);

}  // namespace rapport::core
