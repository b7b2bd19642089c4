#include "services/orders/clients/catalogue_follower.h"

#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "services/common/logging.h"

namespace fieldservice::orders {

namespace wv1 = ::fieldservice::warranty::v1;

CatalogueFollower::CatalogueFollower(std::shared_ptr<grpc::Channel> channel,
                                     absl::Duration call_timeout, absl::Duration refresh)
    : channel_(channel),
      stub_(wv1::Warranty::NewStub(channel)),
      call_timeout_(call_timeout),
      refresh_(refresh) {}

std::shared_ptr<const ProductCatalogue> CatalogueFollower::Current() const {
  absl::MutexLock lock(&mu_);
  return current_;
}

ProductCatalogue CatalogueFollower::FromProto(const wv1::Catalogue& catalogue) {
  ProductCatalogue out;
  out.version = catalogue.version();
  for (const wv1::CategoryInfo& info : catalogue.category_info()) {
    CatalogueCategory& category = out.categories[info.id()];
    category.name_zh = info.name_zh();
    category.parts.insert(info.main_parts().begin(), info.main_parts().end());
    category.parts.insert(info.components().begin(), info.components().end());
  }
  return out;
}

absl::Status CatalogueFollower::Refresh() {
  // A channel still backing off from an earlier failure would fail at once
  // although the warranty service is back: wait for it within the timeout.
  absl::Time deadline = absl::Now() + call_timeout_;
  channel_->WaitForConnected(absl::ToChronoTime(deadline));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(deadline));
  wv1::GetCatalogueRequest request;
  request.set_name("catalogues/active");
  wv1::Catalogue catalogue;
  grpc::Status status = stub_->GetCatalogue(&context, request, &catalogue);
  absl::MutexLock lock(&mu_);
  if (!status.ok()) {
    if (!failing_) {
      common::LogWarning("warranty_catalogue_unavailable",
                         {{"code", absl::StrCat(status.error_code())},
                          {"error", status.error_message()},
                          {"in_use", current_ != nullptr ? current_->version : "none"}});
    }
    failing_ = true;
    return absl::UnavailableError(
        absl::StrCat("warranty catalogue not fetched: ", status.error_message()));
  }
  if (failing_ || current_ == nullptr || current_->version != catalogue.version()) {
    common::LogInfo("warranty_catalogue_followed", {{"version", catalogue.version()}});
  }
  failing_ = false;
  current_ = std::make_shared<const ProductCatalogue>(FromProto(catalogue));
  return absl::OkStatus();
}

void CatalogueFollower::Start() {
  thread_ = std::thread([this] {
    for (;;) {
      Refresh().IgnoreError();  // a failure is logged; the last copy stays
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), refresh_)) return;
    }
  });
}

void CatalogueFollower::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace fieldservice::orders
