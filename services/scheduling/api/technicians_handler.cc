#include "services/scheduling/api/technicians_handler.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/call_deadline.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/scheduling/api/technician_mapping.h"

namespace fieldservice::scheduling::api {
namespace {

using common::FieldViolation;
using common::ToGrpcStatus;

// ListTechnicians' page sizes, as its request documents them.
constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;

// Only the shape violations under a masked path count: the rest of the
// message is ignored by an update.
bool UnderMask(const std::string& field, const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    const std::string masked = "technician." + p;
    if (field == masked || absl::StartsWith(field, masked + ".") ||
        absl::StartsWith(field, masked + "[")) {
      return true;
    }
  }
  return false;
}

}  // namespace

grpc::Status TechniciansHandler::CreateTechnician(grpc::ServerContext* context,
                                                  const v1::CreateTechnicianRequest* request,
                                                  v1::Technician* response) {
  common::ScopedCallDeadline call_deadline(*context);  // bounds its DB work
  std::vector<FieldViolation> shape;
  Technician technician = FromProto(request->technician(), "technician", shape);
  technician.id = request->technician_id();
  // New technicians take jobs; 0 most jobs a day means the default.
  if (technician.max_jobs_per_day == 0) technician.max_jobs_per_day = Technician{}.max_jobs_per_day;
  if (!shape.empty()) return common::InvalidArgumentStatus(shape);
  auto created = technicians_.Create(request->request_id(), std::move(technician));
  if (!created.ok()) return ToGrpcStatus(created.status());
  ToProto(created->technician, response);
  return grpc::Status::OK;
}

grpc::Status TechniciansHandler::GetTechnician(grpc::ServerContext* context,
                                               const v1::GetTechnicianRequest* request,
                                               v1::Technician* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  auto id = ParseTechnicianName(request->name(), "name", bad);
  if (!id.has_value()) return common::InvalidArgumentStatus(bad);
  auto found = technicians_.Get(*id);
  if (!found.ok()) return ToGrpcStatus(found.status());
  ToProto(*found, response);
  return grpc::Status::OK;
}

grpc::Status TechniciansHandler::ListTechnicians(grpc::ServerContext* context,
                                                 const v1::ListTechniciansRequest* request,
                                                 v1::ListTechniciansResponse* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  TechnicianQuery query;
  query.outlet = request->outlet();
  query.include_inactive = request->include_inactive();
  const uint64_t fingerprint = common::FilterFingerprint(
      absl::StrCat(request->outlet(), "\n", request->include_inactive() ? "all" : "active"));
  const common::PageRequest page_request = common::ReadPageRequest(
      request->page_size(), request->page_token(), kDefaultPage, kMaxPage, fingerprint, bad);
  query.limit = page_request.limit;
  query.after = page_request.after;
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto page = technicians_.List(query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (const Technician& t : page->technicians) ToProto(t, response->add_technicians());
  if (page->next_after) {
    response->set_next_page_token(common::EncodePageToken(*page->next_after, fingerprint));
  }
  return grpc::Status::OK;
}

grpc::Status TechniciansHandler::UpdateTechnician(grpc::ServerContext* context,
                                                  const v1::UpdateTechnicianRequest* request,
                                                  v1::Technician* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  auto id = ParseTechnicianName(request->technician().name(), "technician.name", bad);
  auto version = ParseTechnicianEtag(request->technician().etag(), "technician.etag", bad);
  std::vector<std::string> paths(request->update_mask().paths().begin(),
                                 request->update_mask().paths().end());
  std::vector<FieldViolation> shape;
  Technician values = FromProto(request->technician(), "technician", shape);
  for (const FieldViolation& v : shape) {
    if (UnderMask(v.field, paths)) bad.push_back(v);
  }
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto updated = technicians_.Update(*id, *version, values, paths);
  if (!updated.ok()) return ToGrpcStatus(updated.status());
  ToProto(*updated, response);
  return grpc::Status::OK;
}

grpc::Status TechniciansHandler::RecordCallbackRating(
    grpc::ServerContext* context, const v1::RecordCallbackRatingRequest* request,
    v1::Technician* response) {
  common::ScopedCallDeadline call_deadline(*context);
  std::vector<FieldViolation> bad;
  CallbackRatingRequest rating;
  rating.technician = request->technician();
  rating.callback = request->callback();
  rating.rating = request->rating();
  rating.conduct_findings.assign(request->conduct_findings().begin(),
                                 request->conduct_findings().end());
  // Unset stays unset: the domain names a missing time.
  rating.callback_time =
      common::ToTime(request->callback_time(), request->has_callback_time(), "callback_time", bad);
  if (!bad.empty()) return common::InvalidArgumentStatus(bad);
  auto rated = technicians_.RecordCallbackRating(rating);
  if (!rated.ok()) return ToGrpcStatus(rated.status());
  ToProto(*rated, response);
  return grpc::Status::OK;
}

}  // namespace fieldservice::scheduling::api
