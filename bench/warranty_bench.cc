// Warranty decisions per second (issue 3): the pure engine in process, and
// DecideCoverage through a real gRPC server on 127.0.0.1:0 that stores every
// decision in a real MariaDB, as the service does in production. Speed goals
// are measured here, never asserted in tests; scripts/bench.sh runs this and
// writes docs/BENCHMARKS.md.
//
// The gRPC benchmarks need the throwaway MariaDB that scripts/bench.sh
// starts (FS_TEST_DB_HOST, FS_TEST_DB_PORT, FS_TEST_DB_USER,
// FS_TEST_DB_PASSWORD, as for the tests). Without it they report an error and
// the binary exits non-zero; the in-process ones run anyway
// (--benchmark_filter=InProcess).
#include <benchmark/benchmark.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fieldservice/warranty/v1/warranty.grpc.pb.h"
#include "services/common/auth/token_signer.h"
#include "services/common/auth/token_verifier.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/db_pool.h"
#include "services/common/errors.h"
#include "services/common/files.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/proto_time.h"
#include "services/common/request_check.h"
#include "services/common/server.h"
#include "services/warranty/api/decision_mapping.h"
#include "services/warranty/api/warranty_handler.h"
#include "services/warranty/domain/catalogue.h"
#include "services/warranty/domain/catalogue_service.h"
#include "services/warranty/domain/decision_service.h"
#include "services/warranty/domain/engine.h"
#include "services/warranty/storage/mysql_warranty_repository.h"
#include "tests/support/test_db.h"
#include "tests/support/test_identity.h"
#include "tests/support/test_server_options.h"
#include "tests/warranty/domain/case_table.h"

namespace fieldservice::warranty {
namespace {

namespace v1 = ::fieldservice::warranty::v1;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

std::string SourcePath(const std::string& relative) {
  return absl::StrCat(FS_SOURCE_DIR, "/", relative);
}

std::string ReadFile(const std::string& path) { return common::ReadTextFile(path).value_or(""); }

// Set when a gRPC benchmark could not run, so main() exits non-zero: a
// results file silently missing the gRPC rows would look like a success.
std::atomic<bool> grpc_failed{false};

// ---------------------------------------------------------------------------
// In process: the engine with the shipped catalogue and calendar, no I/O.

struct EngineInputs {
  Catalogue catalogue;
  common::WorkingCalendar calendar;
  // The case table's requests that decide (violation cases are refused
  // before the engine does its real work, so they would flatter the mix).
  std::vector<DecisionRequest> mix;
};

// Loaded once; a failure is reported by the benchmark that needed it.
const absl::StatusOr<EngineInputs>& Inputs() {
  static const absl::StatusOr<EngineInputs>* inputs =
      new absl::StatusOr<EngineInputs>([]() -> absl::StatusOr<EngineInputs> {
        auto catalogue = LoadCatalogueFile(SourcePath("data/warranty/catalogue.txt"));
        if (!catalogue.ok()) return catalogue.status();
        auto calendar =
            common::WorkingCalendar::LoadFile(SourcePath("data/calendar/cn_holidays.txt"), kChina);
        if (!calendar.ok()) return calendar.status();
        auto table =
            cases::LoadCaseTable(SourcePath("tests/warranty/cases/warranty_cases.txt"), kChina);
        if (!table.ok()) return table.status();
        EngineInputs in{*std::move(catalogue), *std::move(calendar), {}};
        for (const cases::WarrantyCase& c : *table) {
          if (!c.expect.violations.empty()) continue;
          // A case meant to decide that does not would measure an error path.
          auto decided = Decide(c.request, in.catalogue, in.calendar);
          if (!decided.ok()) {
            return absl::InternalError(
                absl::StrCat("case ", c.id, " does not decide: ", decided.status().ToString()));
          }
          in.mix.push_back(c.request);
        }
        if (in.mix.empty()) return absl::InternalError("the case table has no deciding case");
        return in;
      }());
  return *inputs;
}

// Every deciding case of the table in turn: free, paid and not-covered
// decisions, refunds with depreciation, brand terms, repair histories.
void BM_DecideInProcess(benchmark::State& state) {
  const auto& inputs = Inputs();
  if (!inputs.ok()) {
    state.SkipWithError(inputs.status().ToString().c_str());
    return;
  }
  const std::vector<DecisionRequest>& mix = inputs->mix;
  size_t next = 0;
  for (auto _ : state) {
    absl::StatusOr<Decision> decision = Decide(mix[next], inputs->catalogue, inputs->calendar);
    benchmark::DoNotOptimize(decision);
    if (++next == mix.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(absl::StrCat(mix.size(), " table cases"));
}
BENCHMARK(BM_DecideInProcess);

// The table's default request: a refrigerator repaired free in its first
// year, the commonest decision.
void BM_DecideInProcess_Simple(benchmark::State& state) {
  const auto& inputs = Inputs();
  if (!inputs.ok()) {
    state.SkipWithError(inputs.status().ToString().c_str());
    return;
  }
  const DecisionRequest request = cases::DefaultCaseRequest();
  for (auto _ : state) {
    absl::StatusOr<Decision> decision = Decide(request, inputs->catalogue, inputs->calendar);
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideInProcess_Simple);

// The default case request as a client sends it, with the order it is for.
v1::DecideCoverageRequest SimpleProtoRequest() {
  const DecisionRequest r = cases::DefaultCaseRequest();
  v1::DecideCoverageRequest p;
  p.set_order(
      absl::StrCat("repairOrders/", common::FormatOrderNumber(absl::CivilDay(2025, 11, 20), 7)));
  p.mutable_product()->set_category(r.product.category);
  p.mutable_product()->set_brand(r.product.brand);
  p.mutable_product()->set_model(r.product.model);
  p.mutable_product()->set_serial(r.product.serial);
  common::SetDate(*r.invoice_date, p.mutable_invoice_date());
  common::SetDate(*r.production_date, p.mutable_production_date());
  p.mutable_proof()->set_invoice_present(r.proof.invoice_present);
  p.mutable_proof()->set_warranty_card_present(r.proof.warranty_card_present);
  p.mutable_fault()->set_performance_fault(r.fault.performance_fault);
  p.mutable_fault()->set_component(r.fault.component);
  p.set_sale_type(v1::NORMAL);
  p.set_use(v1::HOUSEHOLD);
  p.mutable_price_paid()->set_amount_fen(r.price_paid_fen);
  // Noon local: unambiguously that business day.
  const absl::CivilDay day = *r.request_date;
  common::SetTimestamp(
      absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), 12), kChina),
      p.mutable_request_time());
  return p;
}

// What the handler does on the CPU besides the engine (proto to domain,
// validation, the answer and its stored JSON document), so the gRPC numbers
// can be split into engine, mapping, and network plus database.
void BM_DecideWithMappingInProcess(benchmark::State& state) {
  const auto& inputs = Inputs();
  if (!inputs.ok()) {
    state.SkipWithError(inputs.status().ToString().c_str());
    return;
  }
  v1::DecideCoverageRequest request = SimpleProtoRequest();
  request.set_request_id("bench-mapping");
  const absl::Time now = absl::Now();
  google::protobuf::util::JsonPrintOptions json;
  json.preserve_proto_field_names = true;
  for (auto _ : state) {
    std::vector<common::FieldViolation> bad;
    DecisionRequest domain = api::ToDomain(request, inputs->calendar, bad);
    domain.request_date = BusinessDayOf(now, inputs->calendar);
    std::vector<common::FieldViolation> rules = Validate(domain, inputs->catalogue);
    absl::StatusOr<Decision> decision = Decide(domain, inputs->catalogue, inputs->calendar);
    if (!bad.empty() || !rules.empty() || !decision.ok()) {
      state.SkipWithError("the simple request does not decide");
      break;
    }
    v1::Decision document;
    api::ToProto(*decision, &document);
    document.set_decision_id(common::NewUuid());
    std::string stored;
    (void)google::protobuf::util::MessageToJsonString(document, &stored, json);
    benchmark::DoNotOptimize(stored);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideWithMappingInProcess);

// What the server's edge adds to every call before the handler parses the
// request (services/common/request_check.h): one walk over its bytes.
void BM_RequestCheckAtTheEdge(benchmark::State& state) {
  v1::DecideCoverageRequest request = SimpleProtoRequest();
  request.set_request_id("bench-edge-check");
  const std::string bytes = request.SerializeAsString();
  for (auto _ : state) {
    google::protobuf::io::ArrayInputStream input(bytes.data(), static_cast<int>(bytes.size()));
    absl::Status checked = common::CheckRequestBytes(*request.GetDescriptor(), input);
    if (!checked.ok()) {
      state.SkipWithError(checked.ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RequestCheckAtTheEdge);

// What the edge spends on a person's call before the handler: verifying the
// bearer token (ES256 signature, claims) against the key set.
void BM_VerifyTokenAtTheEdge(benchmark::State& state) {
  auto key = common::auth::SigningKey::Generate(common::auth::SigningKey::Algorithm::kEs256, "k1");
  auto jwk = key.ok() ? key->PublicJwk() : key.status();
  auto keys = jwk.ok() ? common::auth::KeySet::Parse(common::auth::JwksOf({*jwk})) : jwk.status();
  if (!keys.ok()) {
    state.SkipWithError(keys.status().ToString().c_str());
    return;
  }
  const absl::Time now = absl::FromUnixSeconds(1795000000);
  common::auth::TokenClaims claims{
      "fieldservice-dev", "fieldservice", "agent-li", {"agent"}, now, now, now + absl::Hours(8)};
  auto token = key->Sign(claims);
  common::auth::TokenRules rules;
  rules.issuer = "fieldservice-dev";
  rules.audience = "fieldservice";
  common::auth::TokenVerifier verifier(rules);
  for (auto _ : state) {
    auto verified = verifier.Verify(*token, **keys, now);
    if (!verified.ok()) {
      state.SkipWithError(verified.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyTokenAtTheEdge);

// ---------------------------------------------------------------------------
// Over gRPC: the service as deployed, in this process so one binary measures
// it, on a fresh database of the throwaway MariaDB.

// The service's own wiring (services/warranty/main.cc) with its defaults:
// 16 handler threads, 8 database connections, a 10 s catalogue refresh, the
// system clock.
class BenchServer {
 public:
  static absl::StatusOr<std::unique_ptr<BenchServer>> Start() {
    auto server = std::unique_ptr<BenchServer>(new BenchServer());
    if (absl::Status s = server->Init(); !s.ok()) return s;
    return server;
  }

  ~BenchServer() {
    if (host_ != nullptr) host_->Shutdown(absl::Seconds(5));
    host_.reset();
    handler_.reset();
    decisions_.reset();
    catalogues_.reset();
    repository_.reset();
    pool_.reset();
    if (created_) fieldservice::testing::DropTestDatabase(db_);
  }

  v1::Warranty::Stub& stub() { return *stub_; }

 private:
  BenchServer() = default;

  absl::Status Init() {
    db_ = fieldservice::testing::CreateTestDatabase("bench");
    created_ = true;
    pool_ = std::make_unique<common::ConnectionPool>(db_);
    auto migrated = common::ApplyMigrations(*pool_, EmbeddedMigrations(), absl::Seconds(30));
    if (!migrated.ok()) return migrated.status();
    auto calendar =
        common::WorkingCalendar::LoadFile(SourcePath("data/calendar/cn_holidays.txt"), kChina);
    if (!calendar.ok()) return calendar.status();
    calendar_ = std::make_unique<common::WorkingCalendar>(*std::move(calendar));
    repository_ = std::make_unique<MySqlWarrantyRepository>(*pool_, common::RetryPolicy{});
    catalogues_ = std::make_unique<CatalogueService>(*repository_, clock_, absl::Seconds(10));
    if (absl::Status s = catalogues_->Bootstrap(ReadFile(SourcePath("data/warranty/catalogue.txt")),
                                                "catalogue.txt");
        !s.ok()) {
      return s;
    }
    decisions_ = std::make_unique<DecisionService>(*repository_, *catalogues_, *calendar_, clock_);
    handler_ = std::make_unique<api::WarrantyHandler>(*decisions_, *catalogues_, *calendar_);
    // As deployed: TLS, and every call admitted by the gatekeeper.
    auto host = common::ServerHost::Start(fieldservice::testing::TestServerOptions("warranty"),
                                          {common::Served<v1::Warranty>(handler_.get())});
    if (!host.ok()) return host.status();
    host_ = *std::move(host);
    // One channel, as one client process (the orders service) would hold;
    // its calls are multiplexed over one HTTP/2 connection, over mutual TLS
    // with the orders certificate.
    stub_ = v1::Warranty::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()),
                            fieldservice::testing::ServiceCredentials("orders")));
    return absl::OkStatus();
  }

  common::DbSettings db_;
  bool created_ = false;
  std::unique_ptr<common::ConnectionPool> pool_;
  common::SystemClock clock_;
  std::unique_ptr<common::WorkingCalendar> calendar_;
  std::unique_ptr<MySqlWarrantyRepository> repository_;
  std::unique_ptr<CatalogueService> catalogues_;
  std::unique_ptr<DecisionService> decisions_;
  std::unique_ptr<api::WarrantyHandler> handler_;
  std::unique_ptr<common::ServerHost> host_;
  std::unique_ptr<v1::Warranty::Stub> stub_;
};

std::mutex server_mu;
// Owned; started by the first gRPC benchmark, stopped by main().
BenchServer* shared_server = nullptr;
std::string server_error;  // why it could not start

// The shared server, started on first use so in-process runs need no
// database; null (with the benchmark marked failed) when it cannot start.
BenchServer* ServerOrSkip(benchmark::State& state) {
  std::lock_guard<std::mutex> lock(server_mu);
  if (shared_server == nullptr && server_error.empty()) {
    if (std::getenv("FS_TEST_DB_HOST") == nullptr || std::getenv("FS_TEST_PKI_DIR") == nullptr) {
      // Checked here because CreateTestDatabase would abort the whole run.
      server_error =
          "FS_TEST_DB_HOST or FS_TEST_PKI_DIR is not set: the gRPC benchmarks "
          "store decisions in a real MariaDB and serve over TLS; run scripts/bench.sh, "
          "which starts a throwaway database with its certificates";
    } else {
      auto started = BenchServer::Start();
      if (started.ok()) {
        shared_server = started->release();
      } else {
        server_error = absl::StrCat("cannot start the server: ", started.status().ToString());
      }
    }
    if (!server_error.empty()) std::fprintf(stderr, "warranty_bench: %s\n", server_error.c_str());
  }
  if (shared_server == nullptr) {
    grpc_failed = true;
    state.SkipWithError(server_error.c_str());
  }
  return shared_server;
}

// One call; false (with the benchmark marked failed) when it does not
// succeed, so an error path is never measured as a decision.
bool Call(benchmark::State& state, BenchServer& server, const v1::DecideCoverageRequest& request) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::Decision response;
  grpc::Status status = server.stub().DecideCoverage(&context, request, &response);
  if (!status.ok()) {
    grpc_failed = true;
    state.SkipWithError(
        absl::StrCat("DecideCoverage failed: ", static_cast<int>(status.error_code()), " ",
                     status.error_message())
            .c_str());
    return false;
  }
  return true;
}

std::atomic<int64_t> next_request{0};

// A new decision each call: validate, decide, check the request_id is new,
// store the decision (one committed transaction), answer.
void BM_DecideOverGrpc(benchmark::State& state) {
  BenchServer* server = ServerOrSkip(state);
  v1::DecideCoverageRequest request = SimpleProtoRequest();
  // KeepRunning rather than range-for or an early return: once
  // SkipWithError was called it ends the loop through the threads' shared
  // start/stop barrier, so one failing thread cannot hang the others.
  while (state.KeepRunning()) {
    request.set_request_id(absl::StrCat("bench-", next_request.fetch_add(1)));
    Call(state, *server, request);
  }
  state.SetItemsProcessed(state.iterations());
}
// Real time: the work happens on the server's threads and in MariaDB, not
// on the calling thread's CPU. Several client threads show what group
// commit and the handler pool make of concurrent callers on this machine.
BENCHMARK(BM_DecideOverGrpc)->UseRealTime()->Threads(1)->Threads(4)->Threads(8);

// A client retrying a request_id it already sent (a phone or relay retry):
// the stored decision is read back, nothing is written.
void BM_DecideOverGrpcRetry(benchmark::State& state) {
  BenchServer* server = ServerOrSkip(state);
  v1::DecideCoverageRequest request = SimpleProtoRequest();
  request.set_request_id(absl::StrCat("bench-retry-", next_request.fetch_add(1)));
  // The first call stores the decision; every call in the loop reads it.
  // After a failure the loop ends at once (see BM_DecideOverGrpc).
  if (server != nullptr) Call(state, *server, request);
  while (state.KeepRunning()) Call(state, *server, request);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideOverGrpcRetry)->UseRealTime()->Threads(1)->Threads(4);

}  // namespace
}  // namespace fieldservice::warranty

int main(int argc, char** argv) {
  // One log line per decision would flood the console and time the terminal;
  // warnings and errors still show.
  fieldservice::common::SetMinLogLevel(fieldservice::common::LogLevel::kWarning);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  {
    // Stops the server and drops the benchmark's database.
    std::lock_guard<std::mutex> lock(fieldservice::warranty::server_mu);
    delete fieldservice::warranty::shared_server;
    fieldservice::warranty::shared_server = nullptr;
  }
  return fieldservice::warranty::grpc_failed ? 1 : 0;
}
