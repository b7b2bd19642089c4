// The technician app's repair record and a job's charge terms between the
// API's proto and the domain (domain/repair_record.h).
#ifndef FIELDSERVICE_SCHEDULING_API_TECHNICIAN_APP_MAPPING_H_
#define FIELDSERVICE_SCHEDULING_API_TECHNICIAN_APP_MAPPING_H_

#include "fieldservice/scheduling/v1/dispatch.pb.h"
#include "fieldservice/scheduling/v1/technician_app.pb.h"
#include "services/scheduling/domain/repair_record.h"

namespace fieldservice::scheduling::api {

namespace v1 = ::fieldservice::scheduling::v1;

// The record as sent. Nothing is refused here: a fee of no known kind keeps
// an unset kind, and CheckRepairRecord reports it with every other rule.
RepairRecord RecordFromProto(const v1::RepairRecord& proto);

ChargeTerms ChargeTermsFromProto(const v1::ChargeTerms& proto);
void ChargeTermsToProto(const ChargeTerms& terms, v1::ChargeTerms* proto);

}  // namespace fieldservice::scheduling::api

#endif  // FIELDSERVICE_SCHEDULING_API_TECHNICIAN_APP_MAPPING_H_
