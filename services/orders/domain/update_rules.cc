#include "services/orders/domain/update_rules.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/policy_text.h"
#include "services/orders/domain/state_machine.h"

namespace fieldservice::orders {
namespace {

using S = OrderStatus;

// Until the technician is at the door (or the unit is at the outlet): after
// that, a changed address or fault would describe a visit that is already
// happening.
std::set<OrderStatus> BeforeVisit() {
  return {S::kReceived,          S::kPendingDispatch, S::kAssigned,
          S::kAppointmentBooked, S::kAwaitingDropOff, S::kReopened};
}

// The technician often reads the serial or the model off the nameplate
// during the repair, so product facts stay correctable until completion.
std::set<OrderStatus> BeforeCompletion() {
  return {S::kReceived, S::kPendingDispatch, S::kAssigned,        S::kAppointmentBooked,
          S::kEnRoute,  S::kOnSite,          S::kWaitingForParts, S::kAwaitingDropOff,
          S::kInRepair, S::kReadyForPickup,  S::kReopened};
}

// On-site or carry-in picks the path through the lifecycle, so it may change
// only while the order is not yet on one.
std::set<OrderStatus> BeforeRelease() { return {S::kReceived, S::kReopened}; }

std::set<OrderStatus> NotFinal() {
  std::set<OrderStatus> out;
  for (OrderStatus s : AllStatuses()) {
    if (!IsFinal(s)) out.insert(s);
  }
  return out;
}

const std::vector<UpdatableField>& Table() {
  static const auto& table = *new std::vector<UpdatableField>{
      {"customer.name", BeforeVisit(), ""},
      {"customer.phone", BeforeVisit(), ""},
      {"customer.address.region_code", BeforeVisit(), ""},
      {"customer.address.detail", BeforeVisit(), ""},
      {"customer.address.location", BeforeVisit(), ""},
      {"fault_description", BeforeVisit(), ""},
      {"symptom_code", BeforeVisit(), ""},
      {"preferred_window", BeforeVisit(), ""},
      {"onsite_authorization_ref", BeforeVisit(), ""},
      {"channel", BeforeVisit(), ""},
      {"service_mode", BeforeRelease(), ""},
      {"product.category", BeforeCompletion(), ""},
      {"product.brand", BeforeCompletion(), ""},
      {"product.model", BeforeCompletion(), ""},
      {"product.serial", BeforeCompletion(), ""},
      {"product.purchase_date", BeforeCompletion(), ""},
      {"product.invoice_number", BeforeCompletion(), ""},
      {"product.warranty_card_present", BeforeCompletion(), ""},
      {"product.proof_altered", BeforeCompletion(), ""},
      // The 三包 facts: repair delays, waits for parts and a customer who
      // insists on a refund arise during and after the repair.
      {"warranty_claim", NotFinal(), ""},
      // A complaint's facts (more affected units, a claim for compensation)
      // often emerge after the call, and can make it major at any point.
      {"complaint.severity", NotFinal(), ""},
      {"complaint.crisis_grounds", NotFinal(), ""},
      {"complaint.reason", NotFinal(), ""},
      {"complaint.affected_units", NotFinal(), ""},
      {"complaint.units_sold", NotFinal(), ""},
      {"complaint.property_loss", NotFinal(), ""},
      // Never through UpdateRepairOrder.
      {"name", {}, "output only"},
      {"order_number", {}, "assigned at creation"},
      {"contact_type", {}, "fixed at creation; another contact type is a new order"},
      {"taking_agent", {}, "history; ownership moves by handing over (owner_agent)"},
      {"call_ended_time", {}, "the order-entry deadline is measured from it"},
      {"status", {}, "changes only through transitions"},
      {"owner_agent", {}, "changes only by handing over by name (首问负责制)"},
      {"technician_id", {}, "set by the assign and unassign transitions"},
      {"appointment", {}, "set by the book_appointment transition"},
      {"promised_completion_time", {}, "set by the receive_unit transition"},
      {"resolution_note", {}, "set by the reason of resolve_remotely, reopen or cancel"},
      {"follow_up", {}, "set by promising or completing a follow-up"},
      {"read_back_text", {}, "generated at creation"},
      {"reopen_count", {}, "output only"},
      {"allowed_events", {}, "output only"},
      {"deadlines", {}, "output only"},
      {"create_time", {}, "output only"},
      {"update_time", {}, "output only"},
      {"etag", {}, "output only"},
      {"warranty", {}, "output only: the warranty service's decision"},
      {"complaint.major_kind", {}, "derived from the grounds and the numbers"},
      {"complaint.insurer_on_site", {}, "derived from the loss and the severity"},
      {"complaint.escalate_time", {}, "set by escalation"},
      {"complaint.specialist_contact_due_time", {}, "derived from the escalation time"},
      {"complaint.specialist_contact_time", {}, "set by recording the specialist's contact"},
  };
  return table;
}

// The row `path` is, or lies below.
const UpdatableField* RowFor(std::string_view path) {
  for (const UpdatableField& row : Table()) {
    if (path == row.path ||
        absl::StartsWith(common::ToAbsl(path), absl::StrCat(common::ToAbsl(row.path), "."))) {
      return &row;
    }
  }
  return nullptr;
}

std::string StatusList(const std::set<OrderStatus>& statuses) {
  return absl::StrJoin(statuses, ", ", [](std::string* out, OrderStatus s) {
    out->append(StatusName(s).data(), StatusName(s).size());
  });
}

}  // namespace

std::span<const UpdatableField> UpdatableFieldTable() { return Table(); }

std::optional<std::set<OrderStatus>> EditableStatuses(std::string_view path) {
  if (const UpdatableField* row = RowFor(path)) return row->statuses;
  // A parent path: editable only where every child is.
  std::optional<std::set<OrderStatus>> common;
  std::string prefix = absl::StrCat(common::ToAbsl(path), ".");
  for (const UpdatableField& row : Table()) {
    if (!absl::StartsWith(common::ToAbsl(row.path), prefix)) continue;
    if (!common.has_value()) {
      common = row.statuses;
      continue;
    }
    std::set<OrderStatus> both;
    std::set_intersection(common->begin(), common->end(), row.statuses.begin(), row.statuses.end(),
                          std::inserter(both, both.end()));
    common = std::move(both);
  }
  return common;
}

std::vector<common::FieldViolation> CheckUpdatable(const std::vector<std::string>& field_mask_paths,
                                                   OrderStatus status) {
  common::Violations v;
  for (const std::string& path : field_mask_paths) {
    std::optional<std::set<OrderStatus>> editable = EditableStatuses(path);
    if (!editable.has_value()) {
      v.Add(path, "unknown field");
    } else if (editable->empty()) {
      const UpdatableField* row = RowFor(path);
      v.Add(path, row != nullptr ? absl::StrCat("never editable: ", common::ToAbsl(row->why_never))
                                 : "not editable as a whole; name its editable sub-fields");
    } else if (!editable->contains(status)) {
      v.Add(path, absl::StrCat("not editable in status '", common::ToAbsl(StatusName(status)),
                               "'; editable in: ", StatusList(*editable)));
    }
  }
  return v.list();
}

}  // namespace fieldservice::orders
