// Opaque page tokens for keyset pagination (AIP-158). A token carries the
// position to continue from and a fingerprint of the request's filters, so a
// token cannot be replayed against a different query.
#ifndef FIELDSERVICE_COMMON_PAGE_TOKEN_H_
#define FIELDSERVICE_COMMON_PAGE_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/errors.h"

namespace fieldservice::common {

// A stable fingerprint of a serialised filter (FNV-1a 64).
uint64_t FilterFingerprint(std::string_view serialized_filters);

std::string EncodePageToken(int64_t position, uint64_t filter_fingerprint);

// INVALID_ARGUMENT naming `page_token` when it is malformed or was made for
// other filters.
absl::StatusOr<int64_t> DecodePageToken(const std::string& token, uint64_t filter_fingerprint);

// page_size 0 means `default_size`; larger than `max_size` is clamped;
// negative is refused.
absl::StatusOr<int> ClampPageSize(int page_size, int default_size, int max_size);

// What a List request's page_size and page_token ask for: how many, and the
// position to continue after (none: the first page). A bad size or token
// adds its violation to `violations` (the request is then refused).
struct PageRequest {
  int limit = 0;
  std::optional<int64_t> after;
};
PageRequest ReadPageRequest(int page_size, const std::string& page_token, int default_size,
                            int max_size, uint64_t filter_fingerprint,
                            std::vector<FieldViolation>& violations);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_PAGE_TOKEN_H_
