// A comment on any shared record, by either member. A comment whose target
// is not a shared event of the notebook has no effect in the fold.
#pragma once

#include <string>

#include "core/codec.h"
#include "core/ids.h"
#include "core/record_fields.h"

namespace rapport::core {

struct Comment {
  static constexpr std::uint16_t kType = 80;
  static constexpr std::string_view kName = "comment.add";
  EventId target;
  std::string text;  // 1..16384 bytes
};

void EncodeFields(Writer& w, const Comment& r);
bool DecodeFields(Reader& r, Comment& out);
Status ValidateFields(const Comment& r);

}  // namespace rapport::core
