#include "tools/fsctl/order_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fieldservice::fsctl {

namespace v1 = ::fieldservice::orders::v1;

std::string WarrantyText(const v1::WarrantyStatus& warranty) {
  switch (warranty.state()) {
    case v1::WARRANTY_NOT_REQUESTED:
      return "not requested";
    case v1::WARRANTY_PENDING:
      return "pending (asked of the warranty service)";
    case v1::WARRANTY_DECIDED:
      return warranty.summary();
    case v1::WARRANTY_NEEDS_INFORMATION:
      return "needs information: " + warranty.problem();
    default:
      return "";
  }
}

std::string ProductText(const fieldservice::type::Product& product) {
  if (product.category().empty() && product.model().empty()) return "";
  return absl::StrCat(product.brand(), " ", product.model(), " (", product.category(), ")");
}

Fields OrderFields(const v1::RepairOrder& o) {
  Fields fields = {
      {"Name", o.name()},
      {"Status", v1::Status_Name(o.status())},
      {"Contact type", v1::ContactType_Name(o.contact_type())},
      {"Service mode", v1::ServiceMode_Name(o.service_mode())},
      {"Customer", absl::StrCat(o.customer().name(), "  ", o.customer().phone())},
      {"Address",
       absl::StrCat(o.customer().address().region_code(), " ", o.customer().address().detail())},
      {"Product", ProductText(o.product())},
      {"Fault", o.fault_description()},
      {"Owner", o.owner_agent()},
      {"Warranty", WarrantyText(o.warranty())},
  };
  auto add = [&](const std::string& label, const std::string& value) {
    if (!value.empty()) fields.push_back({label, value});
  };
  add("Technician", o.technician_id());
  add("Appointment", WindowText(o.appointment()));
  add("Visit", o.visit_summary());
  add("Note", o.resolution_note());
  if (o.has_complaint()) {
    add("Complaint", absl::StrCat(v1::ComplaintSeverity_Name(o.complaint().severity()), ": ",
                                  o.complaint().reason()));
  }
  for (const v1::Deadline& d : o.deadlines()) {
    add(absl::StrCat("Deadline ", v1::DeadlineKind_Name(d.kind())),
        absl::StrCat(TimeText(d.due_time()), " ", v1::DeadlineState_Name(d.state())));
  }
  std::vector<std::string> events;
  for (int e : o.allowed_events()) events.push_back(v1::Event_Name(static_cast<v1::Event>(e)));
  add("Allowed events", absl::StrJoin(events, " "));
  add("Created", TimeText(o.create_time()));
  add("Updated", TimeText(o.update_time()));
  add("Etag", o.etag());
  return fields;
}

}  // namespace fieldservice::fsctl
