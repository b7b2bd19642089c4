#include "services/orders/domain/update_apply.h"

#include <functional>
#include <string_view>

namespace fieldservice::orders {
namespace {

struct Leaf {
  std::string_view path;
  std::function<void(const NewOrder&, NewOrder&)> copy;
};

// The complaint part exists on complaint orders only; updates create it empty
// when needed so a single field can be set.
Complaint& ComplaintOf(NewOrder& o) {
  if (!o.complaint.has_value()) o.complaint = Complaint{};
  return *o.complaint;
}
const Complaint& ComplaintOf(const NewOrder& o) {
  static const Complaint kEmpty;
  return o.complaint.has_value() ? *o.complaint : kEmpty;
}

// One field of the warranty claim, copied alone (AIP-134: a mask path names
// exactly what changes).
template <auto Member>
Leaf ClaimLeaf(std::string_view path) {
  return {path, [](const NewOrder& s, NewOrder& t) {
            t.warranty_claim.*Member = s.warranty_claim.*Member;
          }};
}

const std::vector<Leaf>& Leaves() {
  static const auto* leaves = new std::vector<Leaf>{
      {"customer.name", [](const NewOrder& s, NewOrder& t) { t.customer.name = s.customer.name; }},
      {"customer.phone",
       [](const NewOrder& s, NewOrder& t) { t.customer.phone = s.customer.phone; }},
      {"customer.address.region_code",
       [](const NewOrder& s, NewOrder& t) {
         t.customer.address.region_code = s.customer.address.region_code;
       }},
      {"customer.address.detail",
       [](const NewOrder& s, NewOrder& t) {
         t.customer.address.detail = s.customer.address.detail;
       }},
      {"customer.address.location",
       [](const NewOrder& s, NewOrder& t) {
         t.customer.address.location = s.customer.address.location;
       }},
      {"fault_description",
       [](const NewOrder& s, NewOrder& t) { t.fault_description = s.fault_description; }},
      {"symptom_code", [](const NewOrder& s, NewOrder& t) { t.symptom_code = s.symptom_code; }},
      {"preferred_window",
       [](const NewOrder& s, NewOrder& t) { t.preferred_window = s.preferred_window; }},
      {"onsite_authorization_ref",
       [](const NewOrder& s, NewOrder& t) {
         t.onsite_authorization_ref = s.onsite_authorization_ref;
       }},
      {"channel", [](const NewOrder& s, NewOrder& t) { t.channel = s.channel; }},
      {"service_mode", [](const NewOrder& s, NewOrder& t) { t.service_mode = s.service_mode; }},
      {"product.category",
       [](const NewOrder& s, NewOrder& t) { t.product.category = s.product.category; }},
      {"product.brand", [](const NewOrder& s, NewOrder& t) { t.product.brand = s.product.brand; }},
      {"product.model", [](const NewOrder& s, NewOrder& t) { t.product.model = s.product.model; }},
      {"product.serial",
       [](const NewOrder& s, NewOrder& t) { t.product.serial = s.product.serial; }},
      {"product.purchase_date",
       [](const NewOrder& s, NewOrder& t) { t.product.purchase_date = s.product.purchase_date; }},
      {"product.invoice_number",
       [](const NewOrder& s, NewOrder& t) { t.product.invoice_number = s.product.invoice_number; }},
      {"product.warranty_card_present",
       [](const NewOrder& s, NewOrder& t) {
         t.product.warranty_card_present = s.product.warranty_card_present;
       }},
      {"product.proof_altered",
       [](const NewOrder& s, NewOrder& t) { t.product.proof_altered = s.product.proof_altered; }},
      ClaimLeaf<&WarrantyClaim::price_paid_fen>("warranty_claim.price_paid"),
      ClaimLeaf<&WarrantyClaim::production_date>("warranty_claim.production_date"),
      ClaimLeaf<&WarrantyClaim::installation_date>("warranty_claim.installation_date"),
      ClaimLeaf<&WarrantyClaim::use>("warranty_claim.use"),
      ClaimLeaf<&WarrantyClaim::sale_type>("warranty_claim.sale_type"),
      ClaimLeaf<&WarrantyClaim::card_model_mismatch>("warranty_claim.card_model_mismatch"),
      ClaimLeaf<&WarrantyClaim::performance_fault>("warranty_claim.performance_fault"),
      ClaimLeaf<&WarrantyClaim::fault_component>("warranty_claim.fault_component"),
      ClaimLeaf<&WarrantyClaim::fault_main_part>("warranty_claim.fault_main_part"),
      ClaimLeaf<&WarrantyClaim::earlier_repairs>("warranty_claim.earlier_repairs"),
      ClaimLeaf<&WarrantyClaim::exchanged_on>("warranty_claim.exchanged_on"),
      ClaimLeaf<&WarrantyClaim::main_parts_replaced>("warranty_claim.main_parts_replaced"),
      ClaimLeaf<&WarrantyClaim::causes>("warranty_claim.causes"),
      ClaimLeaf<&WarrantyClaim::repair_delay_days>("warranty_claim.repair_delay_days"),
      ClaimLeaf<&WarrantyClaim::parts_wait_days>("warranty_claim.parts_wait_days"),
      ClaimLeaf<&WarrantyClaim::same_model_out_of_stock>("warranty_claim.same_model_out_of_stock"),
      ClaimLeaf<&WarrantyClaim::insists_on_refund>("warranty_claim.insists_on_refund"),
      {"complaint.severity",
       [](const NewOrder& s, NewOrder& t) { ComplaintOf(t).severity = ComplaintOf(s).severity; }},
      {"complaint.crisis_grounds",
       [](const NewOrder& s, NewOrder& t) {
         ComplaintOf(t).crisis_grounds = ComplaintOf(s).crisis_grounds;
       }},
      {"complaint.reason",
       [](const NewOrder& s, NewOrder& t) { ComplaintOf(t).reason = ComplaintOf(s).reason; }},
      {"complaint.affected_units",
       [](const NewOrder& s, NewOrder& t) {
         ComplaintOf(t).affected_units = ComplaintOf(s).affected_units;
       }},
      {"complaint.units_sold",
       [](const NewOrder& s, NewOrder& t) {
         ComplaintOf(t).units_sold = ComplaintOf(s).units_sold;
       }},
      {"complaint.property_loss",
       [](const NewOrder& s, NewOrder& t) {
         ComplaintOf(t).property_loss_fen = ComplaintOf(s).property_loss_fen;
       }},
  };
  return *leaves;
}

bool Covers(std::string_view path, std::string_view leaf) {
  if (leaf == path) return true;
  // A parent path covers its children; a child below a leaf (e.g.
  // "customer.address.location.latitude") selects that leaf.
  return (leaf.size() > path.size() && leaf.substr(0, path.size()) == path &&
          leaf[path.size()] == '.') ||
         (path.size() > leaf.size() && path.substr(0, leaf.size()) == leaf &&
          path[leaf.size()] == '.');
}

}  // namespace

std::vector<std::string> ApplyUpdatePaths(const NewOrder& values,
                                          const std::vector<std::string>& paths, NewOrder& target) {
  std::vector<std::string> copied;
  for (const Leaf& leaf : Leaves()) {
    for (const std::string& path : paths) {
      if (Covers(path, leaf.path)) {
        leaf.copy(values, target);
        copied.emplace_back(leaf.path);
        break;
      }
    }
  }
  return copied;
}

}  // namespace fieldservice::orders
