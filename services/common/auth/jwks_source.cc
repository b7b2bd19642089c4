#include "services/common/auth/jwks_source.h"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "services/common/files.h"
#include "services/common/logging.h"

namespace fieldservice::common::auth {
namespace {

// An identity provider answers its jwks_uri in milliseconds with a few KB;
// these only stop a hung or hostile endpoint from holding the refresh thread
// or memory.
constexpr absl::Duration kFetchTimeout = absl::Seconds(10);
constexpr size_t kMaxJwksBytes = 1 << 20;
// RefreshSoon reloads at most this often, relative to `refresh`: a stream of
// tokens naming an unknown key must not become a stream of fetches.
constexpr int kRefreshSoonDivisor = 10;

bool IsUrl(absl::string_view location) {
  return absl::StartsWith(location, "http://") || absl::StartsWith(location, "https://");
}

struct Fetch {
  const std::atomic<bool>* cancel;
  std::string body = "";
  bool too_big = false;
};

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  auto* fetch = static_cast<Fetch*>(user);
  if (fetch->body.size() + size * count > kMaxJwksBytes) {
    fetch->too_big = true;
    return 0;  // libcurl aborts the transfer
  }
  fetch->body.append(data, size * count);
  return size * count;
}

// Lets the destructor end a transfer in progress instead of waiting it out.
int Progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<Fetch*>(user)->cancel->load() ? 1 : 0;
}

absl::StatusOr<std::string> FetchUrl(const std::string& url, const std::string& ca_file,
                                     const std::atomic<bool>& cancel) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (curl == nullptr) return absl::InternalError("libcurl could not start");
  Fetch fetch{.cancel = &cancel};
  char error[CURL_ERROR_SIZE] = "";
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);  // we are one thread of many
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(kFetchTimeout)));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &fetch);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, Progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &fetch);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "fieldservice-jwks");
  if (!ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, ca_file.c_str());
  CURLcode code = curl_easy_perform(handle);
  if (fetch.too_big) {
    return absl::UnavailableError(absl::StrCat(url, ": larger than ", kMaxJwksBytes, " bytes"));
  }
  if (code != CURLE_OK) {
    return absl::UnavailableError(
        absl::StrCat(url, ": ", error[0] != '\0' ? error : curl_easy_strerror(code)));
  }
  long http_status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &http_status);
  if (http_status != 200) {
    return absl::UnavailableError(absl::StrCat(url, ": HTTP status ", http_status));
  }
  return std::move(fetch.body);
}

absl::StatusOr<std::shared_ptr<const KeySet>> Load(const std::string& location,
                                                   const std::string& ca_file,
                                                   const std::atomic<bool>& cancel) {
  absl::StatusOr<std::string> text =
      IsUrl(location) ? FetchUrl(location, ca_file, cancel) : ReadTextFile(location);
  if (!text.ok()) return text.status();
  absl::StatusOr<std::shared_ptr<const KeySet>> keys = KeySet::Parse(*text);
  if (!keys.ok()) {
    return absl::Status(keys.status().code(),
                        absl::StrCat(location, ": ", keys.status().message()));
  }
  return keys;
}

class FixedSource : public JwksSource {
 public:
  explicit FixedSource(std::shared_ptr<const KeySet> keys) : keys_(std::move(keys)) {}
  std::shared_ptr<const KeySet> Current() const override { return keys_; }
  void RefreshSoon() override {}

 private:
  const std::shared_ptr<const KeySet> keys_;
};

// Reloads on one background thread: every `refresh`, or sooner when asked.
class RefreshingSource : public JwksSource {
 public:
  RefreshingSource(std::string location, absl::Duration refresh, std::string ca_file,
                   std::shared_ptr<const KeySet> first)
      : location_(std::move(location)),
        refresh_(refresh),
        ca_file_(std::move(ca_file)),
        keys_(std::move(first)),
        last_load_(absl::Now()) {
    thread_ = std::thread([this] { Run(); });
  }

  ~RefreshingSource() override {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    cancel_.store(true);
    thread_.join();
  }

  std::shared_ptr<const KeySet> Current() const override {
    absl::ReaderMutexLock lock(&mu_);
    return keys_;
  }

  void RefreshSoon() override {
    absl::MutexLock lock(&mu_);
    refresh_asked_ = true;
  }

 private:
  absl::Time NextLoad() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return last_load_ + (refresh_asked_ ? refresh_ / kRefreshSoonDivisor : refresh_);
  }

  // Wakes the thread early: to stop, or to move the next load earlier.
  bool Woken() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || (refresh_asked_ && !ask_seen_);
  }

  void Run() {
    absl::MutexLock lock(&mu_);
    while (!stopping_) {
      ask_seen_ = refresh_asked_;
      mu_.AwaitWithDeadline(absl::Condition(this, &RefreshingSource::Woken), NextLoad());
      if (stopping_) break;
      if (absl::Now() < NextLoad()) continue;  // an ask moved the time; wait for it
      refresh_asked_ = false;
      mu_.Unlock();
      absl::StatusOr<std::shared_ptr<const KeySet>> loaded = Load(location_, ca_file_, cancel_);
      mu_.Lock();
      last_load_ = absl::Now();
      if (stopping_) break;
      Install(std::move(loaded));
    }
  }

  void Install(absl::StatusOr<std::shared_ptr<const KeySet>> loaded)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const std::string current = absl::StrJoin(keys_->key_ids(), ",");
    if (!loaded.ok()) {
      LogWarning("jwks_refresh_failed", {{"source", location_},
                                         {"error", std::string(loaded.status().message())},
                                         {"keeping_keys", current}});
      return;
    }
    const std::string next = absl::StrJoin((*loaded)->key_ids(), ",");
    if (next != current) {
      LogInfo("jwks_keys_changed", {{"source", location_}, {"keys", next}, {"were", current}});
    }
    keys_ = *std::move(loaded);
  }

  const std::string location_;
  const absl::Duration refresh_;
  const std::string ca_file_;
  std::atomic<bool> cancel_{false};
  mutable absl::Mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  absl::Time last_load_ ABSL_GUARDED_BY(mu_);
  bool refresh_asked_ ABSL_GUARDED_BY(mu_) = false;
  bool ask_seen_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<JwksSource>> JwksSource::Start(const std::string& location,
                                                              absl::Duration refresh,
                                                              const std::string& ca_file) {
  if (location.empty()) return absl::InvalidArgumentError("JWKS location is empty");
  if (refresh <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat("JWKS refresh interval must be positive, not ",
                                                   absl::FormatDuration(refresh)));
  }
  std::atomic<bool> never{false};
  absl::StatusOr<std::shared_ptr<const KeySet>> first = Load(location, ca_file, never);
  if (!first.ok()) return first.status();
  LogInfo("jwks_loaded", {{"source", location}, {"keys", absl::StrJoin((*first)->key_ids(), ",")}});
  return std::unique_ptr<JwksSource>(
      new RefreshingSource(location, refresh, ca_file, *std::move(first)));
}

std::unique_ptr<JwksSource> JwksSource::Fixed(std::shared_ptr<const KeySet> keys) {
  return std::make_unique<FixedSource>(std::move(keys));
}

}  // namespace fieldservice::common::auth
