// The technicians' open StreamJobs calls (gRPC's callback API: a stream
// holds no thread while it waits or while its reader is slow).
//
// One pump thread serves every stream: each round it asks the database
// which of the technicians with an idle stream (nothing buffered, no write
// in flight) have feed entries past the stream's cursor, reads at most a
// batch for each, and hands them to the stream, which writes them one by
// one. A slow reader keeps only its own batch waiting; the pump never waits
// for a write, so it never holds up the others. A round runs when this
// process commits a feed entry (Wake) and at least every poll interval
// (another replica's changes). The pump also deletes feed entries past
// their retention; a stream resuming from a cursor whose next changes are
// gone ends with OUT_OF_RANGE (list the jobs again, then stream from the
// list's cursor) rather than skip them unseen.
#ifndef FIELDSERVICE_SCHEDULING_API_JOB_STREAMS_H_
#define FIELDSERVICE_SCHEDULING_API_JOB_STREAMS_H_

#include <grpcpp/support/server_callback.h>

#include <cstdint>
#include <set>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "fieldservice/scheduling/v1/technician_app.pb.h"
#include "services/common/clock.h"
#include "services/scheduling/domain/dispatch_repository.h"

namespace fieldservice::scheduling::api {

namespace v1 = ::fieldservice::scheduling::v1;

struct StreamPolicy {
  // How often idle streams look for changes made by other replicas (this
  // process's own changes wake them at once).
  absl::Duration poll_interval = absl::Seconds(1);
  // Most feed entries read for one stream at once (bounds its memory).
  int batch = 100;
  // Feed entries and app operations are kept this long: a phone offline
  // longer lists its jobs again (ListMyJobs) and streams from there, and a
  // replay older than this is taken as a new operation.
  absl::Duration retention = absl::Hours(24 * 30);
  // How often entries past the retention are deleted, and at most how many
  // per statement (a short lock; a full chunk is followed by another).
  absl::Duration purge_interval = absl::Hours(1);
  int purge_batch = 1000;
};

class JobStreams {
 public:
  JobStreams(DispatchRepository& jobs, const common::Clock& clock, StreamPolicy policy);
  ~JobStreams();
  JobStreams(const JobStreams&) = delete;
  JobStreams& operator=(const JobStreams&) = delete;

  void Start();
  // Finishes every open stream with UNAVAILABLE (the app reconnects with
  // its last cursor) and stops the pump.
  void Stop();

  // A new stream of the technician's changes after `after_cursor`; the
  // reactor deletes itself when the call is done.
  grpc::ServerWriteReactor<v1::JobChangeEvent>* Open(const std::string& technician_id,
                                                     int64_t after_cursor);

  // A stream that only answers `status` (a request refused before it
  // opened); it deletes itself when done.
  static grpc::ServerWriteReactor<v1::JobChangeEvent>* Refused(const grpc::Status& status);

  // A feed entry was committed: run a round now.
  void Wake();

  // Open streams now (for tests and metrics).
  int open_streams() const;

 private:
  class Stream;
  void Loop();
  void Round();
  void PurgeWhenDue();
  void Forget(Stream* stream);

  DispatchRepository& jobs_;
  const common::Clock& clock_;
  absl::Time next_purge_ = absl::InfinitePast();  // pump thread only
  const StreamPolicy policy_;
  mutable absl::Mutex mu_;
  std::set<Stream*> open_ ABSL_GUARDED_BY(mu_);
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread pump_;
};

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_JOB_STREAMS_H_
