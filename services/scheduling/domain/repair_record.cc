#include "services/scheduling/domain/repair_record.h"

#include <algorithm>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "services/common/hashing.h"
#include "services/common/utf8.h"

namespace fieldservice::scheduling {
namespace {

constexpr char kRecord[] = "record";

std::string At(absl::string_view field) { return absl::StrCat(kRecord, ".", field); }

std::string At(absl::string_view list, size_t index, absl::string_view field = "") {
  std::string path = absl::StrCat(kRecord, ".", list, "[", index, "]");
  if (!field.empty()) absl::StrAppend(&path, ".", field);
  return path;
}

// Unicode White_Space, plus the zero-width characters that show as nothing:
// a text of only these (an ideographic space U+3000 from a Chinese input
// method included) is blank.
bool IsBlankChar(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

// Required text: present, not blank, valid UTF-8, within `max_chars`.
void CheckRequiredText(const std::string& path, std::string_view value, size_t max_chars,
                       absl::string_view what, common::Violations& v) {
  const std::optional<std::u32string> chars = common::DecodeUtf8(value);
  if (!chars.has_value()) {
    v.Add(path, "must be valid UTF-8");
    return;
  }
  if (std::all_of(chars->begin(), chars->end(), IsBlankChar)) {
    v.Add(path, absl::StrCat("required: ", what));
    return;
  }
  if (chars->size() > max_chars) {
    v.Add(path, absl::StrCat("at most ", max_chars, " characters, not ", chars->size()));
  }
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isxdigit(static_cast<unsigned char>(c));
         });
}

// Sums amounts without overflowing: a total past int64 stays at its maximum,
// which is over any quote anyway.
int64_t SaturatingAdd(int64_t total, int64_t amount) {
  if (amount > 0 && total > std::numeric_limits<int64_t>::max() - amount) {
    return std::numeric_limits<int64_t>::max();
  }
  if (amount < 0 && total < std::numeric_limits<int64_t>::min() - amount) {
    return std::numeric_limits<int64_t>::min();
  }
  return total + amount;
}

void CheckParts(const RepairRecord& record, const RepairRecordPolicy& policy,
                common::Violations& v) {
  if (record.parts_used.size() > static_cast<size_t>(policy.max_parts)) {
    v.Add(At("parts_used"),
          absl::StrCat("at most ", policy.max_parts, " parts, not ", record.parts_used.size()));
    return;
  }
  for (size_t i = 0; i < record.parts_used.size(); ++i) {
    const PartUsed& part = record.parts_used[i];
    CheckRequiredText(At("parts_used", i, "part_id"), part.part_id, policy.max_part_id_chars,
                      "the catalogue part id", v);
    CheckRequiredText(At("parts_used", i, "serial"), part.serial, policy.max_serial_chars,
                      "the fitted part's serial number", v);
    if (part.quantity < 1 || part.quantity > policy.max_quantity) {
      v.Add(At("parts_used", i, "quantity"),
            absl::StrCat("must be 1 to ", policy.max_quantity, ", not ", part.quantity));
    }
  }
}

bool IsPartUsed(const RepairRecord& record, std::string_view part_id) {
  return std::any_of(record.parts_used.begin(), record.parts_used.end(),
                     [&](const PartUsed& p) { return p.part_id == part_id; });
}

// What each fee is on its own: a kind, a positive amount, and a part only
// when it is for a part (one that was fitted).
void CheckEachFee(const RepairRecord& record, common::Violations& v) {
  for (size_t i = 0; i < record.fees.size(); ++i) {
    const Fee& fee = record.fees[i];
    if (!fee.kind.has_value()) v.Add(At("fees", i, "kind"), "required: LABOUR, PART or CALLOUT");
    if (fee.amount_fen <= 0) {
      v.Add(At("fees", i, "amount"),
            absl::StrCat("must be positive, not ", YuanText(fee.amount_fen)));
    }
    if (fee.kind == FeeKind::kPart) {
      if (fee.part_id.empty()) {
        v.Add(At("fees", i, "part_id"), "required for a PART fee: which of the parts used");
      } else if (!IsPartUsed(record, fee.part_id)) {
        v.Add(At("fees", i, "part_id"),
              absl::StrCat("\"", fee.part_id, "\" is not among the parts used: a part fee is ",
                           "only for a part fitted on this visit"));
      }
    } else if (fee.kind.has_value() && !fee.part_id.empty()) {
      v.Add(At("fees", i, "part_id"), "only a PART fee names a part");
    }
  }
}

// A paid repair: the price list's quote only (DOMAIN.md "The visit": out of
// warranty, the published price list only; no invented charges).
void CheckPaidFees(const RepairRecord& record, const ChargeTerms& terms, common::Violations& v) {
  std::optional<size_t> labour_at;
  std::optional<size_t> callout_at;
  int64_t part_total = 0;
  for (size_t i = 0; i < record.fees.size(); ++i) {
    const Fee& fee = record.fees[i];
    if (!fee.kind.has_value()) continue;
    switch (*fee.kind) {
      case FeeKind::kLabour:
        if (labour_at.has_value()) {
          v.Add(At("fees", i, "kind"),
                absl::StrCat("labour is charged once; fees[", *labour_at, "] already charges it"));
        } else {
          labour_at = i;
        }
        if (fee.amount_fen > terms.labour_fen) {
          v.Add(At("fees", i, "amount"),
                absl::StrCat("labour of ", YuanText(fee.amount_fen), " is over the quote's ",
                             YuanText(terms.labour_fen)));
        }
        break;
      case FeeKind::kCallout:
        if (terms.callout_fen <= 0) {
          v.Add(At("fees", i), absl::StrCat("the quote has no call-out fee; a call-out of ",
                                            YuanText(fee.amount_fen), " may not be charged"));
          break;
        }
        if (callout_at.has_value()) {
          v.Add(At("fees", i, "kind"), absl::StrCat("the call-out is charged once; fees[",
                                                    *callout_at, "] already charges it"));
        } else {
          callout_at = i;
        }
        if (fee.amount_fen > terms.callout_fen) {
          v.Add(At("fees", i, "amount"),
                absl::StrCat("call-out of ", YuanText(fee.amount_fen), " is over the quote's ",
                             YuanText(terms.callout_fen)));
        }
        break;
      case FeeKind::kPart:
        if (fee.amount_fen > 0) part_total = SaturatingAdd(part_total, fee.amount_fen);
        break;
    }
  }
  // An unpriced part (priced after inspection) has no quote to hold its fee
  // to here: checking it against the price list is the warranty catalogue's
  // job, which this service does not have.
  if (terms.part_priced && part_total > terms.part_fen) {
    v.Add(At("fees"), absl::StrCat("part fees total ", YuanText(part_total),
                                   ", over the quoted part's ", YuanText(terms.part_fen)));
  }
}

void CheckFees(const RepairRecord& record, const ChargeTerms& terms,
               const RepairRecordPolicy& policy, common::Violations& v) {
  if (record.fees.size() > static_cast<size_t>(policy.max_fees)) {
    v.Add(At("fees"), absl::StrCat("at most ", policy.max_fees, " fees, not ", record.fees.size()));
    return;
  }
  CheckEachFee(record, v);
  if (!terms.decided) {
    for (size_t i = 0; i < record.fees.size(); ++i) {
      v.Add(At("fees", i), absl::StrCat("no fee may be charged: the 三包 decision is not known ",
                                        "yet (charged ", YuanText(record.fees[i].amount_fen), ")"));
    }
    return;
  }
  if (terms.free) {
    // DOMAIN.md "The visit": in warranty free, parts and labour.
    for (size_t i = 0; i < record.fees.size(); ++i) {
      v.Add(At("fees", i),
            absl::StrCat("no fee may be charged: in warranty the repair is free, parts and ",
                         "labour (charged ", YuanText(record.fees[i].amount_fen), ")"));
    }
    return;
  }
  CheckPaidFees(record, terms, v);
}

void CheckSignature(const RepairRecord& record, const RepairRecordPolicy& policy,
                    common::Violations& v) {
  bool hashable = false;
  if (record.signature.empty()) {
    v.Add(At("signature"), "required: the customer's signature");
  } else if (record.signature.size() > policy.max_signature_bytes) {
    v.Add(At("signature"), absl::StrCat("at most ", policy.max_signature_bytes, " bytes, not ",
                                        record.signature.size()));
  } else {
    hashable = true;
  }
  const std::string& given = record.signature_sha256;
  if (given.empty()) {
    v.Add(At("signature_sha256"), "required: the hex SHA-256 of signature");
    return;
  }
  if (!IsSha256Hex(given)) {
    v.Add(At("signature_sha256"),
          absl::StrCat("must be 64 hex digits (a SHA-256), not ", given.size(), " characters"));
    return;
  }
  if (!hashable) return;
  const std::string actual = common::Sha256Hex(record.signature);
  if (actual.empty()) {
    v.Add(At("signature_sha256"), "could not be checked: SHA-256 failed");
  } else if (absl::AsciiStrToLower(given) != actual) {
    v.Add(At("signature_sha256"),
          absl::StrCat("does not match the signature: its SHA-256 is ", actual,
                       " (the image changed on the way, or the app hashed other bytes)"));
  }
}

// Text the record's author typed, made one line: line breaks and tabs
// become spaces so that the audit trail keeps one line per entry.
std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') c = ' ';
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

absl::Status CheckRepairRecordPolicy(const RepairRecordPolicy& policy) {
  std::vector<std::string> problems;
  auto positive = [&](absl::string_view name, int64_t value) {
    if (value < 1) problems.push_back(absl::StrCat(name, " must be at least 1, not ", value));
  };
  positive("max_fault_chars", static_cast<int64_t>(policy.max_fault_chars));
  positive("max_work_chars", static_cast<int64_t>(policy.max_work_chars));
  positive("max_opinion_chars", static_cast<int64_t>(policy.max_opinion_chars));
  positive("max_part_id_chars", static_cast<int64_t>(policy.max_part_id_chars));
  positive("max_serial_chars", static_cast<int64_t>(policy.max_serial_chars));
  positive("max_parts", policy.max_parts);
  positive("max_fees", policy.max_fees);
  positive("max_quantity", policy.max_quantity);
  positive("max_signature_bytes", static_cast<int64_t>(policy.max_signature_bytes));
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("repair record policy: ", absl::StrJoin(problems, "; ")));
}

void CheckRepairRecord(const RepairRecord& record, const ChargeTerms& terms,
                       const RepairRecordPolicy& policy, common::Violations& v) {
  CheckRequiredText(At("fault_found"), record.fault_found, policy.max_fault_chars,
                    "the fault found", v);
  CheckRequiredText(At("work_done"), record.work_done, policy.max_work_chars, "the work done", v);
  CheckParts(record, policy, v);
  CheckFees(record, terms, policy, v);
  if (!record.function_test_passed) {
    v.Add(At("function_test_passed"),
          "must be true: the full-function test (全功能试机) in front of the customer passes "
          "before a job is completed");
  }
  CheckRequiredText(At("customer_opinion"), record.customer_opinion, policy.max_opinion_chars,
                    "the customer's opinion in their words", v);
  CheckSignature(record, policy, v);
}

std::string RepairSummary(const RepairRecord& record) {
  std::vector<std::string> parts;
  for (const PartUsed& p : record.parts_used) {
    parts.push_back(
        absl::StrCat(OneLine(p.part_id), " x", p.quantity, " (serial ", OneLine(p.serial), ")"));
  }
  int64_t total = 0;
  for (const Fee& fee : record.fees) total = SaturatingAdd(total, fee.amount_fen);
  return absl::StrCat("fault found: ", OneLine(record.fault_found),
                      "; work done: ", OneLine(record.work_done),
                      "; parts: ", parts.empty() ? "none" : absl::StrJoin(parts, ", "),
                      "; fees: ", record.fees.empty() ? "none" : YuanText(total),
                      "; function test: ", record.function_test_passed ? "passed" : "not passed");
}

std::string YuanText(int64_t fen) {
  // Through unsigned, so the most negative int64 has a magnitude too.
  const uint64_t magnitude = fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  return absl::StrFormat("%s%d.%02d yuan", fen < 0 ? "-" : "", magnitude / 100, magnitude % 100);
}

}  // namespace fieldservice::scheduling
