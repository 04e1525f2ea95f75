#include "core/records_comment.h"

namespace rapport::core {

void EncodeFields(Writer& w, const Comment& r) {
  w.Raw(r.target.bytes);
  w.String(r.text);
}
bool DecodeFields(Reader& r, Comment& out) {
  return r.Raw(out.target.bytes) && r.String(out.text, kMaxLongTextSize);
}
Status ValidateFields(const Comment& r) {
  return CheckText("the comment", r.text, kMaxLongTextSize, true);
}

}  // namespace rapport::core
