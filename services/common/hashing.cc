#include "services/common/hashing.h"

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

}  // namespace fieldservice::common
