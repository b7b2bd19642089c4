#include "tools/demo_technicians.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/proto_time.h"

namespace fieldservice::tools {
namespace {

namespace v1 = ::fieldservice::scheduling::v1;

struct DemoTechnician {
  const char* id;
  const char* name;
  const char* outlet;
  std::vector<const char*> categories;
  std::vector<const char*> brands;
  int level;
  const char* region;  // the city's code: its districts are covered
  double latitude, longitude;
  bool saturdays;
  bool on_leave;  // this week
};

// Near the sample orders' customers (tools/sample_orders.cc) in Shanghai and
// Guangzhou.
const DemoTechnician kTechnicians[] = {
    {"tech-0007",
     "赵强",
     "上海徐汇网点",
     {"washing_machine", "refrigerator"},
     {"小天鹅", "海尔"},
     4,
     "310100",
     31.1880,
     121.4400,
     true,
     false},
    {"tech-0008",
     "钱磊",
     "上海徐汇网点",
     {"washing_machine"},
     {"小天鹅", "美的"},
     2,
     "310100",
     31.2200,
     121.4700,
     false,
     false},
    {"tech-0009",
     "孙敏",
     "上海浦东网点",
     {"air_conditioner"},
     {"格力"},
     3,
     "310100",
     31.2300,
     121.5400,
     true,
     false},
    {"tech-0010",
     "周杰",
     "上海徐汇网点",
     {"washing_machine"},
     {"小天鹅"},
     5,
     "310100",
     31.1700,
     121.4300,
     false,
     true},
    {"tech-0021",
     "吴芳",
     "广州天河网点",
     {"refrigerator"},
     {"海尔", "美的"},
     3,
     "440100",
     23.1400,
     113.3300,
     true,
     false},
};

}  // namespace

bool LoadDemoTechnicians(const CallerChannel& dispatcher) {
  auto stub = v1::Technicians::NewStub(dispatcher.channel);
  bool ok = true;
  for (const DemoTechnician& d : kTechnicians) {
    v1::CreateTechnicianRequest req;
    req.set_request_id(std::string("demo-technician-") + d.id);
    req.set_technician_id(d.id);
    v1::Technician* t = req.mutable_technician();
    t->set_display_name(d.name);
    t->set_outlet(d.outlet);
    for (const char* c : d.categories) t->mutable_skills()->add_categories(c);
    for (const char* b : d.brands) t->mutable_skills()->add_brands(b);
    t->mutable_skills()->set_level(d.level);
    t->mutable_service_area()->add_region_codes(d.region);
    t->mutable_home_base()->set_latitude(d.latitude);
    t->mutable_home_base()->set_longitude(d.longitude);
    for (int day = v1::MONDAY; day <= (d.saturdays ? v1::SATURDAY : v1::FRIDAY); ++day) {
      for (auto [start, end] : {std::pair{9 * 60, 12 * 60}, {13 * 60 + 30, 18 * 60}}) {
        v1::WeeklyShift* shift = t->add_weekly_shifts();
        shift->set_weekday(static_cast<v1::Weekday>(day));
        shift->set_start_minute(start);
        shift->set_end_minute(end);
      }
    }
    if (d.on_leave) {
      v1::Absence* leave = t->add_absences();
      leave->set_kind(v1::LEAVE);
      common::SetTimestamp(absl::Now() - absl::Hours(24),
                           leave->mutable_time()->mutable_start_time());
      common::SetTimestamp(absl::Now() + absl::Hours(24 * 6),
                           leave->mutable_time()->mutable_end_time());
      leave->set_note("年假");
    }
    grpc::ClientContext context;
    context.AddMetadata("authorization", dispatcher.authorization);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::Technician created;
    grpc::Status status = stub->CreateTechnician(&context, req, &created);
    if (!status.ok()) {
      std::fprintf(stderr, "demo: technician %s failed: %s\n", d.id,
                   status.error_message().c_str());
      ok = false;
    }
  }
  return ok;
}

}  // namespace fieldservice::tools
