#include "services/common/hashing.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"

namespace fieldservice::common {

uint64_t Fnv1a64(std::string_view data, uint64_t basis) {
  constexpr uint64_t kPrime = 1099511628211ULL;
  uint64_t hash = basis;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= kPrime;
  }
  return hash;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    return "";
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), static_cast<size_t>(size)));
}

}  // namespace fieldservice::common
