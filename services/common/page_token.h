// Opaque page tokens for keyset pagination (AIP-158). A token carries the
// position to continue from and a fingerprint of the request's filters, so a
// token cannot be replayed against a different query.
#ifndef FIELDSERVICE_COMMON_PAGE_TOKEN_H_
#define FIELDSERVICE_COMMON_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

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

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_PAGE_TOKEN_H_
