#include "services/callback/domain/reports_sample.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"

namespace fieldservice::callback {
namespace {

constexpr size_t kMaxSeedBytes = 200;

// The first `n` of `items` by rank under `seed`, in rank order.
std::vector<SampleItem> FirstByRank(std::vector<SampleItem> items, std::string_view seed,
                                    int64_t n) {
  std::vector<std::pair<std::string, SampleItem>> ranked;
  ranked.reserve(items.size());
  for (SampleItem& item : items) {
    std::string rank = SampleRank(seed, item.id);
    ranked.emplace_back(std::move(rank), std::move(item));
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.id < b.second.id;
  });
  std::vector<SampleItem> out;
  for (int64_t i = 0; i < n && i < static_cast<int64_t>(ranked.size()); ++i) {
    out.push_back(std::move(ranked[i].second));
  }
  return out;
}

void ByTime(std::vector<SampleItem>& items) {
  std::sort(items.begin(), items.end(), [](const SampleItem& a, const SampleItem& b) {
    return a.at != b.at ? a.at < b.at : a.id < b.id;
  });
}

}  // namespace

absl::Status CheckSampleSeed(std::string_view seed) {
  if (seed.empty()) {
    return absl::InvalidArgumentError(
        "seed: required (any text; the same seed gives the same sample)");
  }
  if (seed.size() > kMaxSeedBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("seed: at most ", kMaxSeedBytes, " bytes, got ", seed.size()));
  }
  return absl::OkStatus();
}

int64_t SampleSize(int64_t n, int percent) { return (n * percent + 99) / 100; }

std::string SampleRank(std::string_view seed, std::string_view id) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), seed.data(), static_cast<int>(seed.size()),
       reinterpret_cast<const unsigned char*>(id.data()), id.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::vector<SampleItem> SamplePopulation(const std::vector<ReportVisit>& visits,
                                         const ReportMonth& month) {
  std::vector<SampleItem> out;
  // Calls: one per order, from its first visit held here.
  std::map<std::string, const ReportVisit*> orders;
  for (const ReportVisit& v : visits) {
    if (!v.visit.received_at || !month.Contains(*v.visit.received_at)) continue;
    const ReportVisit*& slot = orders[v.visit.order_number];
    if (slot == nullptr || v.visit.visit_number < slot->visit.visit_number) slot = &v;
  }
  for (const auto& [order, v] : orders) {
    SampleItem item;
    item.kind = SampleKind::kCall;
    item.id = absl::StrCat("orders/", order);
    item.order_number = order;
    item.visit_number = v->visit.visit_number;
    item.at = *v->visit.received_at;
    item.technician_id = v->visit.technician_id;
    out.push_back(std::move(item));
  }
  // Callbacks: every call made in the month.
  for (const ReportVisit& v : visits) {
    const std::string task =
        absl::StrCat("callbacks/", v.visit.order_number, "/", v.visit.visit_number);
    const auto callback = [&](std::string id, absl::Time at, std::string agent,
                              std::string_view result) {
      SampleItem item;
      item.kind = SampleKind::kCallback;
      item.id = std::move(id);
      item.order_number = v.visit.order_number;
      item.visit_number = v.visit.visit_number;
      item.at = at;
      item.agent_id = std::move(agent);
      item.technician_id = v.visit.technician_id;
      item.result = std::string(result);
      out.push_back(std::move(item));
    };
    for (size_t i = 0; i < v.attempts.size(); ++i) {
      const CallAttempt& a = v.attempts[i];
      if (!month.Contains(a.at)) continue;
      callback(absl::StrCat(task, "/attempts/", i + 1), a.at, a.agent_id,
               AttemptOutcomeName(a.outcome));
    }
    if (v.state == TaskState::kCompleted && month.Contains(v.finished_at)) {
      callback(
          absl::StrCat(task, "/survey"), v.finished_at, v.agent_id,
          common::NameOf(kCallbackOutcomeNames, v.outcome.value_or(CallbackOutcome::kSatisfied)));
    }
  }
  return out;
}

absl::StatusOr<InspectionSample> InspectionSampleOf(const std::vector<ReportVisit>& visits,
                                                    const ReportMonth& month, std::string_view seed,
                                                    const ReportPolicy& policy) {
  if (absl::Status checked = CheckSampleSeed(seed); !checked.ok()) return checked;
  std::vector<SampleItem> calls, callbacks;
  for (SampleItem& item : SamplePopulation(visits, month)) {
    (item.kind == SampleKind::kCall ? calls : callbacks).push_back(std::move(item));
  }
  InspectionSample s;
  s.seed = std::string(seed);
  s.sample_percent = policy.sample_percent;
  s.calls = static_cast<int64_t>(calls.size());
  s.callbacks = static_cast<int64_t>(callbacks.size());
  s.calls_sampled = SampleSize(s.calls, policy.sample_percent);
  s.callbacks_sampled = SampleSize(s.callbacks, policy.sample_percent);
  int64_t calls_listed = s.calls_sampled, callbacks_listed = s.callbacks_sampled;
  const int64_t sampled = s.calls_sampled + s.callbacks_sampled;
  if (sampled > policy.sample_max_items) {
    s.capped = true;
    calls_listed = policy.sample_max_items * s.calls_sampled / sampled;
    callbacks_listed = std::min(s.callbacks_sampled, policy.sample_max_items - calls_listed);
  }
  std::vector<SampleItem> chosen_calls = FirstByRank(std::move(calls), seed, calls_listed);
  std::vector<SampleItem> chosen_callbacks =
      FirstByRank(std::move(callbacks), seed, callbacks_listed);
  ByTime(chosen_calls);
  ByTime(chosen_callbacks);
  s.items = std::move(chosen_calls);
  for (SampleItem& item : chosen_callbacks) s.items.push_back(std::move(item));
  return s;
}

}  // namespace fieldservice::callback
