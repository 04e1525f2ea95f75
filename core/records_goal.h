// Goal records (DESIGN.md, "Collaboration and goal consensus"): a goal is
// proposed, may be revised, is agreed revision by revision, and collects
// progress and a status. A goal is named by the id of its goal.propose event;
// a revision by the id of the event that wrote it (the proposal is revision 0).
#pragma once

#include <optional>
#include <string>

#include "core/codec.h"
#include "core/ids.h"
#include "core/record_fields.h"

namespace rapport::core {

// The text of one revision of a goal.
struct GoalText {
  std::string title;                       // 1..200 bytes
  std::string description;                 // 0..4096 bytes
  std::string measure;                     // how progress is measured, 1..4096 bytes
  std::optional<std::int32_t> target_day;  // days since 1970-01-01
  friend bool operator==(const GoalText&, const GoalText&) = default;
};

struct GoalPropose {
  static constexpr std::uint16_t kType = 20;
  static constexpr std::string_view kName = "goal.propose";
  GoalText text;
};

// A new revision: opens agreement again.
struct GoalRevise {
  static constexpr std::uint16_t kType = 21;
  static constexpr std::string_view kName = "goal.revise";
  EventId goal;
  GoalText text;
};

// Endorses one revision of a goal (the id of its propose or revise event).
struct GoalAgree {
  static constexpr std::uint16_t kType = 22;
  static constexpr std::string_view kName = "goal.agree";
  EventId goal;
  EventId revision;
};

enum class ProgressScale : std::uint8_t {
  kRating = 1,  // 0..10
  kGas = 2,     // Goal Attainment Scaling, -2..+2
};

struct GoalProgress {
  static constexpr std::uint16_t kType = 23;
  static constexpr std::string_view kName = "goal.progress";
  EventId goal;
  ProgressScale scale = ProgressScale::kRating;
  int value = 0;     // 0..10 for kRating, -2..+2 for kGas
  std::string note;  // 0..4096 bytes
};

enum class GoalStatusValue : std::uint8_t { kActive = 1, kAchieved = 2, kPaused = 3, kDropped = 4 };
std::string_view GoalStatusName(GoalStatusValue v);

struct GoalStatus {
  static constexpr std::uint16_t kType = 24;
  static constexpr std::string_view kName = "goal.status";
  EventId goal;
  GoalStatusValue status = GoalStatusValue::kActive;
};

void EncodeFields(Writer& w, const GoalPropose& r);
bool DecodeFields(Reader& r, GoalPropose& out);
Status ValidateFields(const GoalPropose& r);
void EncodeFields(Writer& w, const GoalRevise& r);
bool DecodeFields(Reader& r, GoalRevise& out);
Status ValidateFields(const GoalRevise& r);
void EncodeFields(Writer& w, const GoalAgree& r);
bool DecodeFields(Reader& r, GoalAgree& out);
Status ValidateFields(const GoalAgree& r);
void EncodeFields(Writer& w, const GoalProgress& r);
bool DecodeFields(Reader& r, GoalProgress& out);
// kInvalidArgument for a value outside its scale's range.
Status ValidateFields(const GoalProgress& r);
void EncodeFields(Writer& w, const GoalStatus& r);
bool DecodeFields(Reader& r, GoalStatus& out);
Status ValidateFields(const GoalStatus& r);

}  // namespace rapport::core
