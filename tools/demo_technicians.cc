#include "tools/demo_technicians.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/proto_time.h"

namespace fieldservice::tools {
namespace {

namespace v1 = ::fieldservice::scheduling::v1;

// When a technician works each week.
enum class Shifts {
  kWeekdays,  // Monday to Friday, 9:00-12:00 and 13:30-18:00
  kSixDays,   // the same, Monday to Saturday
  kLate,      // Tuesday to Sunday, 10:00-14:00 and 15:00-20:00
};

struct DemoTechnician {
  const char* id;
  const char* name;
  const char* outlet;
  std::vector<const char*> categories;
  std::vector<const char*> brands;
  int level;
  const char* region;  // the city's code: its districts are covered
  double latitude, longitude;
  Shifts shifts;
  bool on_leave;  // this week
};

// Near the sample orders' customers (tools/sample_orders.cc) in Shanghai and
// Guangzhou. The first five are the first run's; they keep their request
// ids and facts, so a var/ from before keeps them as they were.
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
     Shifts::kSixDays,
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
     Shifts::kWeekdays,
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
     Shifts::kSixDays,
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
     Shifts::kWeekdays,
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
     Shifts::kSixDays,
     false},
    {"tech-0011",
     "冯涛",
     "上海静安网点",
     {"flat_panel_tv", "colour_tv"},
     {"海信"},
     3,
     "310100",
     31.2290,
     121.4480,
     Shifts::kLate,
     false},
    {"tech-0012",
     "陈刚",
     "上海浦东网点",
     {"refrigerator", "air_conditioner"},
     {"海尔", "格力"},
     4,
     "310100",
     31.2250,
     121.5300,
     Shifts::kLate,
     false},
    {"tech-0022",
     "郑伟",
     "广州越秀网点",
     {"washing_machine", "microwave"},
     {"美的"},
     2,
     "440100",
     23.1300,
     113.2800,
     Shifts::kWeekdays,
     false},
    {"tech-0023",
     "王军",
     "广州海珠网点",
     {"air_conditioner"},
     {"格力", "美的"},
     4,
     "440100",
     23.1000,
     113.3200,
     Shifts::kLate,
     false},
    {"tech-0024",
     "李婷",
     "广州天河网点",
     {"refrigerator", "washing_machine"},
     {"海尔", "美的"},
     5,
     "440100",
     23.1350,
     113.3250,
     Shifts::kSixDays,
     true},
    {"tech-0025",
     "陈晨",
     "广州荔湾网点",
     {"microwave", "flat_panel_tv"},
     {"美的", "海信"},
     3,
     "440100",
     23.1250,
     113.2450,
     Shifts::kWeekdays,
     false},
};

void AddShifts(Shifts shifts, v1::Technician& t) {
  const bool late = shifts == Shifts::kLate;
  const int first = late ? v1::TUESDAY : v1::MONDAY;
  const int last = late ? v1::SUNDAY : shifts == Shifts::kSixDays ? v1::SATURDAY : v1::FRIDAY;
  for (int day = first; day <= last; ++day) {
    for (auto [start, end] :
         late ? std::vector<std::pair<int, int>>{{10 * 60, 14 * 60}, {15 * 60, 20 * 60}}
              : std::vector<std::pair<int, int>>{{9 * 60, 12 * 60}, {13 * 60 + 30, 18 * 60}}) {
      v1::WeeklyShift* shift = t.add_weekly_shifts();
      shift->set_weekday(static_cast<v1::Weekday>(day));
      shift->set_start_minute(start);
      shift->set_end_minute(end);
    }
  }
}

}  // namespace

bool LoadDemoTechnicians(const CallerChannel& dispatcher, const common::Clock& clock) {
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
    AddShifts(d.shifts, *t);
    if (d.on_leave) {
      v1::Absence* leave = t->add_absences();
      leave->set_kind(v1::LEAVE);
      common::SetTimestamp(clock.Now() - absl::Hours(24),
                           leave->mutable_time()->mutable_start_time());
      common::SetTimestamp(clock.Now() + absl::Hours(24 * 6),
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
