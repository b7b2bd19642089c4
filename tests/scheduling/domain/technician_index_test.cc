// The technician index answers exactly what a scan over every technician
// answers, while reading only the few whose areas are near.
#include "services/scheduling/domain/technician_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "services/scheduling/domain/geo.h"
#include "tests/scheduling/domain/generated_technicians.h"
#include "tests/scheduling/domain/sample_technicians.h"

namespace fieldservice::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Ids(const std::vector<const Technician*>& technicians) {
  std::vector<std::string> ids;
  for (const Technician* t : technicians) ids.push_back(t->id);
  return ids;
}

// Every technician's area checked, one by one.
class Scan {
 public:
  explicit Scan(const std::vector<Technician>& all) : all_(all) {
    for (const Technician& t : all) areas_.emplace_back(t.area, t.home_base);
  }
  std::vector<std::string> Covering(const Place& place) const {
    std::vector<std::string> ids;
    for (size_t i = 0; i < all_.size(); ++i) {
      if (areas_[i].Covers(place)) ids.push_back(all_[i].id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  const std::vector<Technician>& all_;
  std::vector<PreparedArea> areas_;
};

TEST(TechnicianIndexTest, FindsWhatAScanFindsReadingFew) {
  const std::vector<Technician> all = generated::Technicians(10000, /*seed=*/9);
  const TechnicianIndex index(all);
  const Scan scan(all);
  ASSERT_EQ(index.size(), all.size());

  std::mt19937 random(42);
  const absl::TimeZone zone = absl::FixedTimeZone(8 * 3600);
  int64_t examined_total = 0, covering_total = 0;
  const int kPlaces = 120;
  for (int i = 0; i < kPlaces; ++i) {
    const Job job = generated::RandomJob(random, absl::CivilDay(2026, 12, 2), zone);
    // Every third place at city or province level, or with no code at all.
    std::string code = job.region_code;
    if (i % 3 == 1) code = i % 2 ? code.substr(0, 4) + "00" : code.substr(0, 2) + "0000";
    if (i % 9 == 2) code.clear();
    const Place place{job.location, code};
    int examined = 0;
    const std::vector<std::string> found = Ids(index.Covering(place, &examined));
    ASSERT_EQ(found, scan.Covering(place)) << "place " << i << " " << code;
    examined_total += examined;
    covering_total += static_cast<int64_t>(found.size());
  }
  // The generated areas put a few dozen technicians over a place; the index
  // reads those and not many more, never a large share of 10,000.
  ::testing::Test::RecordProperty("covering_per_place", static_cast<int>(covering_total / kPlaces));
  ::testing::Test::RecordProperty("examined_per_place", static_cast<int>(examined_total / kPlaces));
  EXPECT_GT(covering_total, 0);
  EXPECT_LT(examined_total / kPlaces, 200);
  EXPECT_LT(examined_total, covering_total * 2);
}

TEST(TechnicianIndexTest, RegionPrefixesReachTheCoveringTechnicians) {
  auto with_codes = [](std::string id, std::vector<std::string> codes) {
    Technician t = testing_samples::GuangzhouFridgeTechnician();
    t.id = std::move(id);
    t.area.region_codes = std::move(codes);
    return t;
  };
  const TechnicianIndex index(
      {with_codes("tianhe", {"440106"}), with_codes("guangzhou", {"440100"}),
       with_codes("guangdong", {"440000"}), with_codes("shenzhen", {"440300", "440106"})});
  const GeoPoint nowhere{0, 0};
  EXPECT_THAT(Ids(index.Covering({nowhere, "440106"})),
              ElementsAre("guangdong", "guangzhou", "shenzhen", "tianhe"));
  EXPECT_THAT(Ids(index.Covering({nowhere, "440104"})), ElementsAre("guangdong", "guangzhou"));
  EXPECT_THAT(Ids(index.Covering({nowhere, "440305"})), ElementsAre("guangdong", "shenzhen"));
  EXPECT_THAT(Ids(index.Covering({nowhere, "441900"})), ElementsAre("guangdong"));
  EXPECT_THAT(Ids(index.Covering({nowhere, "450100"})), IsEmpty());
  EXPECT_THAT(Ids(index.Covering({nowhere, ""})), IsEmpty());
}

TEST(TechnicianIndexTest, KeepsInactiveTechniciansForTheRulesToExplain) {
  Technician t = testing_samples::GuangzhouFridgeTechnician();
  t.active = false;
  const TechnicianIndex index({t});
  EXPECT_THAT(Ids(index.Covering({t.home_base, "440106"})), ElementsAre(t.id));
}

TEST(TechnicianIndexTest, NearestByHomeBaseMatchesAScan) {
  const std::vector<Technician> all = generated::Technicians(2000, /*seed=*/5);
  const TechnicianIndex index(all);
  std::mt19937 random(7);
  for (int i = 0; i < 50; ++i) {
    const GeoPoint here =
        generated::RandomJob(random, absl::CivilDay(2026, 12, 2), absl::UTCTimeZone()).location;
    std::vector<std::pair<double, std::string>> scan;
    for (const Technician& t : all) scan.emplace_back(GreatCircleKm(here, t.home_base), t.id);
    std::sort(scan.begin(), scan.end());
    std::vector<std::string> expected;
    for (int k = 0; k < 5; ++k) expected.push_back(scan[k].second);
    EXPECT_EQ(Ids(index.NearestByHomeBase(here, 5)), expected);

    // Skipping the technicians a predicate rejects, however near.
    auto odd = [](const std::string& id) { return (id.back() - '0') % 2 == 1; };
    expected.clear();
    for (const auto& [km, id] : scan) {
      if (odd(id) && expected.size() < 4) expected.push_back(id);
    }
    EXPECT_EQ(Ids(index.NearestByHomeBase(here, 4, [&](const Technician& t) { return odd(t.id); })),
              expected);
  }
  EXPECT_THAT(index.NearestByHomeBase({23, 113}, 0), IsEmpty());
}

TEST(TechnicianIndexTest, ConcurrentReadersSeeTheSameAnswers) {
  const std::vector<Technician> all = generated::Technicians(2000, /*seed=*/4);
  const TechnicianIndex index(all);
  std::vector<Place> places;
  std::vector<std::string> codes;  // owns the places' codes
  std::mt19937 random(8);
  for (int i = 0; i < 200; ++i) {
    const Job job = generated::RandomJob(random, absl::CivilDay(2026, 12, 2), absl::UTCTimeZone());
    codes.push_back(job.region_code);
    places.push_back({job.location, ""});
  }
  for (size_t i = 0; i < places.size(); ++i) places[i].region_code = codes[i];
  std::vector<std::vector<std::string>> expected;
  for (const Place& place : places) expected.push_back(Ids(index.Covering(place)));

  std::atomic<int> mismatches{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      for (size_t i = 0; i < places.size(); ++i) {
        if (Ids(index.Covering(places[i])) != expected[i]) ++mismatches;
        index.NearestByHomeBase(places[i].location, 3);
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(TechnicianIndexTest, AMovedIndexStillAnswers) {
  const std::vector<Technician> all = generated::Technicians(500, /*seed=*/3);
  TechnicianIndex first(all);
  const Place place{all[0].home_base, ""};
  const std::vector<std::string> before = Ids(first.Covering(place));
  TechnicianIndex moved(std::move(first));
  EXPECT_EQ(Ids(moved.Covering(place)), before);
  EXPECT_EQ(before, Scan(all).Covering(place));
}

}  // namespace
}  // namespace fieldservice::scheduling
