// The reproducible sample of a month's calls and callbacks for quality
// inspection (issue 11 "Reports": "a reproducible 20% sample ... the same
// seed gives the same sample").
//
// The population, for a business month (reports.h):
// - calls: the orders taken in the month (received_at in it), one item per
//   order. The callback service knows an order only once one of its visits
//   was completed and reported, so an order taken in the month and not yet
//   visited is not in it (asking again later may add such orders).
// - callbacks: every callback call made in the month: each attempt that did
//   not reach the survey (its called_at in the month) and each survey
//   submitted in the month (COMPLETED, finished_at in it).
// Each part is sampled on its own: ceil(percent * N / 100) items of it,
// the ones that come first when ordered by HMAC-SHA-256 keyed with the seed
// over the item's id (ties, which do not happen in practice, by id). The
// same seed and the same population give the same sample; adding items to
// the population keeps every earlier item's rank.
#ifndef FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_SAMPLE_H_
#define FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_SAMPLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "services/callback/domain/report_repository.h"
#include "services/callback/domain/reports.h"

namespace fieldservice::callback {

enum class SampleKind { kCall, kCallback };
inline constexpr common::EnumName<SampleKind> kSampleKindNames[] = {
    {SampleKind::kCall, "CALL"},
    {SampleKind::kCallback, "CALLBACK"},
};

struct SampleItem {
  SampleKind kind = SampleKind::kCall;
  // "orders/{order}" for a call; "callbacks/{order}/{visit}/attempts/{n}"
  // or "callbacks/{order}/{visit}/survey" for a callback.
  std::string id;
  std::string order_number;
  int64_t visit_number = 0;
  absl::Time at;              // the order taken, the call made, the survey submitted
  std::string agent_id;       // callbacks: the callback agent
  std::string technician_id;  // the visit's technician
  // A callback's result: the attempt's outcome (NO_ANSWER, ...) or the
  // survey's (SATISFIED, NOT_SOLVED); empty for a call.
  std::string result;
  friend bool operator==(const SampleItem&, const SampleItem&) = default;
};

struct InspectionSample {
  std::string seed;
  int sample_percent = 0;
  int64_t calls = 0;  // the population's sizes
  int64_t callbacks = 0;
  int64_t calls_sampled = 0;  // ceil(percent * N / 100) of each
  int64_t callbacks_sampled = 0;
  // The sampled items, calls then callbacks, each by time, then id. At most
  // ReportPolicy::sample_max_items: when more were sampled, the first by
  // rank of each part, in proportion, and `capped` is true.
  std::vector<SampleItem> items;
  bool capped = false;
};

// ceil(percent * n / 100).
int64_t SampleSize(int64_t n, int percent);
// The item's rank key: HMAC-SHA-256(key = seed, message = id), 32 bytes.
std::string SampleRank(std::string_view seed, std::string_view id);

// The month's calls and callbacks, in no particular order.
std::vector<SampleItem> SamplePopulation(const std::vector<ReportVisit>& visits,
                                         const ReportMonth& month);

// INVALID_ARGUMENT when `seed` is empty or longer than 200 bytes (field
// "seed").
absl::Status CheckSampleSeed(std::string_view seed);

// The sample of the month's calls and callbacks in `visits`;
// CheckSampleSeed's error for a bad seed.
absl::StatusOr<InspectionSample> InspectionSampleOf(const std::vector<ReportVisit>& visits,
                                                    const ReportMonth& month, std::string_view seed,
                                                    const ReportPolicy& policy);

}  // namespace fieldservice::callback

#endif  // FIELDSERVICE_CALLBACK_DOMAIN_REPORTS_SAMPLE_H_
