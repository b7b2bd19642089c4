#include "services/warranty/api/warranty_handler.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/warranty/api/decision_mapping.h"
#include "services/warranty/domain/engine.h"

namespace fieldservice::warranty::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;
constexpr size_t kMaxRequestIdLength = 64;

// Stored documents are the Decision messages as JSON.
grpc::Status FromDocument(const DecisionRecord& record, v1::Decision* out) {
  auto parsed = google::protobuf::util::JsonStringToMessage(record.document, out);
  if (!parsed.ok()) {
    common::LogError("decision_document_unreadable", {{"decision", record.decision_id}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "stored decision is unreadable");
  }
  return grpc::Status::OK;
}

bool WellFormedOrder(const std::string& name) {
  return absl::StartsWith(name, "repairOrders/") &&
         common::IsWellFormedOrderNumber(name.substr(std::string("repairOrders/").size()));
}

void ToProto(const CatalogueRecord& record, const Catalogue* parsed, v1::Catalogue* out) {
  out->set_name(absl::StrCat("catalogues/", record.version));
  out->set_version(record.version);
  out->set_text(record.text);
  out->set_active(record.active);
  common::SetTimestamp(record.loaded_at, out->mutable_load_time());
  if (parsed != nullptr) {
    for (const auto& [id, terms] : parsed->categories()) out->add_categories(id);
  }
}

}  // namespace

grpc::Status WarrantyHandler::DecideCoverage(grpc::ServerContext* context,
                                             const v1::DecideCoverageRequest* request,
                                             v1::Decision* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  absl::Time now = clock_.Now();
  std::vector<FieldViolation> bad;
  if (request->request_id().empty() || request->request_id().size() > kMaxRequestIdLength) {
    bad.push_back({"request_id", "required, 1 to 64 characters (a UUID per decision)"});
  }
  if (!request->order().empty() && !WellFormedOrder(request->order())) {
    bad.push_back({"order", "must be repairOrders/{order_number} with a valid order number"});
  }
  DecisionRequest domain = ToDomain(*request, calendar_, now, bad);
  auto catalogue = catalogues_.Current();
  if (!catalogue.ok()) return ToGrpcStatus(catalogue.status());
  // The engine's own checks too, so every bad field is named in one answer.
  std::vector<FieldViolation> rules = Validate(domain, **catalogue);
  for (FieldViolation& v : rules) {
    bool dup = false;
    for (const FieldViolation& b : bad) dup = dup || b.field == v.field;
    if (!dup) bad.push_back(std::move(v));
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);

  // A retry is answered from storage: InsertDecision returns the decision
  // its request_id already made (deciding again costs microseconds, a
  // separate lookup a database round trip).
  auto decision = Decide(domain, **catalogue, calendar_);
  if (!decision.ok()) return ToGrpcStatus(decision.status());
  DecisionRecord record;
  record.decision_id = common::NewUuid();
  record.request_id = request->request_id();
  record.order = request->order();
  record.serial = request->product().serial();
  record.catalogue_version = decision->catalogue_version;
  record.coverage = std::string(CoverageName(decision->coverage));
  record.created_at = now;
  v1::Decision document;
  ToProto(*decision, &document);
  document.set_name(absl::StrCat("decisions/", record.decision_id));
  document.set_decision_id(record.decision_id);
  document.set_request_id(record.request_id);
  document.set_order(record.order);
  document.set_serial(record.serial);
  common::SetDate(*domain.request_date, document.mutable_request_date());
  common::SetTimestamp(now, document.mutable_create_time());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(document, &record.document, options).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "cannot serialise the decision");
  }
  auto stored = repository_.InsertDecision(record);
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  if (!stored->second) return FromDocument(stored->first, response);  // a retry
  common::LogInfo("decision_made", {{"decision", record.decision_id},
                                    {"order", record.order},
                                    {"coverage", record.coverage},
                                    {"catalogue", record.catalogue_version}});
  *response = std::move(document);
  return grpc::Status::OK;
}

grpc::Status WarrantyHandler::GetDecision(grpc::ServerContext* context,
                                          const v1::GetDecisionRequest* request,
                                          v1::Decision* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const std::string prefix = "decisions/";
  if (!absl::StartsWith(request->name(), prefix) || request->name().size() == prefix.size()) {
    return common::InvalidArgumentStatus({{"name", "must be decisions/{decision_id}"}});
  }
  auto record = repository_.GetDecision(request->name().substr(prefix.size()));
  if (!record.ok()) return ToGrpcStatus(record.status());
  return FromDocument(*record, response);
}

grpc::Status WarrantyHandler::ListDecisions(grpc::ServerContext* context,
                                            const v1::ListDecisionsRequest* request,
                                            v1::ListDecisionsResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  std::vector<FieldViolation> bad;
  if (request->serial().empty() == request->order().empty()) {
    bad.push_back({"serial", "give exactly one of serial and order"});
  }
  if (!request->order().empty() && !WellFormedOrder(request->order())) {
    bad.push_back({"order", "must be repairOrders/{order_number} with a valid order number"});
  }
  DecisionQuery query{request->serial(), request->order()};
  auto size = common::ClampPageSize(request->page_size(), kDefaultPage, kMaxPage);
  if (!size.ok())
    for (auto& v : common::FieldViolationsOf(size.status())) bad.push_back(v);
  uint64_t fingerprint = common::FilterFingerprint(request->serial() + "\n" + request->order());
  if (!request->page_token().empty()) {
    auto position = common::DecodePageToken(request->page_token(), fingerprint);
    if (!position.ok()) {
      for (auto& v : common::FieldViolationsOf(position.status())) bad.push_back(v);
    } else {
      query.before_id = *position;
    }
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  query.limit = *size;
  auto page = repository_.ListDecisions(query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const DecisionRecord& r : page->decisions) {
    grpc::Status s = FromDocument(r, response->add_decisions());
    if (!s.ok()) return s;
  }
  if (page->next_before_id) {
    response->set_next_page_token(common::EncodePageToken(*page->next_before_id, fingerprint));
  }
  return grpc::Status::OK;
}

grpc::Status WarrantyHandler::LoadCatalogue(grpc::ServerContext* context,
                                            const v1::LoadCatalogueRequest* request,
                                            v1::Catalogue* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  common::Caller caller = common::CallerOf(*context);
  if (caller.role != kCatalogueAdminRole) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        absl::StrCat("loading a catalogue needs role ", kCatalogueAdminRole));
  }
  if (request->text().empty())
    return common::InvalidArgumentStatus({{"text", "required: the catalogue text"}});
  auto loaded = catalogues_.Load(request->text());
  if (!loaded.ok()) {
    if (loaded.status().code() == absl::StatusCode::kInvalidArgument &&
        common::FieldViolationsOf(loaded.status()).empty()) {
      // A parse error: it names the line; report it on the text field.
      return common::InvalidArgumentStatus({{"text", std::string(loaded.status().message())}});
    }
    return ToGrpcStatus(loaded.status());
  }
  auto current = catalogues_.Current();
  common::LogInfo("catalogue_loaded", {{"version", loaded->version}, {"by", caller.principal}});
  ToProto(*loaded, current.ok() ? current->get() : nullptr, response);
  return grpc::Status::OK;
}

grpc::Status WarrantyHandler::GetCatalogue(grpc::ServerContext* context,
                                           const v1::GetCatalogueRequest* request,
                                           v1::Catalogue* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const std::string prefix = "catalogues/";
  if (!absl::StartsWith(request->name(), prefix) || request->name().size() == prefix.size()) {
    return common::InvalidArgumentStatus(
        {{"name", "must be catalogues/{version} or catalogues/active"}});
  }
  std::string version = request->name().substr(prefix.size());
  absl::StatusOr<CatalogueRecord> record =
      version == "active" ? [&]() -> absl::StatusOr<CatalogueRecord> {
    auto active = repository_.ActiveCatalogue();
    if (!active.ok()) return active.status();
    if (!active->has_value()) return absl::NotFoundError("no catalogue is active");
    return **active;
  }()
      : repository_.GetCatalogue(version);
  if (!record.ok()) return ToGrpcStatus(record.status());
  auto parsed = ParseCatalogue(record->text);
  ToProto(*record, parsed.ok() ? &*parsed : nullptr, response);
  return grpc::Status::OK;
}

}  // namespace fieldservice::warranty::api
