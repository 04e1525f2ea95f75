// The ids of every event folded into a notebook's state: what a comment may
// target. A notebook of 100,000 entries holds 100,000 of them, so they are
// kept flat (the ids in one vector, a table of positions beside it) rather
// than one allocation per id as a node-based set would.
#pragma once

#include <cstdint>
#include <vector>

#include "core/ids.h"

namespace rapport::core {

class EventIdSet {
 public:
  // A hint: about `count` ids will be inserted.
  void Reserve(std::size_t count);
  // False, and no change, if `id` is already present.
  bool Insert(const EventId& id);
  bool contains(const EventId& id) const;

  std::size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  // In the order inserted.
  std::vector<EventId>::const_iterator begin() const { return ids_.begin(); }
  std::vector<EventId>::const_iterator end() const { return ids_.end(); }

 private:
  // The slot `id` occupies, or the empty slot where it would go.
  std::size_t SlotFor(const EventId& id) const;
  void Rehash(std::size_t slot_count);

  std::vector<EventId> ids_;
  // Open addressing, linear probing; 0 is empty, else a position in ids_ + 1.
  // At most half full, so probes stay short.
  std::vector<std::uint32_t> slots_;
};

}  // namespace rapport::core
