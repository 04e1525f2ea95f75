#include "core/records_notebook.h"

#include <gtest/gtest.h>

#include "record_test_util.h"

namespace rapport::core {
namespace {

using testing::ExpectInvalid;
using testing::ExpectRoundTrip;

TEST(NotebookRecords, RoundTrip) {
  ExpectRoundTrip(NotebookCreated{"Our notebook", "Dr. Ada", Role::kTherapist});
  ExpectRoundTrip(MemberAdded{AuthorId{}, {}, Role::kClient, "Sam"});
}

// Titles and names follow the same rule as every other text: not empty,
// not only spaces, valid UTF-8, bounded.
TEST(NotebookRecords, TitlesAndNamesNeedText) {
  ExpectInvalid(NotebookCreated{"", "Dr. Ada", Role::kTherapist});
  ExpectInvalid(NotebookCreated{"  \t ", "Dr. Ada", Role::kTherapist});
  ExpectInvalid(NotebookCreated{"Ours", " ", Role::kTherapist});
  ExpectInvalid(NotebookCreated{std::string(201, 'x'), "Dr. Ada", Role::kTherapist});
  ExpectInvalid(NotebookCreated{"Ours\xff", "Dr. Ada", Role::kTherapist});
  ExpectInvalid(MemberAdded{AuthorId{}, {}, Role::kClient, "\n"});
  ExpectInvalid(MemberAdded{AuthorId{}, {}, Role::kClient, std::string(101, 'x')});
}

}  // namespace
}  // namespace rapport::core
