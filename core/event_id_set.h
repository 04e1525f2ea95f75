// The ids of every event folded into a notebook's state: what a comment may
// target. A notebook of 100,000 entries holds 100,000 of them, so they are
// kept flat (the ids in one vector, a table of positions beside it) rather
// than one allocation per id as a node-based set would.
//
// The fold adds every id but most loads never look one up (only a comment
// does), so Add only appends, and the table is brought up to date by the
// first lookup after it. Building it costs a random memory access per id:
// 5-10 % of loading 100,000 journal entries (docs/performance.md).
#pragma once

#include <cstdint>
#include <vector>

#include "core/ids.h"

namespace rapport::core {

class EventIdSet {
 public:
  EventIdSet() = default;
  EventIdSet(const EventIdSet&) = default;
  EventIdSet& operator=(const EventIdSet&) = default;
  // Leave `other` empty: the default moves would leave it counting as
  // indexed the ids it no longer holds.
  EventIdSet(EventIdSet&& other) noexcept;
  EventIdSet& operator=(EventIdSet&& other) noexcept;

  // A hint: about `count` ids will be added.
  void Reserve(std::size_t count);
  // False, and no change, if `id` is already present.
  bool Insert(const EventId& id);
  // As Insert, but the check is left to the next lookup: if `id` turns out
  // to be present already, it is dropped then.
  void Add(const EventId& id);

  // Every read below first indexes what was added since the last one, so,
  // unlike most const methods, they must not run on several threads at once
  // while ids added by Add are not yet indexed.
  bool contains(const EventId& id) const;
  std::size_t size() const;
  bool empty() const { return size() == 0; }
  // In the order added.
  std::vector<EventId>::const_iterator begin() const;
  std::vector<EventId>::const_iterator end() const;

 private:
  // The slot `id` occupies, or the empty slot where it would go.
  std::size_t SlotFor(const EventId& id) const;
  void Rehash(std::size_t slot_count) const;
  // Indexes ids_[indexed_..], dropping any already present.
  void IndexAdded() const;

  mutable std::vector<EventId> ids_;
  // Open addressing, linear probing; 0 is empty, else a position in ids_ + 1.
  // At most half full, so probes stay short.
  mutable std::vector<std::uint32_t> slots_;
  mutable std::size_t indexed_ = 0;  // ids_[0, indexed_) are in slots_
};

}  // namespace rapport::core
