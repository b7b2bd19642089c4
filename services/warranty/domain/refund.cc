#include "services/warranty/domain/refund.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fieldservice::warranty {

std::string Yuan(int64_t fen) {
  const char* sign = fen < 0 ? "-" : "";
  const int64_t abs = fen < 0 ? -fen : fen;
  return absl::StrFormat("%s%d.%02d", sign, abs / 100, abs % 100);
}

Refund FullRefund(int64_t price_fen) {
  Refund r;
  r.price_fen = price_fen;
  r.amount_fen = price_fen;
  r.lines = {
      {absl::StrCat("购买价格 ", Yuan(price_fen), " 元"),
       absl::StrCat("price paid ", Yuan(price_fen), " yuan")},
      {"全额退款，不收折旧费", "full refund, no depreciation"},
      {absl::StrCat("退款 = ", Yuan(price_fen), " 元"),
       absl::StrCat("refund = ", Yuan(price_fen), " yuan")},
  };
  return r;
}

Refund DepreciatedRefund(int64_t price_fen, int64_t rate_ppm_per_day, absl::CivilDay invoice,
                         absl::CivilDay request, int64_t paused_days) {
  Refund r;
  r.price_fen = price_fen;
  r.depreciated = true;
  r.rate_ppm_per_day = rate_ppm_per_day;
  r.days_since_invoice = std::max<int64_t>(0, request - invoice);
  r.days_paused = std::min(paused_days, r.days_since_invoice);
  r.days_used = r.days_since_invoice - r.days_paused;
  // 128 bits: price x ppm x days overflows 64 bits for large prices. The
  // compiler extension is enough here; the value never leaves this function.
  const __int128 micro = static_cast<__int128>(price_fen) * rate_ppm_per_day * r.days_used;
  const __int128 fen = (micro + 500'000) / 1'000'000;  // half up
  const bool capped = fen > price_fen;                 // a refund is never below nothing
  r.depreciation_fen = capped ? price_fen : static_cast<int64_t>(fen);
  r.amount_fen = price_fen - r.depreciation_fen;

  const std::string rate = FormatPpmAsPercent(rate_ppm_per_day);
  r.lines = {
      {absl::StrCat("购买价格 ", Yuan(price_fen), " 元"),
       absl::StrCat("price paid ", Yuan(price_fen), " yuan")},
      {absl::StrCat("使用天数 = ", FormatDay(invoice), " 至 ", FormatDay(request), " 共 ",
                    r.days_since_invoice, " 天 - 修理及待修 ", r.days_paused, " 天 = ", r.days_used,
                    " 天"),
       absl::StrCat("days used = ", r.days_since_invoice, " days from ", FormatDay(invoice), " to ",
                    FormatDay(request), " - ", r.days_paused,
                    " days in repair or waiting for parts = ", r.days_used)},
      {absl::StrCat("折旧费 = ", Yuan(price_fen), " 元 × ", rate, "/天 × ", r.days_used,
                    " 天 = ", Yuan(r.depreciation_fen), " 元", capped ? "（以价款为限）" : ""),
       absl::StrCat("depreciation = ", Yuan(price_fen), " yuan × ", rate, " a day × ", r.days_used,
                    " days = ", Yuan(r.depreciation_fen),
                    capped ? " yuan (capped at the price)" : " yuan (rounded half up)")},
      {absl::StrCat("退款 = ", Yuan(price_fen), " - ", Yuan(r.depreciation_fen), " = ",
                    Yuan(r.amount_fen), " 元"),
       absl::StrCat("refund = ", Yuan(price_fen), " - ", Yuan(r.depreciation_fen), " = ",
                    Yuan(r.amount_fen), " yuan")},
  };
  return r;
}

}  // namespace fieldservice::warranty
