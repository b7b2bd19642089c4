#include "services/callback/domain/quality_sheet.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/errors.h"
#include "services/common/utf8.h"

namespace fieldservice::callback {
namespace {

constexpr char kNamePrefix[] = "qualitySheets/";

std::string StateName(SheetState s) { return std::string(common::NameOf(kSheetStateNames, s)); }

// The states a sheet in `from` may move to.
std::vector<SheetState> Next(SheetState from) {
  switch (from) {
    case SheetState::kOpen:
      return {SheetState::kAcknowledged};
    case SheetState::kAcknowledged:
      return {SheetState::kInProgress, SheetState::kClosed};
    case SheetState::kInProgress:
      return {SheetState::kClosed};
    case SheetState::kClosed:
      return {};
  }
  return {};
}

absl::StatusOr<QualitySheet> Step(QualitySheet sheet, SheetState to, const std::string& actor,
                                  const std::string& note, int64_t expected_version,
                                  absl::Time now) {
  if (expected_version != sheet.version) {
    return absl::AbortedError(
        absl::StrCat("etag: ", SheetName(sheet.id), " has changed since it was read (now ",
                     StateName(sheet.state), "); read it again and decide on what it says now"));
  }
  const std::vector<SheetState> allowed = Next(sheet.state);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
    std::vector<std::string> names;
    for (SheetState s : allowed) names.push_back(StateName(s));
    return common::IllegalTransitionError(SheetName(sheet.id), StateName(to),
                                          StateName(sheet.state), names);
  }
  sheet.state = to;
  sheet.steps.push_back({to, std::string(actor), now, std::string(note)});
  ++sheet.version;
  return sheet;
}

bool NoteTooLong(const std::string& note) {
  return !common::IsValidUtf8(note) || common::CountChars(note) > kMaxSheetNoteChars;
}

}  // namespace

absl::StatusOr<QualitySheet> AdvanceSheet(QualitySheet sheet, SheetState to,
                                          const std::string& actor, const std::string& note,
                                          int64_t expected_version, absl::Time now) {
  common::Violations v;
  if (to != SheetState::kAcknowledged && to != SheetState::kInProgress) {
    v.Add("state", to == SheetState::kClosed
                       ? "ACKNOWLEDGED or IN_PROGRESS; a sheet is closed with its fix note "
                         "(CloseQualitySheet)"
                       : "ACKNOWLEDGED or IN_PROGRESS");
  }
  if (NoteTooLong(note)) {
    v.Add("note", absl::StrCat("at most ", kMaxSheetNoteChars, " characters of valid UTF-8"));
  }
  if (!v.empty()) return v.ToStatus();
  return Step(std::move(sheet), to, actor, note, expected_version, now);
}

absl::StatusOr<QualitySheet> CloseSheet(QualitySheet sheet, const std::string& actor,
                                        const std::string& fix_note, int64_t expected_version,
                                        absl::Time now) {
  common::Violations v;
  if (absl::StripAsciiWhitespace(fix_note).empty()) {
    v.Add("fix_note", "required: what was done about the defect (整改), to close the sheet");
  } else if (NoteTooLong(fix_note)) {
    v.Add("fix_note", absl::StrCat("at most ", kMaxSheetNoteChars, " characters of valid UTF-8"));
  }
  if (!v.empty()) return v.ToStatus();
  return Step(std::move(sheet), SheetState::kClosed, actor, fix_note, expected_version, now);
}

std::string SheetName(int64_t id) { return absl::StrCat(kNamePrefix, id); }

absl::StatusOr<int64_t> SheetIdOfName(const std::string& name, const std::string& field) {
  int64_t id = 0;
  absl::string_view rest = name;
  if (!absl::ConsumePrefix(&rest, kNamePrefix) || !absl::SimpleAtoi(rest, &id) || id < 1 ||
      absl::StrCat(id) != rest) {
    return common::InvalidArgumentError(
        {{std::string(field), "a quality sheet's name: qualitySheets/{id}"}});
  }
  return id;
}

}  // namespace fieldservice::callback
