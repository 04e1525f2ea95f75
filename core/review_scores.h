// The scoring rules the review applies (docs/records.md, "Scoring rules for
// the review" and "Review"): the cut-offs of the session rating and the
// wellbeing check-in, the Goal Attainment Scaling T-score, and the
// thresholds of the early warnings. Pure functions, no state.
#pragma once

#include <optional>
#include <vector>

namespace rapport::core {

// A session-feedback (SRS) total under this is a possible alliance concern.
inline constexpr int kSrsAllianceCutoff = 36;
// A check-in (ORS) total under this is below the adult clinical cutoff.
inline constexpr int kOrsClinicalCutoff = 25;
// A change of at least this many points in the check-in total is reliable.
inline constexpr int kOrsReliableChange = 5;
// A step deferred this many times or more is an early warning.
inline constexpr int kRepeatedDeferrals = 2;
// This many days or more without a shared journal entry is an early warning.
inline constexpr int kJournalSilenceDays = 14;

inline bool SrsBelowCutoff(int total) { return total < kSrsAllianceCutoff; }
inline bool OrsBelowCutoff(int total) { return total < kOrsClinicalCutoff; }
// True when `change` (either sign) is a reliable change.
inline bool IsReliableChange(int change) {
  return change >= kOrsReliableChange || -change >= kOrsReliableChange;
}

// The Goal Attainment Scaling T-score of the given levels (each -2..+2, one
// per goal, equal weights, inter-goal correlation 0.3, Kiresuk & Sherman 1968):
//   T = 50 + 10 * sum(x) / sqrt(0.7 n + 0.3 n^2).
// nullopt for no levels. REQUIRES: every level in -2..+2.
std::optional<double> GasTScore(const std::vector<int>& levels);

}  // namespace rapport::core
