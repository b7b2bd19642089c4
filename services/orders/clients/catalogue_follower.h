// Keeps the orders service's copy of the warranty catalogue's categories and
// parts (for intake checks) in step with the warranty service: fetched at
// start and every `refresh` from GetCatalogue("catalogues/active") in the
// background, so an intake call never waits on the warranty service. While
// it has never been reached, Current() is null and intake checks ids for form
// only; after that the last catalogue fetched stays in use when a refresh
// fails (one warning per failure streak).
#ifndef FIELDSERVICE_ORDERS_CLIENTS_CATALOGUE_FOLLOWER_H_
#define FIELDSERVICE_ORDERS_CLIENTS_CATALOGUE_FOLLOWER_H_

#include <grpcpp/channel.h>

#include <memory>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "fieldservice/warranty/v1/warranty.grpc.pb.h"
#include "services/orders/domain/product_catalogue.h"

namespace fieldservice::orders {

class CatalogueFollower : public ProductCatalogueSource {
 public:
  CatalogueFollower(std::shared_ptr<grpc::Channel> channel, absl::Duration call_timeout,
                    absl::Duration refresh);
  ~CatalogueFollower() override { Stop(); }

  std::shared_ptr<const ProductCatalogue> Current() const override;

  // One fetch now; OK when the catalogue was replaced.
  absl::Status Refresh();

  void Start();
  void Stop();

  // The categories and parts of a catalogue as the warranty service lists it.
  static ProductCatalogue FromProto(const fieldservice::warranty::v1::Catalogue& catalogue);

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<fieldservice::warranty::v1::Warranty::Stub> stub_;
  absl::Duration call_timeout_;
  absl::Duration refresh_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const ProductCatalogue> current_ ABSL_GUARDED_BY(mu_);
  bool failing_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_CLIENTS_CATALOGUE_FOLLOWER_H_
