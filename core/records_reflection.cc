#include "core/records_reflection.h"

#include "core/records_journal.h"

namespace rapport::core {

void EncodeFields(Writer& w, const TherapistReflection& r) { w.String(r.text); }
bool DecodeFields(Reader& r, TherapistReflection& out) {
  return r.String(out.text, kMaxJournalTextSize);
}
Status ValidateFields(const TherapistReflection& r) {
  return CheckText("the reflection", r.text, kMaxJournalTextSize, true);
}

}  // namespace rapport::core
