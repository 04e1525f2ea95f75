#include "core/event_id_set.h"

#include <bit>
#include <stdexcept>
#include <utility>

namespace rapport::core {

namespace {

constexpr std::size_t kMinSlots = 16;

// Twice `count`, as a power of two: the table stays at most half full.
std::size_t SlotsFor(std::size_t count) { return std::bit_ceil(std::max(kMinSlots, 2 * count)); }

}  // namespace

EventIdSet::EventIdSet(EventIdSet&& other) noexcept
    : ids_(std::move(other.ids_)),
      slots_(std::move(other.slots_)),
      indexed_(std::exchange(other.indexed_, 0)) {}

EventIdSet& EventIdSet::operator=(EventIdSet&& other) noexcept {
  if (this == &other) return *this;
  ids_ = std::move(other.ids_);
  slots_ = std::move(other.slots_);
  indexed_ = std::exchange(other.indexed_, 0);
  other.ids_.clear();  // a moved-from vector is only "valid but unspecified"
  other.slots_.clear();
  return *this;
}

void EventIdSet::Reserve(std::size_t count) {
  // The table is sized when first needed: a load that never looks up an id
  // never builds it.
  ids_.reserve(count);
}

bool EventIdSet::Insert(const EventId& id) {
  IndexAdded();
  const std::size_t before = ids_.size();
  Add(id);
  IndexAdded();
  return ids_.size() > before;
}

void EventIdSet::Add(const EventId& id) {
  // Positions are stored as uint32; a notebook never nears four billion.
  if (ids_.size() >= UINT32_MAX) throw std::length_error("too many events in one notebook");
  ids_.push_back(id);
}

bool EventIdSet::contains(const EventId& id) const {
  IndexAdded();
  return !slots_.empty() && slots_[SlotFor(id)] != 0;
}

std::size_t EventIdSet::size() const {
  IndexAdded();
  return ids_.size();
}

std::vector<EventId>::const_iterator EventIdSet::begin() const {
  IndexAdded();
  return ids_.cbegin();
}

std::vector<EventId>::const_iterator EventIdSet::end() const {
  IndexAdded();
  return ids_.cend();
}

void EventIdSet::IndexAdded() const {
  if (indexed_ == ids_.size()) return;
  if (2 * ids_.size() > slots_.size()) Rehash(SlotsFor(ids_.size()));
  // Moves each new id down over any dropped before it, keeping their order.
  std::size_t kept = indexed_;
  for (std::size_t i = indexed_; i < ids_.size(); ++i) {
    const std::size_t slot = SlotFor(ids_[i]);
    if (slots_[slot] != 0) continue;  // already present
    ids_[kept] = ids_[i];
    slots_[slot] = static_cast<std::uint32_t>(++kept);
  }
  ids_.resize(kept);
  indexed_ = kept;
}

std::size_t EventIdSet::SlotFor(const EventId& id) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = StrongBytesHash{}(id)&mask;; slot = (slot + 1) & mask) {
    const std::uint32_t held = slots_[slot];
    if (held == 0 || ids_[held - 1] == id) return slot;
  }
}

// Indexes ids_[0, indexed_) into a fresh table of `slot_count` slots.
void EventIdSet::Rehash(std::size_t slot_count) const {
  slots_.assign(slot_count, 0);
  const std::size_t mask = slot_count - 1;
  for (std::size_t i = 0; i < indexed_; ++i) {
    std::size_t slot = StrongBytesHash{}(ids_[i]) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

}  // namespace rapport::core
