// A generated population of technicians around two cities (Guangzhou and
// Shenzhen), with jobs and day facts to match: the index test compares the
// index with a scan over them, and bench/candidates_bench ranks over them.
// The same seed gives the same population every run.
#ifndef FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_GENERATED_TECHNICIANS_H_
#define FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_GENERATED_TECHNICIANS_H_

#include <cstdint>
#include <random>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/scheduling/domain/candidate_ranking.h"
#include "services/scheduling/domain/technician.h"

namespace fieldservice::scheduling::generated {

// Technicians with ids "tech-00000" on, half in each city. Their areas mix
// small radii (2-6 km), small polygons (either winding, some closed),
// district codes and a few whole-city codes, so that a place is covered by
// a few dozen of 10,000.
std::vector<Technician> Technicians(int count, uint32_t seed);

// A job somewhere in one of the two cities, in a district of that city,
// with a two-hour window on `day` (business time) and a deadline after it.
Job RandomJob(std::mt19937& random, absl::CivilDay day, absl::TimeZone zone);

// What each technician's `day` looks like: bookings, free time within
// 09:00-12:00 and 13:30-18:00 with a booked gap here and there, and for
// some a position away from home.
DayFacts Days(const std::vector<Technician>& technicians, absl::CivilDay day, absl::TimeZone zone,
              uint32_t seed);

}  // namespace fieldservice::scheduling::generated

#endif  // FIELDSERVICE_TESTS_SCHEDULING_DOMAIN_GENERATED_TECHNICIANS_H_
