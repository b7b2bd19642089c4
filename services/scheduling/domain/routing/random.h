// The search's only source of chance: seeded, so a seed and an iteration
// budget give the same plan on every machine (the standard distributions
// may differ between libraries; these few draws do not).
#ifndef FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_RANDOM_H_
#define FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_RANDOM_H_

#include <cstdint>
#include <random>

namespace fieldservice::scheduling::routing {

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // In [0, 1).
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // In [0, n); n > 0.
  int Below(int n) { return static_cast<int>(Unit() * n); }
  // In [low, high].
  int Between(int low, int high) { return low + Below(high - low + 1); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace fieldservice::scheduling::routing

#endif  // FIELDSERVICE_SCHEDULING_DOMAIN_ROUTING_RANDOM_H_
