#include "core/records_rupture.h"

namespace rapport::core {

std::string_view RuptureKindName(RuptureKind k) {
  return k == RuptureKind::kConfrontation ? "confrontation" : "withdrawal";
}

std::string_view RepairKindName(RepairKind k) {
  switch (k) {
    case RepairKind::kRationaleGiven:
      return "rationale_given";
    case RepairKind::kGoalsRenegotiated:
      return "goals_renegotiated";
    case RepairKind::kMutualDiscussion:
      return "mutual_discussion";
    case RepairKind::kOther:
      return "other";
  }
  return "unknown";
}

void EncodeFields(Writer& w, const RuptureFlag& r) {
  w.U8(static_cast<std::uint8_t>(r.kind));
  w.String(r.note);
}
bool DecodeFields(Reader& r, RuptureFlag& out) {
  std::uint8_t k = 0;
  if (!ReadSmall(r, 2, k) || k == 0) return false;
  out.kind = static_cast<RuptureKind>(k);
  return r.String(out.note, kMaxNoteTextSize);
}
Status ValidateFields(const RuptureFlag& r) {
  const auto k = static_cast<int>(r.kind);
  if (k < 1 || k > 2)
    return Fail(ErrorCode::kInvalidArgument, "a rupture is a confrontation or a withdrawal");
  return CheckText("the note", r.note, kMaxNoteTextSize, false);
}

void EncodeFields(Writer& w, const RuptureRepair& r) {
  w.Raw(r.rupture.bytes);
  w.U8(static_cast<std::uint8_t>(r.kind));
  w.String(r.note);
}
bool DecodeFields(Reader& r, RuptureRepair& out) {
  std::uint8_t k = 0;
  if (!r.Raw(out.rupture.bytes) || !ReadSmall(r, 4, k) || k == 0) return false;
  out.kind = static_cast<RepairKind>(k);
  return r.String(out.note, kMaxNoteTextSize);
}
Status ValidateFields(const RuptureRepair& r) {
  const auto k = static_cast<int>(r.kind);
  if (k < 1 || k > 4)
    return Fail(ErrorCode::kInvalidArgument,
                "a repair is rationale_given, goals_renegotiated, mutual_discussion or other");
  return CheckText("the note", r.note, kMaxNoteTextSize, false);
}

void EncodeFields(Writer& w, const RuptureResolve& r) { w.Raw(r.rupture.bytes); }
bool DecodeFields(Reader& r, RuptureResolve& out) { return r.Raw(out.rupture.bytes); }
Status ValidateFields(const RuptureResolve&) { return Ok(); }

}  // namespace rapport::core
