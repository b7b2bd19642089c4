// The report: the workers' figures merged, as text for a person and JSON
// (protobuf's printer over a Struct) for the benchmark's results.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/cluster_load/load_driver.h"
#include "tools/cluster_load/load_worker.h"

namespace fieldservice::tools::cluster_load {
namespace {

namespace pb = ::google::protobuf;

// Nearest rank of the sorted `samples`.
absl::Duration Percentile(const std::vector<absl::Duration>& samples, double p) {
  if (samples.empty()) return absl::ZeroDuration();
  size_t rank = static_cast<size_t>(p * static_cast<double>(samples.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, samples.size());
  return samples[rank - 1];
}

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

pb::Value Number(double n) {
  pb::Value v;
  v.set_number_value(n);
  return v;
}

pb::Value String(const std::string& s) {
  pb::Value v;
  v.set_string_value(s);
  return v;
}

pb::Value Flag(bool b) {
  pb::Value v;
  v.set_bool_value(b);
  return v;
}

}  // namespace

LoadReport ReportOf(const std::vector<const WorkerFigures*>& workers, absl::Duration wall_time) {
  LoadReport r;
  r.workers = static_cast<int>(workers.size());
  r.wall_time = wall_time;
  std::map<std::string, std::vector<absl::Duration>> samples;
  for (const WorkerFigures* w : workers) {
    r.orders_attempted += w->attempted;
    r.orders_completed += w->completed;
    r.orders.insert(r.orders.end(), w->orders.begin(), w->orders.end());
    r.failures.insert(r.failures.end(), w->failures.begin(), w->failures.end());
    r.requests += w->requests;
    r.retries += w->retries;
    for (const auto& [code, n] : w->errors_by_code) r.errors_by_code[code] += n;
    for (const auto& [code, message] : w->error_examples) r.error_examples.emplace(code, message);
    r.etag_conflicts += w->etag_conflicts;
    r.resolved_by_read += w->resolved_by_read;
    r.windows_refused += w->windows_refused;
    r.longest_outage = std::max(r.longest_outage, w->longest_outage);
    for (const auto& [kind, list] : w->samples) {
      samples[kind].insert(samples[kind].end(), list.begin(), list.end());
    }
  }
  for (auto& [kind, list] : samples) {
    std::sort(list.begin(), list.end());
    r.latency[kind] = Latency{.count = static_cast<int64_t>(list.size()),
                              .p50 = Percentile(list, 0.50),
                              .p99 = Percentile(list, 0.99),
                              .max = list.back()};
  }
  const double seconds = absl::ToDoubleSeconds(wall_time);
  if (seconds > 0) {
    r.orders_per_second = static_cast<double>(r.orders_completed) / seconds;
    r.requests_per_second = static_cast<double>(r.requests) / seconds;
  }
  return r;
}

int64_t LoadReport::errors() const {
  int64_t n = 0;
  for (const auto& [code, count] : errors_by_code) n += count;
  return n;
}

std::string LoadReport::Text() const {
  std::string out = absl::StrFormat(
      "cluster load: %d workers, orders attempted %d, completed %d, in %.2f s\n"
      "throughput: %.2f orders/s, %.1f requests/s (%d requests, %d retries)\n",
      workers, orders_attempted, orders_completed, absl::ToDoubleSeconds(wall_time),
      orders_per_second, requests_per_second, requests, retries);
  absl::StrAppend(&out, "errors: ", errors());
  for (const auto& [code, n] : errors_by_code) absl::StrAppend(&out, " ", code, "=", n);
  absl::StrAppendFormat(&out,
                        "\nlongest outage seen by a client: %.0f ms; etag conflicts %d, "
                        "resolved by reading %d, windows refused %d\n",
                        Ms(longest_outage), etag_conflicts, resolved_by_read, windows_refused);
  absl::StrAppendFormat(&out, "%-12s %7s %10s %10s %10s\n", "latency", "calls", "p50 ms", "p99 ms",
                        "max ms");
  for (const auto& [kind, l] : latency) {
    absl::StrAppendFormat(&out, "%-12s %7d %10.2f %10.2f %10.2f\n", kind, l.count, Ms(l.p50),
                          Ms(l.p99), Ms(l.max));
  }
  for (const auto& [code, message] : error_examples) {
    absl::StrAppend(&out, "e.g. ", code, ": ", message, "\n");
  }
  for (const std::string& f : failures) absl::StrAppend(&out, "failed: ", f, "\n");
  return out;
}

std::string LoadReport::Json() const {
  pb::Struct root;
  auto& f = *root.mutable_fields();
  f["workers"] = Number(workers);
  f["orders_attempted"] = Number(static_cast<double>(orders_attempted));
  f["orders_completed"] = Number(static_cast<double>(orders_completed));
  f["requests"] = Number(static_cast<double>(requests));
  f["retries"] = Number(static_cast<double>(retries));
  f["errors"] = Number(static_cast<double>(errors()));
  pb::Struct* codes = f["errors_by_code"].mutable_struct_value();
  for (const auto& [code, n] : errors_by_code) {
    (*codes->mutable_fields())[code] = Number(static_cast<double>(n));
  }
  pb::Struct* examples = f["error_examples"].mutable_struct_value();
  for (const auto& [code, message] : error_examples) {
    (*examples->mutable_fields())[code] = String(message);
  }
  f["etag_conflicts"] = Number(static_cast<double>(etag_conflicts));
  f["resolved_by_read"] = Number(static_cast<double>(resolved_by_read));
  f["windows_refused"] = Number(static_cast<double>(windows_refused));
  f["longest_outage_ms"] = Number(Ms(longest_outage));
  f["wall_seconds"] = Number(absl::ToDoubleSeconds(wall_time));
  f["orders_per_second"] = Number(orders_per_second);
  f["requests_per_second"] = Number(requests_per_second);
  pb::Struct* kinds = f["latency_ms"].mutable_struct_value();
  for (const auto& [kind, l] : latency) {
    pb::Struct& k = *(*kinds->mutable_fields())[kind].mutable_struct_value();
    (*k.mutable_fields())["count"] = Number(static_cast<double>(l.count));
    (*k.mutable_fields())["p50"] = Number(Ms(l.p50));
    (*k.mutable_fields())["p99"] = Number(Ms(l.p99));
    (*k.mutable_fields())["max"] = Number(Ms(l.max));
  }
  pb::ListValue* list = f["orders"].mutable_list_value();
  for (const LoadOrder& o : orders) {
    pb::Struct& e = *list->add_values()->mutable_struct_value();
    (*e.mutable_fields())["request_id"] = String(o.request_id);
    (*e.mutable_fields())["order_number"] = String(o.order_number);
    (*e.mutable_fields())["job"] = String(o.job);
    (*e.mutable_fields())["technician"] = String(o.technician_id);
    (*e.mutable_fields())["completed"] = Flag(o.completed);
  }
  pb::ListValue* failed = f["failures"].mutable_list_value();
  for (const std::string& line : failures) *failed->add_values() = String(line);
  std::string json;
  pb::util::JsonPrintOptions options;
  options.add_whitespace = true;
  if (!pb::util::MessageToJsonString(root, &json, options).ok()) return "{}";
  return json;
}

}  // namespace fieldservice::tools::cluster_load
