#include "services/warranty/api/warranty_handler.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/caller.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/logging.h"
#include "services/common/migrations.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/warranty/api/decision_mapping.h"

namespace fieldservice::warranty::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 500;

// Stored documents are the Decision messages as JSON.
grpc::Status FromDocument(const DecisionRecord& record, v1::Decision* out) {
  auto parsed = google::protobuf::util::JsonStringToMessage(record.document, out);
  if (!parsed.ok()) {
    common::LogError("decision_document_unreadable", {{"decision", record.decision_id}});
    return grpc::Status(grpc::StatusCode::DATA_LOSS, "stored decision is unreadable");
  }
  return grpc::Status::OK;
}

absl::StatusOr<std::string> ToDocument(const DecisionRecord& record, absl::CivilDay request_date,
                                       const Decision& decision, const std::string& requested_by) {
  v1::Decision document;
  ToProto(decision, &document);
  document.set_requested_by(requested_by);
  document.set_name(absl::StrCat("decisions/", record.decision_id));
  document.set_decision_id(record.decision_id);
  document.set_request_id(record.request_id);
  document.set_order(record.order);
  document.set_serial(record.serial);
  common::SetDate(request_date, document.mutable_request_date());
  common::SetTimestamp(record.created_at, document.mutable_create_time());
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(document, &json, options).ok()) {
    return absl::InternalError("cannot serialise the decision");
  }
  return json;
}

// The request's fingerprint: its deterministic serialisation, hashed with
// the one content hash of services/common.
std::string Fingerprint(const v1::DecideCoverageRequest& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&out);
  }
  return common::MigrationChecksum(bytes);
}

// Violations renamed to the paths the caller sent, on any INVALID_ARGUMENT.
absl::Status WithPathsAsSent(const v1::DecideCoverageRequest& request, const absl::Status& status) {
  auto violations = common::FieldViolationsOf(status);
  if (status.code() != absl::StatusCode::kInvalidArgument || violations.empty()) return status;
  return common::InvalidArgumentError(AsSent(request, std::move(violations)));
}

void ToProto(const CatalogueVersion& version, v1::Catalogue* out) {
  const CatalogueRecord& record = version.record;
  out->set_name(absl::StrCat("catalogues/", record.version));
  out->set_version(record.version);
  out->set_text(record.text);
  out->set_active(record.active);
  common::SetTimestamp(record.loaded_at, out->mutable_load_time());
  out->set_loaded_by(record.loaded_by);
  if (version.parsed == nullptr) return;
  for (const auto& [id, terms] : version.parsed->categories()) {
    out->add_categories(id);
    v1::CategoryInfo* info = out->add_category_info();
    info->set_id(id);
    info->set_name_zh(terms.name_zh);
    for (const auto& [part, period] : terms.main_parts) info->add_main_parts(part);
    for (const std::string& component : ComponentsOf(terms)) info->add_components(component);
  }
}

}  // namespace

grpc::Status WarrantyHandler::DecideCoverage(grpc::ServerContext* context,
                                             const v1::DecideCoverageRequest* request,
                                             v1::Decision* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  std::vector<FieldViolation> shape;
  DecideCommand command{request->request_id(), request->order(), Fingerprint(*request),
                        ToDomain(*request, calendar_, shape),
                        common::CallerOf(*context).AuditName()};
  const std::string requested_by = command.requested_by;
  auto decided =
      decisions_.Decide(std::move(command), std::move(shape),
                        [&requested_by](const DecisionRecord& record, absl::CivilDay request_date,
                                        const Decision& decision) {
                          return ToDocument(record, request_date, decision, requested_by);
                        });
  if (!decided.ok()) return ToGrpcStatus(WithPathsAsSent(*request, decided.status()));
  return FromDocument(decided->record, response);
}

grpc::Status WarrantyHandler::GetDecision(grpc::ServerContext* context,
                                          const v1::GetDecisionRequest* request,
                                          v1::Decision* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  const std::string prefix = "decisions/";
  if (!absl::StartsWith(request->name(), prefix) || request->name().size() == prefix.size()) {
    return common::InvalidArgumentStatus({{"name", "must be decisions/{decision_id}"}});
  }
  auto record = decisions_.Get(request->name().substr(prefix.size()));
  if (!record.ok()) return ToGrpcStatus(record.status());
  return FromDocument(*record, response);
}

grpc::Status WarrantyHandler::ListDecisions(grpc::ServerContext* context,
                                            const v1::ListDecisionsRequest* request,
                                            v1::ListDecisionsResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  std::vector<FieldViolation> shape;
  DecisionQuery query;
  query.serial = request->serial();
  query.order = request->order();
  auto size = common::ClampPageSize(request->page_size(), kDefaultPage, kMaxPage);
  if (!size.ok()) {
    for (auto& v : common::FieldViolationsOf(size.status())) shape.push_back(v);
  } else {
    query.limit = *size;
  }
  uint64_t fingerprint = common::FilterFingerprint(request->serial() + "\n" + request->order());
  if (!request->page_token().empty()) {
    auto position = common::DecodePageToken(request->page_token(), fingerprint);
    if (!position.ok()) {
      for (auto& v : common::FieldViolationsOf(position.status())) shape.push_back(v);
    } else {
      query.before_id = *position;
    }
  }
  auto page = decisions_.List(query, std::move(shape));
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
  // Only catalogue_admin gets here (data/access/policy.txt).
  const common::Caller& caller = common::CallerOf(*context);
  auto loaded = catalogues_.Load(request->text(), caller.principal);
  if (!loaded.ok()) return ToGrpcStatus(loaded.status());
  common::LogInfo("catalogue_loaded",
                  {{"version", loaded->record.version}, {"by", caller.principal}});
  ToProto(*loaded, response);
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
  auto version = catalogues_.Get(request->name().substr(prefix.size()));
  if (!version.ok()) return ToGrpcStatus(version.status());
  ToProto(*version, response);
  return grpc::Status::OK;
}

}  // namespace fieldservice::warranty::api
