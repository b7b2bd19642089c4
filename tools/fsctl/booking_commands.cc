// `fsctl slots JOB` and `fsctl book JOB`: the windows a dispatcher can offer
// the customer on the phone, and the one agreed (预约). The technician's app
// departs only for a booked visit.
#include <iostream>

#include "absl/strings/str_cat.h"
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

// The offer for `job` over `channel`; a failed call is reported and its
// exit code returned.
int Offer(Session& session, const tools::CallerChannel& channel, const std::string& job,
          v1::OfferAppointmentSlotsResponse& offer) {
  v1::OfferAppointmentSlotsRequest request;
  request.set_job(job);
  grpc::Status status =
      v1::Dispatch::NewStub(channel.channel)
          ->OfferAppointmentSlots(session.NewCall(channel).get(), request, &offer);
  if (!status.ok()) return ReportCallError("slots", status, session.json());
  return kExitOk;
}

int ShowSlots(Session& session, const po::variables_map& values) {
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::OfferAppointmentSlotsResponse offer;
  const std::string job = ResourceName("dispatchJobs", values["JOB"].as<std::string>());
  if (int code = Offer(session, *channel, job, offer); code != kExitOk) return code;
  if (session.json()) {
    PrintJson(offer);
    return kExitOk;
  }
  Table table({"SLOT", "WINDOW", "TECHNICIANS (earliest start, travel)"});
  int n = 0;
  for (const v1::AppointmentSlot& slot : offer.slots()) {
    std::vector<std::string> who;
    for (const v1::SlotTechnician& t : slot.technicians()) {
      who.push_back(absl::StrCat(IdOf(t.technician()), " ", ClockText(t.earliest_start()), " ",
                                 t.travel_minutes(), "m"));
    }
    table.Add({absl::StrCat(++n), WindowText(slot.window()), absl::StrJoin(who, ", ")});
  }
  if (n == 0) {
    std::cout << "no window can be offered for " << job << "\n";
    return kExitOk;
  }
  table.Print(std::cout);
  std::cout << "book one with: fsctl book " << IdOf(job) << " --slot N\n";
  return kExitOk;
}

int Book(Session& session, const po::variables_map& values) {
  v1::BookAppointmentRequest request;
  request.set_job(ResourceName("dispatchJobs", values["JOB"].as<std::string>()));
  if (values.count("window") && values.count("slot")) {
    return ReportUsageError("book: --window and --slot: give one");
  }
  auto channel = session.Open("scheduling");
  if (!channel.ok()) return ReportUsageError(channel.status());
  if (values.count("window")) {
    absl::StatusOr<Window> window = ParseWindow(values["window"].as<std::string>());
    if (!window.ok()) {
      return ReportUsageError("book: --window: " + std::string(window.status().message()));
    }
    common::SetTimestamp(window->start, request.mutable_window()->mutable_start_time());
    common::SetTimestamp(window->end, request.mutable_window()->mutable_end_time());
  } else {
    // The window the offer lists as --slot (1: the first, the default).
    const int wanted = values["slot"].as<int>();
    v1::OfferAppointmentSlotsResponse offer;
    if (int code = Offer(session, *channel, request.job(), offer); code != kExitOk) return code;
    if (wanted < 1 || wanted > offer.slots_size()) {
      std::cerr << "fsctl: book: --slot: " << wanted << " is not one of the " << offer.slots_size()
                << " windows offered (fsctl slots " << IdOf(request.job()) << ")\n";
      return kExitRefused;
    }
    *request.mutable_window() = offer.slots(wanted - 1).window();
  }
  if (values.count("technician")) {
    request.set_technician(ResourceName("technicians", values["technician"].as<std::string>()));
  }
  if (values.count("override-reason")) {
    request.set_override_reason(values["override-reason"].as<std::string>());
  }
  v1::DispatchJob job;
  grpc::Status status = v1::Dispatch::NewStub(channel->channel)
                            ->BookAppointment(session.NewCall(*channel).get(), request, &job);
  if (!status.ok()) return ReportCallError("book", status, session.json());
  if (session.json()) {
    PrintJson(job);
    return kExitOk;
  }
  PrintFields(std::cout, {{"Booked", job.name()},
                          {"Technician", job.technician()},
                          {"Appointment", WindowText(job.appointment())},
                          {"Visit", WindowText(job.visit())},
                          {"Step", v1::JobStep_Name(job.step())}});
  return kExitOk;
}

}  // namespace

void AddBookingCommands(std::vector<Command>& commands) {
  const Positional job{"JOB", "the job: its order number, or dispatchJobs/NUMBER", true, {}};
  commands.push_back({{"slots"},
                      "the appointment windows to offer the customer, with who could come",
                      {job},
                      [](po::options_description&) {},
                      ShowSlots});
  commands.push_back(
      {{"book"},
       "book the window agreed with the customer (预约): an offered slot, or --window",
       {job},
       [](po::options_description& options) {
         options.add_options()("slot", po::value<int>()->default_value(1),
                               "the offered window of `fsctl slots` (1: the first)")(
             "window", po::value<std::string>(), "START/END, RFC 3339, instead of a slot")(
             "technician", po::value<std::string>(),
             "who goes (a queued job: one the offer names; else keep the assigned one)")(
             "override-reason", po::value<std::string>(),
             "book although it breaks the day's rules, recording why");
       },
       Book});
}

}  // namespace fieldservice::fsctl
