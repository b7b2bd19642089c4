// `fsctl queue`, `fsctl candidates JOB`, `fsctl assign JOB [TECHNICIAN]`:
// the dispatcher's view of the scheduling service.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "services/common/proto_time.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::scheduling::v1;

std::string Score(double value) { return absl::StrFormat("%.2f", value); }

int ShowQueue(Session& session, const po::variables_map& values) {
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::ListDispatchQueueRequest request;
  request.set_page_size(values["page-size"].as<int>());
  if (values.count("page-token")) request.set_page_token(values["page-token"].as<std::string>());
  v1::ListDispatchQueueResponse response;
  grpc::Status status =
      v1::Dispatch::NewStub(channel->channel)
          ->ListDispatchQueue(session.NewCall(*channel).get(), request, &response);
  if (!status.ok()) return ReportCallError("queue", status, session.json());
  if (session.json()) {
    PrintJson(response);
    return kExitOk;
  }
  Table table({"JOB", "REGION", "CATEGORY", "BRAND", "LEVEL", "PRIORITY", "DEADLINE", "WAITING",
               "PREFERRED"});
  for (const v1::DispatchJob& job : response.jobs()) {
    table.Add({IdOf(job.name()), job.region_code(), job.category(), job.brand(),
               absl::StrCat(job.min_level()),
               absl::StrCat(job.priority(), job.complaint() ? " complaint" : ""),
               TimeText(job.deadline()), AgeText(job.age_seconds()),
               WindowText(job.preferred_window())});
  }
  table.Print(std::cout);
  if (!response.next_page_token().empty()) {
    std::cout << "more: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

int ShowCandidates(Session& session, const po::variables_map& values) {
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::ProposeCandidatesRequest request;
  request.set_job(ResourceName("dispatchJobs", values["JOB"].as<std::string>()));
  request.set_max_candidates(values["max"].as<int>());
  v1::ProposeCandidatesResponse response;
  grpc::Status status =
      v1::Dispatch::NewStub(channel->channel)
          ->ProposeCandidates(session.NewCall(*channel).get(), request, &response);
  if (!status.ok()) return ReportCallError("candidates", status, session.json());
  if (session.json()) {
    PrintJson(response);
    return kExitOk;
  }
  Table table({"TECHNICIAN", "NAME", "SCORE", "SKILL", "TRAVEL", "WINDOW", "SLACK", "LOAD",
               "RATING", "KM", "MIN", "EARLIEST"});
  for (const v1::CandidateTechnician& c : response.candidates()) {
    const v1::ScoreParts& p = c.parts();
    table.Add({IdOf(c.technician()), c.display_name(), Score(c.score()), Score(p.skill_fit()),
               Score(p.travel()), Score(p.window_fit()), Score(p.deadline_slack()), Score(p.load()),
               Score(p.satisfaction()), absl::StrFormat("%.1f", c.travel_km()),
               absl::StrCat(c.travel_minutes()), TimeText(c.earliest_start())});
  }
  std::cout << response.eligible() << " of " << response.covering()
            << " technicians covering the place can take it\n";
  table.Print(std::cout);
  if (response.excluded_size() > 0) {
    std::cout << "\nLeft out:\n";
    Table excluded({"TECHNICIAN", "RULE", "WHY"});
    for (const v1::ExcludedTechnician& e : response.excluded()) {
      for (const v1::ExclusionReason& r : e.reasons()) {
        excluded.Add({IdOf(e.technician()), r.code(), r.reason()});
      }
    }
    excluded.Print(std::cout);
  }
  return kExitOk;
}

int Assign(Session& session, const po::variables_map& values) {
  v1::AssignJobRequest request;
  request.set_job(ResourceName("dispatchJobs", values["JOB"].as<std::string>()));
  if (values.count("TECHNICIAN")) {
    request.set_technician(ResourceName("technicians", values["TECHNICIAN"].as<std::string>()));
  }
  if (values.count("start")) {
    absl::StatusOr<absl::Time> start = ParseTime(values["start"].as<std::string>());
    if (!start.ok())
      return ReportUsageError("assign: --start: " + std::string(start.status().message()));
    common::SetTimestamp(*start, request.mutable_start_time());
  }
  if (values.count("override-reason")) {
    request.set_override_reason(values["override-reason"].as<std::string>());
  }
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::DispatchJob job;
  grpc::Status status = v1::Dispatch::NewStub(channel->channel)
                            ->AssignJob(session.NewCall(*channel).get(), request, &job);
  if (!status.ok()) return ReportCallError("assign", status, session.json());
  if (session.json()) {
    PrintJson(job);
    return kExitOk;
  }
  Fields fields = {{"Assigned", job.name()},
                   {"Technician", job.technician()},
                   {"Visit", WindowText(job.visit())},
                   {"Step", v1::JobStep_Name(job.step())}};
  if (job.overridden_rules_size() > 0) {
    fields.push_back({"Overridden", absl::StrJoin(job.overridden_rules(), ", ")});
  }
  PrintFields(std::cout, fields);
  return kExitOk;
}

}  // namespace

void AddDispatchCommands(std::vector<Command>& commands) {
  const Positional job{"JOB", "the job: its order number, or dispatchJobs/NUMBER", true, {}};
  commands.push_back({{"queue"},
                      "the dispatch queue as a table, the soonest deadline first",
                      {},
                      [](po::options_description& options) {
                        options.add_options()("page-size", po::value<int>()->default_value(50),
                                              "at most this many")(
                            "page-token", po::value<std::string>(), "the next page");
                      },
                      ShowQueue});
  commands.push_back({{"candidates"},
                      "who can take a queued job, best first, with the score's parts",
                      {job},
                      [](po::options_description& options) {
                        options.add_options()("max", po::value<int>()->default_value(10),
                                              "at most this many candidates");
                      },
                      ShowCandidates});
  commands.push_back(
      {{"assign"},
       "put a queued job on a technician (none named: the best candidate)",
       {job,
        {"TECHNICIAN", "technician id, or technicians/ID; empty: the best candidate", false, {}}},
       [](po::options_description& options) {
         options.add_options()("start", po::value<std::string>(),
                               "arrival, RFC 3339 (default: their earliest that fits)")(
             "override-reason", po::value<std::string>(),
             "assign although it breaks the day's rules, recording why");
       },
       Assign});
}

}  // namespace fieldservice::fsctl
