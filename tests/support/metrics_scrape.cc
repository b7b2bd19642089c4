#include "tests/support/metrics_scrape.h"

#include <curl/curl.h>

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace fieldservice::testing {
namespace {

size_t Append(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

// `a="x",b="y"` into labels. Values in these tests have no quotes or commas
// inside them, so no unescaping is needed.
std::map<std::string, std::string> ParseLabels(absl::string_view text) {
  std::map<std::string, std::string> labels;
  for (absl::string_view pair : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    size_t eq = pair.find('=');
    if (eq == absl::string_view::npos) continue;
    absl::string_view value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    labels[std::string(pair.substr(0, eq))] = std::string(value);
  }
  return labels;
}

}  // namespace

absl::StatusOr<std::string> ScrapeMetrics(int port) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
  std::string body;
  const std::string url = absl::StrCat("http://127.0.0.1:", port, "/metrics");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode result = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  if (result != CURLE_OK) {
    return absl::UnavailableError(absl::StrCat(url, ": ", curl_easy_strerror(result)));
  }
  if (status != 200) return absl::UnavailableError(absl::StrCat(url, ": HTTP ", status));
  return body;
}

std::optional<double> SampleValue(const std::string& exposition, const std::string& name,
                                  const std::map<std::string, std::string>& labels) {
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    size_t value_at = line.rfind(' ');
    if (value_at == absl::string_view::npos) continue;
    absl::string_view series = line.substr(0, value_at);
    size_t brace = series.find('{');
    absl::string_view series_name = series.substr(0, brace);
    if (series_name != name) continue;
    std::map<std::string, std::string> series_labels;
    if (brace != absl::string_view::npos && series.back() == '}') {
      series_labels = ParseLabels(series.substr(brace + 1, series.size() - brace - 2));
    }
    if (series_labels != labels) continue;
    double value = 0;
    if (!absl::SimpleAtod(line.substr(value_at + 1), &value)) return std::nullopt;
    return value;
  }
  return std::nullopt;
}

}  // namespace fieldservice::testing
