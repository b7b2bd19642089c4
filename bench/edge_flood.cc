// Floods a service with oversized requests, as a careless or hostile client
// would, to measure what they cost the server (bench/edge_memory.sh reads the
// server's memory around it). Every request should be refused with
// RESOURCE_EXHAUSTED; the tool prints how many were, and how long it took.
//
//   edge_flood HOST:PORT [CONCURRENT=64] [BYTES=10000000] [ROUNDS=1] [CA_FILE]
//
// With CA_FILE the flood goes over TLS checked against that CA, as every
// client of a deployed service does; without it, plain text (a server run
// with plaintext=true).
#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace {

// GetDecisionRequest.name (field 1, length-delimited) of `bytes` bytes.
std::string OversizedRequest(size_t bytes) {
  std::string out = "\x0a";
  for (uint64_t v = bytes;; v >>= 7) {
    out.push_back(static_cast<char>((v & 0x7f) | (v >= 0x80 ? 0x80 : 0)));
    if (v < 0x80) break;
  }
  return out + std::string(bytes, 'a');
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s HOST:PORT [CONCURRENT] [BYTES] [ROUNDS] [CA_FILE]\n", argv[0]);
    return 2;
  }
  const int concurrent = argc > 2 ? std::atoi(argv[2]) : 64;
  const size_t bytes = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 10'000'000;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 1;
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (argc > 5) {
    std::ifstream ca_file(argv[5]);
    std::stringstream ca;
    ca << ca_file.rdbuf();
    if (!ca_file) {
      std::fprintf(stderr, "cannot read %s\n", argv[5]);
      return 2;
    }
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ca.str();
    credentials = grpc::SslCredentials(tls);
  }
  const std::string method = "/fieldservice.warranty.v1.Warranty/GetDecision";
  const std::string request = OversizedRequest(bytes);

  absl::Mutex mu;
  std::map<int, int> codes;
  const absl::Time start = absl::Now();
  for (int round = 0; round < rounds; ++round) {
    // One channel per caller: separate connections, as separate clients.
    std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
    std::vector<grpc::ClientContext> contexts(concurrent);
    std::vector<grpc::ByteBuffer> responses(concurrent);
    grpc::Slice slice(request);
    grpc::ByteBuffer buffer(&slice, 1);
    absl::BlockingCounter done(concurrent);
    for (int i = 0; i < concurrent; ++i) {
      grpc::ChannelArguments args;
      args.SetInt("grpc.channel_id", i);  // no channel sharing between stubs
      args.SetMaxSendMessageSize(-1);
      stubs.push_back(std::make_unique<grpc::GenericStub>(
          grpc::CreateCustomChannel(argv[1], credentials, args)));
      contexts[i].set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(120)));
      stubs[i]->UnaryCall(&contexts[i], method, grpc::StubOptions(), &buffer, &responses[i],
                          [&](grpc::Status status) {
                            {
                              absl::MutexLock lock(&mu);
                              ++codes[status.error_code()];
                            }
                            done.DecrementCount();
                          });
    }
    done.Wait();
  }
  std::printf("requests=%d bytes_each=%zu seconds=%.2f", concurrent * rounds, bytes,
              absl::ToDoubleSeconds(absl::Now() - start));
  for (const auto& [code, count] : codes) std::printf(" code_%d=%d", code, count);
  std::printf("\n");
  return 0;
}
