// Refund arithmetic (DOMAIN.md "Exchange due but no unit of the same model:
// full refund, no depreciation. ... refund minus depreciation = price x daily
// rate x days used, days counted from the invoice date, not counting days in
// repair or waiting for parts"). Every step is kept as a line so the agent
// can read the working to the customer.
#ifndef FIELDSERVICE_WARRANTY_DOMAIN_REFUND_H_
#define FIELDSERVICE_WARRANTY_DOMAIN_REFUND_H_

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "services/warranty/domain/decision.h"

namespace fieldservice::warranty {

// The price paid back in full.
Refund FullRefund(int64_t price_fen);

// price - price x rate x days used, rounded half up to the fen and never
// more than the price. Days used = days from `invoice` to `request` (the
// invoice day not counted) minus `paused_days`, at least 0.
Refund DepreciatedRefund(int64_t price_fen, int64_t rate_ppm_per_day, absl::CivilDay invoice,
                         absl::CivilDay request, int64_t paused_days);

// 399900 -> "3999.00".
std::string Yuan(int64_t fen);

}  // namespace fieldservice::warranty

#endif  // FIELDSERVICE_WARRANTY_DOMAIN_REFUND_H_
