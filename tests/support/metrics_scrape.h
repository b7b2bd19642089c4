// Reads a service's Prometheus endpoint the way Prometheus does: GET
// /metrics over HTTP, then the text exposition format, one sample a line.
// Links no service code, so end-to-end tests use it too.
#ifndef FIELDSERVICE_TESTS_SUPPORT_METRICS_SCRAPE_H_
#define FIELDSERVICE_TESTS_SUPPORT_METRICS_SCRAPE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace fieldservice::testing {

// The body of GET http://127.0.0.1:<port>/metrics; an error unless HTTP 200.
absl::StatusOr<std::string> ScrapeMetrics(int port);

// The value of the sample `name` whose labels are exactly `labels`, or
// nullopt when the exposition has none.
std::optional<double> SampleValue(const std::string& exposition, const std::string& name,
                                  const std::map<std::string, std::string>& labels);

}  // namespace fieldservice::testing

#endif  // FIELDSERVICE_TESTS_SUPPORT_METRICS_SCRAPE_H_
