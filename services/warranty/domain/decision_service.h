// The decision use cases: check a request (every bad field at once), decide
// with the active catalogue, store the decision once per request_id, read
// stored decisions back. No gRPC or SQL here: the handler in api/ maps
// protos, storage sits behind the WarrantyRepository port.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_DECISION_SERVICE_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_DECISION_SERVICE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/calendar.h"
#include "services/common/clock.h"
#include "services/common/errors.h"
#include "services/warranty/domain/catalogue_service.h"
#include "services/warranty/domain/decision.h"
#include "services/warranty/domain/warranty_repository.h"

namespace fieldservice::warranty {

struct DecideCommand {
  std::string request_id;
  std::string order;  // "repairOrders/{order_number}" or empty
  // A hash of the whole request as sent: the same request_id with another
  // request is refused, the same request again gets the stored decision.
  std::string request_fingerprint;
  // request_date unset means today (the clock's business date).
  DecisionRequest request;
  // Who asked, for the log: "agent-li", or "orders, on behalf of agent-li".
  std::string requested_by;
};

// Renders the stored document of a new decision (the API's Decision message)
// from its identity and content; supplied by the API layer so that the
// domain never sees the wire format.
using DocumentRenderer = std::function<absl::StatusOr<std::string>(
    const DecisionRecord& identity, absl::CivilDay request_date, const Decision& decision)>;

class DecisionService {
 public:
  DecisionService(WarrantyRepository& repository, CatalogueService& catalogues,
                  const common::WorkingCalendar& calendar, const common::Clock& clock)
      : repository_(repository), catalogues_(catalogues), calendar_(calendar), clock_(clock) {}

  // `shape` carries what the mapping already found wrong (malformed dates,
  // unknown enum values); every violation is reported in one answer.
  absl::StatusOr<InsertedDecision> Decide(DecideCommand command,
                                          std::vector<common::FieldViolation> shape,
                                          const DocumentRenderer& render);
  // An id longer than any stored one is INVALID_ARGUMENT on `name`.
  absl::StatusOr<DecisionRecord> Get(const std::string& decision_id);
  // Exactly one of serial and order; `shape` as for Decide (page token, size).
  absl::StatusOr<DecisionPage> List(const DecisionQuery& query,
                                    std::vector<common::FieldViolation> shape);

 private:
  WarrantyRepository& repository_;
  CatalogueService& catalogues_;
  const common::WorkingCalendar& calendar_;
  const common::Clock& clock_;
};

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_DECISION_SERVICE_H_
