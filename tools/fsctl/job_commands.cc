// `fsctl jobs` and `fsctl job accept|decline|depart|arrive|not-home|parts|
// parts-arrived|complete JOB`: the technician's app steps
// (TechnicianApp, with the technician's own token), so a visit can be
// driven from a shell.
//
// Every step carries an operation id (--op, else a new UUID, printed on
// stderr so the step can be sent again). Sending the same id again acts
// once: the service answers with the job as it is now. fsctl itself sends
// it again, with the same id, when the call may or may not have got
// through (UNAVAILABLE, DEADLINE_EXCEEDED), as the app on a phone with a bad
// connection does: up to --retries more times, the waits doubling from
// --retry-wait.

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/hashing.h"
#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::scheduling::v1;

std::string ProductText(const v1::TechnicianJob& job) {
  std::vector<std::string> product;
  for (const std::string* part : {&job.category(), &job.brand(), &job.model()}) {
    if (!part->empty()) product.push_back(*part);
  }
  return absl::StrJoin(product, " ");
}

int ListJobs(Session& session, const po::variables_map& values) {
  v1::ListMyJobsRequest request;
  if (values.count("day")) {
    absl::StatusOr<absl::CivilDay> day = ParseDay(values["day"].as<std::string>());
    if (!day.ok()) return ReportUsageError("jobs: --day: " + std::string(day.status().message()));
    request.mutable_day()->set_year(static_cast<int32_t>(day->year()));
    request.mutable_day()->set_month(day->month());
    request.mutable_day()->set_day(day->day());
  }
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::ListMyJobsResponse response;
  grpc::Status status = v1::TechnicianApp::NewStub(channel->channel)
                            ->ListMyJobs(session.NewCall(*channel).get(), request, &response);
  if (!status.ok()) return ReportCallError("jobs", status, session.json());
  if (session.json()) {
    PrintJson(response);
    return kExitOk;
  }
  Table table({"JOB", "STEP", "ACCEPTED", "VISIT", "APPOINTMENT", "PRODUCT", "REGION", "CUSTOMER",
               "VERSION"});
  for (const v1::TechnicianJob& job : response.jobs()) {
    table.Add(
        {IdOf(job.name()), v1::JobStep_Name(job.step()) + (job.complaint() ? " complaint" : ""),
         job.accepted() ? "yes" : "no", WindowText(job.visit()), WindowText(job.appointment()),
         ProductText(job), job.region_code(), job.customer().name(), absl::StrCat(job.version())});
  }
  if (table.empty()) {
    std::cout << "no jobs\n";
  } else {
    table.Print(std::cout);
  }
  return kExitOk;
}

// The step's operation id: --op, else a new one, told on stderr so the
// person can send the step again safely.
std::string OperationId(const po::variables_map& values) {
  if (values.count("op")) return values["op"].as<std::string>();
  const std::string id = common::NewUuid();
  std::cerr << "operation " << id << " (send again with --op " << id << " to retry safely)\n";
  return id;
}

// Whether the call may have got through or not: sent again, same id.
bool MaybeSent(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

// A mutating TechnicianApp call: the request (its operation id set), and
// how to send it on a stub.
using Send =
    std::function<grpc::Status(v1::TechnicianApp::Stub&, grpc::ClientContext*, v1::TechnicianJob*)>;

// Sends a step, again with the same operation id after a failure that may
// or may not have reached the service, and prints the job it left.
int SendStep(Session& session, const po::variables_map& values, const std::string& what,
             const Send& send) {
  const int retries = values["retries"].as<int>();
  absl::Duration wait;
  if (retries < 0) return ReportUsageError(what + ": --retries: must be 0 or more");
  if (!absl::ParseDuration(values["retry-wait"].as<std::string>(), &wait) ||
      wait < absl::ZeroDuration()) {
    return ReportUsageError(what + ": --retry-wait: not a duration such as 500ms or 2s");
  }
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  auto stub = v1::TechnicianApp::NewStub(channel->channel);
  v1::TechnicianJob job;
  grpc::Status status;
  for (int attempt = 0;; ++attempt) {
    status = send(*stub, session.NewCall(*channel).get(), &job);
    if (status.ok() || !MaybeSent(status) || attempt == retries) break;
    std::cerr << "fsctl: " << what << ": "
              << absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code()))
              << ": " << status.error_message() << "; sending it again in "
              << absl::FormatDuration(wait) << " (" << attempt + 1 << " of " << retries << ")\n";
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(wait));
    wait *= 2;
  }
  if (!status.ok()) return ReportCallError(what, status, session.json());
  if (session.json()) {
    PrintJson(job);
    return kExitOk;
  }
  Fields fields = {{"Job", IdOf(job.name())},
                   {"Step", v1::JobStep_Name(job.step())},
                   {"Accepted", job.accepted() ? "yes" : "no"},
                   {"Version", absl::StrCat(job.version())}};
  if (job.has_eta()) fields.push_back({"ETA", TimeText(job.eta())});
  if (job.has_appointment()) fields.push_back({"Appointment", WindowText(job.appointment())});
  PrintFields(std::cout, fields);
  return kExitOk;
}

std::string JobOf(const po::variables_map& values) {
  return ResourceName("dispatchJobs", values["JOB"].as<std::string>());
}

std::string ReasonOf(const po::variables_map& values) {
  return values.count("reason") ? values["reason"].as<std::string>() : "";
}

int Accept(Session& session, const po::variables_map& values) {
  v1::AcceptJobRequest request;
  request.set_job(JobOf(values));
  request.set_operation_id(OperationId(values));
  return SendStep(session, values, "job accept",
                  [&](v1::TechnicianApp::Stub& stub, grpc::ClientContext* context,
                      v1::TechnicianJob* job) { return stub.AcceptJob(context, request, job); });
}

int Decline(Session& session, const po::variables_map& values) {
  v1::DeclineJobRequest request;
  request.set_job(JobOf(values));
  request.set_reason(ReasonOf(values));
  request.set_operation_id(OperationId(values));
  return SendStep(session, values, "job decline",
                  [&](v1::TechnicianApp::Stub& stub, grpc::ClientContext* context,
                      v1::TechnicianJob* job) { return stub.DeclineJob(context, request, job); });
}

// `job depart|arrive|not-home|parts|parts-arrived`: an UpdateJobStatus.
Command StatusCommand(const std::string& word, v1::JobStatusUpdate update,
                      const std::string& summary, const Positional& job,
                      const std::function<void(po::options_description&)>& add_step_options) {
  return {{"job", word},
          summary,
          {job},
          [update, add_step_options](po::options_description& options) {
            if (update == v1::DEPARTED) {
              options.add_options()("eta", po::value<std::string>(),
                                    "when you expect to arrive: RFC 3339, or +DURATION from now "
                                    "(+30m)");
            } else if (update != v1::ARRIVED && update != v1::PARTS_ARRIVED) {
              options.add_options()(
                  "reason", po::value<std::string>(),
                  update == v1::NEEDS_PARTS ? "which parts are awaited" : "why (required)");
            }
            add_step_options(options);
          },
          [update, word](Session& session, const po::variables_map& values) {
            const std::string what = "job " + word;
            v1::UpdateJobStatusRequest request;
            request.set_job(JobOf(values));
            request.set_status(update);
            if (values.count("reason")) request.set_reason(values["reason"].as<std::string>());
            if (values.count("eta")) {
              absl::StatusOr<absl::Time> eta =
                  ParseTimeOrAhead(values["eta"].as<std::string>(), absl::Now());
              if (!eta.ok()) {
                return ReportUsageError(what + ": --eta: " + std::string(eta.status().message()));
              }
              common::SetTimestamp(*eta, request.mutable_eta());
            }
            request.set_operation_id(OperationId(values));
            return SendStep(session, values, what,
                            [&](v1::TechnicianApp::Stub& stub, grpc::ClientContext* context,
                                v1::TechnicianJob* job) {
                              return stub.UpdateJobStatus(context, request, job);
                            });
          }};
}

// --part ID:SERIAL[:QTY].
absl::StatusOr<v1::PartUsed> ParsePart(const std::string& text) {
  std::vector<std::string> fields = absl::StrSplit(text, ':');
  v1::PartUsed part;
  int quantity = 1;
  if ((fields.size() != 2 && fields.size() != 3) ||
      (fields.size() == 3 && !absl::SimpleAtoi(fields[2], &quantity))) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not ID:SERIAL:QTY such as thermostat:TH-0001:1"));
  }
  part.set_part_id(fields[0]);
  part.set_serial(fields[1]);
  part.set_quantity(quantity);
  return part;
}

// --fee KIND:YUAN, or part:PART_ID:YUAN.
absl::StatusOr<v1::Fee> ParseFee(const std::string& text) {
  std::vector<std::string> fields = absl::StrSplit(text, ':');
  const auto refused = absl::InvalidArgumentError(absl::StrCat(
      "'", text, "' is not KIND:YUAN or part:PART_ID:YUAN such as labour:80 or part:thermostat:120",
      " (kinds: ", EnumNames(*v1::FeeKind_descriptor()), ")"));
  if (fields.size() != 2 && fields.size() != 3) return refused;
  absl::StatusOr<int> kind = ParseEnumName(*v1::FeeKind_descriptor(), fields[0]);
  absl::StatusOr<int64_t> fen = ParseYuan(fields.back());
  if (!kind.ok()) return kind.status();
  if (!fen.ok()) return fen.status();
  v1::Fee fee;
  fee.set_kind(static_cast<v1::FeeKind>(*kind));
  if (fields.size() == 3) fee.set_part_id(fields[1]);
  fee.mutable_amount()->set_amount_fen(*fen);
  return fee;
}

int Complete(Session& session, const po::variables_map& values) {
  v1::CompleteJobRequest request;
  request.set_job(JobOf(values));
  v1::RepairRecord& record = *request.mutable_record();
  // What is left out is sent empty: the service names each field it needs.
  if (values.count("fault")) record.set_fault_found(values["fault"].as<std::string>());
  if (values.count("work")) record.set_work_done(values["work"].as<std::string>());
  if (values.count("opinion")) record.set_customer_opinion(values["opinion"].as<std::string>());
  if (values.count("part")) {
    for (const std::string& text : values["part"].as<std::vector<std::string>>()) {
      absl::StatusOr<v1::PartUsed> part = ParsePart(text);
      if (!part.ok()) {
        return ReportUsageError("job complete: --part: " + std::string(part.status().message()));
      }
      *record.add_parts_used() = *part;
    }
  }
  if (values.count("fee")) {
    for (const std::string& text : values["fee"].as<std::vector<std::string>>()) {
      absl::StatusOr<v1::Fee> fee = ParseFee(text);
      if (!fee.ok()) {
        return ReportUsageError("job complete: --fee: " + std::string(fee.status().message()));
      }
      *record.add_fees() = *fee;
    }
  }
  if (values.count("function-test")) {
    absl::StatusOr<bool> passed = ParseYesNo(values["function-test"].as<std::string>());
    if (!passed.ok()) {
      return ReportUsageError("job complete: --function-test: " +
                              std::string(passed.status().message()));
    }
    record.set_function_test_passed(*passed);
  }
  if (values.count("signature-file")) {
    const std::string path = values["signature-file"].as<std::string>();
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    if (!file || !(bytes << file.rdbuf()) || file.bad()) {
      return ReportUsageError("job complete: --signature-file: cannot read " + path);
    }
    record.set_signature(bytes.str());
    record.set_signature_sha256(common::Sha256Hex(record.signature()));
  }
  request.set_operation_id(OperationId(values));
  return SendStep(session, values, "job complete",
                  [&](v1::TechnicianApp::Stub& stub, grpc::ClientContext* context,
                      v1::TechnicianJob* job) { return stub.CompleteJob(context, request, job); });
}

// --op, --retries and --retry-wait, which every step takes.
void AddStepOptions(po::options_description& options) {
  options.add_options()("op", po::value<std::string>(),
                        "the operation id (1 to 64 characters): the same id sent again acts "
                        "once (default: a new UUID, printed on stderr)")(
      "retries", po::value<int>()->default_value(3),
      "times to send it again, same id, when the service is unreachable or slow")(
      "retry-wait", po::value<std::string>()->default_value("500ms"),
      "the first wait before sending again; each later one doubles");
}

}  // namespace

void AddJobCommands(std::vector<Command>& commands) {
  const Positional job{"JOB", "the job: its order number, or dispatchJobs/NUMBER", true, {}};
  commands.push_back({{"jobs"},
                      "a technician's jobs of the day in visit order (technician's token)",
                      {},
                      [](po::options_description& options) {
                        options.add_options()("day", po::value<std::string>(),
                                              "the business day, 2026-11-24 (default: today)");
                      },
                      ListJobs});
  commands.push_back(
      {{"job", "accept"}, "accept a job assigned to you", {job}, AddStepOptions, Accept});
  commands.push_back({{"job", "decline"},
                      "decline a job assigned to you: it goes back to the dispatch queue",
                      {job},
                      [](po::options_description& options) {
                        options.add_options()("reason", po::value<std::string>(), "why (required)");
                        AddStepOptions(options);
                      },
                      Decline});
  commands.push_back(StatusCommand("depart", v1::DEPARTED,
                                   "leaving for the customer of a booked job (--eta)", job,
                                   AddStepOptions));
  commands.push_back(
      StatusCommand("arrive", v1::ARRIVED, "at the customer's", job, AddStepOptions));
  commands.push_back(StatusCommand("not-home", v1::CUSTOMER_NOT_HOME,
                                   "nobody home: the visit must be rebooked (--reason)", job,
                                   AddStepOptions));
  commands.push_back(StatusCommand("parts", v1::NEEDS_PARTS,
                                   "cannot fix today, waiting for parts (--reason: which)", job,
                                   AddStepOptions));
  commands.push_back(StatusCommand("carry-in", v1::NEEDS_CARRY_IN,
                                   "cannot fix on site: the unit goes to an outlet (--reason)", job,
                                   AddStepOptions));
  commands.push_back(StatusCommand("parts-arrived", v1::PARTS_ARRIVED,
                                   "the awaited parts are in: the job waits for a new visit", job,
                                   AddStepOptions));
  commands.push_back(
      {{"job", "complete"},
       "finish the visit with the repair record and the customer's signature",
       {job},
       [](po::options_description& options) {
         options.add_options()("fault", po::value<std::string>(), "what was wrong (required)")(
             "work", po::value<std::string>(), "what was done (required)")(
             "part", po::value<std::vector<std::string>>(),
             "a part fitted, ID:SERIAL:QTY (thermostat:TH-0001:1); repeat for more")(
             "fee", po::value<std::vector<std::string>>(),
             "a fee charged, KIND:YUAN or part:PART_ID:YUAN (labour:80); repeat for more")(
             "function-test", po::value<std::string>(),
             "the full-function test passed in front of the customer: yes or no")(
             "opinion", po::value<std::string>(), "the customer's opinion, in their words")(
             "signature-file", po::value<std::string>(),
             "the customer's signature image as captured; its SHA-256 is sent with it");
         AddStepOptions(options);
       },
       Complete});
}

}  // namespace fieldservice::fsctl
