#include "services/warranty/domain/decision_service.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/logging.h"
#include "services/warranty/domain/engine.h"
#include "services/warranty/domain/field_limits.h"

namespace fieldservice::warranty {
namespace {

constexpr absl::string_view kOrderPrefix = "repairOrders/";

void CheckOrderName(const std::string& order, common::Violations& v) {
  if (order.empty()) return;
  CheckLength("order", "order", order, v);
  if (!absl::StartsWith(order, kOrderPrefix) ||
      !common::IsWellFormedOrderNumber(std::string_view(order).substr(kOrderPrefix.size()))) {
    v.Add("order", "must be repairOrders/{order_number} with a valid order number");
  }
}

// Adds the violations whose field is not named yet, so a field is reported
// once even when both the mapping and the rules object to it.
void Merge(const std::vector<common::FieldViolation>& more, common::Violations& v) {
  for (const common::FieldViolation& candidate : more) {
    bool named = false;
    for (const common::FieldViolation& known : v.list()) named |= known.field == candidate.field;
    if (!named) v.Add(candidate.field, candidate.description);
  }
}

}  // namespace

absl::StatusOr<InsertedDecision> DecisionService::Decide(DecideCommand command,
                                                         std::vector<common::FieldViolation> shape,
                                                         const DocumentRenderer& render) {
  const absl::Time now = clock_.Now();
  common::Violations v;
  if (command.request_id.empty()) {
    v.Add("request_id", "required: a client-chosen id (a UUID) per decision");
  } else {
    CheckLength("request_id", "request_id", command.request_id, v);
  }
  CheckOrderName(command.order, v);
  Merge(shape, v);
  DecisionRequest& request = command.request;
  if (!request.request_date) request.request_date = calendar_.BusinessDay(now);
  auto catalogue = catalogues_.Current();
  if (!catalogue.ok()) return catalogue.status();
  Merge(Validate(request, **catalogue), v);
  if (!v.empty()) return v.ToStatus();

  auto decision = warranty::Decide(request, **catalogue, calendar_);
  if (!decision.ok()) return decision.status();
  DecisionRecord record;
  record.decision_id = common::NewUuid();
  record.request_id = command.request_id;
  record.request_fingerprint = command.request_fingerprint;
  record.order = command.order;
  record.serial = request.product.serial;
  record.catalogue_version = decision->catalogue_version;
  record.coverage = decision->coverage;
  record.created_at = now;
  auto document = render(record, *request.request_date, *decision);
  if (!document.ok()) return document.status();
  record.document = *std::move(document);

  // A retry is answered from storage: InsertDecision returns the decision
  // its request_id already made (deciding again costs microseconds, a
  // separate lookup a database round trip).
  auto stored = repository_.InsertDecision(record);
  if (!stored.ok()) return stored.status();
  if (!stored->created) {
    const std::string& before = stored->record.request_fingerprint;
    if (!before.empty() && before != command.request_fingerprint) {
      return common::InvalidArgumentError(
          {{"request_id",
            absl::StrCat("already used for a different request (decisions/",
                         stored->record.decision_id,
                         "); a new request needs a new request_id, a retry must be identical")}});
    }
    return stored;
  }
  common::LogInfo("decision_made", {{"decision", record.decision_id},
                                    {"order", record.order},
                                    {"coverage", std::string(CoverageName(record.coverage))},
                                    {"catalogue", record.catalogue_version},
                                    {"by", command.requested_by}});
  return stored;
}

absl::StatusOr<DecisionRecord> DecisionService::Get(const std::string& decision_id) {
  common::Violations v;
  CheckLength("decision_id", "name", decision_id, v);
  if (!v.empty()) return v.ToStatus();
  return repository_.GetDecision(decision_id);
}

absl::StatusOr<DecisionPage> DecisionService::List(const DecisionQuery& query,
                                                   std::vector<common::FieldViolation> shape) {
  common::Violations v;
  if (query.serial.empty() == query.order.empty()) {
    v.Add("serial", "give exactly one of serial and order");
  }
  CheckLength("serial", "serial", query.serial, v);
  CheckOrderName(query.order, v);
  Merge(shape, v);
  if (!v.empty()) return v.ToStatus();
  return repository_.ListDecisions(query);
}

}  // namespace fieldservice::warranty
