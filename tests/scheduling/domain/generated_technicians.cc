#include "tests/scheduling/domain/generated_technicians.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fieldservice::scheduling::generated {
namespace {

struct City {
  GeoPoint center;
  std::string code;  // the city's own GB/T 2260 code
  std::vector<std::string> districts;
};

const std::vector<City>& Cities() {
  static const auto* cities = new std::vector<City>{
      {{23.1291, 113.2644},
       "440100",
       {"440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114", "440115",
        "440117", "440118"}},
      {{22.5431, 114.0579},
       "440300",
       {"440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310", "440311"}},
  };
  return *cities;
}

const std::vector<std::string> kCategories = {"refrigerator", "washing_machine", "air_conditioner",
                                              "water_heater", "television"};
const std::vector<std::string> kBrands = {"海尔", "美的", "格力", "海信", "小天鹅", "西门子"};

// How far from a city's centre its technicians and jobs are, in degrees
// (0.3 degrees is about 33 km: a metropolitan area).
constexpr double kCitySpreadDegrees = 0.3;

double Uniform(std::mt19937& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

int UniformInt(std::mt19937& random, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random);
}

bool Chance(std::mt19937& random, double p) { return Uniform(random, 0, 1) < p; }

template <typename T>
const T& Pick(std::mt19937& random, const std::vector<T>& from) {
  return from[UniformInt(random, 0, static_cast<int>(from.size()) - 1)];
}

GeoPoint Near(std::mt19937& random, const GeoPoint& center, double spread_degrees) {
  return {center.latitude + Uniform(random, -spread_degrees, spread_degrees),
          center.longitude + Uniform(random, -spread_degrees, spread_degrees)};
}

// Some distinct entries of `from`, at least one.
std::vector<std::string> Some(std::mt19937& random, const std::vector<std::string>& from,
                              int most) {
  std::vector<std::string> out;
  const int wanted = UniformInt(random, 1, most);
  while (static_cast<int>(out.size()) < wanted) {
    const std::string& next = Pick(random, from);
    if (std::find(out.begin(), out.end(), next) == out.end()) out.push_back(next);
  }
  return out;
}

// A star-shaped (so simple) polygon of 3 to 8 corners, about `radius_km`
// around `center`, in a random winding, sometimes sent as a closed ring.
std::vector<GeoPoint> Polygon(std::mt19937& random, const GeoPoint& center, double radius_km) {
  std::vector<double> angles(UniformInt(random, 3, 8));
  for (double& a : angles) a = Uniform(random, 0, 2 * std::numbers::pi);
  std::sort(angles.begin(), angles.end());
  std::vector<GeoPoint> points;
  const double km_per_degree = 111.195;
  const double cos_lat = std::cos(center.latitude * std::numbers::pi / 180);
  for (double a : angles) {
    const double r = radius_km * Uniform(random, 0.5, 1.0);
    points.push_back({center.latitude + r * std::sin(a) / km_per_degree,
                      center.longitude + r * std::cos(a) / (km_per_degree * cos_lat)});
  }
  if (Chance(random, 0.5)) std::reverse(points.begin(), points.end());
  if (Chance(random, 0.5)) points.push_back(points.front());
  return points;
}

}  // namespace

std::vector<Technician> Technicians(int count, uint32_t seed) {
  std::mt19937 random(seed);
  std::vector<Technician> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    const City& city = Cities()[i % Cities().size()];
    Technician t;
    t.id = absl::StrFormat("tech-%05d", i);
    t.display_name = absl::StrFormat("师傅%d", i);
    t.outlet = absl::StrCat(city.code, " outlet ", i % 40);
    t.skills = {Some(random, kCategories, 3), Some(random, kBrands, 3), UniformInt(random, 1, 5)};
    t.home_base = Near(random, city.center, kCitySpreadDegrees);
    const double kind = Uniform(random, 0, 1);
    if (kind < 0.55) {
      t.area.radius_km = Uniform(random, 2, 5);
    } else if (kind < 0.93) {
      t.area.polygon = Polygon(random, Near(random, t.home_base, 0.02), Uniform(random, 2, 4));
    } else if (kind < 0.998) {
      t.area.region_codes = Some(random, city.districts, 2);
    } else {
      t.area.region_codes = {city.code};
    }
    // A few add a radius to their districts.
    if (kind >= 0.93 && Chance(random, 0.2)) t.area.radius_km = Uniform(random, 2, 5);
    t.max_jobs_per_day = UniformInt(random, 6, 10);
    t.active = Chance(random, 0.95);
    if (Chance(random, 0.7)) t.satisfaction = Uniform(random, 2.5, 5);
    out.push_back(std::move(t));
  }
  return out;
}

Job RandomJob(std::mt19937& random, absl::CivilDay day, absl::TimeZone zone) {
  const City& city = Pick(random, Cities());
  Job job;
  job.order_number = absl::StrFormat("RO%08d", UniformInt(random, 0, 99999999));
  job.location = Near(random, city.center, kCitySpreadDegrees * 0.8);
  job.region_code = Pick(random, city.districts);
  job.category = Pick(random, kCategories);
  job.brand = Pick(random, kBrands);
  job.min_level = UniformInt(random, 1, 3);
  const absl::Time start = absl::FromCivil(absl::CivilHour(day) + UniformInt(random, 9, 16), zone);
  job.window = Interval{start, start + absl::Hours(2)};
  job.deadline = start + absl::Hours(UniformInt(random, 2, 48));
  job.service_time = absl::Minutes(UniformInt(random, 3, 8) * 15);
  return job;
}

DayFacts Days(const std::vector<Technician>& technicians, absl::CivilDay day, absl::TimeZone zone,
              uint32_t seed) {
  std::mt19937 random(seed);
  auto at = [&](int minute) { return absl::FromCivil(absl::CivilMinute(day) + minute, zone); };
  DayFacts days;
  days.reserve(technicians.size());
  for (const Technician& t : technicians) {
    TechnicianDayFacts d;
    d.booked_jobs = UniformInt(random, 0, t.max_jobs_per_day);
    for (auto [from, to] : {std::pair{9 * 60, 12 * 60}, std::pair{13 * 60 + 30, 18 * 60}}) {
      // A booked hour somewhere in half the periods splits the free time.
      if (Chance(random, 0.5)) {
        const int booked = from + 15 * UniformInt(random, 0, (to - from - 60) / 15);
        if (booked > from) d.free.push_back({at(from), at(booked)});
        if (booked + 60 < to) d.free.push_back({at(booked + 60), at(to)});
      } else {
        d.free.push_back({at(from), at(to)});
      }
    }
    if (Chance(random, 0.5)) d.position = Near(random, t.home_base, 0.05);
    days.emplace(t.id, std::move(d));
  }
  return days;
}

}  // namespace fieldservice::scheduling::generated
