// `fsctl approval list|get|decide`: the approval chains of an order
// (DOMAIN.md "Approvals": a complaint's handling, 单台换机/退机 approved by
// the customer-service centre, compensation, a batch accident). The step
// awaited is signed with whichever of the caller's roles it needs, so the
// same command serves the regional supervisor, the centre manager, the
// service centre, quality and the rest. A decision is shown and confirmed
// at a prompt first, unless --yes.
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/prompt.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::orders::v1;

// "repairOrders/2611230001/approvals/3" from that or from "2611230001/3".
std::string ApprovalName(const std::string& text) {
  if (absl::StartsWith(text, "repairOrders/")) return text;
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits('/', 1));
  if (parts.size() != 2) return text;  // the server names what is wrong with it
  return absl::StrCat("repairOrders/", parts[0], "/approvals/", parts[1]);
}

// "2611230001/3": what the other commands take.
std::string KeyOf(const v1::Approval& approval) {
  std::vector<std::string> parts = absl::StrSplit(approval.name(), '/');
  return parts.size() == 4 ? parts[1] + "/" + parts[3] : approval.name();
}

std::string AmountText(const v1::Approval& approval) {
  return approval.has_amount() ? YuanText(approval.amount().amount_fen()) : "";
}

void PrintApproval(std::ostream& out, const v1::Approval& a) {
  PrintFields(out, {{"Approval", a.name()},
                    {"Kind", v1::ApprovalKind_Name(a.kind())},
                    {"State", v1::ApprovalState_Name(a.state())},
                    {"Awaiting", a.next_role()},
                    {"Amount", AmountText(a)},
                    {"Proposal", a.proposal()},
                    {"Paid", a.payment_receipt_reference().empty()
                                 ? ""
                                 : absl::StrCat(TimeText(a.payment_time()), " receipt ",
                                                a.payment_receipt_reference())},
                    {"Created", TimeText(a.create_time())}});
  Table steps({"STEP", "ROLE", "BY", "DECISION", "TIME", "COMMENT"});
  for (const v1::ApprovalStep& s : a.steps()) {
    steps.Add({s.step(), s.role(), s.actor(),
               s.decision() == v1::DECISION_UNSPECIFIED ? "" : v1::Decision_Name(s.decision()),
               TimeText(s.time()), s.comment()});
  }
  if (!steps.empty()) {
    out << "\n";
    steps.Print(out);
  }
}

grpc::Status Get(const Session& session, const tools::CallerChannel& channel,
                 const std::string& name, v1::Approval* approval) {
  v1::GetApprovalRequest request;
  request.set_name(name);
  return v1::RepairOrders::NewStub(channel.channel)
      ->GetApproval(session.NewCall(channel).get(), request, approval);
}

int ListApprovals(Session& session, const po::variables_map& values) {
  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::ListApprovalsRequest request;
  request.set_parent(ResourceName("repairOrders", values["ORDER"].as<std::string>()));
  v1::ListApprovalsResponse response;
  grpc::Status status = v1::RepairOrders::NewStub(channel->channel)
                            ->ListApprovals(session.NewCall(*channel).get(), request, &response);
  if (!status.ok()) return ReportCallError("approval list", status, session.json());
  if (session.json()) {
    PrintJson(response);
    return kExitOk;
  }
  Table table({"APPROVAL", "KIND", "STATE", "AWAITING", "AMOUNT", "CREATED", "PROPOSAL"});
  for (const v1::Approval& a : response.approvals()) {
    table.Add({KeyOf(a), v1::ApprovalKind_Name(a.kind()), v1::ApprovalState_Name(a.state()),
               a.next_role(), AmountText(a), TimeText(a.create_time()), a.proposal()});
  }
  table.Print(std::cout);
  return kExitOk;
}

int GetApproval(Session& session, const po::variables_map& values) {
  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());
  v1::Approval approval;
  grpc::Status status =
      Get(session, *channel, ApprovalName(values["APPROVAL"].as<std::string>()), &approval);
  if (!status.ok()) return ReportCallError("approval get", status, session.json());
  if (session.json()) {
    PrintJson(approval);
  } else {
    PrintApproval(std::cout, approval);
  }
  return kExitOk;
}

int Decide(Session& session, const po::variables_map& values) {
  v1::DecideApprovalRequest request;
  request.set_name(ApprovalName(values["APPROVAL"].as<std::string>()));
  absl::StatusOr<int> decision =
      ParseEnumName(*v1::Decision_descriptor(), values["DECISION"].as<std::string>());
  if (!decision.ok()) {
    return ReportUsageError("approval decide: DECISION: " +
                            std::string(decision.status().message()));
  }
  request.set_decision(static_cast<v1::Decision>(*decision));
  if (values.count("comment")) request.set_comment(values["comment"].as<std::string>());
  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());

  if (!values["yes"].as<bool>()) {
    // What is being decided, then the question; both on stderr, so stdout
    // stays the decision's result.
    v1::Approval approval;
    grpc::Status status = Get(session, *channel, request.name(), &approval);
    if (!status.ok()) return ReportCallError("approval decide", status, session.json());
    PrintApproval(std::cerr, approval);
    Prompter prompter;
    const std::string verb = absl::AsciiStrToLower(v1::Decision_Name(request.decision()));
    if (request.decision() == v1::REJECT && request.comment().empty()) {
      std::optional<std::string> comment = prompter.Ask("Why is it rejected");
      if (!comment.has_value()) {
        return ReportUsageError("approval decide: the input ended before the comment");
      }
      request.set_comment(*comment);
    }
    bool confirmed = false;
    if (!prompter.AskUntil(
            absl::StrCat("\n", verb, " the step awaited from ", approval.next_role(), "? (yes/no)"),
            "", [&confirmed](const std::string& answer) {
              absl::StatusOr<bool> yes = ParseYesNo(answer);
              if (yes.ok()) confirmed = *yes;
              return yes.status();
            })) {
      return ReportUsageError(
          "approval decide: the input ended before the confirmation (--yes decides without "
          "asking)");
    }
    if (!confirmed) {
      std::cerr << "fsctl: approval decide: nothing decided\n";
      return kExitOther;
    }
  }
  v1::Approval decided;
  grpc::Status status = v1::RepairOrders::NewStub(channel->channel)
                            ->DecideApproval(session.NewCall(*channel).get(), request, &decided);
  if (!status.ok()) return ReportCallError("approval decide", status, session.json());
  if (session.json()) {
    PrintJson(decided);
  } else {
    PrintApproval(std::cout, decided);
  }
  return kExitOk;
}

}  // namespace

void AddApprovalCommands(std::vector<Command>& commands) {
  const Positional approval{
      "APPROVAL", "the approval: ORDER/ID, or repairOrders/ORDER/approvals/ID", true, {}};
  commands.push_back({{"approval", "list"},
                      "an order's approvals as a table, oldest first",
                      {{"ORDER", "the order: its number, or repairOrders/NUMBER", true, {}}},
                      nullptr,
                      ListApprovals});
  commands.push_back(
      {{"approval", "get"}, "an approval and its steps", {approval}, nullptr, GetApproval});
  commands.push_back(
      {{"approval", "decide"},
       "approve or reject the step awaited, with the caller's role for it (asks first)",
       {approval, {"DECISION", "approve or reject", true, {"approve", "reject"}}},
       [](po::options_description& options) {
         options.add_options()("comment", po::value<std::string>(),
                               "why (required to reject; asked for when missing)")(
             "yes,y", po::bool_switch(), "decide without showing it and asking first");
       },
       Decide});
}

}  // namespace fieldservice::fsctl
