// The quality information sheet (质量信息单, seed 002 第十条 5): raised for a
// defect that is prominent (a batch accident), new (the first report of a
// fault on a model) or touches safety, sent to the quality department (品质部)
// and followed until it is fixed:
//
//   OPEN --acknowledge--> ACKNOWLEDGED --start--> IN_PROGRESS --close--> CLOSED
//                         ACKNOWLEDGED --------------------------close--> CLOSED
//
// Each step records who took it, when, and their note; closing needs a fix
// note (what was done about it). The steps are pure functions: each checks
// the sheet allows it and returns the sheet after.
//
// A sheet's `version` changes with each step (the API's etag), so two people
// cannot overwrite each other's step. Its figures (units affected, the last
// report) keep following new reports in every state, without changing the
// version: they are facts about the fault, not a step anyone took.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SHEET_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SHEET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/enum_names.h"

namespace fieldservice::callback {

// Why the sheet was opened.
enum class SheetKind {
  kBatchAccident,  // 批量质量事故: the batch threshold was reached
  kNewDefect,      // the first report of the fault on the model
  kSafety,         // a safety-related fault on the model
};
inline constexpr common::EnumName<SheetKind> kSheetKindNames[] = {
    {SheetKind::kBatchAccident, "BATCH_ACCIDENT"},
    {SheetKind::kNewDefect, "NEW_DEFECT"},
    {SheetKind::kSafety, "SAFETY"},
};

enum class SheetState { kOpen, kAcknowledged, kInProgress, kClosed };
inline constexpr common::EnumName<SheetState> kSheetStateNames[] = {
    {SheetState::kOpen, "OPEN"},
    {SheetState::kAcknowledged, "ACKNOWLEDGED"},
    {SheetState::kInProgress, "IN_PROGRESS"},
    {SheetState::kClosed, "CLOSED"},
};

// One step taken on a sheet.
struct SheetStep {
  SheetState to = SheetState::kOpen;
  std::string actor;
  absl::Time at;
  std::string note;
  friend bool operator==(const SheetStep&, const SheetStep&) = default;
};

// A note, at most (characters).
inline constexpr size_t kMaxSheetNoteChars = 2000;

struct QualitySheet {
  int64_t id = 0;  // given by the storage
  SheetKind kind = SheetKind::kNewDefect;
  std::string model;
  std::string batch;  // BATCH_ACCIDENT only
  std::string fault;  // the symptom code
  // Distinct units with the fault: in the batch (BATCH_ACCIDENT), or on the
  // model in any batch; and the batch's units sold (BATCH_ACCIDENT only).
  int64_t affected_units = 0;
  int64_t units_sold = 0;
  // The first and the latest report counted (by the visit's completion).
  std::string first_order_number;
  std::string last_order_number;
  absl::Time first_reported_at;
  absl::Time last_reported_at;
  absl::Time opened_at;
  SheetState state = SheetState::kOpen;
  std::vector<SheetStep> steps;  // in order; the first is the opening
  int64_t version = 1;
};

// The steps. `expected_version` is the version the actor read:
// ABORTED when the sheet has moved on since. The target state of Advance is
// ACKNOWLEDGED or IN_PROGRESS; a step the state does not allow is
// FAILED_PRECONDITION naming the allowed ones; a note longer than
// kMaxSheetNoteChars, or Close without a fix note, INVALID_ARGUMENT naming
// the field.
absl::StatusOr<QualitySheet> AdvanceSheet(QualitySheet sheet, SheetState to,
                                          const std::string& actor, const std::string& note,
                                          int64_t expected_version, absl::Time now);
absl::StatusOr<QualitySheet> CloseSheet(QualitySheet sheet, const std::string& actor,
                                        const std::string& fix_note, int64_t expected_version,
                                        absl::Time now);

// The resource name, "qualitySheets/{id}", and back (INVALID_ARGUMENT on
// `field` for anything else).
std::string SheetName(int64_t id);
absl::StatusOr<int64_t> SheetIdOfName(const std::string& name, const std::string& field);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_QUALITY_SHEET_H_
