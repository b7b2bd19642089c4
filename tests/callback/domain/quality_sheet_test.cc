// The quality information sheet's life (quality_sheet.h): OPEN ->
// ACKNOWLEDGED -> (IN_PROGRESS) -> CLOSED with who, when and a note; closing
// needs the fix; a stale etag loses nothing.
#include "services/callback/domain/quality_sheet.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"

namespace fieldservice::callback {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

const absl::Time kOpened = absl::FromUnixSeconds(1780000000);

QualitySheet Opened() {
  QualitySheet s;
  s.id = 7;
  s.kind = SheetKind::kBatchAccident;
  s.model = "BCD-216";
  s.batch = "B2025-11";
  s.fault = "no_cooling";
  s.opened_at = kOpened;
  s.steps.push_back({SheetState::kOpen, "quality-signals", kOpened, "50 units"});
  return s;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& v : common::FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

TEST(QualitySheetTest, FollowedUntilClosedWithWhoWhenAndTheFix) {
  const absl::Time t1 = kOpened + absl::Hours(1), t2 = t1 + absl::Hours(1),
                   t3 = t2 + absl::Hours(24);
  auto acked = AdvanceSheet(Opened(), SheetState::kAcknowledged, "qa-li", "收到", 1, t1);
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(acked->state, SheetState::kAcknowledged);
  EXPECT_EQ(acked->version, 2);
  auto working = AdvanceSheet(*acked, SheetState::kInProgress, "qa-li", "", 2, t2);
  ASSERT_TRUE(working.ok()) << working.status();
  auto closed = CloseSheet(*working, "qa-wang", "更换温控器供应商", 3, t3);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->state, SheetState::kClosed);
  EXPECT_EQ(closed->version, 4);
  EXPECT_THAT(closed->steps,
              ElementsAre(Field(&SheetStep::to, SheetState::kOpen),
                          SheetStep{SheetState::kAcknowledged, "qa-li", t1, "收到"},
                          SheetStep{SheetState::kInProgress, "qa-li", t2, ""},
                          SheetStep{SheetState::kClosed, "qa-wang", t3, "更换温控器供应商"}));
}

TEST(QualitySheetTest, AnAcknowledgedSheetMayCloseWithoutInProgress) {
  auto acked = AdvanceSheet(Opened(), SheetState::kAcknowledged, "qa", "", 1, kOpened);
  ASSERT_TRUE(acked.ok());
  auto closed = CloseSheet(*acked, "qa", "供应商已整改", 2, kOpened);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->state, SheetState::kClosed);
}

TEST(QualitySheetTest, StepsTheStateDoesNotAllowNameTheAllowedOnes) {
  // Not closed before the quality department acknowledged it.
  absl::Status early = CloseSheet(Opened(), "qa", "fixed", 1, kOpened).status();
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(common::AllowedTransitionsOf(early), ElementsAre("ACKNOWLEDGED"));
  absl::Status skip =
      AdvanceSheet(Opened(), SheetState::kInProgress, "qa", "", 1, kOpened).status();
  EXPECT_EQ(skip.code(), absl::StatusCode::kFailedPrecondition);

  auto acked = AdvanceSheet(Opened(), SheetState::kAcknowledged, "qa", "", 1, kOpened);
  ASSERT_TRUE(acked.ok());
  auto closed = CloseSheet(*acked, "qa", "fixed", 2, kOpened);
  ASSERT_TRUE(closed.ok());
  absl::Status after =
      AdvanceSheet(*closed, SheetState::kAcknowledged, "qa", "", 3, kOpened).status();
  EXPECT_EQ(after.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(after.message(), HasSubstr("CLOSED"));
}

TEST(QualitySheetTest, ClosingNeedsTheFixNote) {
  auto acked = AdvanceSheet(Opened(), SheetState::kAcknowledged, "qa", "", 1, kOpened);
  ASSERT_TRUE(acked.ok());
  absl::Status empty = CloseSheet(*acked, "qa", "  ", 2, kOpened).status();
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(empty), ElementsAre("fix_note"));
  EXPECT_THAT(empty.message(), HasSubstr("required"));
  absl::Status long_note =
      CloseSheet(*acked, "qa", std::string(kMaxSheetNoteChars + 1, 'x'), 2, kOpened).status();
  EXPECT_THAT(Fields(long_note), ElementsAre("fix_note"));
  // Advance is not the way to close.
  absl::Status advance = AdvanceSheet(*acked, SheetState::kClosed, "qa", "x", 2, kOpened).status();
  EXPECT_THAT(Fields(advance), ElementsAre("state"));
  EXPECT_THAT(advance.message(), HasSubstr("CloseQualitySheet"));
}

TEST(QualitySheetTest, AStaleVersionIsAbortedAndChangesNothing) {
  auto acked = AdvanceSheet(Opened(), SheetState::kAcknowledged, "qa-li", "", 1, kOpened);
  ASSERT_TRUE(acked.ok());
  // Someone else read version 1 too, before qa-li's step.
  absl::Status stale =
      AdvanceSheet(*acked, SheetState::kInProgress, "qa-wang", "", 1, kOpened).status();
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.message(), HasSubstr("etag"));
}

TEST(QualitySheetTest, Names) {
  EXPECT_EQ(SheetName(42), "qualitySheets/42");
  auto id = SheetIdOfName("qualitySheets/42", "name");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, 42);
  for (const char* bad : {"", "qualitySheets/", "qualitySheets/0", "qualitySheets/x",
                          "qualitySheets/042", "callbacks/42"}) {
    auto parsed = SheetIdOfName(bad, "name");
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(Fields(parsed.status()), ElementsAre("name")) << bad;
  }
}

}  // namespace
}  // namespace fieldservice::callback
