// The categories and parts the warranty catalogue knows, as intake checks
// them: an order names a category (and a failed part) the 三包 decision can be
// made for, or the agent hears at once which ones there are. The warranty
// service owns the catalogue; orders keeps a copy it refreshes
// (clients/catalogue_follower.h), so intake never waits on another service.
#ifndef FIELDSERVICE_ORDERS_DOMAIN_PRODUCT_CATALOGUE_H_
#define FIELDSERVICE_ORDERS_DOMAIN_PRODUCT_CATALOGUE_H_

#include <map>
#include <memory>
#include <set>
#include <string>

namespace fieldservice::orders {

struct CatalogueCategory {
  std::string name_zh;          // "电冰箱"
  std::set<std::string> parts;  // main parts and components by catalogue id
};

struct ProductCatalogue {
  std::string version;
  std::map<std::string, CatalogueCategory> categories;  // by catalogue id
};

// Where the current catalogue comes from. Null until one was fetched: intake
// then checks the form of the ids only, and the warranty decision names an
// unknown category later.
class ProductCatalogueSource {
 public:
  virtual ~ProductCatalogueSource() = default;
  virtual std::shared_ptr<const ProductCatalogue> Current() const = 0;
};

}  // namespace fieldservice::orders

#endif  // FIELDSERVICE_ORDERS_DOMAIN_PRODUCT_CATALOGUE_H_
