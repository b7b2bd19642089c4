// Jobs between the API's protos and the domain: the dispatcher's view
// (DispatchJob), the technician's (TechnicianJob), the orders service's
// facts (SyncJobRequest), and the names and windows requests carry.
#ifndef FIELDSERVICE_SCHEDULING_API_JOB_MAPPING_H_
#define FIELDSERVICE_SCHEDULING_API_JOB_MAPPING_H_

#include <optional>
#include <string>
#include <vector>

#include "fieldservice/scheduling/v1/dispatch.pb.h"
#include "fieldservice/scheduling/v1/technician_app.pb.h"
#include "services/common/errors.h"
#include "services/scheduling/domain/dispatch_queue.h"

namespace fieldservice::scheduling::api {

namespace v1 = ::fieldservice::scheduling::v1;

inline constexpr char kOrderPrefix[] = "repairOrders/";
inline constexpr char kJobPrefix[] = "dispatchJobs/";
inline constexpr char kTechnicianPrefix[] = "technicians/";

// The id after `prefix` in `name`; a violation on `field` otherwise (or,
// when `required` is false, "" for an empty name).
std::string IdFromName(const std::string& name, const char* prefix, const std::string& field,
                       std::vector<common::FieldViolation>& bad, bool required = true);
std::string JobOrderNumber(const std::string& name, const std::string& field,
                           std::vector<common::FieldViolation>& bad);

// A window both of whose times are set, start before end; a violation
// otherwise.
std::optional<Interval> WindowFromProto(const fieldservice::type::TimeWindow& window,
                                        const std::string& field,
                                        std::vector<common::FieldViolation>& bad);
void WindowToProto(const Interval& window, fieldservice::type::TimeWindow* out);

// The dispatcher's view; never the customer's contact.
void DispatchJobToProto(const DispatchJob& job, absl::Time now, v1::DispatchJob* out);
// The technician's view; the customer's contact only with `show_customer`.
void TechnicianJobToProto(const DispatchJob& job, bool show_customer, v1::TechnicianJob* out);
// A feed snapshot: the technician's view without the customer, serialised.
std::string EncodeJobSnapshot(const DispatchJob& job);

OrderFacts OrderFactsFromProto(const v1::SyncJobRequest& request,
                               std::vector<common::FieldViolation>& bad);

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_JOB_MAPPING_H_
