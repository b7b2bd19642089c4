#include "tests/scheduling/domain/day_plan_instances.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "tests/scheduling/domain/schedule_test_support.h"

namespace fieldservice::scheduling::generated {
namespace {

using testing_samples::At;
using testing_samples::kMonday;

const std::vector<std::string> kDistricts = {"440103", "440104", "440105", "440106"};
const std::vector<std::string> kCategories = {"refrigerator", "washing_machine", "air_conditioner"};
const std::vector<std::string> kBrands = {"海尔", "美的", "格力"};
// Guangzhou's centre; places lie within about 8 km of it.
constexpr GeoPoint kCentre{23.125, 113.30};

template <typename T>
const T& Pick(std::mt19937& random, const std::vector<T>& from) {
  return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(random)];
}

bool Chance(std::mt19937& random, double p) {
  return std::uniform_real_distribution<double>(0, 1)(random) < p;
}

GeoPoint Somewhere(std::mt19937& random) {
  std::uniform_real_distribution<double> d(-0.07, 0.07);
  return {kCentre.latitude + d(random), kCentre.longitude + d(random)};
}

Technician MakeTechnician(std::mt19937& random, int n) {
  Technician t;
  t.id = absl::StrFormat("tech-%02d", n);
  t.display_name = t.id;
  t.version = 1 + n;
  // Everyone repairs two categories of two brands; levels spread.
  t.skills.categories = {kCategories[n % 3], kCategories[(n + 1) % 3]};
  t.skills.brands = {kBrands[n % 3], kBrands[(n + 2) % 3]};
  t.skills.level = 1 + n % 5;
  t.area.region_codes = {kDistricts[n % 4], kDistricts[(n + 1) % 4]};
  if (n % 4 == 3) t.area.region_codes = {"440100"};  // the whole city
  t.home_base = Somewhere(random);
  if (n % 3 == 0) {
    t.shifts = {{absl::Weekday::monday, 8 * 60, 17 * 60}};
  } else {
    t.shifts = {{absl::Weekday::monday, 9 * 60, 12 * 60},
                {absl::Weekday::monday, 13 * 60 + 30, 18 * 60}};
  }
  // Some are out for an afternoon's training; one is on leave all day.
  if (n % 4 == 1) {
    t.absences.push_back({AbsenceKind::kTraining, At(kMonday, 14), At(kMonday, 16), ""});
  }
  if (n == 4) t.absences.push_back({AbsenceKind::kLeave, At(kMonday, 0), At(kMonday + 1, 0), ""});
  t.max_jobs_per_day = 4 + n % 5;
  // Every other van holds little: loads decide who can take more.
  if (n % 2 == 0) t.van_capacity = 4;
  return t;
}

DispatchJob MakeJob(std::mt19937& random, int n) {
  DispatchJob j;
  j.job.order_number = absl::StrFormat("J%03d", n);
  j.job.region_code = Pick(random, kDistricts);
  j.job.location = Somewhere(random);
  j.has_location = true;
  j.job.category = Pick(random, kCategories);
  j.job.brand = Chance(random, 0.2) ? "" : Pick(random, kBrands);
  j.job.min_level = std::uniform_int_distribution<int>(1, 3)(random);
  j.job.service_time = absl::Minutes(std::uniform_int_distribution<int>(3, 6)(random) * 15);
  if (Chance(random, 0.5)) {
    const int hour = Pick(random, std::vector<int>{9, 11, 14, 16});
    j.job.window = Interval{At(kMonday, hour), At(kMonday, hour + 2)};
  }
  // A part or two for some; most need nothing from the van.
  if (Chance(random, 0.4)) j.job.load = std::uniform_int_distribution<int>(1, 2)(random);
  j.version = 1 + n % 7;
  return j;
}

}  // namespace

GeneratedDay Day(int technicians, int jobs, uint32_t seed) {
  std::mt19937 random(seed);
  GeneratedDay day;
  day.request.region_code = "440100";
  day.request.date = kMonday;
  day.now = At(kMonday - 1, 18);
  for (int n = 0; n < technicians; ++n) day.inputs.technicians.push_back(MakeTechnician(random, n));
  std::vector<DispatchJob> read;
  for (int n = 0; n < jobs; ++n) {
    DispatchJob j = MakeJob(random, n);
    const Technician& t = day.inputs.technicians[(n / 6) % technicians];
    // Every sixth job is with a technician already: booked (a two-hour
    // appointment) or assigned (a planned visit); every other one of those
    // is pinned. Skills are made to fit, as an assignment would have.
    if (n % 6 == 5 && n / 6 % 5 != 4) {
      j.step = (n / 6) % 2 == 0 ? JobStep::kBooked : JobStep::kAssigned;
      j.technician_id = t.id;
      j.job.category = t.skills.categories[0];
      j.job.brand = t.skills.brands[0];
      j.job.min_level = 1;
      j.job.region_code = t.area.region_codes[0] == "440100" ? "440106" : t.area.region_codes[0];
      // Slots a technician could have been given: time to get there from
      // home, the visit inside the shift.
      const int slot = (n / 6) % 4;
      const absl::Time start = At(kMonday, std::vector<int>{9, 10, 14, 15}[slot], 45);
      j.job.service_time = absl::Minutes(60);
      j.visit = Interval{start, start + j.job.service_time};
      if (j.step == JobStep::kBooked) j.appointment = Interval{start, start + absl::Hours(2)};
      if ((n / 6) % 4 < 2) day.request.pinned_jobs.push_back(j.job.order_number);
    } else if (n % 6 == 5) {
      // Under way: on site with its technician in the morning.
      j.step = JobStep::kOnSite;
      j.technician_id = t.id;
      j.visit = Interval{At(kMonday, 10), At(kMonday, 11)};
    }
    read.push_back(std::move(j));
  }
  // Jobs the day does not consider: another city's, another day's.
  DispatchJob shenzhen = MakeJob(random, jobs);
  shenzhen.job.region_code = "440304";
  read.push_back(shenzhen);
  DispatchJob tuesday = MakeJob(random, jobs + 1);
  tuesday.job.window = Interval{At(kMonday + 1, 9), At(kMonday + 1, 11)};
  read.push_back(tuesday);
  day.inputs.jobs = ConsideredJobs(read, day.request.region_code,
                                   {At(kMonday, 0), At(kMonday + 1, 0)}, day.inputs.technicians);
  return day;
}

}  // namespace fieldservice::scheduling::generated
