// `fsctl order create`: take a call. Every field of the order the call
// centre fills has a flag; with --prompt, or at a terminal when a required
// one is missing, the rest are asked at prompts in a fixed order (README), so
// a script can feed the answers. When the server refuses fields and the
// answers came from prompts, those fields are asked again; at the end the
// read-back (复述确认) is printed for the agent to read to the customer.
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "fieldservice/orders/v1/orders_service.grpc.pb.h"
#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "tools/fsctl/command.h"
#include "tools/fsctl/exit_codes.h"
#include "tools/fsctl/order_text.h"
#include "tools/fsctl/output.h"
#include "tools/fsctl/prompt.h"
#include "tools/fsctl/values.h"

namespace fieldservice::fsctl {

namespace {

namespace v1 = ::fieldservice::orders::v1;
using Setter = absl::Status (*)(const std::string& value, v1::RepairOrder& order);

// One field of the call: its flag, its prompt, the order's field paths it
// fills (violations on them ask it again), and how a value is set.
struct IntakeField {
  const char* flag;
  const char* question;
  // The names an answer may take, shown with the question; null for free text.
  const google::protobuf::EnumDescriptor* choices;
  const char* default_answer;
  bool complaint_only;
  bool required;  // at a terminal, missing it starts the prompts
  std::vector<std::string> paths;
  Setter set;
};

template <typename Enum>
absl::Status SetEnum(const google::protobuf::EnumDescriptor& type, const std::string& value,
                     Enum& out) {
  absl::StatusOr<int> number = ParseEnumName(type, value);
  if (!number.ok()) return number.status();
  out = static_cast<Enum>(*number);
  return absl::OkStatus();
}

absl::Status SetDate(const std::string& value, fieldservice::type::Date* out) {
  out->Clear();
  if (value.empty()) return absl::OkStatus();
  absl::StatusOr<absl::CivilDay> day = ParseDay(value);
  if (!day.ok()) return day.status();
  common::SetDate(*day, out);
  return absl::OkStatus();
}

// "LAT,LNG" on the map (WGS-84).
absl::Status SetLocation(const std::string& value, v1::RepairOrder& o) {
  o.mutable_customer()->mutable_address()->clear_location();
  if (value.empty()) return absl::OkStatus();
  std::vector<std::string> parts = absl::StrSplit(value, ',');
  double lat = 0, lng = 0;
  if (parts.size() != 2 || !absl::SimpleAtod(parts[0], &lat) || !absl::SimpleAtod(parts[1], &lng)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", value, "' is not a position LAT,LNG such as 23.1335,113.3275"));
  }
  o.mutable_customer()->mutable_address()->mutable_location()->set_latitude(lat);
  o.mutable_customer()->mutable_address()->mutable_location()->set_longitude(lng);
  return absl::OkStatus();
}

// "DATE:DAYS,DATE:DAYS": the day each earlier repair ended and its days in repair.
absl::Status SetEarlierRepairs(const std::string& value, v1::RepairOrder& o) {
  o.mutable_warranty_claim()->clear_earlier_repairs();
  for (absl::string_view item : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    int days = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &days)) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", item, "' is not an earlier repair DATE:DAYS such as 2026-05-20:3"));
    }
    v1::EarlierRepair* repair = o.mutable_warranty_claim()->add_earlier_repairs();
    if (absl::Status s = SetDate(parts[0], repair->mutable_date()); !s.ok()) return s;
    repair->set_days_in_repair(days);
  }
  return absl::OkStatus();
}

absl::Status SetCrisisGrounds(const std::string& value, v1::RepairOrder& o) {
  o.mutable_complaint()->clear_crisis_grounds();
  for (absl::string_view item : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
    absl::StatusOr<int> ground = ParseEnumName(*v1::CrisisGround_descriptor(),
                                               std::string(absl::StripAsciiWhitespace(item)));
    if (!ground.ok()) return ground.status();
    o.mutable_complaint()->add_crisis_grounds(static_cast<v1::CrisisGround>(*ground));
  }
  return absl::OkStatus();
}

// In the order the prompts ask them.
const std::vector<IntakeField>& IntakeFields() {
  static const auto* fields = new std::vector<IntakeField>{
      {"type",
       "Why the customer called",
       v1::ContactType_descriptor(),
       "REPAIR",
       false,
       true,
       {"contact_type"},
       [](const std::string& v, v1::RepairOrder& o) {
         v1::ContactType type{};
         absl::Status s = SetEnum(*v1::ContactType_descriptor(), v, type);
         o.set_contact_type(type);
         return s;
       }},
      {"name",
       "Customer's name",
       nullptr,
       "",
       false,
       true,
       {"customer.name"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_customer()->set_name(v);
         return absl::OkStatus();
       }},
      {"phone",
       "Customer's phone",
       nullptr,
       "",
       false,
       true,
       {"customer.phone"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_customer()->set_phone(v);
         return absl::OkStatus();
       }},
      {"region",
       "District code (GB/T 2260, e.g. 440106)",
       nullptr,
       "",
       false,
       true,
       {"customer.address.region_code"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_customer()->mutable_address()->set_region_code(v);
         return absl::OkStatus();
       }},
      {"address",
       "Street address",
       nullptr,
       "",
       false,
       true,
       {"customer.address.detail"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_customer()->mutable_address()->set_detail(v);
         return absl::OkStatus();
       }},
      {"location",
       "Map position LAT,LNG (empty: none)",
       nullptr,
       "",
       false,
       false,
       {"customer.address.location"},
       SetLocation},
      {"category",
       "Product category (refrigerator, washing_machine, ...)",
       nullptr,
       "",
       false,
       false,
       {"product.category"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_product()->set_category(v);
         return absl::OkStatus();
       }},
      {"brand",
       "Brand",
       nullptr,
       "",
       false,
       false,
       {"product.brand"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_product()->set_brand(v);
         return absl::OkStatus();
       }},
      {"model",
       "Model",
       nullptr,
       "",
       false,
       false,
       {"product.model"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_product()->set_model(v);
         return absl::OkStatus();
       }},
      {"serial",
       "Serial number (empty: unknown)",
       nullptr,
       "",
       false,
       false,
       {"product.serial"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_product()->set_serial(v);
         return absl::OkStatus();
       }},
      {"purchase-date",
       "Purchase date YYYY-MM-DD (empty: unknown)",
       nullptr,
       "",
       false,
       false,
       {"product.purchase_date"},
       [](const std::string& v, v1::RepairOrder& o) {
         return SetDate(v, o.mutable_product()->mutable_purchase_date());
       }},
      {"invoice",
       "Invoice number (empty: none)",
       nullptr,
       "",
       false,
       false,
       {"product.invoice_number"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_product()->set_invoice_number(v);
         return absl::OkStatus();
       }},
      {"warranty-card",
       "Warranty card present (yes, no)",
       nullptr,
       "no",
       false,
       false,
       {"product.warranty_card_present"},
       [](const std::string& v, v1::RepairOrder& o) {
         absl::StatusOr<bool> yes = ParseYesNo(v.empty() ? "no" : v);
         if (!yes.ok()) return yes.status();
         o.mutable_product()->set_warranty_card_present(*yes);
         return absl::OkStatus();
       }},
      {"price",
       "Price paid in yuan (empty: unknown)",
       nullptr,
       "",
       false,
       false,
       {"warranty_claim.price_paid"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_warranty_claim()->clear_price_paid();
         if (v.empty()) return absl::OkStatus();
         absl::StatusOr<int64_t> fen = ParseYuan(v);
         if (!fen.ok()) return fen.status();
         o.mutable_warranty_claim()->mutable_price_paid()->set_amount_fen(*fen);
         return absl::OkStatus();
       }},
      {"earlier-repairs",
       "Earlier repairs DATE:DAYS,... (empty: none)",
       nullptr,
       "",
       false,
       false,
       {"warranty_claim.earlier_repairs"},
       SetEarlierRepairs},
      {"fault",
       "The fault in the customer's words",
       nullptr,
       "",
       false,
       true,
       {"fault_description"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.set_fault_description(v);
         return absl::OkStatus();
       }},
      {"mode",
       "Service mode",
       v1::ServiceMode_descriptor(),
       "ON_SITE",
       false,
       true,
       {"service_mode", "onsite_authorization_ref"},
       [](const std::string& v, v1::RepairOrder& o) {
         v1::ServiceMode mode{};
         absl::Status s = SetEnum(*v1::ServiceMode_descriptor(), v, mode);
         o.set_service_mode(mode);
         return s;
       }},
      {"complaint-reason",
       "What the customer complains about",
       nullptr,
       "",
       true,
       true,
       {"complaint.reason", "complaint"},
       [](const std::string& v, v1::RepairOrder& o) {
         o.mutable_complaint()->set_reason(v);
         return absl::OkStatus();
       }},
      {"crisis-grounds",
       "Crisis grounds, comma separated, empty for none",
       v1::CrisisGround_descriptor(),
       "",
       true,
       false,
       {"complaint.crisis_grounds"},
       SetCrisisGrounds},
  };
  return *fields;
}

// Whether a violation on `path` ("repair_order.customer.phone") is `field`'s.
bool Concerns(const IntakeField& field, const std::string& path) {
  for (const std::string& own : field.paths) {
    const std::string full = "repair_order." + own;
    if (path == full || absl::StartsWith(path, full + ".") || absl::StartsWith(path, full + "[")) {
      return true;
    }
  }
  return false;
}

bool Applies(const IntakeField& field, const v1::RepairOrder& order) {
  return !field.complaint_only || order.contact_type() == v1::COMPLAINT;
}

// Asks `field`; false at the end of the input (reported).
bool AskField(Prompter& prompter, const IntakeField& field, v1::RepairOrder& order) {
  std::string question = field.question;
  if (field.choices != nullptr) question += " (" + EnumNames(*field.choices) + ")";
  if (prompter.AskUntil(question, field.default_answer,
                        [&](const std::string& answer) { return field.set(answer, order); })) {
    return true;
  }
  ReportUsageError(
      absl::StrCat("order create: the input ended before '", field.question, "' was answered"));
  return false;
}

void PrintCreated(const v1::RepairOrder& order) {
  PrintFields(std::cout, {{"Created", order.name()},
                          {"Order number", order.order_number()},
                          {"Status", v1::Status_Name(order.status())},
                          {"Warranty", WarrantyText(order.warranty())}});
  std::cout << "\nRead back to the customer:\n" << order.read_back_text() << "\n";
}

int CreateOrder(Session& session, const po::variables_map& values) {
  v1::CreateRepairOrderRequest request;
  request.set_request_id(values.count("request-id") ? values["request-id"].as<std::string>()
                                                    : common::NewUuid());
  v1::RepairOrder& order = *request.mutable_repair_order();
  bool missing_required = false;
  for (const IntakeField& field : IntakeFields()) {
    if (!values.count(field.flag)) {
      missing_required |= field.required && Applies(field, order);
      continue;
    }
    if (absl::Status s = field.set(values[field.flag].as<std::string>(), order); !s.ok()) {
      return ReportUsageError(absl::StrCat("order create: --", field.flag, ": ", s.message()));
    }
  }
  absl::Time call_ended = absl::Now();
  if (values.count("call-ended")) {
    absl::StatusOr<absl::Time> t = ParseTime(values["call-ended"].as<std::string>());
    if (!t.ok())
      return ReportUsageError(absl::StrCat("order create: --call-ended: ", t.status().message()));
    call_ended = *t;
  }
  common::SetTimestamp(call_ended, order.mutable_call_ended_time());

  const bool prompting = session.prompt() || (missing_required && StdinIsTerminal());
  Prompter prompter;
  if (prompting) {
    prompter.Say("Taking a call: answer each question (Enter takes the value in brackets).");
    for (const IntakeField& field : IntakeFields()) {
      if (values.count(field.flag) || !Applies(field, order)) continue;
      if (!AskField(prompter, field, order)) return kExitUsage;
    }
  }

  auto channel = session.Open("orders");
  if (!channel.ok()) return ReportUsageError(channel.status());
  auto stub = v1::RepairOrders::NewStub(channel->channel);
  while (true) {
    v1::RepairOrder created;
    grpc::Status status =
        stub->CreateRepairOrder(session.NewCall(*channel).get(), request, &created);
    if (status.ok()) {
      session.json() ? PrintJson(created) : PrintCreated(created);
      return kExitOk;
    }
    const int code = ReportCallError("order create", status, session.json());
    if (!prompting || status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) return code;
    // Ask again what the server refused, then send the call again.
    std::vector<Violation> violations = FieldViolationsOf(status);
    bool asked = false;
    for (const IntakeField& field : IntakeFields()) {
      bool concerned = false;
      for (const Violation& v : violations) concerned |= Concerns(field, v.field);
      if (!concerned || !Applies(field, order)) continue;
      if (!AskField(prompter, field, order)) return code;
      asked = true;
    }
    if (!asked) return code;
  }
}

void AddCreateOptions(po::options_description& options) {
  for (const IntakeField& field : IntakeFields()) {
    std::string help = field.question;
    if (field.choices != nullptr) help += ": " + EnumNames(*field.choices);
    options.add_options()(field.flag, po::value<std::string>(), help.c_str());
  }
  options.add_options()("call-ended", po::value<std::string>(),
                        "when the call ended, RFC 3339 (default: now)")(
      "request-id", po::value<std::string>(),
      "idempotency key: the same id creates one order (default: a new UUID)");
}

}  // namespace

void AddOrderCreateCommand(std::vector<Command>& commands) {
  commands.push_back({{"order", "create"},
                      "take a call: create a repair order (flags, or prompts) and read it back",
                      {},
                      AddCreateOptions,
                      CreateOrder});
}

}  // namespace fieldservice::fsctl
