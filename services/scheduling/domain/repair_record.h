// The after-sales repair record (售后维修记录) a technician hands in with
// CompleteJob (issue 9, DOMAIN.md "The visit"): fault found, work done, the
// parts fitted with their serials, each fee charged, the full-function test
// in front of the customer (全功能试机), the customer's opinion and their
// signature. The rules here are checked before the job is completed; the
// fees are held to what the order's 三包 decision allows (ChargeTerms): in
// warranty the repair is free, out of warranty only the price list's quote.
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_REPAIR_RECORD_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_REPAIR_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/common/enum_names.h"
#include "services/common/errors.h"

namespace fieldservice::scheduling {

// What a visit may charge, from the order's 三包 decision (dispatch.proto
// ChargeTerms). Amounts in fen.
struct ChargeTerms {
  // Whether the decision is known; until it is, a visit charges nothing.
  bool decided = false;
  // Covered (free repair): nothing may be charged.
  bool free = false;
  // Otherwise the price list's quote.
  int64_t labour_fen = 0;
  int64_t part_fen = 0;
  // False: the part is priced after inspection (part_fen means nothing).
  bool part_priced = false;
  // 0: the quote has no call-out fee.
  int64_t callout_fen = 0;

  friend bool operator==(const ChargeTerms&, const ChargeTerms&) = default;
};

// A part fitted on the visit.
struct PartUsed {
  std::string part_id;  // catalogue part id ("compressor")
  std::string serial;   // the fitted part's serial number
  int quantity = 0;

  friend bool operator==(const PartUsed&, const PartUsed&) = default;
};

enum class FeeKind { kLabour, kPart, kCallout };

// Stable names: the proto's FeeKind values and the audit trail's text.
// Never rename a row; add new ones.
inline constexpr common::EnumName<FeeKind> kFeeKindNames[] = {
    {FeeKind::kLabour, "LABOUR"},
    {FeeKind::kPart, "PART"},
    {FeeKind::kCallout, "CALLOUT"},
};

// One fee charged to the customer.
struct Fee {
  // Unset when the request named no kind (or one this code does not know):
  // the check reports it.
  std::optional<FeeKind> kind;
  // PART: which of the parts used.
  std::string part_id;
  int64_t amount_fen = 0;

  friend bool operator==(const Fee&, const Fee&) = default;
};

struct RepairRecord {
  std::string fault_found;
  std::string work_done;
  std::vector<PartUsed> parts_used;
  std::vector<Fee> fees;
  bool function_test_passed = false;
  std::string customer_opinion;
  // The signature image as captured (bytes, not text).
  std::string signature;
  // Hex SHA-256 of `signature` as the app computed it: proves the image
  // kept is the one the customer's phone showed them signing.
  std::string signature_sha256;

  friend bool operator==(const RepairRecord&, const RepairRecord&) = default;
};

// Limits of a record; the service fills them from configuration. Text
// limits count characters (code points, as a utf8mb4 column does); where the
// record is stored, its columns must hold at least these.
struct RepairRecordPolicy {
  // What was wrong and what was done: a few sentences each.
  size_t max_fault_chars = 500;
  size_t max_work_chars = 1000;
  // The customer's opinion in their own words.
  size_t max_opinion_chars = 500;
  // A catalogue part id and a serial number.
  size_t max_part_id_chars = 64;
  size_t max_serial_chars = 64;
  // Parts and fees on one visit: a home repair fits a handful of parts and
  // charges at most labour, call-out and the parts.
  int max_parts = 30;
  int max_fees = 20;
  // Most of one part fitted on one visit.
  int max_quantity = 99;
  // A signature image from the phone's canvas (a compressed PNG is tens of
  // KiB; this leaves room without letting one record grow without bound).
  size_t max_signature_bytes = 512 * 1024;
};

// OK, or InvalidArgument naming each limit that is not positive: the service
// checks the policy it built from configuration once, at start-up.
absl::Status CheckRepairRecordPolicy(const RepairRecordPolicy& policy);

// Adds a violation for every broken rule of `record` under the path
// "record" ("record.fees[1].amount"), all at once:
// - fault_found, work_done and customer_opinion are required (not blank),
//   valid UTF-8 and within their limits;
// - the function test passed (全功能试机 in front of the customer);
// - each part used names its part and serial, quantity 1 to the limit;
// - the signature is present and within its size, and signature_sha256 is
//   64 hex digits (either case) equal to the SHA-256 of its bytes;
// - each fee has a kind and a positive amount; a PART fee names one of the
//   parts used (and only a PART fee names a part);
// - the fees keep to `terms`: none before the 三包 decision is known, none
//   on a free repair, and on a paid one the quote's labour and call-out at
//   most once each and at most the quote, the PART fees together at most the
//   quoted part when it is priced.
void CheckRepairRecord(const RepairRecord& record, const ChargeTerms& terms,
                       const RepairRecordPolicy& policy, common::Violations& v);

// One line for the order's audit trail and the callback agent: the fault,
// the work, the parts with their serials and the fees' total in yuan. It
// leaves out the signature and the customer's opinion (free text that may
// hold a phone number or an address).
std::string RepairSummary(const RepairRecord& record);

// "12.50 yuan" for 1250 fen.
std::string YuanText(int64_t fen);

}  // namespace fieldservice::scheduling

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_REPAIR_RECORD_H_
