#include "services/orders/domain/text_limits.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/utf8.h"

namespace fieldservice::orders {
namespace {

constexpr TextLimit kLimits[] = {
    // Orders and approvals alike (approvals.request_id is VARCHAR(64) too).
    {"request_id", "repair_orders.request_id", 64},
    {"customer.name", "repair_orders.customer_name", 64},
    {"customer.address.detail", "repair_orders.address_detail", 256},
    {"product.category", "repair_orders.product_category", 64},
    {"product.brand", "repair_orders.product_brand", 64},
    {"product.model", "repair_orders.product_model", 64},
    {"product.serial", "repair_orders.product_serial", 64},
    {"product.invoice_number", "repair_orders.invoice_number", 64},
    {"fault_description", "repair_orders.fault_description", 1000},
    {"symptom_code", "repair_orders.symptom_code", 32},
    {"onsite_authorization_ref", "repair_orders.onsite_authorization_ref", 64},
    {"taking_agent", "repair_orders.taking_agent", 64},
    {"complaint.reason", "repair_orders.complaint_reason", 1000},
    {"warranty_claim.fault_component", "repair_orders.fault_component", 64},
    {"technician_id", "repair_orders.technician_id", 64},
    {"to_agent", "repair_orders.owner_agent", 64},
    {"specialist", "repair_orders.specialist", 64},
    {"note", "repair_orders.follow_up_note", 1000},
    // Reasons of transitions, updates, hand-overs and escalations: the last
    // one is the resolution note; all go to the audit trail, whose column
    // leaves room for the actor and time composed with them.
    {"reason", "repair_orders.resolution_note", 1000},
    {"visit_summary", "repair_orders.visit_summary", 1000},
    {"technician_outlet", "repair_orders.technician_outlet", 64},
    {"approval.proposal", "approvals.proposal", 2000},
    {"comment", "approval_steps.comment", 2000},
    {"receipt_reference", "approvals.receipt_reference", 128},
};

}  // namespace

std::span<const TextLimit> TextLimits() { return kLimits; }

int MaxChars(std::string_view field) {
  for (const TextLimit& limit : kLimits) {
    if (limit.field == field) return limit.max_chars;
  }
  // Every checked field has a row; were one missing, every non-empty value
  // would be refused naming the field, which is loud but loses nothing.
  return 0;
}

void CheckTextLength(common::Violations& v, std::string_view field, std::string_view value) {
  int max = MaxChars(field);
  if (common::CountChars(value) > static_cast<size_t>(max)) {
    v.Add(std::string(field), absl::StrCat("must be at most ", max, " characters"));
  }
}

}  // namespace fieldservice::orders
