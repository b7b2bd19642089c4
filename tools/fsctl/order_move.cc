// `fsctl order move NAME EVENT`: moves an order along its lifecycle
// (README "Order lifecycle") with TransitionRepairOrder. The etag is the
// one given, else the order's as read just before, so a change made by
// someone else in between is refused (ABORTED, exit 1) rather than
// overwritten; an illegal move is FAILED_PRECONDITION naming the legal ones.
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "services/common/proto_time.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::orders::v1;

// The lower-case event names, for usage and the bash completion.
std::vector<std::string> EventNames() {
  std::vector<std::string> names;
  const auto* type = v1::Event_descriptor();
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() != 0)
      names.push_back(absl::AsciiStrToLower(type->value(i)->name()));
  }
  return names;
}

std::string AllowedText(const v1::RepairOrder& order) {
  std::vector<std::string> events;
  for (int e : order.allowed_events()) {
    events.push_back(absl::AsciiStrToLower(v1::Event_Name(static_cast<v1::Event>(e))));
  }
  return absl::StrJoin(events, ", ");
}

int Move(Session& session, const po::variables_map& values) {
  v1::TransitionRepairOrderRequest request;
  request.set_name(ResourceName("repairOrders", values["NAME"].as<std::string>()));
  absl::StatusOr<int> event =
      ParseEnumName(*v1::Event_descriptor(), values["EVENT"].as<std::string>());
  if (!event.ok())
    return ReportUsageError("order move: EVENT: " + std::string(event.status().message()));
  request.set_event(static_cast<v1::Event>(*event));
  if (values.count("reason")) request.set_reason(values["reason"].as<std::string>());
  if (values.count("technician")) request.set_technician_id(values["technician"].as<std::string>());
  if (values.count("window")) {
    absl::StatusOr<Window> window = ParseWindow(values["window"].as<std::string>());
    if (!window.ok()) {
      return ReportUsageError("order move: --window: " + std::string(window.status().message()));
    }
    common::SetTimestamp(window->start, request.mutable_appointment()->mutable_start_time());
    common::SetTimestamp(window->end, request.mutable_appointment()->mutable_end_time());
  }
  if (values.count("promised")) {
    absl::StatusOr<absl::Time> promised = ParseTime(values["promised"].as<std::string>());
    if (!promised.ok()) {
      return ReportUsageError("order move: --promised: " +
                              std::string(promised.status().message()));
    }
    common::SetTimestamp(*promised, request.mutable_promised_completion_time());
  }
  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());
  auto stub = v1::RepairOrders::NewStub(channel->channel);
  if (values.count("etag")) {
    request.set_etag(values["etag"].as<std::string>());
  } else {
    v1::GetRepairOrderRequest get;
    get.set_name(request.name());
    v1::RepairOrder current;
    grpc::Status status = stub->GetRepairOrder(session.NewCall(*channel).get(), get, &current);
    if (!status.ok()) return ReportCallError("order move", status, session.json());
    request.set_etag(current.etag());
  }
  v1::RepairOrder moved;
  grpc::Status status =
      stub->TransitionRepairOrder(session.NewCall(*channel).get(), request, &moved);
  if (!status.ok()) return ReportCallError("order move", status, session.json());
  if (session.json()) {
    PrintJson(moved);
    return kExitOk;
  }
  PrintFields(std::cout, {{"Order", moved.order_number()},
                          {"Status", v1::Status_Name(moved.status())},
                          {"Next", AllowedText(moved)}});
  return kExitOk;
}

}  // namespace

void AddOrderMoveCommand(std::vector<Command>& commands) {
  commands.push_back(
      {{"order", "move"},
       "move an order along its lifecycle (queue_for_dispatch, cancel, close, reopen, ...)",
       {{"NAME", "the order: its number, or repairOrders/NUMBER", true, {}},
        {"EVENT", "what happened, e.g. queue_for_dispatch, cancel", true, EventNames()}},
       [](po::options_description& options) {
         options.add_options()("reason", po::value<std::string>(),
                               "why (required to resolve remotely, reopen or cancel)")(
             "technician", po::value<std::string>(), "ASSIGN: the technician's id")(
             "window", po::value<std::string>(), "BOOK_APPOINTMENT: START/END, RFC 3339")(
             "promised", po::value<std::string>(),
             "RECEIVE_UNIT: the completion promised on the receipt, RFC 3339")(
             "etag", po::value<std::string>(), "the etag last read (default: read it now)");
       },
       Move});
}

}  // namespace fieldservice::fsctl
