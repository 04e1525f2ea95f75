#include "core/records_task.h"

#include <gtest/gtest.h>

#include "record_test_util.h"

namespace rapport::core {
namespace {

using testing::ExpectInvalid;
using testing::ExpectRoundTrip;
using testing::TestId;

TEST(TaskRecords, RoundTrip) {
  ExpectRoundTrip(TaskAssign{"Talk to someone new", TestId(1), {"smile", "say hello"}, 20000});
  ExpectRoundTrip(TaskAssign{"No goal", std::nullopt, {"one"}, std::nullopt});
  ExpectRoundTrip(TaskStepDone{TestId(2), StepId{TestId(2), 1}});
  ExpectRoundTrip(TaskStepDefer{TestId(2), StepId{TestId(3), 0}, "too anxious this week"});
  ExpectRoundTrip(TaskStepSplit{TestId(2), StepId{TestId(2), 0}, {"a", "b", "c"}});
  ExpectRoundTrip(TaskClose{TestId(2)});
}

TEST(TaskRecords, StepLimits) {
  ExpectInvalid(TaskAssign{"t", {}, {}, {}});
  ExpectInvalid(TaskAssign{"t", {}, std::vector<std::string>(kMaxSteps + 1, "s"), {}});
  ExpectInvalid(TaskAssign{"t", {}, {"ok", " "}, {}});
  ExpectInvalid(TaskAssign{"t", {}, {std::string(kMaxStepTextSize + 1, 's')}, {}});
  ExpectInvalid(TaskAssign{"", {}, {"s"}, {}});
  ExpectInvalid(TaskStepSplit{TestId(1), {}, {}});
  ExpectInvalid(TaskStepDefer{TestId(1), {}, ""});
}

}  // namespace
}  // namespace rapport::core
