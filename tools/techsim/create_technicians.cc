#include "tools/techsim/create_technicians.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"

namespace fieldservice::tools::techsim {

namespace v1 = ::fieldservice::scheduling::v1;

absl::Status CreateTechnicians(const std::shared_ptr<grpc::Channel>& channel,
                               const NewTechnicians& request) {
  auto stub = v1::Technicians::NewStub(channel);
  for (const std::string& id : request.ids) {
    v1::CreateTechnicianRequest create;
    create.set_request_id(absl::StrCat("techsim-", id));
    create.set_technician_id(id);
    v1::Technician* t = create.mutable_technician();
    t->set_display_name(absl::StrCat("模拟技师 ", id));
    t->set_phone("13800138000");
    t->set_outlet("techsim");
    for (const char* category : {"refrigerator", "washing_machine", "air_conditioner"}) {
      t->mutable_skills()->add_categories(category);
    }
    for (const char* brand : {"海尔", "美的", "格力", "小天鹅", "西门子"}) {
      t->mutable_skills()->add_brands(brand);
    }
    t->mutable_skills()->set_level(3);
    t->mutable_service_area()->add_region_codes(request.region_code);
    t->mutable_home_base()->set_latitude(request.latitude);
    t->mutable_home_base()->set_longitude(request.longitude);
    for (int day = v1::MONDAY; day <= v1::SATURDAY; ++day) {
      v1::WeeklyShift* shift = t->add_weekly_shifts();
      shift->set_weekday(static_cast<v1::Weekday>(day));
      shift->set_start_minute(8 * 60);
      shift->set_end_minute(20 * 60);
    }
    t->set_max_jobs_per_day(8);
    t->set_active(true);
    grpc::ClientContext context;
    context.AddMetadata("authorization", request.authorization);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::Technician created;
    grpc::Status status = stub->CreateTechnician(&context, create, &created);
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          absl::StrCat("creating technician ", id, ": ", status.error_message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace fieldservice::tools::techsim
