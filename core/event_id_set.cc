#include "core/event_id_set.h"

#include <bit>
#include <stdexcept>

namespace rapport::core {

namespace {

constexpr std::size_t kMinSlots = 16;

// Twice `count`, as a power of two: the table stays at most half full.
std::size_t SlotsFor(std::size_t count) { return std::bit_ceil(std::max(kMinSlots, 2 * count)); }

}  // namespace

void EventIdSet::Reserve(std::size_t count) {
  ids_.reserve(count);
  if (SlotsFor(count) > slots_.size()) Rehash(SlotsFor(count));
}

bool EventIdSet::Insert(const EventId& id) {
  if (2 * (ids_.size() + 1) > slots_.size()) Rehash(SlotsFor(ids_.size() + 1));
  const std::size_t slot = SlotFor(id);
  if (slots_[slot] != 0) return false;
  // Positions are stored as uint32; a notebook never nears four billion.
  if (ids_.size() >= UINT32_MAX) throw std::length_error("too many events in one notebook");
  ids_.push_back(id);
  slots_[slot] = static_cast<std::uint32_t>(ids_.size());
  return true;
}

bool EventIdSet::contains(const EventId& id) const {
  return !slots_.empty() && slots_[SlotFor(id)] != 0;
}

std::size_t EventIdSet::SlotFor(const EventId& id) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = StrongBytesHash{}(id)&mask;; slot = (slot + 1) & mask) {
    const std::uint32_t held = slots_[slot];
    if (held == 0 || ids_[held - 1] == id) return slot;
  }
}

void EventIdSet::Rehash(std::size_t slot_count) {
  slots_.assign(slot_count, 0);
  const std::size_t mask = slot_count - 1;
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    std::size_t slot = StrongBytesHash{}(ids_[i]) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

}  // namespace rapport::core
