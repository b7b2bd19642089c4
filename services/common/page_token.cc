#include "services/common/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"
#include "services/common/hashing.h"

namespace fieldservice::common {

uint64_t FilterFingerprint(std::string_view serialized) { return Fnv1a64(serialized); }

std::string EncodePageToken(int64_t position, uint64_t fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", position, ":", fingerprint));
}

absl::StatusOr<int64_t> DecodePageToken(const std::string& token, uint64_t fingerprint) {
  std::string raw;
  auto bad = [](const char* why) { return InvalidArgumentError({{"page_token", why}}); };
  if (!absl::WebSafeBase64Unescape(token, &raw)) return bad("not a token this service issued");
  std::vector<std::string> parts = absl::StrSplit(raw, ':');
  int64_t position = 0;
  uint64_t stored = 0;
  if (parts.size() != 3 || parts[0] != "v1" || !absl::SimpleAtoi(parts[1], &position) ||
      !absl::SimpleAtoi(parts[2], &stored)) {
    return bad("not a token this service issued");
  }
  if (stored != fingerprint) return bad("was issued for different filters; start again without it");
  return position;
}

absl::StatusOr<int> ClampPageSize(int page_size, int default_size, int max_size) {
  if (page_size < 0) return InvalidArgumentError({{"page_size", "must not be negative"}});
  if (page_size == 0) return default_size;
  return std::min(page_size, max_size);
}

PageRequest ReadPageRequest(int page_size, const std::string& page_token, int default_size,
                            int max_size, uint64_t filter_fingerprint,
                            std::vector<FieldViolation>& violations) {
  PageRequest page;
  page.limit = default_size;
  auto size = ClampPageSize(page_size, default_size, max_size);
  if (size.ok()) {
    page.limit = *size;
  } else {
    for (FieldViolation& v : FieldViolationsOf(size.status())) violations.push_back(v);
  }
  if (!page_token.empty()) {
    auto position = DecodePageToken(page_token, filter_fingerprint);
    if (position.ok()) {
      page.after = *position;
    } else {
      for (FieldViolation& v : FieldViolationsOf(position.status())) violations.push_back(v);
    }
  }
  return page;
}

}  // namespace fieldservice::common
