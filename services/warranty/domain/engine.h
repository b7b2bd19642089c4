// The 三包 decision engine: pure, no I/O. Given a request, the catalogue and
// the holiday calendar it says whether the repair is free, paid or not
// covered, which remedies the customer may choose, the refund, the period
// that applied and every rule it used (DOMAIN.md "Warranty: 三包").
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_ENGINE_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_ENGINE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "services/common/calendar.h"
#include "services/common/errors.h"
#include "services/warranty/domain/catalogue.h"
#include "services/warranty/domain/decision.h"
#include "services/warranty/domain/period.h"

namespace fieldservice::warranty {

// Numbers fixed by the national rules themselves (not company policy, which
// lives in the catalogue).
inline constexpr Period kReturnWindow = Period::Days(7);
inline constexpr Period kExchangeWindow = Period::Days(15);
inline constexpr Period kRepairMustHold = Period::Days(30);
inline constexpr Period kSellerBurdenWindow = Period::Months(6);
inline constexpr int kRepairDelayLimitDays = 30;  // "delayed over 30 days"

// Whether an exclusion applies (DOMAIN.md "Not covered, paid repair only"):
// then the repair is paid whatever the dates, so no date is demanded.
bool AnyExclusion(const DecisionRequest& request);

// The current hand-in: every day of a repair delay or a parts wait is a day
// the customer is without the unit, so the longer of the two is the least
// time it has been in the shop.
int CurrentHandInDays(const DecisionRequest& request);

// Whether the request gives a day the category's clock starts from: the
// installation (categories counted from it), the invoice or, with neither,
// the production date (DOMAIN.md "Periods run from the invoice date ...").
bool ClockStartKnown(const DecisionRequest& request, const CategoryTerms& category);

// Every violation of the request at once, with dotted field paths
// ("invoice_date", "price_paid.amount_fen", "product.category").
std::vector<common::FieldViolation> Validate(const DecisionRequest& request,
                                             const Catalogue& catalogue);

// INVALID_ARGUMENT carrying Validate's violations when there are any;
// otherwise the decision.
absl::StatusOr<Decision> Decide(const DecisionRequest& request, const Catalogue& catalogue,
                                const common::WorkingCalendar& calendar);

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_ENGINE_H_
