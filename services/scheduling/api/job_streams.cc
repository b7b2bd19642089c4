#include "services/scheduling/api/job_streams.h"

#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"
#include "services/common/proto_time.h"

namespace fieldservice::scheduling::api {
namespace {

v1::JobChangeEvent EventOf(const FeedEntry& entry) {
  v1::JobChangeEvent event;
  event.set_cursor(entry.seq);
  switch (entry.kind) {
    case FeedKind::kAdded:
      event.set_kind(v1::JOB_ADDED);
      break;
    case FeedKind::kUpdated:
      event.set_kind(v1::JOB_UPDATED);
      break;
    case FeedKind::kRemoved:
      event.set_kind(v1::JOB_REMOVED);
      break;
  }
  event.mutable_job()->ParseFromString(entry.snapshot);
  common::SetTimestamp(entry.change_time, event.mutable_change_time());
  return event;
}

}  // namespace

// One open call. Its own mutex guards its buffer; the pump reaches it only
// while it is in JobStreams::open_ (under JobStreams::mu_), and OnDone takes
// it out of there before it is deleted.
class JobStreams::Stream final : public grpc::ServerWriteReactor<v1::JobChangeEvent> {
 public:
  Stream(JobStreams& owner, std::string technician_id, int64_t cursor)
      : owner_(owner), technician_id_(std::move(technician_id)), cursor_(cursor) {}

  const std::string& technician_id() const { return technician_id_; }

  // Whether the pump should read for it, and from where.
  bool Hungry(int64_t* cursor) {
    absl::MutexLock lock(&mu_);
    *cursor = cursor_;
    return !finished_ && !writing_ && pending_.empty();
  }

  // Entries read after `from`; ignored when the stream moved on meanwhile.
  void Feed(int64_t from, const std::vector<FeedEntry>& entries) {
    absl::MutexLock lock(&mu_);
    if (finished_ || from != cursor_ || entries.empty()) return;
    if (from > 0 && entries.front().seq != from + 1) {
      // The changes right after the cursor were purged: say so rather than
      // skip them.
      FinishLocked(grpc::Status(
          grpc::StatusCode::OUT_OF_RANGE,
          "after_cursor: the changes after it are no longer kept; call ListMyJobs and stream "
          "from its cursor"));
      return;
    }
    for (const FeedEntry& e : entries) pending_.push_back(EventOf(e));
    cursor_ = entries.back().seq;
    WriteNextLocked();
  }

  void Close(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    FinishLocked(status);
  }

  void OnWriteDone(bool ok) override {
    bool drained = false;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      if (!ok) {
        // The client went away mid-write; it resumes from the last cursor
        // it received, so nothing is lost.
        FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the stream broke"));
        return;
      }
      pending_.pop_front();
      drained = pending_.empty();
      WriteNextLocked();
    }
    // There may be more past this batch. Outside the stream's lock: the
    // pump takes the owner's lock first, then a stream's.
    if (drained) owner_.Wake();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    owner_.Forget(this);
    delete this;
  }

 private:
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || writing_ || pending_.empty()) return;
    writing_ = true;
    StartWrite(&pending_.front());
  }

  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  JobStreams& owner_;
  const std::string technician_id_;
  absl::Mutex mu_;
  int64_t cursor_ ABSL_GUARDED_BY(mu_);  // the last entry buffered (or the start)
  std::deque<v1::JobChangeEvent> pending_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

namespace {

class RefusedStream final : public grpc::ServerWriteReactor<v1::JobChangeEvent> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::JobChangeEvent>* JobStreams::Refused(const grpc::Status& status) {
  return new RefusedStream(status);
}

JobStreams::JobStreams(DispatchRepository& jobs, const common::Clock& clock, StreamPolicy policy)
    : jobs_(jobs), clock_(clock), policy_(policy) {}

JobStreams::~JobStreams() { Stop(); }

void JobStreams::Start() {
  absl::MutexLock lock(&mu_);
  if (pump_.joinable() || stopping_) return;
  pump_ = std::thread([this] { Loop(); });
}

void JobStreams::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    for (Stream* s : open_) {
      s->Close(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "the server is shutting down; reconnect with your last cursor"));
    }
  }
  if (pump_.joinable()) pump_.join();
}

grpc::ServerWriteReactor<v1::JobChangeEvent>* JobStreams::Open(const std::string& technician_id,
                                                               int64_t after_cursor) {
  auto* stream = new Stream(*this, technician_id, after_cursor);
  absl::MutexLock lock(&mu_);
  if (stopping_) {
    stream->Close(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down"));
  } else {
    open_.insert(stream);
    woken_ = true;
  }
  return stream;
}

void JobStreams::Wake() {
  absl::MutexLock lock(&mu_);
  woken_ = true;
}

int JobStreams::open_streams() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(open_.size());
}

void JobStreams::Forget(Stream* stream) {
  absl::MutexLock lock(&mu_);
  open_.erase(stream);
}

void JobStreams::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      auto wake = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return woken_ || stopping_; };
      mu_.AwaitWithTimeout(absl::Condition(&wake), policy_.poll_interval);
      if (stopping_) return;
      woken_ = false;
    }
    Round();
    PurgeWhenDue();
  }
}

void JobStreams::PurgeWhenDue() {
  const absl::Time now = clock_.Now();
  if (now < next_purge_) return;
  auto deleted = jobs_.PurgeFeed(now - policy_.retention, policy_.purge_batch);
  if (!deleted.ok()) {
    common::LogWarning("job_feed_purge_failed",
                       {{"error", std::string(deleted.status().message())}});
    next_purge_ = now + policy_.poll_interval;  // soon again
    return;
  }
  // A full chunk: more may be due, so the next round goes on.
  next_purge_ = *deleted >= policy_.purge_batch ? now : now + policy_.purge_interval;
  if (*deleted > 0) common::LogInfo("job_feed_purged", {{"deleted", absl::StrCat(*deleted)}});
}

void JobStreams::Round() {
  // Who waits for what, read under the lock; the database is asked without
  // it, so opening and closing streams never waits for a query.
  std::map<std::string, int64_t> lowest;  // per technician, their streams' lowest cursor
  {
    absl::MutexLock lock(&mu_);
    for (Stream* s : open_) {
      int64_t cursor = 0;
      if (!s->Hungry(&cursor)) continue;
      auto [it, added] = lowest.emplace(s->technician_id(), cursor);
      if (!added) it->second = std::min(it->second, cursor);
    }
  }
  if (lowest.empty()) return;
  std::vector<std::string> ids;
  for (const auto& [id, cursor] : lowest) ids.push_back(id);
  auto latest = jobs_.FeedCursors(ids);
  if (!latest.ok()) {
    common::LogWarning("job_stream_poll_failed",
                       {{"error", std::string(latest.status().message())}});
    return;
  }
  for (const auto& [id, cursor] : lowest) {
    auto it = latest->find(id);
    if (it == latest->end() || it->second <= cursor) continue;
    auto entries = jobs_.FeedAfter(id, cursor, policy_.batch);
    if (!entries.ok()) {
      common::LogWarning("job_stream_read_failed",
                         {{"error", std::string(entries.status().message())}});
      continue;
    }
    absl::MutexLock lock(&mu_);
    for (Stream* s : open_) {
      if (s->technician_id() != id) continue;
      // A stream further on than the lowest cursor takes the entries past
      // its own.
      int64_t from = 0;
      if (!s->Hungry(&from)) continue;
      std::vector<FeedEntry> past;
      for (const FeedEntry& e : *entries) {
        if (e.seq > from) past.push_back(e);
      }
      s->Feed(from, past);
    }
  }
}

}  // namespace fieldservice::scheduling::api
