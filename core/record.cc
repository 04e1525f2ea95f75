#include "core/record.h"

namespace rapport::core {
namespace {

// Decodes the alternative of RecordBody whose kType is `type`.
template <std::size_t I = 0>
bool DecodeBody(std::uint16_t type, Reader& r, RecordBody& out) {
  if constexpr (I == std::variant_size_v<RecordBody>) {
    return false;
  } else {
    using T = std::variant_alternative_t<I, RecordBody>;
    if (T::kType != type) return DecodeBody<I + 1>(type, r, out);
    T value;
    if (!DecodeFields(r, value)) return false;
    out = std::move(value);
    return true;
  }
}

}  // namespace

std::string_view RecordTypeName(const RecordBody& body) {
  return std::visit([](const auto& r) { return std::decay_t<decltype(r)>::kName; }, body);
}

crypto::Bytes EncodeRecord(const Record& record) {
  Writer w;
  std::visit(
      [&](const auto& r) {
        w.U16(std::decay_t<decltype(r)>::kType);
        w.I64(record.time_ms);
        EncodeFields(w, r);
      },
      record.body);
  return w.Take();
}

Result<Record> DecodeRecord(crypto::ByteView bytes) {
  Reader r(bytes);
  std::uint16_t type = 0;
  Record record;
  if (!r.U16(type) || !r.I64(record.time_ms))
    return Fail(ErrorCode::kCorruptData, "record is truncated");
  if (!DecodeBody(type, r, record.body) || !r.AtEnd())
    return Fail(ErrorCode::kCorruptData, "record is malformed or of an unknown type");
  return record;
}

Status ValidateRecordFields(const Record& record, TextRules rules) {
  const ScopedTextRules scope(rules);
  return std::visit([](const auto& r) { return ValidateFields(r); }, record.body);
}

}  // namespace rapport::core
