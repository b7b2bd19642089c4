// `fsctl order get|list|events`: an order, a page of orders as a table, an
// order's audit trail. (`order create` is in order_create.cc, `order move`
// in order_move.cc.)
#include <iostream>

#include "absl/strings/str_cat.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/order_text.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

void AddOrderCreateCommand(std::vector<Command>& commands);
void AddOrderMoveCommand(std::vector<Command>& commands);

namespace {

namespace v1 = ::fieldservice::orders::v1;

int GetOrder(Session& session, const po::variables_map& values) {
  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::GetRepairOrderRequest request;
  request.set_name(ResourceName("repairOrders", values["NAME"].as<std::string>()));
  v1::RepairOrder order;
  grpc::Status status = v1::RepairOrders::NewStub(channel->channel)
                            ->GetRepairOrder(session.NewCall(*channel).get(), request, &order);
  if (!status.ok()) return ReportCallError("order get", status, session.json());
  if (session.json()) {
    PrintJson(order);
  } else {
    PrintFields(std::cout, OrderFields(order));
  }
  return kExitOk;
}

void AddListOptions(po::options_description& options) {
  options.add_options()(
      "status", po::value<std::vector<std::string>>()->composing(),
      ("only this status (repeatable): " + EnumNames(*v1::Status_descriptor())).c_str())(
      "type", po::value<std::string>(), "only this contact type")("phone", po::value<std::string>(),
                                                                  "only this customer's phone")(
      "region", po::value<std::string>(), "only districts under this code prefix")(
      "technician", po::value<std::string>(), "only this technician's orders")(
      "at-risk", po::bool_switch(), "only orders with a deadline at risk or overdue")(
      "page-size", po::value<int>()->default_value(50), "at most this many")(
      "page-token", po::value<std::string>(), "the next page, as the last one said");
}

int ListOrders(Session& session, const po::variables_map& values) {
  v1::ListRepairOrdersRequest request;
  request.set_page_size(values["page-size"].as<int>());
  if (values.count("page-token")) request.set_page_token(values["page-token"].as<std::string>());
  if (values.count("status")) {
    for (const std::string& s : values["status"].as<std::vector<std::string>>()) {
      absl::StatusOr<int> status = ParseEnumName(*v1::Status_descriptor(), s);
      if (!status.ok())
        return ReportUsageError("order list: --status: " + std::string(status.status().message()));
      request.add_statuses(static_cast<v1::Status>(*status));
    }
  }
  if (values.count("type")) {
    absl::StatusOr<int> type =
        ParseEnumName(*v1::ContactType_descriptor(), values["type"].as<std::string>());
    if (!type.ok())
      return ReportUsageError("order list: --type: " + std::string(type.status().message()));
    request.set_contact_type(static_cast<v1::ContactType>(*type));
  }
  if (values.count("phone")) request.set_phone(values["phone"].as<std::string>());
  if (values.count("region")) request.set_region_code_prefix(values["region"].as<std::string>());
  if (values.count("technician")) request.set_technician_id(values["technician"].as<std::string>());
  if (values["at-risk"].as<bool>()) request.set_deadline_filter(v1::AT_RISK_OR_OVERDUE);

  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::ListRepairOrdersResponse response;
  grpc::Status status = v1::RepairOrders::NewStub(channel->channel)
                            ->ListRepairOrders(session.NewCall(*channel).get(), request, &response);
  if (!status.ok()) return ReportCallError("order list", status, session.json());
  if (session.json()) {
    PrintJson(response);
    return kExitOk;
  }
  Table table({"ORDER", "STATUS", "TYPE", "MODE", "CUSTOMER", "PRODUCT", "CREATED"});
  for (const v1::RepairOrder& o : response.repair_orders()) {
    table.Add({o.order_number(), v1::Status_Name(o.status()),
               v1::ContactType_Name(o.contact_type()), v1::ServiceMode_Name(o.service_mode()),
               o.customer().name(), ProductText(o.product()), TimeText(o.create_time())});
  }
  table.Print(std::cout);
  if (!response.next_page_token().empty()) {
    std::cout << "more: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

int ListEvents(Session& session, const po::variables_map& values) {
  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::ListRepairOrderEventsRequest request;
  request.set_name(ResourceName("repairOrders", values["NAME"].as<std::string>()));
  request.set_page_size(values["page-size"].as<int>());
  if (values.count("page-token")) request.set_page_token(values["page-token"].as<std::string>());
  v1::ListRepairOrderEventsResponse response;
  grpc::Status status =
      v1::RepairOrders::NewStub(channel->channel)
          ->ListRepairOrderEvents(session.NewCall(*channel).get(), request, &response);
  if (!status.ok()) return ReportCallError("order events", status, session.json());
  if (session.json()) {
    PrintJson(response);
    return kExitOk;
  }
  Table table({"SEQ", "TIME", "ACTOR", "ACTION", "EVENT", "FROM", "TO", "REASON"});
  for (const v1::RepairOrderEvent& e : response.events()) {
    table.Add({absl::StrCat(e.sequence()), TimeText(e.time()), e.actor(),
               v1::AuditAction_Name(e.action()),
               e.event() == v1::EVENT_UNSPECIFIED ? "" : v1::Event_Name(e.event()),
               e.from_status() == v1::STATUS_UNSPECIFIED ? "" : v1::Status_Name(e.from_status()),
               e.to_status() == v1::STATUS_UNSPECIFIED ? "" : v1::Status_Name(e.to_status()),
               e.reason()});
  }
  table.Print(std::cout);
  if (!response.next_page_token().empty()) {
    std::cout << "more: --page-token " << response.next_page_token() << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddOrderCommands(std::vector<Command>& commands) {
  AddOrderCreateCommand(commands);
  const Positional name{"NAME", "the order: its number, or repairOrders/NUMBER", true, {}};
  commands.push_back({{"order", "get"}, "show an order", {name}, nullptr, GetOrder});
  commands.push_back({{"order", "list"},
                      "list orders as a table (filters as flags)",
                      {},
                      AddListOptions,
                      ListOrders});
  commands.push_back({{"order", "events"},
                      "an order's audit trail as a table",
                      {name},
                      [](po::options_description& options) {
                        options.add_options()("page-size", po::value<int>()->default_value(100),
                                              "at most this many")(
                            "page-token", po::value<std::string>(), "the next page");
                      },
                      ListEvents});
  AddOrderMoveCommand(commands);
}

}  // namespace fieldservice::fsctl
