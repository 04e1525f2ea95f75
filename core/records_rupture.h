// Rupture records (DESIGN.md, "Rupture repair"): either member flags a
// rupture, records repair steps, and marks it resolved. A rupture is named by
// the id of its rupture.flag event.
#pragma once

#include <string>

#include "core/codec.h"
#include "core/ids.h"
#include "core/record_fields.h"

namespace rapport::core {

enum class RuptureKind : std::uint8_t { kConfrontation = 1, kWithdrawal = 2 };
enum class RepairKind : std::uint8_t {
  kRationaleGiven = 1,
  kGoalsRenegotiated = 2,
  kMutualDiscussion = 3,
  kOther = 4,
};
std::string_view RuptureKindName(RuptureKind k);
std::string_view RepairKindName(RepairKind k);

struct RuptureFlag {
  static constexpr std::uint16_t kType = 60;
  static constexpr std::string_view kName = "rupture.flag";
  RuptureKind kind = RuptureKind::kConfrontation;
  std::string note;  // 0..4096 bytes
};

struct RuptureRepair {
  static constexpr std::uint16_t kType = 61;
  static constexpr std::string_view kName = "rupture.repair";
  EventId rupture;
  RepairKind kind = RepairKind::kMutualDiscussion;
  std::string note;  // 0..4096 bytes
};

struct RuptureResolve {
  static constexpr std::uint16_t kType = 62;
  static constexpr std::string_view kName = "rupture.resolve";
  EventId rupture;
};

void EncodeFields(Writer& w, const RuptureFlag& r);
bool DecodeFields(Reader& r, RuptureFlag& out);
Status ValidateFields(const RuptureFlag& r);
void EncodeFields(Writer& w, const RuptureRepair& r);
bool DecodeFields(Reader& r, RuptureRepair& out);
Status ValidateFields(const RuptureRepair& r);
void EncodeFields(Writer& w, const RuptureResolve& r);
bool DecodeFields(Reader& r, RuptureResolve& out);
Status ValidateFields(const RuptureResolve& r);

}  // namespace rapport::core
