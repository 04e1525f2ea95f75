#include "core/records_notebook.h"

#include "core/record_fields.h"

namespace rapport::core {
namespace {

bool DecodeRole(Reader& r, Role& out) {
  std::uint8_t v = 0;
  if (!r.U8(v)) return false;
  if (v != static_cast<std::uint8_t>(Role::kTherapist) &&
      v != static_cast<std::uint8_t>(Role::kClient))
    return false;
  out = static_cast<Role>(v);
  return true;
}

}  // namespace

void EncodeFields(Writer& w, const NotebookCreated& r) {
  w.String(r.title);
  w.String(r.creator_name);
  w.U8(static_cast<std::uint8_t>(r.creator_role));
}

bool DecodeFields(Reader& r, NotebookCreated& out) {
  return r.String(out.title, kMaxTitleSize) && r.String(out.creator_name, kMaxNameSize) &&
         DecodeRole(r, out.creator_role);
}

Status ValidateFields(const NotebookCreated& r) {
  RAPPORT_RETURN_IF_ERROR(CheckLine("notebook title", r.title, kMaxTitleSize, true));
  return CheckLine("name", r.creator_name, kMaxNameSize, true);
}

void EncodeFields(Writer& w, const MemberAdded& r) {
  w.Raw(r.member.bytes);
  w.Raw(r.noise_key);
  w.U8(static_cast<std::uint8_t>(r.role));
  w.String(r.name);
}

bool DecodeFields(Reader& r, MemberAdded& out) {
  return r.Raw(out.member.bytes) && r.Raw(out.noise_key) && DecodeRole(r, out.role) &&
         r.String(out.name, kMaxNameSize);
}

Status ValidateFields(const MemberAdded& r) {
  return CheckLine("name", r.name, kMaxNameSize, true);
}

}  // namespace rapport::core
