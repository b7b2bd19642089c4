// `fsctl plan preview` and `fsctl plan commit`: the day planner (README
// "The day planner"). A preview changes nothing; it is kept by the
// scheduling service as dayPlans/{id} with an etag, and committing it sends
// both back, so a day that changed since is refused (ABORTED: plan again).
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fieldservice/scheduling/v1/scheduling_service.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::scheduling::v1;

// "1 visit", "3 visits".
std::string Count(int n, const std::string& thing) {
  return absl::StrCat(n, " ", thing, n == 1 ? "" : "s");
}

std::string Minutes(int minutes) { return minutes == 0 ? "-" : absl::StrCat(minutes, "m"); }

std::string WindowClock(const fieldservice::type::TimeWindow& window) {
  if (!window.has_start_time() && !window.has_end_time()) return "any";
  return ClockText(window.start_time()) + "-" + ClockText(window.end_time());
}

void PrintRoute(std::ostream& out, const v1::TechnicianRoute& route) {
  out << absl::StrFormat(
      "%s: leaves %s, back %s; %s, %.1f km, %d min travel, %d min waiting, %d min late\n",
      IdOf(route.technician()), ClockText(route.departure_time()), ClockText(route.return_time()),
      Count(route.visits_size(), "visit"), route.km(), route.travel_minutes(),
      route.waiting_minutes(), route.lateness_minutes());
  Table table(
      {"  #", "JOB", "ARRIVE", "START", "END", "WINDOW", "KM", "TRAVEL", "WAIT", "LATE", "BEFORE"});
  int stop = 0;
  for (const v1::PlannedVisit& v : route.visits()) {
    table.Add({absl::StrCat("  ", ++stop), IdOf(v.job()) + (v.pinned() ? " (pinned)" : ""),
               ClockText(v.arrival_time()), ClockText(v.start_time()), ClockText(v.end_time()),
               WindowClock(v.window()), absl::StrFormat("%.1f", v.travel_km()),
               Minutes(v.travel_minutes()), Minutes(v.waiting_minutes()),
               Minutes(v.lateness_minutes()),
               v.technician_before().empty() ? "queued" : IdOf(v.technician_before())});
  }
  table.Print(out);
}

void PrintPlan(std::ostream& out, const v1::DayPlan& plan) {
  out << absl::StrFormat("Plan %s for %s on %s: %s, %s left out, %.1f km, %d min late\n",
                         plan.name(), plan.region_code(), DateText(plan.date()),
                         Count(plan.routes_size(), "route"), Count(plan.unassigned_size(), "job"),
                         plan.total_km(), plan.total_lateness_minutes());
  for (const v1::TechnicianRoute& route : plan.routes()) {
    out << "\n";
    PrintRoute(out, route);
  }
  if (plan.unassigned_size() > 0) {
    out << "\nLeft out:\n";
    Table table({"JOB", "BEFORE", "ON COMMIT", "WHY"});
    for (const v1::UnplannedJob& u : plan.unassigned()) {
      table.Add({IdOf(u.job()),
                 u.technician_before().empty() ? "queued" : IdOf(u.technician_before()),
                 u.requeue() ? "back to the queue" : "stays as it is", u.reason()});
    }
    table.Print(out);
  }
  if (plan.under_way_size() > 0) {
    std::vector<std::string> jobs;
    for (const std::string& job : plan.under_way()) jobs.push_back(IdOf(job));
    out << "\nUnder way (not planned): " << absl::StrJoin(jobs, ", ") << "\n";
  }
  out << "\nExpires " << TimeText(plan.expire_time()) << "; commit it with:\n  fsctl plan commit "
      << plan.name() << " --etag " << plan.etag() << "\n";
}

int Preview(Session& session, const po::variables_map& values) {
  v1::PlanDayRequest request;
  request.set_region_code(values["region"].as<std::string>());
  absl::StatusOr<absl::CivilDay> day = ParseDay(values["date"].as<std::string>());
  if (!day.ok())
    return ReportUsageError("plan preview: --date: " + std::string(day.status().message()));
  request.mutable_date()->set_year(static_cast<int32_t>(day->year()));
  request.mutable_date()->set_month(day->month());
  request.mutable_date()->set_day(day->day());
  if (values.count("pin")) {
    for (const std::string& job : values["pin"].as<std::vector<std::string>>()) {
      request.add_pinned_jobs(ResourceName("dispatchJobs", job));
    }
  }
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::DayPlan plan;
  grpc::Status status = v1::Dispatch::NewStub(channel->channel)
                            ->PlanDay(session.NewCall(*channel).get(), request, &plan);
  if (!status.ok()) return ReportCallError("plan preview", status, session.json());
  if (session.json()) {
    PrintJson(plan);
  } else {
    PrintPlan(std::cout, plan);
  }
  return kExitOk;
}

int Commit(Session& session, const po::variables_map& values) {
  v1::CommitPlanRequest request;
  request.set_name(ResourceName("dayPlans", values["PLAN"].as<std::string>()));
  request.set_etag(values["etag"].as<std::string>());
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::CommitPlanResponse response;
  grpc::Status status = v1::Dispatch::NewStub(channel->channel)
                            ->CommitPlan(session.NewCall(*channel).get(), request, &response);
  if (!status.ok()) return ReportCallError("plan commit", status, session.json());
  if (session.json()) {
    PrintJson(response);
    return kExitOk;
  }
  std::cout << "Committed " << request.name() << ": " << response.jobs_size() << " jobs changed\n";
  Table table({"JOB", "STEP", "TECHNICIAN", "VISIT"});
  for (const v1::DispatchJob& job : response.jobs()) {
    table.Add({IdOf(job.name()), v1::JobStep_Name(job.step()), IdOf(job.technician()),
               WindowText(job.visit())});
  }
  if (!table.empty()) table.Print(std::cout);
  return kExitOk;
}

}  // namespace

void AddPlanCommands(std::vector<Command>& commands) {
  commands.push_back(
      {{"plan", "preview"},
       "plan a region's day: each technician's route and the jobs left out (changes nothing)",
       {},
       [](po::options_description& options) {
         options.add_options()("region", po::value<std::string>()->required(),
                               "the region's GB/T 2260 code (440100 Guangzhou, 440106 Tianhe)")(
             "date", po::value<std::string>()->required(), "the business day, YYYY-MM-DD")(
             "pin", po::value<std::vector<std::string>>()->composing(),
             "an assigned or booked job that keeps its technician and slot (repeatable)");
       },
       Preview});
  commands.push_back(
      {{"plan", "commit"},
       "apply a preview: every planned job assigned, moved or re-timed in one transaction",
       {{"PLAN", "the preview: dayPlans/ID, or ID, as plan preview printed it", true, {}}},
       [](po::options_description& options) {
         options.add_options()("etag", po::value<std::string>()->required(),
                               "the preview's etag, as plan preview printed it");
       },
       Commit});
}

}  // namespace fieldservice::fsctl
