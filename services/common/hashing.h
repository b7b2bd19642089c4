// The hashes of the code base: the one non-cryptographic hash (FNV-1a, 64
// bits; migration checksums and page-token filter fingerprints, not for
// secrets) and SHA-256 as hex (OpenSSL; a repair record's signature digest,
// which the technician's app, its tools and the service compute alike).
#ifndef FIELDSERVICE_COMMON_HASHING_H_
#define FIELDSERVICE_COMMON_HASHING_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace fieldservice::common {

// The published FNV-1a 64-bit offset basis.
inline constexpr uint64_t kFnv1a64OffsetBasis = 14695981039346656037ULL;

// FNV-1a 64 of `data`. `basis` is the published offset basis; another value
// is only for reproducing hashes stored by older versions (see migrations.cc).
uint64_t Fnv1a64(std::string_view data, uint64_t basis = kFnv1a64OffsetBasis);

// Lower-case hex SHA-256 of `bytes`; empty only if OpenSSL fails.
std::string Sha256Hex(std::string_view bytes);

}  // namespace fieldservice::common

#endif  // FIELDSERVICE_COMMON_HASHING_H_
