// Unit tests of cli/record_lookup.h: id prefixes resolved as git does, and
// steps named TASK/N, on a hand-made state with chosen ids.
#include "cli/record_lookup.h"

#include <gtest/gtest.h>

namespace rapport::cli {
namespace {

core::EventId IdStartingWith(std::uint8_t first, std::uint8_t second) {
  core::EventId id;
  id.bytes.fill(0x11);
  id.bytes[0] = first;
  id.bytes[1] = second;
  return id;
}

// Goals ab12..., ab34... and a task cd56... with two steps and one split.
core::NotebookState State() {
  core::NotebookState s;
  for (const auto& id : {IdStartingWith(0xab, 0x12), IdStartingWith(0xab, 0x34)}) {
    core::GoalView g;
    g.id = id;
    g.revisions.push_back({id, {}, 0, {}, {}});
    s.goal_index[id] = s.goals.size();
    s.goals.push_back(g);
    s.event_ids.Insert(id);
  }
  core::TaskView t;
  t.id = IdStartingWith(0xcd, 0x56);
  const core::EventId split = IdStartingWith(0xef, 0x01);
  t.steps.push_back({core::StepId{t.id, 0}, "first", {}, false, {}, {}, {}});
  t.steps.push_back({core::StepId{t.id, 1}, "second", {}, false, {}, {}, {}});
  t.steps.push_back({core::StepId{split, 0}, "smaller", core::StepId{t.id, 1}, false, {}, {}, {}});
  s.task_index[t.id] = 0;
  s.tasks.push_back(t);
  s.event_ids.Insert(t.id);
  return s;
}

TEST(RecordLookup, ResolvesAUniquePrefixInEitherCase) {
  const core::NotebookState s = State();
  auto id = ResolveRecord(s, RecordKind::kGoal, "AB1");
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, IdStartingWith(0xab, 0x12));
  EXPECT_EQ(*ResolveRecord(s, RecordKind::kGoal, IdStartingWith(0xab, 0x34).Hex()),
            IdStartingWith(0xab, 0x34));
}

TEST(RecordLookup, AmbiguousNotFoundAndMalformed) {
  const core::NotebookState s = State();
  auto several = ResolveRecord(s, RecordKind::kGoal, "ab");
  ASSERT_FALSE(several);
  EXPECT_EQ(several.error().code, ErrorCode::kAmbiguous);
  EXPECT_NE(several.error().message.find("type more of the id"), std::string::npos);
  // A task's id is not a goal's.
  auto wrong_kind = ResolveRecord(s, RecordKind::kGoal, "cd");
  ASSERT_FALSE(wrong_kind);
  EXPECT_EQ(wrong_kind.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*ResolveRecord(s, RecordKind::kAnyShared, "cd"), IdStartingWith(0xcd, 0x56));
  for (const char* bad : {"", "xyz", "ab 1", "ab/1"}) {
    auto r = ResolveRecord(s, RecordKind::kGoal, bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(CheckIdPrefix(std::string(65, 'a')));
}

TEST(RecordLookup, StepsAreNumberedInTheOrderTheyWereMade) {
  const core::NotebookState s = State();
  auto ref = ParseStepRef("CD/3");
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_EQ(ref->task_prefix, "CD");
  EXPECT_EQ(ref->number, 3u);
  auto step = ResolveStep(s, *ref);
  ASSERT_TRUE(step) << step.error().message;
  EXPECT_EQ(step->first, IdStartingWith(0xcd, 0x56));
  EXPECT_EQ(step->second, (core::StepId{IdStartingWith(0xef, 0x01), 0}));
  auto missing = ResolveStep(s, *ParseStepRef("cd/4"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  for (const char* bad : {"cd", "cd/", "cd/0", "cd/-1", "cd/1x", "/1", "zz/1", "cd/1/2"}) {
    auto r = ParseStepRef(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace rapport::cli
