// Conversions between fieldservice.warranty.v1 and the warranty domain.
#ifndef FIELDSERVICE_WARRANTY_API_DECISION_MAPPING_H_
#define FIELDSERVICE_WARRANTY_API_DECISION_MAPPING_H_

#include <vector>

#include "absl/time/time.h"
#include "fieldservice/warranty/v1/warranty.pb.h"
#include "services/common/calendar.h"
#include "services/common/errors.h"
#include "services/warranty/domain/decision.h"

namespace fieldservice::warranty::api {

namespace v1 = ::fieldservice::warranty::v1;

// The request as the engine takes it. Times become business dates in the
// calendar's zone; an unset request_time leaves request_date unset (the use
// case takes today). Malformed values (impossible dates, negative day
// counts, unknown enum numbers) are added to `violations`.
DecisionRequest ToDomain(const v1::DecideCoverageRequest& request,
                         const common::WorkingCalendar& calendar,
                         std::vector<common::FieldViolation>& violations);

// The violations' field paths as the caller sent them: the domain checks
// business dates, the caller may have sent instants (invoice_time,
// request_time) instead.
std::vector<common::FieldViolation> AsSent(const v1::DecideCoverageRequest& request,
                                           std::vector<common::FieldViolation> violations);

// The engine's answer, without the stored identity (name, ids, time).
void ToProto(const Decision& decision, v1::Decision* out);

// "FREE: REPAIR until 2027-03-01" and the like, for agents on the phone.
std::string Summary(const Decision& decision);

v1::Coverage CoverageToProto(Coverage coverage);

}  // namespace fieldservice::warranty::api

#endif  // FIELDSERVICE_WARRANTY_API_DECISION_MAPPING_H_
